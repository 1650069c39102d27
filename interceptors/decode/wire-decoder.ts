import { objectKind, ObjectKind } from '../mask/field-hints';
import { binarySummary } from '../mask/binary-summary';
import { cutMasked, maskWindow } from './cut-after-mask';
import type { Masker, MaskScope, TextSite } from '../mask/masker';
import { checkBudget, finish, newState, STOP, type RenderResult, type RenderState } from './render-state';

/**
 * Fallback for messages whose schema is unknown: decodes protobuf bytes into JSON keyed by field
 * number (`{"1": 5, "2": ["a", "b"]}`; a number seen more than once becomes an array).
 * Varints and fixed64 are numbers, or decimal strings above 2^53; fixed32 an unsigned number.
 * Length-delimited fields are guessed: a nested message if the bytes parse completely as one
 * (and, when they are also printable text, contain a length-delimited field of their own), else
 * UTF-8 text if valid and printable, else `"base64:..."`. Every guessed string is free text for
 * `masker.maskText`. Never throws: malformed input yields what was decoded plus an error marker.
 *
 * Two phases — parse to a tree, then render with masking — so strings of a guess that is later
 * abandoned are never shown to the masker (its counts stay exact).
 */

const MAX_DEPTH = 32;
const CUT_SLACK = 1024;

class WireError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`wire decode failed at byte ${offset}: ${reason}`);
  }
}

type WireNode =
  | { t: 'num'; v: number | string }
  | { t: 'msg'; fields: Array<[number, WireNode]> }
  | { t: 'text'; s: string }
  | { t: 'bytes'; b: Uint8Array };

interface ParseContext {
  /** Bytes the parser may still examine, across nested guesses: hostile input cannot make the walk unbounded. */
  work: number;
}

interface Cursor {
  i: number;
}

/** Top-level parse state kept when parsing fails or stops early, so what was decoded is shown. */
interface PartialParse {
  fields: Array<[number, WireNode]>;
  pos: Cursor;
  /** Top-level fields starting at or after this offset are not parsed (output would be cut anyway). */
  stopAt: number;
}

const TWO_POW_32 = 4294967296;

/** Reads a varint as a number when below 2^53, else as a decimal string. */
function readVarint(buf: Uint8Array, pos: Cursor, end: number): number | string {
  const start = pos.i;
  let result = 0;
  let multiplier = 1;
  for (let n = 0; n < 7; n++) {
    if (pos.i >= end) throw new WireError(start, 'truncated varint');
    const b = buf[pos.i++];
    result += (b & 0x7f) * multiplier;
    if ((b & 0x80) === 0) return result;
    multiplier *= 128;
  }
  // More than 49 bits: finish in BigInt.
  let big = BigInt(result);
  let shift = 49n;
  for (;;) {
    if (pos.i >= end) throw new WireError(start, 'truncated varint');
    const b = buf[pos.i++];
    big |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7n;
    if (shift > 63n) throw new WireError(start, 'varint longer than 10 bytes');
  }
  big = BigInt.asUintN(64, big);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text if valid and free of control characters other than tab/newline/CR. */
function printableText(bytes: Uint8Array, allowCutTail: boolean): string | undefined {
  let text: string | undefined;
  for (let drop = 0; drop <= (allowCutTail ? 3 : 0) && text === undefined; drop++) {
    try {
      text = textDecoder.decode(drop ? bytes.subarray(0, bytes.length - drop) : bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) return undefined;
  }
  return text;
}

/** Parses buf[start, end) as a message; throws WireError (offsets relative to `base`) on malformed input. */
function parseMessage(buf: Uint8Array, start: number, end: number, depth: number, ctx: ParseContext, partial?: PartialParse): WireNode {
  const fields: Array<[number, WireNode]> = partial ? partial.fields : [];
  const pos: Cursor = partial ? partial.pos : { i: start };
  const stopAt = partial ? partial.stopAt : end;
  while (pos.i < end && pos.i < stopAt) {
    const tagStart = pos.i;
    const tag = readVarint(buf, pos, end);
    if (typeof tag !== 'number' || tag >= TWO_POW_32) throw new WireError(tagStart, 'field number out of range');
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === 0) throw new WireError(tagStart, 'field number 0');
    switch (wireType) {
      case 0:
        fields.push([field, { t: 'num', v: readVarint(buf, pos, end) }]);
        break;
      case 1: {
        if (pos.i + 8 > end) throw new WireError(pos.i, 'truncated fixed64');
        const lo = readUint32(buf, pos.i);
        const hi = readUint32(buf, pos.i + 4);
        pos.i += 8;
        const v = hi < 0x200000 ? hi * TWO_POW_32 + lo : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
        fields.push([field, { t: 'num', v }]);
        break;
      }
      case 5:
        if (pos.i + 4 > end) throw new WireError(pos.i, 'truncated fixed32');
        fields.push([field, { t: 'num', v: readUint32(buf, pos.i) }]);
        pos.i += 4;
        break;
      case 2: {
        const lenStart = pos.i;
        const len = readVarint(buf, pos, end);
        if (typeof len !== 'number' || pos.i + len > end) throw new WireError(lenStart, `length ${len} past the end of the message`);
        const bodyStart = pos.i;
        pos.i += len;
        fields.push([field, guessLengthDelimited(buf, bodyStart, bodyStart + len, depth, ctx)]);
        break;
      }
      default:
        throw new WireError(tagStart, `unsupported wire type ${wireType}`);
    }
  }
  return { t: 'msg', fields };
}

function readUint32(buf: Uint8Array, i: number): number {
  return (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16)) + buf[i + 3] * 0x1000000;
}

