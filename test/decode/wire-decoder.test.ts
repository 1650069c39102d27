import * as assert from 'node:assert/strict';
import { BasicMasker } from '../../interceptors/mask/basic-masker';
import { renderUntyped, renderWire } from '../../interceptors/decode';
import { RecordingMasker, UpperMasker, newScope } from './decode-fixtures';

/** Hand-built protobuf wire bytes. */
function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (field: number, wire: number): number[] => varint(field * 8 + wire);
const ld = (field: number, body: number[] | string): number[] => {
  const bytes = typeof body === 'string' ? [...Buffer.from(body)] : body;
  return [...tag(field, 2), ...varint(bytes.length), ...bytes];
};
const buf = (...parts: number[][]): Buffer => Buffer.from(parts.flat());

const MAX = 1 << 20;

describe('decode/wire fallback', () => {
  it('decodes varints, fixed32/64, strings, nested messages, repeated fields and binary bytes by field number', () => {
    const nested = [...tag(1, 0), ...varint(7), ...ld(2, 'inner')];
    const bytes = buf(
      tag(1, 0), varint(150),
      tag(2, 0), varint(2n ** 60n), // above 2^53: decimal string
      tag(3, 5), [0x01, 0x00, 0x00, 0x80], // fixed32 unsigned
      tag(4, 1), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // fixed64
      ld(5, 'héllo world'),
      ld(6, nested),
      ld(7, [0x00, 0xff, 0x10]), // not text, not a message
      ld(8, 'a'), ld(8, 'b'),
      ld(9, ''),
    );
    const masker = new RecordingMasker();
    const r = renderWire(bytes, masker, newScope(), MAX);
    assert.equal(r.error, undefined);
    assert.equal(
      r.json,
      '{"1":150,"2":"1152921504606846976","3":2147483649,"4":"18446744073709551615","5":"héllo world","6":{"1":7,"2":"inner"},"7":"binary:len=3","8":["a","b"],"9":""}',
    );
    assert.equal(r.size, bytes.length);
    // Every guessed string went through maskText as an unknown field, with its path.
    assert.deepEqual(
      masker.texts.map((t) => [t.value, t.site]),
      [
        ['héllo world', { kind: 'unknown-field', fieldPath: '5', unknownSchema: true }],
        ['inner', { kind: 'unknown-field', fieldPath: '6.2', unknownSchema: true }],
        ['a', { kind: 'unknown-field', fieldPath: '8', unknownSchema: true }],
        ['b', { kind: 'unknown-field', fieldPath: '8', unknownSchema: true }],
        ['', { kind: 'unknown-field', fieldPath: '9', unknownSchema: true }],
      ],
    );
  });

  it('masks guessed strings (credentials redacted by the basic masker)', () => {
    const r = renderWire(buf(ld(1, 'Authorization: Bearer abc.def')), new BasicMasker(), newScope(), MAX);
    assert.equal(r.json, '{"1":"Authorization: [REDACTED:credential]"}');
  });

  it('keeps printable text as text even when it happens to parse as varint fields', () => {
    // "HI" = 0x48 0x49 is also field 9 varint 73.
    assert.equal(renderWire(buf(ld(1, 'HI')), new BasicMasker(), newScope(), MAX).json, '{"1":"HI"}');
    // ...but a nested message of one long string (printable bytes) is still read as a message.
    const inner = ld(4, 'x'.repeat(40)); // 0x22 0x28 '(' then text: all printable
    assert.equal(renderWire(buf(ld(1, inner)), new BasicMasker(), newScope(), MAX).json, `{"1":{"4":"${'x'.repeat(40)}"}}`);
  });

  it('returns what it decoded plus a marker for a truncated varint, a bad length, a bad wire type, field 0', () => {
    const cases: Array<[Buffer, string, string]> = [
      [buf(tag(1, 0), varint(5), tag(2, 0), [0x80, 0x80]), '{"1":5}', 'wire decode failed at byte 3: truncated varint'],
      [buf(ld(1, 'ok'), tag(2, 2), varint(100), [1, 2]), '{"1":"ok"}', 'wire decode failed at byte 5: length 100 past the end of the message'],
      [buf(tag(1, 0), varint(1), tag(3, 7)), '{"1":1}', 'wire decode failed at byte 2: unsupported wire type 7'],
      [buf([0x00, 0x01]), '{}', 'wire decode failed at byte 0: field number 0'],
      [buf(tag(1, 0), Array(11).fill(0xff)), '{}', 'wire decode failed at byte 1: varint longer than 10 bytes'],
      [buf(tag(1, 1), [1, 2, 3]), '{}', 'wire decode failed at byte 1: truncated fixed64'],
    ];
    for (const [bytes, json, error] of cases) {
      const r = renderWire(bytes, new BasicMasker(), newScope(), MAX);
      assert.equal(r.json, json);
      assert.equal(r.error, error);
      assert.equal(r.size, bytes.length);
    }
  });

  it('never throws on random garbage and always returns valid JSON', () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      const r = renderWire(bytes, new BasicMasker(), newScope(), MAX);
      assert.doesNotThrow(() => JSON.parse(r.json), bytes.toString('hex'));
    }
    assert.equal(renderWire('not bytes' as unknown as Uint8Array, new BasicMasker(), newScope(), MAX).error, 'wire decode failed at byte 0: expected bytes');
  });

  it('stops guessing nested messages below the depth limit and stays linear on deep nesting', () => {
    let body: number[] = ld(1, [0x08, 0x01]);
    for (let i = 0; i < 200; i++) body = ld(1, body);
    const r = renderWire(Buffer.from(body), new BasicMasker(), newScope(), MAX);
    assert.equal(r.error, undefined);
    const depth = (r.json.match(/\{/g) ?? []).length;
    assert.ok(depth >= 32 && depth <= 34, `nested objects: ${depth}`);
    assert.match(r.json, /"binary:len=\d+;sha256=[0-9a-f]{16}"/); // the rest summarised as bytes (length + digest), never shown
  });

  it('truncates big inputs without decoding or masking all of them', () => {
    const masker = new UpperMasker();
    const fields: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) fields.push(Buffer.from(ld(1, `value-${i}`)));
    const r = renderWire(Buffer.concat(fields), masker, newScope(), 2048);
    assert.equal(r.truncated, true);
    assert.ok(Buffer.byteLength(r.json) <= 2048);
    assert.ok(r.json.startsWith('{"1":["VALUE-0","VALUE-1",'));
    assert.ok(masker.calls < 1000, `masker calls: ${masker.calls}`);
    const huge = renderWire(Buffer.concat([Buffer.from([...tag(2, 2), ...varint(5_000_000)]), Buffer.alloc(5_000_000, 'zz ')]), masker, newScope(), 2048);
    assert.equal(huge.truncated, true, huge.json.slice(0, 80));
    assert.ok(huge.json.startsWith('{"2":"ZZ ZZ '), huge.json.slice(0, 80));
    // one token longer than the budget and the masking margin: not shown at all rather than in part
    const token = renderWire(Buffer.concat([Buffer.from([...tag(2, 2), ...varint(5_000_000)]), Buffer.alloc(5_000_000, 'z')]), masker, newScope(), 2048);
    assert.equal(token.truncated, true);
    assert.ok(!token.json.includes('ZZZZ'), token.json.slice(0, 80));
  });
});

