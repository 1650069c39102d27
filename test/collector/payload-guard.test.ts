import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { BasicMasker } from '../../interceptors/mask/basic-masker';
import { PayloadGuard } from '../../collector/ingest/payload-guard';
import type { SpanBody } from '../../collector/ingest/span-to-record';
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

describe('collector: trusted masking policies are sample-scanned (guard.trustedPolicies, guard.sampleRate)', function () {
  const TRUSTED = 'shop-policy-v3';
  let pki: TestPki;
  let checkout: CertFiles;
  let cart: CertFiles;
  let c: RunningCollector;
  /** The guard's sample draw: a value < sampleRate (0.5) scans, anything else skips. */
  let draw = 0;
  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    cart = await pki.workload('cart', 'spiffe://example.org/ns/shop/cart');
    c = await runCollector(pki, {
      config: { guard: { sampleRate: 0.5, trustedPolicies: [{ versions: [TRUSTED, 'sha256:0123456789ab'], identities: ['spiffe://example.org/ns/shop/checkout'] }] } },
      deps: { masker: new BasicMasker(), guardRandom: () => draw },
    });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });
  beforeEach(() => c.memory!.records.splice(0));

  const withPolicy = (s: ReturnType<typeof span>, version: string): ReturnType<typeof span> => ({ ...s, attributes: [...(s.attributes ?? []), kv('grpcaudit.policy.version', version)] });
  const guardCount = async (scan: string): Promise<number> => metricValue(c, `grpcaudit_collector_guard_spans_total{scan="${scan}"}`);

  it("scans a trusted emitter's records at the sample rate and stores the rest as sent", async () => {
    const before = { sampled: await guardCount('sampled'), skipped: await guardCount('skipped'), full: await guardCount('full') };
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    for (const d of [0.9, 0.1, 0.7, 0.2]) {
      draw = d;
      const out = await client.export(request([{ service: 'checkout', spans: [withPolicy(span(), TRUSTED)] }]));
      assert.equal(out.err, undefined);
    }
    // A record that declares no policy (or an unknown one) is scanned in full whatever the draw.
    draw = 0.99;
    await client.export(request([{ service: 'checkout', spans: [span(), withPolicy(span(), 'unknown-policy')] }]));
    client.close();
    assert.equal((await guardCount('sampled')) - before.sampled, 2);
    assert.equal((await guardCount('skipped')) - before.skipped, 2);
    assert.equal((await guardCount('full')) - before.full, 2);
    assert.equal(c.memory!.records.length, 6);
  });

  it('a find in a sampled record is masked (never stored in clear), counted and alerted without the value', async () => {
    draw = 0; // sampled
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const out = await client.export(request([{ service: 'checkout', spans: [withPolicy(leakySpan(), TRUSTED)] }]));
    client.close();
    assert.equal(out.err, undefined);
    assert.equal(c.memory!.records.length, 1);
    const body = c.memory!.records[0].body;
    assert.ok(!body.includes(LEAKED_JWT), 'the find is not stored in clear');
    assert.equal(JSON.parse(body).collectorMaskedCount, 2);
    assert.equal(await metricValue(c, 'grpcaudit_collector_sample_scan_findings_total'), 2);
    const alert = c.logs.find((l) => l.event === 'sample_scan_finding');
    assert.ok(alert, 'alert logged');
    assert.equal(alert!.identity, 'spiffe://example.org/ns/shop/checkout');
    assert.deepEqual(alert!.policyVersions, [TRUSTED]);
    assert.equal(alert!.values, 2);
    assert.ok(!c.logText().includes(LEAKED_JWT));
  });

  it('an identity not allowed to use a trusted policy version is scanned in full', async () => {
    draw = 0.99; // would skip, were the record trusted
    const findsBefore = await metricValue(c, 'grpcaudit_collector_sample_scan_findings_total');
    const fullBefore = await guardCount('full');
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(cart));
    const out = await client.export(request([{ service: 'shop-cart', spans: [withPolicy(leakySpan(), TRUSTED)] }]));
    client.close();
    assert.equal(out.err, undefined);
    assert.equal(c.memory!.records.length, 1);
    assert.ok(!c.memory!.records[0].body.includes(LEAKED_JWT));
    assert.equal(JSON.parse(c.memory!.records[0].body).collectorMaskedCount, 2);
    assert.equal((await guardCount('full')) - fullBefore, 1);
    assert.equal(await metricValue(c, 'grpcaudit_collector_sample_scan_findings_total'), findsBefore, 'a full scan is not a sample alert');
  });
});

