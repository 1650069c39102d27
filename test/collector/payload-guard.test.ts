import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { BasicMasker } from '../../interceptors/mask/basic-masker';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { kv, RawOtlpClient, request, span } from './support/otlp';
import { metricValue } from './support/metrics';

// A credential the emitter should have masked; the basic masker's detector recognises it.
const LEAKED_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZw';

function leakySpan() {
  return span({
    rpc: ['demo.v1.Shop', 'Buy'],
    attrs: [kv('grpcaudit.metadata.request.authorization', `Bearer ${LEAKED_JWT}`)],
    events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', JSON.stringify({ note: `token ${LEAKED_JWT}`, qty: 2 }))] }],
  });
}

describe('collector: defence in depth against unmasked data', function () {
  let pki: TestPki;
  let checkout: CertFiles;
  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
  });
  after(() => pki?.cleanup());

  describe("ingest.unmaskedData: 'mask' (default)", () => {
    let c: RunningCollector;
    before(async () => (c = await runCollector(pki, { deps: { masker: new BasicMasker() } })));
    after(() => c?.handle.shutdown());

    it('masks the value at the collector, stores the record, counts it and logs no value', async () => {
      const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
      const out = await client.export(request([{ service: 'checkout', spans: [leakySpan(), span()] }]));
      client.close();
      assert.equal(out.err, undefined);
      assert.equal(c.memory!.records.length, 2);
      const body = c.memory!.records[0].body;
      assert.ok(!body.includes(LEAKED_JWT), 'no leaked token in the stored record');
      const parsed = JSON.parse(body);
      assert.equal(parsed.collectorMaskedCount, 2);
      assert.match(parsed.attributes['grpcaudit.metadata.request.authorization'].stringValue, /REDACTED/);
      assert.deepEqual(JSON.parse(parsed.events[0].attributes['grpcaudit.payload'].stringValue).qty, 2, 'payload stays JSON');
      assert.equal(JSON.parse(c.memory!.records[1].body).collectorMaskedCount, undefined, 'clean spans untouched');
      assert.equal(await metricValue(c, 'grpcaudit_collector_masked_values_total'), 2);
      assert.ok(c.logs.some((l) => l.event === 'masked_at_collector' && l.values === 2));
      assert.ok(!c.logText().includes(LEAKED_JWT));
    });
  });

  describe("ingest.unmaskedData: 'reject'", () => {
    let c: RunningCollector;
    before(async () => (c = await runCollector(pki, { config: { ingest: { unmaskedData: 'reject' } }, deps: { masker: new BasicMasker() } })));
    after(() => c?.handle.shutdown());

    it('rejects the span (partial success) and stores the clean ones', async () => {
      const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
      const mixed = await client.export(request([{ service: 'checkout', spans: [leakySpan(), span()] }]));
      const only = await client.export(request([{ service: 'checkout', spans: [leakySpan()] }]));
      client.close();
      assert.equal(Number(mixed.response!.partialSuccess!.rejectedSpans), 1);
      assert.match(mixed.response!.partialSuccess!.errorMessage, /unmasked_data/);
      assert.ok(!mixed.response!.partialSuccess!.errorMessage.includes(LEAKED_JWT));
      assert.equal(only.err?.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(c.memory!.records.length, 1);
      assert.ok(!c.memory!.records[0].body.includes(LEAKED_JWT));
      assert.equal(await metricValue(c, 'grpcaudit_collector_spans_rejected_total{reason="unmasked_data"}'), 2);
    });
  });
});

describe('collector: defence in depth with the default masker (the masking engine of this build)', function () {
  let pki: TestPki;
  let c: RunningCollector;
  before(async function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { defaultCollectorMasker } = require('../../collector/ingest/default-masker') as typeof import('../../collector/ingest/default-masker');
    if (defaultCollectorMasker() instanceof BasicMasker) this.skip(); // engine not in this build
    pki = await makeTestPki();
    c = await runCollector(pki);
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('masks an email and a card number the emitter left in a payload', async () => {
    const checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const s = span({
      events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', JSON.stringify({ contact: 'alice@example.com', card: '4111 1111 1111 1111' }))] }],
    });
    const out = await client.export(request([{ service: 'checkout', spans: [s] }]));
    client.close();
    assert.equal(out.err, undefined);
    const body = c.memory!.records[0].body;
    assert.ok(!body.includes('alice@example.com'));
    assert.ok(!body.includes('4111 1111 1111 1111'));
    assert.equal(JSON.parse(body).collectorMaskedCount, 2);
  });
});
