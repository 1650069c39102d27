import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonPiecewise } from '../../collector/ingest/canonical-json';
import { spanBodyJson } from '../../collector/ingest/span-body-json';
import type { SpanBody } from '../../collector/ingest/span-to-record';
import type { TypedAttributes, TypedValue } from '../../collector/ingest/typed-value';

/** Arbitrary span bodies of the shape draftSpan builds, every optional member present or not. */
const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.nat().map(String), fc.constantFrom('grpcaudit.payload', 'rpc.method', '10', '9', 'é', 'Z'));
const typed = fc.letrec<{ v: TypedValue; attrs: TypedAttributes }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.string({ unit: 'binary' }).map((stringValue) => ({ stringValue })),
    fc.boolean().map((boolValue) => ({ boolValue })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ intValue: String(n) })),
    fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('NaN' as const, 'Infinity' as const, '-Infinity' as const)).map((doubleValue) => ({ doubleValue })),
    fc.base64String({ maxLength: 12 }).map((bytesValue) => ({ bytesValue })),
    fc.array(tie('v'), { maxLength: 3 }).map((arrayValue) => ({ arrayValue })),
    tie('attrs').map((kvlistValue) => ({ kvlistValue })),
  ),
  attrs: fc.dictionary(key, tie('v'), { maxKeys: 4 }) as fc.Arbitrary<TypedAttributes>,
}));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex'));
const nanos = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);
const count = opt(fc.integer({ min: 1, max: 1000 }));
const text = fc.string({ unit: 'binary', maxLength: 10 });

const body: fc.Arbitrary<SpanBody> = fc.record({
  name: text,
  kind: fc.constantFrom('server', 'client', 'internal'),
  traceId: hex(16),
  spanId: hex(8),
  parentSpanId: opt(hex(8)),
  traceState: opt(text),
  flags: count,
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes: typed.attrs,
  droppedAttributesCount: count,
  events: fc.array(fc.record({ name: text, timeUnixNano: nanos, attributes: typed.attrs, droppedAttributesCount: count }), { maxLength: 3 }),
  droppedEventsCount: count,
  links: fc.array(fc.record({ traceId: hex(16), spanId: hex(8), traceState: opt(text), flags: count, attributes: typed.attrs, droppedAttributesCount: count }), { maxLength: 2 }),
  droppedLinksCount: count,
  status: fc.record({ code: fc.constantFrom('unset', 'ok', 'error'), message: opt(text) }),
  resource: fc.record({ attributes: typed.attrs, droppedAttributesCount: count, schemaUrl: opt(text) }),
  scope: fc.record({ name: text, version: opt(text), attributes: opt(typed.attrs), droppedAttributesCount: count, schemaUrl: opt(text) }),
  collectorMaskedCount: count,
});

describe('collector: span body JSON', () => {
  it('writes the same bytes as the canonical JSON reference for arbitrary span bodies', () => {
    fc.assert(
      fc.property(body, (b) => {
        const direct = spanBodyJson(b);
        assert.equal(direct, canonicalJsonPiecewise(b));
        assert.equal(direct, canonicalJson(b));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('refuses what canonical JSON refuses: a non-finite count', () => {
    const b = fc.sample(body, { numRuns: 1, seed: 3 })[0];
    assert.throws(() => spanBodyJson({ ...b, flags: Infinity }), /non-finite/);
  });
});
