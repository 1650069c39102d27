import * as protobuf from 'protobufjs';
import { DROP, type FieldKind, type ValueMasker } from '../mask/masker';
import * as scalars from './scalars';
import { ValueShapeError } from './scalars';
import type { CompileContext } from './render-plan';
import { applyMask, checkBudget, STOP, type RenderState } from './render-state';
import { renderWireInto } from './wire-decoder';

// Bound once (see render-plan.ts: named imports cost a getter call per use under tsx).
const { bytesLength, bytesView, float32Value, int64Text, leafJson, lengthDelimited, varintSize32, varintSize64 } = scalars;

/**
 * Canonical proto3 JSON for the well-known types protobufjs does not render canonically:
 * Timestamp, Duration, wrappers, Struct/Value/ListValue, Any and FieldMask. Sizes count every
 * field present on the object, as protobufjs's encoder writes them (defaults included).
 */
export interface WellKnownKind {
  name: string;
  /** Rendered as one JSON leaf (string, number, bool): the field's masker sees that leaf. */
  leaf: boolean;
  /** FieldKind given to the masker's FieldSite: the wrapped kind for wrappers, 'message' otherwise. */
  siteKind: FieldKind;
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
for (const [name, kind] of Object.entries(WRAPPERS)) KINDS.set(name, { name, leaf: true, siteKind: kind });
// Timestamps, durations and field masks render as strings but are not free text: the masker is
// told 'message' so that content detectors are not run over them.
for (const name of ['Timestamp', 'Duration', 'FieldMask']) KINDS.set(name, { name, leaf: true, siteKind: 'message' });
for (const name of ['Struct', 'Value', 'ListValue', 'Any']) KINDS.set(name, { name, leaf: false, siteKind: 'message' });

export function wellKnownKind(type: protobuf.Type): WellKnownKind | undefined {
  const full = type.fullName;
  if (!full.startsWith('.google.protobuf.')) return undefined;
  return KINDS.get(full.slice('.google.protobuf.'.length));
}

/**
 * A field of a well-known value as protobufjs's encoder sees it: Message instances keep their
 * defaults on the prototype, and only own properties are encoded.
 */
function field(o: object, key: string): unknown {
  if (o instanceof protobuf.Message && !Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  return (o as Record<string, unknown>)[key];
}

// --- Timestamp / Duration -------------------------------------------------------------------

const MIN_TIMESTAMP_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_TIMESTAMP_SECONDS = 253402300799; // 9999-12-31T23:59:59Z
const MAX_DURATION_SECONDS = 315576000000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return '.' + pad(nanos / 1_000_000, 3);
  if (nanos % 1_000 === 0) return '.' + pad(nanos / 1_000, 6);
  return '.' + pad(nanos, 9);
}

interface SecondsNanos {
  seconds: number;
  nanos: number;
  size: number;
}

function secondsAndNanos(v: unknown, what: string): SecondsNanos {
  if (v instanceof Date) throw new ValueShapeError(`a ${what} {seconds, nanos} object (protobufjs encodes a Date as the epoch)`);
  if (typeof v !== 'object' || v === null) throw new ValueShapeError(`a ${what} {seconds, nanos} object`);
  const rawSeconds = field(v, 'seconds');
  const rawNanos = field(v, 'nanos');
  let size = 0;
  let seconds = 0;
  let nanos = 0;
  if (rawSeconds !== undefined && rawSeconds !== null) {
    const text = int64Text(rawSeconds, false);
    seconds = Number(text);
    size += 1 + varintSize64(text, false);
  }
  if (rawNanos !== undefined && rawNanos !== null) {
    if (typeof rawNanos !== 'number' || !Number.isInteger(rawNanos)) throw new ValueShapeError(`integer ${what} nanos`);
    nanos = rawNanos;
    size += 1 + varintSize32(nanos);
  }
  return { seconds, nanos, size };
}

function timestampText(seconds: number, nanos: number): string {
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS || nanos < 0 || nanos > 999_999_999) {
    throw new ValueShapeError('a Timestamp between 0001-01-01 and 9999-12-31 with nanos in [0, 999999999]');
  }
  return civilTime(seconds) + fraction(nanos) + 'Z';
}

/**
 * 'YYYY-MM-DDTHH:MM:SS' of Unix seconds by arithmetic (days-from-civil inverse, proleptic
 * Gregorian): cheaper than building a Date per timestamp on the hot path.
 */
function civilTime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  return pad(y, 4) + '-' + pad2(m) + '-' + pad2(d) + 'T' + pad2(hh) + ':' + pad2(mm) + ':' + pad2(ss);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function durationText(seconds: number, nanos: number): string {
  if (Math.abs(seconds) > MAX_DURATION_SECONDS || Math.abs(nanos) > 999_999_999 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    throw new ValueShapeError('a Duration within ±315576000000s whose seconds and nanos share a sign');
  }
  const negative = seconds < 0 || nanos < 0;
  return (negative ? '-' : '') + String(Math.abs(seconds)) + fraction(Math.abs(nanos)) + 's';
}

