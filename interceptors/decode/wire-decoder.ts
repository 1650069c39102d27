import type { Masker, MaskScope } from '../mask/masker';
import { finish, type RenderResult, type RenderState } from './render-plan';

/**
 * Fallback for messages whose schema is unknown: decodes protobuf bytes into JSON keyed by field
 * number. Length-delimited fields are guessed: a nested message if the bytes parse completely
 * as one, else UTF-8 text if valid and printable, else base64. Every guessed string is free text
 * for the masker. Never throws: malformed input yields what was decoded plus an error marker.
 */

const MAX_DEPTH = 32;

class WireError extends Error {
  constructor(readonly offset: number, reason: string) {
    super(`wire decode failed at byte ${offset}: ${reason}`);
  }
}

type WireValue = string | number | WireObject | WireValue[];
interface WireObject {
  [field: string]: WireValue;
}

function readVarint(buf: Uint8Array, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  const start = pos.i;
  for (;;) {
    if (pos.i >= buf.length) throw new WireError(start, 'truncated varint');
    const b = buf[pos.i++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 63n) throw new WireError(start, 'varint longer than 10 bytes');
  }
}

function varintJson(v: bigint): string | number {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function printableText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = textDecoder.decode(bytes);
  } catch {
    return undefined;
  }
  // Control characters other than tab/newline/CR suggest binary data.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) return undefined;
    if (c === 0xfffd) return undefined;
  }
  return text;
}

interface WireContext {
  masker: Masker;
  scope: MaskScope;
  /** Budget of decoded fields, so hostile input cannot make the walk unbounded. */
  budget: number;
}

function add(obj: WireObject, key: string, value: WireValue): void {
  const existing = obj[key];
  if (existing === undefined) obj[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else obj[key] = [existing, value];
}

/** Parses `buf` as a message; throws WireError on malformed input. */
function parseMessage(buf: Uint8Array, ctx: WireContext, depth: number, path: string): WireObject {
  const out: WireObject = {};
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    if (--ctx.budget < 0) throw new WireError(pos.i, 'too many fields');
    const tagStart = pos.i;
    const tag = readVarint(buf, pos);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0) throw new WireError(tagStart, 'field number 0');
    const key = String(field);
    switch (wireType) {
      case 0:
        add(out, key, varintJson(readVarint(buf, pos)));
        break;
      case 1: {
        if (pos.i + 8 > buf.length) throw new WireError(pos.i, 'truncated fixed64');
        const v = Buffer.from(buf.buffer, buf.byteOffset + pos.i, 8).readBigUInt64LE(0);
        pos.i += 8;
        add(out, key, varintJson(v));
        break;
      }
      case 5: {
        if (pos.i + 4 > buf.length) throw new WireError(pos.i, 'truncated fixed32');
        add(out, key, Buffer.from(buf.buffer, buf.byteOffset + pos.i, 4).readUInt32LE(0));
        pos.i += 4;
        break;
      }
      case 2: {
        const len = Number(readVarint(buf, pos));
        if (pos.i + len > buf.length) throw new WireError(pos.i, `length ${len} past end of message`);
        const bytes = buf.subarray(pos.i, pos.i + len);
        pos.i += len;
        add(out, key, guessLengthDelimited(bytes, ctx, depth, `${path}.${key}`));
        break;
      }
      default:
        throw new WireError(tagStart, `unsupported wire type ${wireType}`);
    }
  }
  return out;
}

function guessLengthDelimited(bytes: Uint8Array, ctx: WireContext, depth: number, path: string): WireValue {
  if (bytes.length === 0) return '';
  const text = printableText(bytes);
  // Printable text is far more often a string than a message whose bytes happen to be printable.
  if (text !== undefined && !(bytes[0] < 0x20)) return ctx.masker.maskText(text, ctx.scope, { kind: 'unknown-field', fieldPath: path });
  if (depth < MAX_DEPTH) {
    const saved = ctx.budget;
    try {
      return parseMessage(bytes, ctx, depth + 1, path);
    } catch {
      ctx.budget = saved;
    }
  }
  if (text !== undefined) return ctx.masker.maskText(text, ctx.scope, { kind: 'unknown-field', fieldPath: path });
  return 'base64:' + Buffer.from(bytes).toString('base64');
}

/** Renders unknown-schema protobuf bytes as masked JSON keyed by field number. */
export function renderWire(bytes: Uint8Array, masker: Masker, scope: MaskScope, maxBytes: number): RenderResult {
  const ctx: WireContext = { masker, scope, budget: 100_000 };
  const state: RenderState = { s: '', max: maxBytes, writing: true, truncated: false, depth: 0, scope };
  let value: WireValue = {};
  try {
    value = parseMessage(bytes, ctx, 0, "$");
  } catch (err) {
    state.error = err instanceof WireError ? err.message : 'wire decode failed';
  }
  state.s = JSON.stringify(value);
  return finish(state, bytes.length);
}
