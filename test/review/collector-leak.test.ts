import { strict as assert } from 'node:assert';
import { defaultCollectorMasker } from '../../collector/ingest/default-masker';
import type { OtlpAnyValue, OtlpKeyValue } from '../../collector/ingest/otlp-types';
import { SEEDED_PII } from '../../examples/quickstart/shop-traffic';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from '../collector/support/collector-fixture';
import { scrape } from '../collector/support/metrics';
import { kv, RawOtlpClient, request, span } from '../collector/support/otlp';

/**
 * Review: seeded PII pushed into the collector through the real mTLS Export path in every place an
 * emitter (or an attacker holding a workload certificate) can put it. Everything the collector
 * emits is then scanned: stored record bodies, its JSON logs, /metrics text, the gRPC status
 * details and the OTLP partial-success error_message returned to the caller.
 */
const PII = [SEEDED_PII.email, SEEDED_PII.card, SEEDED_PII.iban, SEEDED_PII.bearer, SEEDED_PII.noteEmail];

function leaks(text: string): string[] {
  const digitsOnly = text.replace(/\D/g, '');
  return PII.filter((v) => text.includes(v) || (/^[\d\s-]+$/.test(v) && digitsOnly.includes(v.replace(/\D/g, ''))));
}

function kvlist(entries: Array<[string, OtlpAnyValue]>): OtlpAnyValue {
  return { kvlistValue: { values: entries.map(([key, value]) => ({ key, value })) } } as never;
}

/** Duplicate keys one level further down, under a card-number map key and an array. */
function duplicateDeeper(): OtlpKeyValue {
  const dup = kvlist([['b', { stringValue: '1' } as never], ['b', { stringValue: '2' } as never]]);
  return { key: 'app.cards', value: kvlist([[SEEDED_PII.card, { arrayValue: { values: [kvlist([[SEEDED_PII.email, dup]])] } } as never]]) };
}

/** A nested kvlist whose duplicate keys make the span malformed; the parent key is an email. */
function duplicateNested(): OtlpKeyValue {
  return { key: 'app.index', value: kvlist([[SEEDED_PII.noteEmail, kvlist([['a', { stringValue: '1' } as never], ['a', { stringValue: '2' } as never]])]]) };
}

describe('review: nothing the collector emits carries seeded PII', function () {
  let pki: TestPki;
  let checkout: CertFiles;
  let c: RunningCollector;
  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    c = await runCollector(pki, { deps: { masker: defaultCollectorMasker() } });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('masks exception.stacktrace as well as exception.message (the stack repeats the message)', async () => {
    const message = `card ${SEEDED_PII.card} declined for ${SEEDED_PII.email}`;
    const s = span({
      rpc: ['demo.v1.Shop', 'Buy'],
      events: [
        {
          name: 'exception',
          timeUnixNano: '1700000000001000000',
          attributes: [kv('exception.type', 'Error'), kv('exception.message', message), kv('exception.stacktrace', `Error: ${message}\n    at handler (shop.ts:10:5)`)],
        },
      ],
    });
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const out = await client.export(request([{ service: 'checkout', spans: [s] }]));
    client.close();
    assert.equal(out.err, undefined);
    const stored = c.memory!.records.map((r) => r.body).join('\n');
    assert.ok(stored.includes('at handler (shop.ts:10:5)'), 'the stack frames are kept');
    assert.deepEqual(leaks(stored), []);
  });

  it('rejects malformed spans without quoting attribute map keys in status details, partial success, logs or metrics', async () => {
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    const mixed = await client.export(
      request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [duplicateDeeper()] }), span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [duplicateNested()] }), span()] }]),
    );
    const allBad = await client.export(request([{ service: 'checkout', spans: [span({ attrs: [duplicateDeeper()] }), span({ attrs: [duplicateNested()] })] }]));
    const badResource = await client.export(request([{ service: 'checkout', resourceAttrs: [duplicateNested()], spans: [span()] }]));
    client.close();

    assert.equal(Number(mixed.response?.partialSuccess?.rejectedSpans), 2);
    const partial = mixed.response!.partialSuccess!.errorMessage;
    assert.match(partial, /malformed_span/);
    assert.match(partial, /duplicate attribute key/, 'the reason is still stated');
    assert.deepEqual(leaks(partial), []);
    assert.ok(allBad.err, 'every span rejected → an error status');
    assert.deepEqual(leaks(allBad.err!.details), []);
    assert.ok(badResource.err, 'malformed resource → an error status');
    assert.match(badResource.err!.details, /malformed_resource/);
    assert.deepEqual(leaks(badResource.err!.details), []);

    assert.deepEqual(leaks(c.logText()), [], 'collector logs');
    assert.deepEqual(leaks(await scrape(c)), [], '/metrics');
    assert.deepEqual(leaks(c.memory!.records.map((r) => r.body).join('\n')), [], 'stored records');
  });
});
