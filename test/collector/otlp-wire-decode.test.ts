import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodeExportRequest, decodeExportRequestWithProtobufjs, encodeExportRequest } from '../../collector/ingest/otlp-codec';
import { OtlpDecodeError } from '../../collector/ingest/otlp-wire-decode';

/**
 * The collector's hand-written OTLP decoder against protobufjs (decode + toObject), which it
 * replaced on the receive path: equal output on generated requests that use every field, and on
 * mutated bytes whatever the wire decoder accepts, protobufjs decodes to the same.
 */

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', 'service.name', 'grpcaudit.payload', 'é🙂\u0000'));
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uint64 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 53n })).map(String);
const bytes = (n?: number) => fc.uint8Array(n === undefined ? { maxLength: 20 } : { minLength: n, maxLength: n }).map((b) => Buffer.from(b));

const { anyValue } = fc.letrec<{ anyValue: Record<string, unknown>; keyValue: Record<string, unknown> }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: int64 }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ bytesValue: bytes() }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('keyValue'), { maxLength: 3 }) }) }),
    fc.constant({}),
  ),
  keyValue: fc.record({ key: text, value: tie('anyValue') }, { requiredKeys: ['key'] }),
}));
const keyValue = fc.record({ key: text, value: anyValue }, { requiredKeys: [] });
const attributes = fc.array(keyValue, { maxLength: 4 });
const optional = { requiredKeys: [] as never[] };

const span = fc.record(
  {
    traceId: fc.oneof(bytes(16), bytes()),
    spanId: fc.oneof(bytes(8), bytes()),
    traceState: text,
    parentSpanId: bytes(8),
    flags: u32,
    name: text,
    kind: fc.integer({ min: 0, max: 7 }),
    startTimeUnixNano: uint64,
    endTimeUnixNano: uint64,
    attributes,
    droppedAttributesCount: u32,
    events: fc.array(fc.record({ timeUnixNano: uint64, name: text, attributes, droppedAttributesCount: u32 }, optional), { maxLength: 3 }),
    droppedEventsCount: u32,
    links: fc.array(fc.record({ traceId: bytes(16), spanId: bytes(8), traceState: text, attributes, droppedAttributesCount: u32, flags: u32 }, optional), { maxLength: 2 }),
    droppedLinksCount: u32,
    status: fc.record({ message: text, code: fc.integer({ min: 0, max: 3 }) }, optional),
  },
  optional,
);
const request = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes, droppedAttributesCount: u32 }, optional),
        scopeSpans: fc.array(
          fc.record({ scope: fc.record({ name: text, version: text, attributes, droppedAttributesCount: u32 }, optional), spans: fc.array(span, { maxLength: 3 }), schemaUrl: text }, optional),
          { maxLength: 2 },
        ),
        schemaUrl: text,
      },
      optional,
    ),
    { maxLength: 2 },
  ),
});

describe('OTLP wire decoder (collector receive path)', () => {
  it('decodes generated requests exactly as protobufjs decode + toObject did', () => {
    fc.assert(
      fc.property(request, (req) => {
        const wire = encodeExportRequest(req as never);
        assert.deepStrictEqual(decodeExportRequest(wire), decodeExportRequestWithProtobufjs(wire));
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });

  it('accepts only what protobufjs decodes the same way when the bytes are mutated', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(request, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 3 }), (req, edits) => {
        let wire = encodeExportRequest(req as never);
        for (const [at, value, op] of edits) {
          if (wire.length === 0) break;
          const i = at % wire.length;
          if (op === 'set') wire[i] = value;
          else if (op === 'cut') wire = wire.subarray(0, i);
          else wire = Buffer.concat([wire.subarray(0, i), Buffer.from([value]), wire.subarray(i)]);
        }
        let ours;
        try {
          ours = decodeExportRequest(wire);
        } catch (err) {
          assert.ok(err instanceof OtlpDecodeError, `unexpected error type: ${(err as Error).stack}`);
          refused++;
          return;
        }
        accepted++;
        assert.deepStrictEqual(ours, decodeExportRequestWithProtobufjs(wire));
      }),
      { numRuns: 600, seed: 42 },
    );
    // both branches must have run for the property to mean anything
    assert.ok(accepted > 20 && refused > 20, `accepted ${accepted}, refused ${refused}`);
  });

  it('skips unknown fields and keeps the last of a repeated singular field', () => {
    const base = encodeExportRequest({ resourceSpans: [{ schemaUrl: 'a' }] } as never);
    // resource_spans[0] += schema_url 'b' and an unknown varint field 9 and an unknown fixed64 field 10
    const inner = Buffer.concat([base.subarray(2), Buffer.from([0x1a, 1, 0x62, 0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8])]);
    const wire = Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
    assert.deepStrictEqual(decodeExportRequest(wire), { resourceSpans: [{ schemaUrl: 'b' }] });
    assert.deepStrictEqual(decodeExportRequest(wire), decodeExportRequestWithProtobufjs(wire));
  });

  it('refuses wrong wire types, groups, truncation and absurd nesting with an OtlpDecodeError', () => {
    assert.throws(() => decodeExportRequest(Buffer.from([0x08, 0x01])), /ExportTraceServiceRequest field 1 has wire type 0/);
    assert.throws(() => decodeExportRequest(Buffer.from([0x13])), /unsupported wire type 3/);
    assert.throws(() => decodeExportRequest(Buffer.from([0x0a, 0x05, 0x1a, 0x01])), /truncated/);
    assert.throws(() => decodeExportRequest(Buffer.from([0x00])), /field number 0/);
    // an AnyValue nested 1,000 arrays deep inside one resource attribute
    let v: Buffer = Buffer.from([0x0a, 0x00]);
    for (let i = 0; i < 1000; i++) {
      const array = Buffer.concat([Buffer.from([0x0a]), varint(v.length), v]);
      v = Buffer.concat([Buffer.from([0x2a]), varint(array.length), array]);
    }
    const kv = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12]), varint(v.length), v]);
    const res = Buffer.concat([Buffer.from([0x0a]), varint(kv.length), kv]);
    const rs = Buffer.concat([Buffer.from([0x0a]), varint(res.length), res]);
    const wire = Buffer.concat([Buffer.from([0x0a]), varint(rs.length), rs]);
    assert.throws(() => decodeExportRequest(wire), (err: Error) => err instanceof OtlpDecodeError && /nesting depth limit \(64 levels\)/.test(err.message));
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