// --- Struct / Value / ListValue -------------------------------------------------------------

/** Struct/Value/ListValue as a plain JSON value; accepts camelCase, snake_case and the oneof `kind` key. */
function valueToJs(v: unknown, depth: number): unknown {
  if (depth > 64) throw new ValueShapeError('a Value nested less than 64 levels');
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Value object');
  const o = v as Record<string, unknown>;
  const pick = (camel: string, snakeName: string): unknown => {
    if (typeof o.kind === 'string' && o.kind !== camel && o.kind !== snakeName) return undefined;
    return o[camel] ?? o[snakeName] ?? undefined;
  };
  if (pick('nullValue', 'null_value') !== undefined) return null;
  const n = pick('numberValue', 'number_value');
  if (n !== undefined) {
    if (typeof n !== 'number') throw new ValueShapeError('a numeric numberValue');
    return Number.isFinite(n) ? n : String(n);
  }
  const s = pick('stringValue', 'string_value');
  if (s !== undefined) {
    if (typeof s !== 'string') throw new ValueShapeError('a string stringValue');
    return s;
  }
  const b = pick('boolValue', 'bool_value');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new ValueShapeError('a boolean boolValue');
    return b;
  }
  const st = pick('structValue', 'struct_value');
  if (st !== undefined) return structToJs(st, depth + 1);
  const l = pick('listValue', 'list_value');
  if (l !== undefined) return listToJs(l, depth + 1);
  return null;
}

function structToJs(v: unknown, depth: number): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Struct object');
  const fields = (v as { fields?: unknown }).fields ?? {};
  if (typeof fields !== 'object' || fields === null) throw new ValueShapeError('a Struct with a fields map');
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(fields)) out[k] = valueToJs(val, depth + 1);
  return out;
}

function listToJs(v: unknown, depth: number): unknown[] {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.ListValue object');
  const values = (v as { values?: unknown }).values ?? [];
  if (!Array.isArray(values)) throw new ValueShapeError('a ListValue with a values array');
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

// --- wrappers -------------------------------------------------------------------------------

function wrapperLeaf(kind: FieldKind, v: unknown): string | number | boolean {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw new ValueShapeError('a string');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new ValueShapeError('a boolean');
      return v;
    case 'bytes':
      return bytesView(v).text;
    case 'int64':
      return int64Text(v, false);
    case 'uint64':
      return int64Text(v, true);
    default: {
      if (typeof v !== 'number') throw new ValueShapeError('a number');
      if (kind === 'float') return float32Value(v);
      if (kind === 'int32') return v | 0;
      if (kind === 'uint32') return v >>> 0;
      return v;
    }
  }
}

function wrapperValueSize(kind: FieldKind, raw: unknown, jv: string | number | boolean): number {
  switch (kind) {
    case 'string':
      return lengthDelimited(Buffer.byteLength(raw as string));
    case 'bytes':
      return lengthDelimited(bytesLength(raw));
    case 'bool':
      return 1;
    case 'double':
      return 8;
    case 'float':
      return 4;
    case 'int64':
    case 'uint64':
      return varintSize64(jv as string, false);
    default:
      return varintSize32(jv as number);
  }
}

const WRAPPER_DEFAULT: Partial<Record<FieldKind, string | number | boolean>> = {
  string: '', bytes: '', bool: false, int64: '0', uint64: '0', int32: 0, uint32: 0, double: 0, float: 0,
};

function emitLeaf(state: RenderState, value: string | number | boolean, mask: ValueMasker | undefined): void {
  if (!state.writing) return;
  const masked = mask ? applyMask(mask, value, state.scope) : value;
  if (masked === DROP) return;
  state.s += leafJson(masked);
}

