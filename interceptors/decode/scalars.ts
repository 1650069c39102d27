import * as protobuf from 'protobufjs';

/**
 * Scalar conversions shared by the render plan: proto3 JSON text of 64-bit integers, floats and
 * bytes, and the encoded size of each scalar on the wire (so `message.uncompressed_size` comes
 * from the same walk that renders the JSON, without re-encoding).
 */
const Long = protobuf.util.Long as unknown as {
  fromBits(low: number, high: number, unsigned?: boolean): { toString(): string };
};

/**
 * A value does not have the shape its schema asks for. The message names only the expected
 * shape — never the value, which may be personal data.
 */
export class ValueShapeError extends Error {}

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

export function isLongLike(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

/** Already canonical and certainly within int64 range: up to 18 digits, no leading zeros. */
const CANONICAL_SMALL_INT = /^(?:0|-?[1-9]\d{0,17})$/;
const DECIMAL_INT = /^[-+]?\d{1,30}$/;

/**
 * Canonical decimal text of a 64-bit integer given as Long, number, bigint or decimal string,
 * wrapped to the field's signedness as protobufjs does on encode (a uint64 given as -1 is sent
 * as 18446744073709551615).
 */
export function int64Text(v: unknown, unsigned: boolean): string {
  if (typeof v === 'string') {
    if (CANONICAL_SMALL_INT.test(v) && !(unsigned && v.charCodeAt(0) === 45)) return v;
    if (!DECIMAL_INT.test(v)) throw new ValueShapeError('a decimal 64-bit integer');
    return wrap64(BigInt(v), unsigned);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValueShapeError('a finite 64-bit integer');
    const t = Math.trunc(v);
    if (Number.isSafeInteger(t) && (t >= 0 || !unsigned)) return t === 0 ? '0' : String(t);
    // protobufjs's fromObject goes through Long.fromNumber, which saturates at the field's range
    // (a number -1 is sent as uint64 0, unlike the string '-1'): mirror what is sent.
    const big = BigInt(t);
    const [min, max] = unsigned ? [0n, UINT64_MAX] : [INT64_MIN, INT64_MAX];
    return (big > max ? max : big < min ? min : big).toString();
  }
  if (isLongLike(v)) return Long.fromBits(v.low, v.high, unsigned).toString();
  if (typeof v === 'bigint') return wrap64(v, unsigned);
  throw new ValueShapeError('a 64-bit integer (Long, number or decimal string)');
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

function wrap64(v: bigint, unsigned: boolean): string {
  return (unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v)).toString();
}

export function varintSize32(v: number): number {
  if (v < 0) return 10; // negative int32 is sign-extended to 64 bits
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

function varintSizeBig(v: bigint): number {
  if (v < 0n) v = BigInt.asUintN(64, v);
  let n = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/** Decimal text of 2^7, 2^14, … 2^63: a varint needs one more byte at each. */
const VARINT_THRESHOLDS = Array.from({ length: 9 }, (_, i) => (1n << BigInt(7 * (i + 1))).toString());

function varintSizeSafe(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/**
 * Wire size of a 64-bit varint from its canonical decimal text (`zigzag` for sint64). Works
 * from the text so every input shape (Long, number, string) costs one conversion, not two.
 */
export function varintSize64(text: string, zigzag: boolean): number {
  if (!zigzag && text.charCodeAt(0) !== 45 /* '-' */) {
    // Non-negative: count the 2^(7k) thresholds the decimal text reaches, without BigInt.
    let n = 1;
    for (let k = 0; k < VARINT_THRESHOLDS.length; k++) {
      const t = VARINT_THRESHOLDS[k];
      if (text.length > t.length || (text.length === t.length && text >= t)) n++;
      else break;
    }
    return n;
  }
  if (text.length <= 15) {
    const n = Number(text);
    if (!zigzag) return n < 0 ? 10 : varintSizeSafe(n);
    return varintSizeSafe(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  let big = BigInt(text);
  if (zigzag) big = big >= 0n ? big << 1n : (-big << 1n) - 1n;
  return varintSizeBig(big);
}

export function zigzag32Size(v: number): number {
  return varintSize32(((v << 1) ^ (v >> 31)) >>> 0);
}

/** Proto3 JSON of a double: numbers as numbers, NaN and infinities as strings. */
export function doubleJson(v: number): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return '"NaN"';
  return v > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * The shortest decimal that reads back as the same float32, as protobuf's own JSON printers
 * write floats: the sender's 0.1 and the receiver's decoded 0.10000000149011612 both render
 * "0.1", so the client and server records of one message agree.
 */
export function float32Value(v: number): number {
  const f = Math.fround(v);
  if (!Number.isFinite(f) || Number.isInteger(f)) return f;
  if (f === v && String(v).length <= 9) return v; // already short (0.5, 1.25): no search
  for (let p = 1; p < 10; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Base64 text and decoded length of a bytes value: Buffer, Uint8Array, number[] or base64 string. */
export function bytesView(v: unknown): { text: string; length: number } {
  if (typeof v === 'string') return { text: v, length: base64Length(v) };
  if (v instanceof Uint8Array) {
    const b = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { text: b.toString('base64'), length: v.length };
  }
  if (Array.isArray(v)) return { text: Buffer.from(v as number[]).toString('base64'), length: v.length };
  throw new ValueShapeError('bytes (Buffer, Uint8Array or base64 string)');
}

/** Decoded length of a bytes value without encoding it. */
export function bytesLength(v: unknown): number {
  if (typeof v === 'string') return base64Length(v);
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length;
  throw new ValueShapeError('bytes (Buffer, Uint8Array or base64 string)');
}

function base64Length(s: string): number {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* '=' */) end--;
  return Math.floor((end * 3) / 4);
}

/** Base64 of at most the first `maxBytes` bytes: a huge blob costs only what is shown. */
export function bytesPrefixBase64(v: unknown, maxBytes: number): string {
  if (typeof v === 'string') return v.length > maxBytes * 2 ? v.slice(0, Math.ceil(maxBytes / 3) * 4 + 4) : v;
  if (v instanceof Uint8Array || Array.isArray(v)) {
    const n = Math.min(v.length, Math.ceil(maxBytes / 4) * 3 + 3);
    const part = Array.isArray(v) ? Buffer.from(v.slice(0, n) as number[]) : Buffer.from(v.buffer, v.byteOffset, n);
    return part.toString('base64');
  }
  throw new ValueShapeError('bytes (Buffer, Uint8Array or base64 string)');
}

/**
 * True when no character of the string needs a JSON escape other than surrogates: anchored, so
 * V8 runs one tight loop over the string. An unanchored class that also lists the surrogate range
 * (`/["\\\u0000-\u001f\ud800-\udfff]/`) measured 2.8× slower per KiB on Node 20.
 */
const PLAIN_JSON_TEXT = /^[^"\\\u0000-\u001f]*$/;

/**
 * Lone surrogates are the other characters JSON.stringify escapes. `isWellFormed` (Node 20) is
 * constant time on one-byte strings; valid pairs need no escape.
 */
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\ud800-\udfff]/.test(s);

/**
 * JSON text of a (masked) leaf value. Most strings need no escaping: a regex test plus
 * concatenation measured ~2× faster than JSON.stringify on typical payload strings.
 */
export function leafJson(v: string | number | boolean): string {
  if (typeof v === 'string') {
    if (v.length > 24) return PLAIN_JSON_TEXT.test(v) && wellFormed(v) ? '"' + v + '"' : JSON.stringify(v);
    // Short strings: a char loop beats the regex call overhead.
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(v);
    }
    return '"' + v + '"';
  }
  if (typeof v === 'number') return doubleJson(v);
  return v ? 'true' : 'false';
}

/**
 * UTF-8 length of a string as Buffer.byteLength counts it (a lone surrogate as the 3 bytes of
 * U+FFFD). Short strings are counted here: the native call costs more than the loop.
 */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > 64) return Buffer.byteLength(s);
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export function lengthDelimited(len: number): number {
  return varintSize32(len) + len;
}
