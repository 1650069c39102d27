import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { defaultCollectorMasker } from '../../collector/ingest/default-masker';
import { toGrpcStatus } from '../../collector/ingest/grpc-status';
import { IngestWorkerError } from '../../collector/ingest/ingest-errors';
import { IngestWorkerPool, type IngestWorkerSettings } from '../../collector/ingest/ingest-worker-pool';
import { encodeExportRequest } from '../../collector/ingest/otlp-codec';
import { PayloadGuard } from '../../collector/ingest/payload-guard';
import { InProcessRequestMapper, type MappedRequest } from '../../collector/ingest/request-mapper';
import { TrustedPolicies } from '../../collector/ingest/trusted-policies';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { kv, RawOtlpClient, request, span } from './support/otlp';

const IDENTITY = 'spiffe://example.org/ns/shop/checkout';

function settings(mode: 'mask' | 'reject' = 'mask'): IngestWorkerSettings {
  return {
    limits: { maxAttributesPerSpan: 64, maxSpansPerRequest: 1000 },
    guard: { mode, trustedPolicies: [{ versions: ['trusted-v1'], identities: ['spiffe://example.org/ns/trusted'] }], sampleRate: 1, maxPayloadDepth: 8 },
  };
}

function inProcess(s: IngestWorkerSettings): InProcessRequestMapper {
  const guard = new PayloadGuard(defaultCollectorMasker(), s.guard.mode, { trusted: new TrustedPolicies(s.guard.trustedPolicies), sampleRate: s.guard.sampleRate, maxPayloadDepth: s.guard.maxPayloadDepth });
  return new InProcessRequestMapper(guard, s.limits);
}

/** A request with something of everything: clean spans, a payload with an e-mail address, a malformed span, one over the attribute limit. */
function mixedRequest(): Buffer {
  const payload = (email: string) => kv('grpcaudit.payload', JSON.stringify({ customer: { email, tier: 'GOLD' }, items: [{ sku: 'A-1', qty: 2 }] }));
  const events = [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [payload('[REDACTED:email]')] }];
  const bad = span({ rpc: ['demo.v1.Shop', 'Buy'] });
  bad.traceId = Buffer.alloc(3);
  return encodeExportRequest(
    request([
      {
        service: 'checkout',
        spans: [
          span({ rpc: ['demo.v1.Shop', 'Buy'], events }),
          span({ rpc: ['demo.v1.Shop', 'Buy'], events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [payload('jane.doe@example.com')] }] }),
          bad,
          span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: Array.from({ length: 80 }, (_, i) => kv(`a${i}`, i)) }),
        ],
      },
    ]),
  );
}

