import * as protobuf from 'protobufjs';
import { DROP, type FieldKind, type ValueMasker } from '../mask/masker';
import { ValueShapeError, bytesToBase64, int64Text, leafJson, varintSize32, varintSize64 } from './scalars';
import type { CompileContext, RenderState } from './render-plan';

/**
 * Canonical proto3 JSON for the well-known types protobufjs does not render canonically:
 * Timestamp, Duration, wrappers, Struct/Value/ListValue, Any and FieldMask.
 */
export interface WellKnownKind {
  name: string;
  /** When set, the whole value is one leaf and the field's masker applies to it. */
  leafKind?: FieldKind;
}

const WRAPPERS: Record<string, FieldKind> = {
  DoubleValue: 'double',
  FloatValue: 'float',
  Int64Value: 'int64',
  UInt64Value: 'uint64',
  Int32Value: 'int32',
  UInt32Value: 'uint32',
  BoolValue: 'bool',
  StringValue: 'string',
  BytesValue: 'bytes',
};

const KINDS = new Map<string, WellKnownKind>();
for (const [name, kind] of Object.entries(WRAPPERS)) KINDS.set(name, { name, leafKind: kind });
KINDS.set('Timestamp', { name: 'Timestamp', leafKind: 'string' });
KINDS.set('Duration', { name: 'Duration', leafKind: 'string' });
KINDS.set('FieldMask', { name: 'FieldMask', leafKind: 'string' });
KINDS.set('Struct', { name: 'Struct' });
KINDS.set('Value', { name: 'Value' });
KINDS.set('ListValue', { name: 'ListValue' });
KINDS.set('Any', { name: 'Any' });

export function wellKnownKind(type: protobuf.Type): WellKnownKind | undefined {
  const full = type.fullName;
  if (!full.startsWith('.google.protobuf.')) return undefined;
  return KINDS.get(full.slice('.google.protobuf.'.length));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return '.' + pad(nanos / 1_000_000, 3);
  if (nanos % 1_000 === 0) return '.' + pad(nanos / 1_000, 6);
  return '.' + pad(nanos, 9);
}

function secondsAndNanos(v: unknown): { seconds: number; nanos: number; secondsRaw: unknown } {
  if (v instanceof Date) {
    const ms = v.getTime();
    const seconds = Math.floor(ms / 1000);
    return { seconds, nanos: (ms - seconds * 1000) * 1_000_000, secondsRaw: seconds };
  }
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a {seconds, nanos} object');
  const o = v as { seconds?: unknown; nanos?: unknown };
  const secondsRaw = o.seconds ?? 0;
  const seconds = Number(int64Text(secondsRaw, false));
  const nanos = o.nanos === undefined || o.nanos === null ? 0 : Number(o.nanos);
  if (!Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999) throw new ValueShapeError('nanos within ±999999999');
  return { seconds, nanos, secondsRaw };
}

function secondsNanosSize(secondsRaw: unknown, seconds: number, nanos: number): number {
  return (seconds !== 0 ? 1 + varintSize64(secondsRaw, false) : 0) + (nanos !== 0 ? 1 + varintSize32(nanos) : 0);
}

function timestampText(seconds: number, nanos: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw new ValueShapeError('a timestamp within the supported range');
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return iso.slice(0, 19) + fraction(nanos) + 'Z';
}

function durationText(seconds: number, nanos: number): string {
  const negative = seconds < 0 || nanos < 0;
  return (negative ? '-' : '') + String(Math.abs(seconds)) + fraction(Math.abs(nanos)) + 's';
}

/** Struct/Value/ListValue as a plain JSON value. */
function valueToJs(v: unknown, depth: number): unknown {
  if (depth > 64) throw new ValueShapeError('a Value nested less than 64 levels');
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Value object');
  const o = v as Record<string, unknown>;
  const kind = typeof o.kind === 'string' ? o.kind : undefined;
  const has = (k: string): boolean => (kind ? kind === k : o[k] !== undefined && o[k] !== null);
  if (has('nullValue') || has('null_value')) return null;
  if (has('numberValue')) return o.numberValue;
  if (has('number_value')) return o.number_value;
  if (has('stringValue')) return o.stringValue;
  if (has('string_value')) return o.string_value;
  if (has('boolValue')) return o.boolValue;
  if (has('bool_value')) return o.bool_value;
  if (has('structValue') || has('struct_value')) return structToJs(o.structValue ?? o.struct_value, depth + 1);
  if (has('listValue') || has('list_value')) return listToJs(o.listValue ?? o.list_value, depth + 1);
  return null;
}

function structToJs(v: unknown, depth: number): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Struct object');
  const fields = (v as { fields?: Record<string, unknown> }).fields ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(fields)) out[k] = valueToJs(val, depth + 1);
  return out;
}

function listToJs(v: unknown, depth: number): unknown[] {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.ListValue object');
  const values = (v as { values?: unknown[] }).values ?? [];
  return values.map((x) => valueToJs(x, depth + 1));
}

let wktRoot: protobuf.Root | undefined;
function wktType(name: string): protobuf.Type {
  if (!wktRoot) {
    wktRoot = new protobuf.Root();
    wktRoot.loadSync('google/protobuf/struct.proto');
    wktRoot.resolveAll();
  }
  return wktRoot.lookupType('google.protobuf.' + name);
}

