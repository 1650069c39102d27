import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { runDemo } from '../../examples/demo';

const METHODS = ['PlaceOrder', 'UploadReceipts', 'TrackOrder', 'SupportChat'];
const CLEAR_PII = ['ada@example.com', 'Ada Lovelace', 'demo-secret-token', '4111 1111 1111 1111', '7946 0958'];

describe('demo (examples/demo, grpc-audit demo)', function () {
  this.timeout(30_000);

  it('runs all four call kinds and prints decoded, masked client and server spans', async () => {
    let out = '';
    // Kept outside the provider, which the demo shuts down before returning.
    const ended: ReadableSpan[] = [];
    const collect: SpanProcessor = { onStart: () => undefined, onEnd: (s) => void ended.push(s), forceFlush: async () => undefined, shutdown: async () => undefined };
    const result = await runDemo({ write: (t) => (out += t), spanProcessors: [collect] });
    assert.deepEqual(result.outcomes.map((o) => o.ok), [true, false, true, true, true]);
    assert.equal(result.stats.recordingErrors, 0);
    for (const m of METHODS) {
      assert.match(out, new RegExp(`── CLIENT grpc\\.shop\\.v1\\.ShopService/${m} `), `client span of ${m}`);
      assert.match(out, new RegExp(`── SERVER grpc\\.shop\\.v1\\.ShopService/${m} `), `server span of ${m}`);
    }
    assert.equal(ended.length, 10, 'five calls, two sides');
    assert.match(out, /"cardNumber": "\*\*\*\* \*\*\*\* \*\*\*\* 1111"/);
    assert.match(out, /INVALID_ARGUMENT \(3\)/);
    // The application saw its data; the records did not keep it.
    const records = out.slice(0, out.indexOf('What the application saw'));
    for (const v of CLEAR_PII) assert.ok(!records.includes(v), `'${v}' printed in a span`);
  });

  it('`grpc-audit demo` runs from the command line', async () => {
    const repo = path.resolve(__dirname, '..', '..');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(repo, 'bin/grpc-audit.js'), 'demo'], { cwd: repo, timeout: 25_000 }, (err, stdout) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      ),
    );
    assert.equal(code, 0);
    assert.match(stdout, /10 spans recorded, 0 recording errors/);
    assert.match(stdout, /── SERVER grpc\.shop\.v1\.ShopService\/SupportChat/);
  });
});
