import * as protobuf from 'protobufjs';

/**
 * Scalar conversions shared by the render plan: proto3 JSON text of 64-bit integers, floats and
 * bytes, and the encoded size of each scalar on the wire (so `message.uncompressed_size` comes
 * from the same walk that renders the JSON, without re-encoding).
 */
const Long = protobuf.util.Long as unknown as {
  fromBits(low: number, high: number, unsigned?: boolean): { toString(): string };
};

export class ValueShapeError extends Error {}

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

function isLongLike(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

const INT64_TEXT = /^-?\d{1,20}$/;

/** Decimal text of a 64-bit integer given as Long, number, bigint or decimal string. */
export function int64Text(v: unknown, unsigned: boolean): string {
  if (typeof v === 'string') {
    if (INT64_TEXT.test(v)) return v;
    throw new ValueShapeError('expected a decimal 64-bit integer string');
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValueShapeError('expected a finite 64-bit integer');
    return String(Math.trunc(v));
  }
  if (typeof v === 'bigint') return v.toString();
  if (isLongLike(v)) return Long.fromBits(v.low, v.high, unsigned).toString();
  throw new ValueShapeError('expected a 64-bit integer');
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

/** Wire size of a 64-bit varint (`zigzag` for sint64). */
export function varintSize64(v: unknown, zigzag: boolean): number {
  if (!zigzag && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
    let n = 1;
    let rest = v;
    while (rest >= 128) {
      rest = Math.floor(rest / 128);
      n++;
    }
    return n;
  }
  let big: bigint;
  if (isLongLike(v)) big = BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
  else if (typeof v === 'bigint') big = v;
  else if (typeof v === 'number') big = BigInt(Math.trunc(v));
  else if (typeof v === 'string' && INT64_TEXT.test(v)) big = BigInt(v);
  else return 1;
  if (zigzag) big = big >= 0n ? big << 1n : (-big << 1n) - 1n;
  return varintSizeBig(big);
}

export function zigzag32Size(v: number): number {
  return varintSize32(((v << 1) ^ (v >> 31)) >>> 0);
}

/** Proto3 JSON of a double/float: numbers as numbers, NaN and infinities as strings. */
export function floatJson(v: number): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return '"NaN"';
  return v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Bytes as standard base64, accepting Buffer, Uint8Array, number[] or a base64 string. */
export function bytesToBase64(v: unknown): { text: string; length: number } {
  if (typeof v === 'string') return { text: v, length: Math.floor((v.replace(/=+$/, '').length * 3) / 4) };
  if (Buffer.isBuffer(v)) return { text: v.toString('base64'), length: v.length };
  if (v instanceof Uint8Array) return { text: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'), length: v.length };
  if (Array.isArray(v)) return { text: Buffer.from(v as number[]).toString('base64'), length: v.length };
  throw new ValueShapeError('expected bytes');
}

/** JSON text of a (masked) leaf value. */
export function leafJson(v: string | number | boolean): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return floatJson(v);
  return v ? 'true' : 'false';
}
