import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';

interface ChildSpan {
  name: string;
  kind: SpanKind;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  events: Array<{ name: string; attributes?: Record<string, unknown> }>;
}
interface ChildResult {
  mode: string;
  stats: { calls: number; recordingErrors: number };
  outcomes: number[];
  spans: ChildSpan[];
}

const CHILD = path.join(__dirname, 'support', 'instrumented-child.ts');
const INSTRUMENTATION = '@opentelemetry/instrumentation-grpc';

function runChild(mode: 'enrich' | 'standalone'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', CHILD, mode], { cwd: path.resolve(__dirname, '..', '..'), timeout: 25_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`child failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ChildResult);
    });
  });
}

describe('capture: coexistence with @opentelemetry/instrumentation-grpc (real instrumentation, child process)', function () {
  this.timeout(30_000);

  it("mode 'enrich': one client span per call — the instrumentation's, carrying our attributes and payload events", async () => {
    const r = await runChild('enrich');
    assert.deepEqual(r.outcomes, [0, 3, 0]);
    const client = r.spans.filter((s) => s.kind === SpanKind.CLIENT);
    assert.equal(client.length, 3, 'exactly one client span per call');
    for (const span of client) {
      assert.equal(span.scope, INSTRUMENTATION, 'the client span is the instrumentation one');
      assert.equal(span.attributes['rpc.system'], 'grpc');
      assert.equal(typeof span.attributes['grpcaudit.policy.version'], 'string', 'enriched with our attributes');
      const expected = span.name.endsWith('/Chat') ? 4 : span.attributes['rpc.grpc.status_code'] === 0 ? 2 : 1;
      assert.equal(span.events.filter((e) => e.name === 'rpc.message').length, expected, 'and our message events');
    }
    const echo = client.find((s) => s.name === 'grpc.demo.v1.KitchenSinkService/Echo' && s.attributes['rpc.grpc.status_code'] === 0)!;
    assert.deepEqual(JSON.parse(String(echo.events[0].attributes?.['grpcaudit.payload'])), { requestId: 'u1', note: 'hello' });
    const failed = client.find((s) => s.attributes['rpc.grpc.status_code'] === 3)!;
    assert.equal(failed.status.code, 2, 'ERROR');
    assert.ok(String(failed.attributes['grpcaudit.status.message']).length > 0);

    // Server: no span is active in server interceptors, so ours is a SERVER span of its own, a child of the
    // enriched client span; the instrumentation's server span (no payloads) joins the same trace.
    const ours = r.spans.filter((s) => s.kind === SpanKind.SERVER && s.scope === 'grpc-audit');
    assert.equal(ours.length, 3);
    for (const s of ours) {
      const parent = client.find((c) => c.spanId === s.parentSpanId);
      assert.ok(parent, 'our server span is parented by the enriched client span');
      assert.equal(parent.traceId, s.traceId);
      assert.ok(s.events.length >= 1);
    }
    const theirs = r.spans.filter((s) => s.kind === SpanKind.SERVER && s.scope === INSTRUMENTATION);
    for (const s of theirs) {
      assert.equal(s.events.filter((e) => e.name === 'rpc.message').length, 0, 'the instrumentation records no messages');
      assert.ok(client.some((c) => c.traceId === s.traceId), 'same trace');
    }
    assert.equal(r.stats.recordingErrors, 0);
  });

  it("mode 'standalone' next to the instrumentation duplicates client spans (why 'enrich' exists)", async () => {
    const r = await runChild('standalone');
    const client = r.spans.filter((s) => s.kind === SpanKind.CLIENT);
    assert.equal(client.length, 6, 'two client spans per call');
    assert.equal(client.filter((s) => s.scope === 'grpc-audit').length, 3);
    for (const s of client.filter((c) => c.scope === 'grpc-audit')) {
      const parent = client.find((c) => c.spanId === s.parentSpanId);
      assert.equal(parent?.scope, INSTRUMENTATION, 'ours nests under the instrumentation client span');
    }
  });
});