describe('collector: ingest worker threads (decode, map, guard, render off the receiving thread)', function () {
  this.timeout(30_000);
  let pool: IngestWorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('maps a request to the same records, rejections and guard verdicts as the receiving thread would', async () => {
    for (const mode of ['mask', 'reject'] as const) {
      pool = new IngestWorkerPool(settings(mode));
      const bytes = mixedRequest();
      const expected = await inProcess(settings(mode)).map(Buffer.from(bytes), IDENTITY, 1234);
      const got = await pool.map(Buffer.from(bytes), IDENTITY, 1234);
      assert.equal(got.kind, 'mapped');
      assert.deepEqual(got, expected);
      const m = got as Extract<MappedRequest, { kind: 'mapped' }>;
      assert.deepEqual(m.rejected.map((r) => [r.reason, r.count]).sort(), [['limit_exceeded', 1], ['malformed_span', 1]]);
      assert.equal(m.spans.length, 2);
      assert.equal(m.spans[0].guard.ok, true);
      // The e-mail address never leaves the worker unmasked: masked in the body, or the span refused with an empty body.
      for (const s of m.spans) assert.ok(!s.record.body.includes('jane.doe@example.com'), s.record.body);
      if (mode === 'mask') {
        assert.deepEqual(m.spans[1].guard, { ok: true, scan: 'full', masked: 1, policyVersion: undefined });
        assert.match(m.spans[1].record.body, /"collectorMaskedCount":1/);
      } else {
        assert.equal(m.spans[1].guard.ok, false);
        assert.equal(m.spans[1].record.body, '');
      }
      assert.equal(m.spans[0].record.identity, IDENTITY);
      assert.equal(m.spans[0].record.receivedAtMs, 1234);
      await pool.close();
    }
  });

  it('answers malformed bytes, request limits and too-deep payloads as the receiving thread does', async () => {
    pool = new IngestWorkerPool(settings());
    const local = inProcess(settings());
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    const cases: Buffer[] = [
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]),
      Buffer.from([0x0f, 0x01]),
      encodeExportRequest(request([{ service: 'checkout', spans: Array.from({ length: 1001 }, () => span()) }])),
      encodeExportRequest(request([{ service: 'checkout', spans: [span({ events: [{ name: 'rpc.message', timeUnixNano: '1', attributes: [kv('grpcaudit.payload', deep(20))] }] })] }])),
    ];
    const kinds: string[] = [];
    for (const bytes of cases) {
      const got: MappedRequest = await pool.map(Buffer.from(bytes), IDENTITY, 1);
      assert.deepEqual(got, await local.map(Buffer.from(bytes), IDENTITY, 1));
      kinds.push(got.kind === 'mapped' ? got.spans.map((s) => ('limit' in s.guard ? 'depth' : 'ok')).join() : got.kind);
    }
    assert.deepEqual(kinds, ['undecodable', 'undecodable', 'over_limit', 'depth']);
  });

  it('a worker that dies fails only its requests in progress (retryable) and is replaced for the next one', async () => {
    pool = new IngestWorkerPool(settings(), 1);
    const failures: Error[] = [];
    pool = new IngestWorkerPool(settings(), 1, (e) => failures.push(e));
    const big = encodeExportRequest(request([{ service: 'checkout', spans: Array.from({ length: 800 }, () => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: Array.from({ length: 40 }, (_, i) => kv(`k${i}`, `value ${i}`)) })) }]));
    const inFlight = [pool.map(Buffer.from(big), IDENTITY, 1), pool.map(Buffer.from(big), IDENTITY, 1)];
    await pool.workers[0].terminate();
    for (const r of await Promise.allSettled(inFlight)) {
      assert.equal(r.status, 'rejected');
      const err = (r as PromiseRejectedResult).reason as Error;
      assert.ok(err instanceof IngestWorkerError, String(err));
      assert.equal(toGrpcStatus(err).code, grpc.status.UNAVAILABLE);
    }
    assert.equal(pool.restarts, 1);
    assert.equal(failures.length, 1);
    const after = await pool.map(Buffer.from(big), IDENTITY, 1);
    assert.equal(after.kind, 'mapped');
    assert.equal((after as Extract<MappedRequest, { kind: 'mapped' }>).spans.length, 800);
  });

  it('after close, requests are refused as retryable and the threads are gone', async () => {
    pool = new IngestWorkerPool(settings(), 2);
    assert.equal(pool.workers.length, 2);
    await pool.close();
    await pool.close();
    await assert.rejects(pool.map(Buffer.from(mixedRequest()), IDENTITY, 1), IngestWorkerError);
  });

  describe('through the collector (every request mapped in the worker)', () => {
    let pki: TestPki;
    let c: RunningCollector;
    let client: RawOtlpClient;
    let checkout: CertFiles;
    before(async () => {
      pki = await makeTestPki();
      checkout = await pki.workload('checkout', IDENTITY);
      c = await runCollector(pki, { config: { limits: { maxAttributesPerSpan: 64 } }, deps: { ingestWorkers: { inlineMaxBytes: 0 } } });
      client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    });
    after(async () => {
      client?.close();
      await c?.handle.shutdown();
      pki?.cleanup();
    });

    it('stores the good spans, reports the rest as partial success, masks what the emitter missed', async () => {
      const out = await client.exportBytes(mixedRequest());
      assert.equal(out.err, undefined, String(out.err));
      assert.equal(Number(out.response?.partialSuccess?.rejectedSpans), 2);
      assert.equal(c.memory!.records.length, 2);
      assert.ok(c.memory!.records.every((r) => r.identity === IDENTITY && !r.body.includes('jane.doe@example.com')));
    });

    it('malformed bytes get INVALID_ARGUMENT and lose nothing: the next request is stored', async () => {
      const before = c.memory!.records.length;
      const bad = await client.exportBytes(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
      assert.equal(bad.err?.code, grpc.status.INVALID_ARGUMENT);
      assert.match(bad.err!.details, /not a valid OTLP ExportTraceServiceRequest/);
      const good = await client.export(request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] }), span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
      assert.equal(good.err, undefined, String(good.err));
      assert.equal(c.memory!.records.length, before + 2);
    });

    it('authorisation still applies to what the worker mapped: a foreign service is PERMISSION_DENIED', async () => {
      const out = await client.export(request([{ service: 'billing', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
      assert.equal(out.err?.code, grpc.status.PERMISSION_DENIED);
    });
  });
});