describe('decode/untyped objects', () => {
  it('renders via maskUntyped with text Buffers as text, binary ones as length + digest, Longs/bigints as decimal strings', () => {
    const r = renderUntyped({ a: 'Bearer xyz.abc', b: Buffer.from('hi'), c: 12n, d: [1, { e: null }], f: () => 1, g: Buffer.from([0, 1, 2, 255]) }, new BasicMasker(), newScope(), MAX);
    assert.equal(r.json, '{"a":"[REDACTED:credential]","b":"hi","c":"12","d":[1,{"e":null}],"g":"binary:len=4"}');
    assert.equal(r.error, undefined);
  });

  it('marks cycles and throwing getters without a value, and truncates', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const r = renderUntyped(cyclic, new BasicMasker(), newScope(), MAX);
    assert.equal(r.json, '{}');
    assert.equal(r.error, 'cannot render untyped message: expected an acyclic object');
    const evil = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('SECRET'); } });
    const r2 = renderUntyped(evil, new BasicMasker(), newScope(), MAX);
    assert.equal(r2.json, '{}');
    assert.equal(r2.error?.includes('SECRET'), false);
    const big = renderUntyped({ s: 'y'.repeat(10_000) }, new BasicMasker(), newScope(), 100);
    assert.equal(big.truncated, true);
    assert.equal(Buffer.byteLength(big.json), 100);
  });
});