function leaf(kind: FieldKind, v: unknown): string | number | boolean {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw new ValueShapeError('a string');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new ValueShapeError('a boolean');
      return v;
    case 'bytes':
      return bytesToBase64(v).text;
    case 'int64':
      return int64Text(v, false);
    case 'uint64':
      return int64Text(v, true);
    default:
      if (typeof v !== 'number') throw new ValueShapeError('a number');
      return kind === 'float' ? Math.fround(v) : v;
  }
}

function wrapperSize(kind: FieldKind, v: unknown): number {
  switch (kind) {
    case 'string':
      return v === '' ? 0 : 1 + varintSize32(Buffer.byteLength(v as string)) + Buffer.byteLength(v as string);
    case 'bytes': {
      const n = bytesToBase64(v).length;
      return n === 0 ? 0 : 1 + varintSize32(n) + n;
    }
    case 'bool':
      return v ? 2 : 0;
    case 'double':
      return v === 0 ? 0 : 9;
    case 'float':
      return v === 0 ? 0 : 5;
    case 'int64':
    case 'uint64':
      return int64Text(v, kind === 'uint64') === '0' ? 0 : 1 + varintSize64(v, false);
    default:
      return v === 0 ? 0 : 1 + varintSize32(v as number);
  }
}

function emitLeaf(state: RenderState, value: string | number | boolean, mask: ValueMasker | undefined): void {
  if (!state.writing) return;
  const masked = mask ? mask(value, state.scope) : value;
  if (masked === DROP) return;
  state.s += leafJson(masked);
}

/**
 * Writes the canonical JSON of a well-known value into state.s and returns the encoded size of
 * its body. `mask` is the field's masker for leaf-like kinds.
 */
export function renderWellKnown(
  kind: WellKnownKind,
  v: unknown,
  state: RenderState,
  mask: ValueMasker | undefined,
  ctx: CompileContext,
  path: string,
): number {
  switch (kind.name) {
    case 'Timestamp': {
      const { seconds, nanos, secondsRaw } = secondsAndNanos(v);
      emitLeaf(state, timestampText(seconds, nanos), mask);
      return secondsNanosSize(secondsRaw, seconds, nanos);
    }
    case 'Duration': {
      const { seconds, nanos, secondsRaw } = secondsAndNanos(v);
      emitLeaf(state, durationText(seconds, nanos), mask);
      return secondsNanosSize(secondsRaw, seconds, nanos);
    }
    case 'FieldMask': {
      const paths = (v as { paths?: unknown }).paths;
      if (!Array.isArray(paths)) throw new ValueShapeError('a FieldMask with paths');
      emitLeaf(state, paths.map((p) => String(p).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).join(','), mask);
      return paths.reduce((n: number, p) => n + 1 + varintSize32(Buffer.byteLength(String(p))) + Buffer.byteLength(String(p)), 0);
    }
    case 'Struct':
    case 'Value':
    case 'ListValue': {
      const js = kind.name === 'Struct' ? structToJs(v, 0) : kind.name === 'ListValue' ? listToJs(v, 0) : valueToJs(v, 0);
      if (state.writing) state.s += JSON.stringify(ctx.masker.maskUntyped(js, state.scope, ctx.methodPath));
      const type = wktType(kind.name);
      return type.encode(type.fromObject(v as Record<string, unknown>)).len;
    }
    case 'Any':
      return renderAny(v, state, ctx, path);
    default: {
      const leafKind = kind.leafKind as FieldKind;
      const inner = typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && !(v instanceof Uint8Array) ? (v as { value?: unknown }).value : v;
      const value = inner === undefined || inner === null ? defaultOf(leafKind) : inner;
      emitLeaf(state, leaf(leafKind, value), mask);
      return wrapperSize(leafKind, value);
    }
  }
}

function defaultOf(kind: FieldKind): unknown {
  if (kind === 'string') return '';
  if (kind === 'bool') return false;
  if (kind === 'bytes') return Buffer.alloc(0);
  if (kind === 'int64' || kind === 'uint64') return '0';
  return 0;
}

function renderAny(v: unknown, state: RenderState, ctx: CompileContext, path: string): number {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Any object');
  const o = v as { type_url?: unknown; typeUrl?: unknown; value?: unknown };
  const url = String(o.typeUrl ?? o.type_url ?? '');
  const bytes = o.value === undefined || o.value === null ? Buffer.alloc(0) : Buffer.from(bytesToBase64(o.value).text, 'base64');
  const size =
    (url ? 1 + varintSize32(Buffer.byteLength(url)) + Buffer.byteLength(url) : 0) +
    (bytes.length ? 1 + varintSize32(bytes.length) + bytes.length : 0);
  if (!state.writing) return size;
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  const type = typeName ? ctx.registry?.lookupType(typeName) : undefined;
  if (!type) {
    state.s += `{"@type":${JSON.stringify(url)},"value":${JSON.stringify(bytes.toString('base64'))}}`;
    return size;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plans = require('./render-plan') as typeof import('./render-plan');
  const decoded = type.decode(bytes);
  const mark = state.s.length;
  const wk = wellKnownKind(type);
  if (wk) {
    state.s += `{"@type":${JSON.stringify(url)},"value":`;
    renderWellKnown(wk, decoded, state, undefined, ctx, path);
    state.s += '}';
  } else {
    plans.renderMessage(plans.compilePlan(ctx, type, path), decoded, state);
    const body = state.s.slice(mark + 1); // after '{'
    state.s = state.s.slice(0, mark) + `{"@type":${JSON.stringify(url)}` + (body === '}' ? '}' : ',' + body);
  }
  return size;
}
