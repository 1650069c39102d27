import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { ConfigError } from '../../collector/config/config-error';
import { InMemoryRecordSink } from '../../collector/ingest/in-memory-record-sink';
import type { AuditRecord } from '../../collector/store/record';
import { startCollector } from '../../collector/server';
import pino from 'pino';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector } from './support/collector-fixture';
import { RawOtlpClient, request, span } from './support/otlp';

/** A sink that also checkpoints and closes, recording the order of calls. */
class LifecycleSink extends InMemoryRecordSink {
  calls: string[] = [];
  override async append(records: AuditRecord[]) {
    await new Promise((r) => setTimeout(r, 30));
    this.calls.push(`append:${records.length}`);
    return super.append(records);
  }
  async checkpoint(): Promise<void> {
    this.calls.push('checkpoint');
  }
  async flush(): Promise<void> {
    this.calls.push('flush');
  }
}

describe('collector: lifecycle', function () {
  let pki: TestPki;
  let checkout: CertFiles;
  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
  });
  after(() => pki?.cleanup());

  it('shuts down gracefully: in-flight exports are stored and answered, then flush and a final checkpoint; twice is safe', async () => {
    const sink = new LifecycleSink();
    const c = await runCollector(pki, { sink, config: { batching: { maxDelayMs: 50 } } });
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    // Establish the connection first, so shutdown finds a live call, not a pending handshake.
    assert.equal((await client.export({ resourceSpans: [] })).err, undefined);
    const inflight = client.export(request([{ service: 'checkout', spans: [span(), span()] }]));
    await new Promise((r) => setTimeout(r, 10));
    const stopped = c.handle.shutdown();
    const out = await inflight;
    await stopped;
    await c.handle.shutdown();
    assert.equal(out.err, undefined, String(out.err));
    assert.equal(sink.records.length, 2);
    assert.deepEqual(sink.calls, ['append:2', 'flush', 'checkpoint']);
    assert.equal(sink.closed, false, 'an injected sink belongs to the caller');
    const after = await client.export(request([{ service: 'checkout', spans: [span()] }]));
    assert.equal(after.err?.code, grpc.status.UNAVAILABLE, 'no longer listening');
    client.close();
  });

  it('checkpoints on the configured interval', async () => {
    const sink = new LifecycleSink();
    const c = await runCollector(pki, { sink, config: { checkpoint: { intervalMs: 50 } } });
    await new Promise((r) => setTimeout(r, 300));
    await c.handle.shutdown();
    assert.ok(sink.calls.filter((x) => x === 'checkpoint').length >= 3, sink.calls.join(','));
  });

  it('answers RESOURCE_EXHAUSTED when the pending queue is full, then recovers', async () => {
    const sink = new LifecycleSink();
    const c = await runCollector(pki, { sink, config: { batching: { maxRecords: 2, maxDelayMs: 0, maxPendingRecords: 2 } } });
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const first = client.export(request([{ service: 'checkout', spans: [span(), span()] }]));
    await new Promise((r) => setTimeout(r, 10));
    const second = await client.export(request([{ service: 'checkout', spans: [span()] }]));
    assert.equal(second.err?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal((await first).err, undefined);
    assert.equal((await client.export(request([{ service: 'checkout', spans: [span()] }]))).err, undefined);
    client.close();
    await c.handle.shutdown();
    assert.equal(sink.records.length, 3);
  });

  it('runs plaintext only when insecure is explicit, warning loudly; every caller is "insecure"', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const sink = new InMemoryRecordSink();
    const h = await startCollector(parseCollectorConfig({ insecure: true, listen: '127.0.0.1:0', metrics: { listen: false } }), { sink, logger });
    const client = new RawOtlpClient(h.address, grpc.credentials.createInsecure());
    const out = await client.export(request([{ service: 'anything', spans: [span()] }]));
    client.close();
    await h.shutdown();
    assert.equal(out.err, undefined);
    assert.equal(sink.records[0].identity, 'insecure');
    assert.ok(lines.some((l) => l.event === 'insecure_mode' && l.level === 40 && /INSECURE MODE/.test(String(l.msg))));
    assert.equal(h.metricsPort, undefined);
  });

  it('refuses to start on unreadable or mismatched TLS files with a ConfigError naming the key', async () => {
    const other = await pki.workload('mismatch', 'spiffe://example.org/x');
    const policyFile = `${pki.dir}/lifecycle-policy.yaml`;
    fs.writeFileSync(policyFile, 'rules: []\n');
    const base = { listen: '127.0.0.1:0', identity: { policyFile }, metrics: { listen: false } } as const;
    const cases: Array<[object, string, RegExp]> = [
      [{ certFile: `${pki.dir}/missing.crt`, keyFile: pki.server.keyFile, caFile: pki.caFile }, 'tls.certFile', /ENOENT/],
      [{ certFile: pki.server.certFile, keyFile: other.keyFile, caFile: pki.caFile }, 'tls.keyFile', /does not belong/],
      [{ certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.server.keyFile }, 'tls.caFile', /no PEM certificate/],
    ];
    for (const [tls, key, re] of cases) {
      await assert.rejects(
        startCollector(parseCollectorConfig({ ...base, tls }), { sink: new InMemoryRecordSink(), logger: pino({ level: 'silent' }) }),
        (e: unknown) => e instanceof ConfigError && e.key === key && re.test(e.message),
      );
    }
  });
});