describe('collector: trusted policies in reject mode', function () {
  let pki: TestPki;
  let c: RunningCollector;
  before(async () => {
    pki = await makeTestPki();
    c = await runCollector(pki, {
      config: { ingest: { unmaskedData: 'reject' }, guard: { sampleRate: 1, trustedPolicies: [{ versions: ['v3'], identities: ['spiffe://example.org/ns/shop/*'] }] } },
      deps: { masker: new BasicMasker() },
    });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('a sampled find is rejected as unmasked_data and still alerted', async () => {
    const checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const s = leakySpan();
    const out = await client.export(request([{ service: 'checkout', spans: [{ ...s, attributes: [...(s.attributes ?? []), kv('grpcaudit.policy.version', 'v3')] }] }]));
    client.close();
    assert.equal(out.err?.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(c.memory!.records.length, 0);
    assert.equal(await metricValue(c, 'grpcaudit_collector_sample_scan_findings_total'), 2);
    assert.equal(await metricValue(c, 'grpcaudit_collector_guard_spans_total{scan="sampled"}'), 1);
    assert.ok(!c.logText().includes(LEAKED_JWT));
  });
});

describe('collector: payload guard keeps every JSON key', () => {
  const guard = new PayloadGuard(new BasicMasker(), 'mask');
  const guardPayload = (payload: unknown): { out: Record<string, unknown>; masked: number } => {
    const body = {
      attributes: {},
      events: [{ name: 'rpc.message', timeUnixNano: '1', attributes: { 'grpcaudit.payload': { stringValue: JSON.stringify(payload) } } }],
      status: {},
    } as unknown as SpanBody;
    const masked = guard.apply(body);
    const text = (body.events[0].attributes['grpcaudit.payload'] as { stringValue: string }).stringValue;
    return { out: JSON.parse(text), masked };
  };
  const JWT2 = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.b3RoZXItc2lnbmF0dXJl';

  it('two keys masked to the same marker are both kept, with their values', () => {
    const { out, masked } = guardPayload({ [LEAKED_JWT]: 'first', [JWT2]: 'second', plain: 3 });
    const keys = Object.keys(out);
    assert.equal(keys.length, 3, `three keys, got ${keys.join(', ')}`);
    assert.equal(masked, 2);
    assert.ok(!JSON.stringify(out).includes(LEAKED_JWT) && !JSON.stringify(out).includes(JWT2));
    assert.deepEqual(Object.values(out).sort(), [3, 'first', 'second'].sort());
    assert.equal(out.plain, 3);
  });

  it('a renamed key never takes the name of a key the object already has', () => {
    const first = guardPayload({ [LEAKED_JWT]: 'a' });
    const marker = Object.keys(first.out)[0];
    const { out } = guardPayload({ [LEAKED_JWT]: 'a', [JWT2]: 'b', [`${marker}#2`]: 'c', [marker]: 'd' });
    assert.equal(Object.keys(out).length, 4);
    assert.deepEqual(Object.values(out).sort(), ['a', 'b', 'c', 'd']);
    assert.equal(out[`${marker}#2`], 'c', 'an original key keeps its own value');
  });

  it('a "__proto__" key stays data', () => {
    const { out } = guardPayload(JSON.parse(`{"__proto__": {"note": "${LEAKED_JWT}"}, "x": 1}`));
    assert.ok(Object.prototype.hasOwnProperty.call(out, '__proto__'));
    assert.ok(!JSON.stringify(out).includes(LEAKED_JWT));
  });
});