function hasLengthDelimited(node: WireNode): boolean {
  return node.t === 'msg' && node.fields.some(([, v]) => v.t !== 'num');
}

function guessLengthDelimited(buf: Uint8Array, start: number, end: number, depth: number, ctx: ParseContext): WireNode {
  const len = end - start;
  if (len === 0) return { t: 'text', s: '' };
  const bytes = buf.subarray(start, end);
  if (len > ctx.work) {
    // Too big to examine: shown as text or bytes and cut by the renderer.
    const head = bytes.subarray(0, Math.max(0, ctx.work));
    const text = printableText(head, true);
    return text !== undefined ? { t: 'text', s: text } : { t: 'bytes', b: bytes };
  }
  ctx.work -= len;
  const text = printableText(bytes, false);
  if (depth < MAX_DEPTH) {
    try {
      const msg = parseMessage(buf, start, end, depth + 1, ctx);
      // Printable text parses as a message surprisingly often ("HI" is field 9 = 73): keep the
      // message reading only when it has structure of its own.
      if (text === undefined || hasLengthDelimited(msg)) return msg;
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
    }
  }
  return text !== undefined ? { t: 'text', s: text } : { t: 'bytes', b: bytes };
}

// --- rendering -----------------------------------------------------------------------------

/**
 * What the wire says about where a string sits, inferred from structure alone: protobuf maps
 * (google.protobuf.Struct included) are repeated `{1: key, 2: value}` entries, so the key names
 * the value (and the keys of one map tell what the object is); a message with one field (a
 * Value/ListValue wrapper) passes its name on.
 */
interface WireHint {
  name: string;
  /** Dotted path of inferred keys, for the masker's per-site cache. */
  path: string;
  parent: ObjectKind;
}

/** Hint for the key text of a map entry: masked as a JSON key (data keys such as names are masked). */
const KEY_HINT: WireHint = { name: '', path: '', parent: ObjectKind.None };

const KEY_SHAPE = /^[A-Za-z_@$][A-Za-z0-9_@$.\-]{0,63}$/;

/** `{1: text, 2: value}` (or a key alone): a map entry; returns the key. */
function entryKey(node: WireNode): string | undefined {
  if (node.t !== 'msg' || node.fields.length === 0 || node.fields.length > 2) return undefined;
  const [k, v] = node.fields;
  if (k[0] !== 1 || k[1].t !== 'text') return undefined;
  if (v && v[0] !== 2) return undefined;
  return k[1].s;
}

/** The keys of a map rendered as repeated field 1 of entries, or undefined. */
function mapKeys(node: WireNode & { t: 'msg' }): string[] | undefined {
  if (node.fields.length === 0) return undefined;
  const keys: string[] = [];
  for (const [n, v] of node.fields) {
    const k = n === 1 ? entryKey(v) : undefined;
    if (k === undefined) return undefined;
    keys.push(k);
  }
  return keys;
}