/**
 * Writes the canonical JSON of a well-known value into state.s and returns the encoded size of
 * its body. `mask` is the field's leaf masker for leaf kinds.
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
      const t = secondsAndNanos(v, 'Timestamp');
      const text = timestampText(t.seconds, t.nanos);
      emitLeaf(state, text, mask);
      return t.size;
    }
    case 'Duration': {
      const d = secondsAndNanos(v, 'Duration');
      emitLeaf(state, durationText(d.seconds, d.nanos), mask);
      return d.size;
    }
    case 'FieldMask': {
      if (typeof v !== 'object' || v === null) throw new ValueShapeError('a FieldMask object');
      const paths = (v as { paths?: unknown }).paths ?? [];
      if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw new ValueShapeError('a FieldMask with string paths');
      const camel = (paths as string[]).map((p) => p.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
      emitLeaf(state, camel.join(','), mask);
      return (paths as string[]).reduce((n, p) => n + 1 + lengthDelimited(Buffer.byteLength(p)), 0);
    }
    case 'Struct':
    case 'Value':
    case 'ListValue': {
      const js = kind.name === 'Struct' ? structToJs(v, 0) : kind.name === 'ListValue' ? listToJs(v, 0) : valueToJs(v, 0);
      // Sizes through protobufjs: a Message instance encodes itself (its prototype defaults would
      // be copied by fromObject); a plain object is normalised first, as grpc-js does.
      const size =
        v instanceof protobuf.Message
          ? (v.$type as protobuf.Type).encode(v).len
          : wktType(kind.name).encode(wktType(kind.name).fromObject(v as Record<string, unknown>)).len;
      if (state.writing) {
        // No schema for the contents: every string is free text for the masker.
        state.s += JSON.stringify(ctx.masker.maskUntyped(js, state.scope, ctx.methodPath)) ?? 'null';
        checkBudget(state);
      }
      return size;
    }
    case 'Any':
      return renderAny(v, state, ctx, path);
    default: {
      const leafKind = kind.siteKind;
      const present = typeof v === 'object' && v !== null && !(v instanceof Uint8Array) ? field(v, 'value') : v;
      const inner = present === undefined || present === null ? undefined : present;
      const jv = inner === undefined ? (WRAPPER_DEFAULT[leafKind] as string | number | boolean) : wrapperLeaf(leafKind, inner);
      emitLeaf(state, jv, mask);
      return inner === undefined ? 0 : 1 + wrapperValueSize(leafKind, inner, jv);
    }
  }
}

/**
 * `{"@type": url, ...fields}` when the packed type is known (to the registry or the message's
 * own root); otherwise `{"@type": url, "@wire": {...}}`, the bytes decoded by field number with
 * every guessed string masked — base64 would carry personal data past the masker unseen.
 */
function renderAny(v: unknown, state: RenderState, ctx: CompileContext, path: string): number {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a google.protobuf.Any object');
  const urlRaw = field(v, 'type_url') ?? field(v, 'typeUrl');
  if (urlRaw !== undefined && urlRaw !== null && typeof urlRaw !== 'string') throw new ValueShapeError('a string Any type_url');
  const url = (urlRaw as string | undefined) ?? '';
  const rawValue = field(v, 'value');
  const hasValue = rawValue !== undefined && rawValue !== null;
  const bytes = hasValue ? Buffer.from(bytesView(rawValue).text, 'base64') : Buffer.alloc(0);
  const size =
    (urlRaw !== undefined && urlRaw !== null ? 1 + lengthDelimited(Buffer.byteLength(url)) : 0) +
    (hasValue ? 1 + lengthDelimited(bytes.length) : 0);
  if (!state.writing) return size;
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  const type = typeName ? lookupType(ctx, typeName) : undefined;
  const head = `{"@type":${JSON.stringify(url)}`;
  let decoded: protobuf.Message | undefined;
  if (type) {
    try {
      decoded = type.decode(bytes);
    } catch {
      decoded = undefined; // rendered by field number below, with a marker
    }
  }
  if (!type || !decoded) {
    if (type && !state.error) {
      state.errors++;
      state.error = `cannot render field '${path}': expected Any bytes that decode as the type its URL names`;
    }
    state.s += head + ',"@wire":';
    state.methodPath ??= ctx.methodPath; // no schema for the packed type: the unknown-schema treatment of this method
    renderWireInto(bytes, state, ctx.masker, path);
    state.s += '}';
    checkBudget(state);
    return size;
  }
  const wk = wellKnownKindOf(type);
  if (wk) {
    state.s += head + ',"value":';
    renderWellKnown(wk, decoded, state, undefined, ctx, path);
    state.s += '}';
    checkBudget(state);
    return size;
  }
  state.s += head;
  const bodyMark = state.s.length;
  const fixBody = (): void => {
    // The nested render wrote '{...}': turn its opening brace into the separator after @type.
    const body = state.s.slice(bodyMark);
    state.s = state.s.slice(0, bodyMark) + (body.startsWith('{}') ? body.slice(1) : ',' + body.slice(1));
  };
  try {
    ctx.renderNested(ctx, type, decoded, state, path);
  } catch (err) {
    if (err === STOP) fixBody();
    throw err;
  }
  fixBody();
  return size;
}

function wellKnownKindOf(type: protobuf.Type): WellKnownKind | undefined {
  return wellKnownKind(type);
}

function lookupType(ctx: CompileContext, name: string): protobuf.Type | undefined {
  const fromRegistry = ctx.registry?.lookupType(name);
  if (fromRegistry) return fromRegistry;
  try {
    const found = ctx.root?.lookup('.' + name.replace(/^\./, ''), [protobuf.Type]);
    return found instanceof protobuf.Type ? found : undefined;
  } catch {
    return undefined;
  }
}