function renderNode(node: WireNode, state: RenderState, masker: Masker, path: string, hint?: WireHint): void {
  switch (node.t) {
    case 'num':
      state.s += typeof node.v === 'number' ? String(node.v) : '"' + node.v + '"';
      return;
    case 'text': {
      const room = state.max - state.s.length + CUT_SLACK;
      const full = node.s;
      // mask first, then cut (cut-after-mask.ts): a value straddling the budget is never shown in part
      const cut = full.length > room;
      const text = cut ? maskWindow(full, room) : full;
      let masked: string;
      try {
        let site: TextSite;
        if (hint === KEY_HINT) site = { kind: 'json-key' };
        else {
          site = hint
            ? { kind: 'unknown-field', fieldPath: hint.path, fieldName: hint.name, parentKind: hint.parent, unknownSchema: true }
            : { kind: 'unknown-field', fieldPath: path, unknownSchema: true };
          if (state.methodPath !== undefined) site.methodPath = state.methodPath;
        }
        masked = masker.maskText(text, state.scope, site);
      } catch {
        // A masker failure must not let the text through.
        masked = '[REDACTED:masker-error]';
        if (!state.error) state.error = `cannot render unknown field '${path}': the masker failed`;
        state.errors++;
      }
      if (cut) masked = cutMasked(masked, room, full, text.length);
      state.s += JSON.stringify(masked);
      if (cut) {
        state.truncated = true;
        throw STOP;
      }
      return;
    }
    case 'bytes':
      // neither text nor a message: its length and digest, never the bytes (binary-summary.ts)
      state.s += '"' + binarySummary(node.b) + '"';
      return;
    case 'msg': {
      // children's hints: entries of a map are named by their keys; a one-field wrapper passes its name on
      let childHint: (n: number, v: WireNode) => WireHint | undefined = () => undefined;
      const keys = mapKeys(node);
      if (keys) {
        const kind = objectKind(hint?.name ?? '', keys, hint?.parent ?? ObjectKind.None);
        const base = hint?.path ?? '';
        childHint = (_n, v) => {
          const key = entryKey(v) as string;
          // a key that is data (a name, an e-mail) names nothing, but the entry still has a key to mask
          const name = KEY_SHAPE.test(key) ? key : '';
          return { name, path: base ? base + '.' + (name || '{key}') : name || '{key}', parent: kind };
        };
      } else if (hint && node.fields.every(([n]) => n === node.fields[0][0])) {
        childHint = () => hint;
      } else if (hint && entryKey(node) !== undefined) {
        // inside one entry: the key itself (field 1) is a JSON key, the value (field 2) carries the hint
        childHint = (n) => (n === 2 ? hint : n === 1 ? KEY_HINT : undefined);
      }
      const groups = new Map<number, WireNode[]>();
      for (const [n, v] of node.fields) {
        const g = groups.get(n);
        if (g) g.push(v);
        else groups.set(n, [v]);
      }
      state.s += '{';
      let first = true;
      for (const [n, values] of groups) {
        const childPath = path ? `${path}.${n}` : String(n);
        state.s += (first ? '"' : ',"') + n + '":';
        first = false;
        if (values.length === 1) renderNode(values[0], state, masker, childPath, childHint(n, values[0]));
        else {
          state.s += '[';
          for (let i = 0; i < values.length; i++) {
            if (i) state.s += ',';
            renderNode(values[i], state, masker, childPath, childHint(n, values[i]));
            checkBudget(state);
          }
          state.s += ']';
        }
        checkBudget(state);
      }
      state.s += '}';
    }
  }
}

/**
 * Decodes `bytes` and appends the masked JSON to `state.s` (used for the value of an `Any` whose
 * type is unknown, too). Decode errors set `state.error`; throws only STOP (over budget).
 */
export function renderWireInto(bytes: Uint8Array, state: RenderState, masker: Masker, path: string): void {
  const budgetBytes = Number.isFinite(state.max) ? Math.max(0, state.max - state.s.length) : Infinity;
  // JSON of a wire message is rarely shorter than half its bytes: beyond that it will be cut anyway.
  const stopAt = Math.min(bytes.length, budgetBytes * 2 + 4 * CUT_SLACK);
  const ctx: ParseContext = { work: Math.max(64 * 1024, budgetBytes * 8) };
  const partial: PartialParse = { fields: [], pos: { i: 0 }, stopAt };
  let failed = false;
  try {
    parseMessage(bytes, 0, bytes.length, 0, ctx, partial);
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    failed = true;
    state.errors++;
    if (!state.error) state.error = path && path !== '$' ? `${err.message} (in '${path}')` : err.message;
  }
  const stoppedEarly = !failed && partial.pos.i < bytes.length;
  renderNode({ t: 'msg', fields: partial.fields }, state, masker, path === '$' ? '' : path);
  if (stoppedEarly) {
    state.truncated = true;
    throw STOP;
  }
}

/** Renders unknown-schema protobuf bytes as masked JSON keyed by field number. Never throws. */
export function renderWire(bytes: Uint8Array, masker: Masker, scope: MaskScope, maxBytes: number, methodPath?: string): RenderResult {
  const state = newState(scope, maxBytes, true);
  state.methodPath = methodPath;
  if (!(bytes instanceof Uint8Array)) {
    state.error = 'wire decode failed at byte 0: expected bytes';
    state.s = '{}';
    return finish(state, undefined);
  }
  try {
    renderWireInto(bytes, state, masker, '$');
  } catch (err) {
    if (err !== STOP) {
      state.error ??= 'wire decode failed: internal error';
      state.s = '{}';
    }
  }
  const result = finish(state, undefined);
  result.size = bytes.length; // known exactly, whether or not the bytes decode
  return result;
}
