import * as protobuf from 'protobufjs';
import { DROP, type FieldKind, type FieldSite, type Masker, type MaskScope, type ValueMasker } from '../mask/masker';
import type { SchemaRegistry } from './schema-registry';
import {
  ValueShapeError,
  bytesToBase64,
  int64Text,
  leafJson,
  varintSize32,
  varintSize64,
  zigzag32Size,
} from './scalars';
import { renderWellKnown, wellKnownKind, type WellKnownKind } from './well-known';

/**
 * A render plan turns the application's message object straight into masked canonical proto3
 * JSON, computing the message's encoded size in the same walk. It is compiled once per
 * (method, message type, field path) and reused for every message: field names, JSON keys,
 * tag sizes and the masker's per-field functions are all resolved at compile time.
 * Why not protobufjs encode → decode → toObject → JSON.stringify: that round trip costs several
 * times more per message (DESIGN.md, "The hot path").
 */

export interface RenderResult {
  /** Masked canonical JSON; cut (possibly mid-token) when `truncated`. */
  json: string;
  truncated: boolean;
  /** Encoded protobuf size of the message as the application holds it. */
  size: number;
  /** A marker naming the field path and the expected shape when part of the message could not be rendered. */
  error?: string;
}

export interface MessageRenderer {
  readonly typeName: string;
  render(message: unknown, scope: MaskScope, maxBytes: number): RenderResult;
}

/** Mutable state of one render walk. */
export interface RenderState {
  s: string;
  max: number;
  /** False once the output passed `max`: the walk then only sums sizes. */
  writing: boolean;
  truncated: boolean;
  error?: string;
  depth: number;
  scope: MaskScope;
}

const MAX_DEPTH = 64;
/** Field paths deeper than this reuse one plan, so recursive types compile a bounded number of plans. */
const MAX_PATH_SEGMENTS = 12;

type ScalarKind = Exclude<FieldKind, 'message'>;

const WIRE_TYPE: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5,
  int64: 0, uint64: 0, sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2, enum: 0, message: 2,
};

interface FieldPlan {
  /** Property names tried on the object: JSON (camel) name, then the .proto name if different. */
  keyA: string;
  keyB: string | undefined;
  /** '"jsonName":' ready to append. */
  jsonKey: string;
  fieldPath: string;
  kind: FieldKind;
  repeated: boolean;
  packed: boolean;
  /** Field has explicit presence (oneof member, proto3 optional, message): defaults are rendered. */
  presence: boolean;
  tagSize: number;
  mask: ValueMasker | undefined;
  enumType: protobuf.Enum | undefined;
  messageType: protobuf.Type | undefined;
  wellKnown: WellKnownKind | undefined;
  /** Resolved on first use: plans of nested types are compiled lazily (recursive types). */
  child: MessagePlan | undefined;
  map: { keyKind: ScalarKind; keyTagSize: number; valueTagSize: number; keyMask: ValueMasker | undefined } | undefined;
}

export interface MessagePlan {
  type: protobuf.Type;
  path: string;
  fields: FieldPlan[];
  ctx: CompileContext;
}

export interface CompileContext {
  masker: Masker;
  methodPath: string;
  registry?: SchemaRegistry;
  plans: Map<string, MessagePlan>;
}

function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function tagSize(id: number, wireType: number): number {
  return varintSize32(((id << 3) | wireType) >>> 0);
}

function kindOf(field: protobuf.Field): FieldKind {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) return 'enum';
  if (rt instanceof protobuf.Type) return 'message';
  return field.type as FieldKind;
}

function siteFor(ctx: CompileContext, type: protobuf.Type, field: protobuf.Field, fieldPath: string, kind: FieldKind, jsonName: string): FieldSite {
  return {
    methodPath: ctx.methodPath,
    typeName: type.fullName.replace(/^\./, ''),
    fieldPath,
    fieldName: jsonName,
    kind,
    repeated: field.repeated || field instanceof protobuf.MapField,
    annotation: ctx.registry?.fieldAnnotation(field) ?? annotationFromOptions(field),
  };
}

function annotationFromOptions(field: protobuf.Field): FieldSite['annotation'] {
  // Without a registry (a bare Root), read the parsed option directly.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./annotations') as typeof import('./annotations')).fieldAnnotationOf(field);
}

/**
 * Maps rebuilt from descriptors (e.g. by proto-loader) arrive as repeated `XxxEntry` messages:
 * recognise them by the map_entry option or by the synthetic nested-type shape.
 */
function mapEntryOf(owner: protobuf.Type, field: protobuf.Field): protobuf.Type | undefined {
  if (field instanceof protobuf.MapField || !field.repeated) return undefined;
  const rt = field.resolvedType;
  if (!(rt instanceof protobuf.Type)) return undefined;
  const flagged = rt.options?.map_entry === true || rt.options?.mapEntry === true;
  const synthetic =
    rt.parent === owner &&
    rt.name.toLowerCase() === lowerCamel(field.name).toLowerCase() + 'entry' &&
    rt.fieldsArray.length === 2 &&
    rt.fieldsArray.some((f) => f.id === 1) &&
    rt.fieldsArray.some((f) => f.id === 2);
  return flagged || synthetic ? rt : undefined;
}

function trimPath(path: string): string {
  const parts = path.split('.');
  return parts.length > MAX_PATH_SEGMENTS ? parts.slice(0, MAX_PATH_SEGMENTS).join('.') + '.…' : path;
}

export function compilePlan(ctx: CompileContext, type: protobuf.Type, path: string): MessagePlan {
  const key = type.fullName + '|' + trimPath(path);
  const cached = ctx.plans.get(key);
  if (cached) return cached;
  const plan: MessagePlan = { type, path, fields: [], ctx };
  ctx.plans.set(key, plan); // before compiling fields: recursion finds the plan
  type.resolveAll();
  for (const field of type.fieldsArray.slice().sort((a, b) => a.id - b.id)) {
    field.resolve();
    const jsonName = (field.options?.json_name as string | undefined) ?? lowerCamel(field.name);
    const entry = mapEntryOf(type, field);
    const isMap = field instanceof protobuf.MapField || entry !== undefined;
    const valueField = entry ? entry.fields.value ?? entry.fieldsArray.find((x) => x.id === 2) : undefined;
    if (valueField) valueField.resolve();
    const kind = valueField ? kindOf(valueField) : kindOf(field);
    const repeated = field.repeated && !isMap;
    const fieldPath = (path ? path + '.' : '') + jsonName + (repeated ? '[]' : isMap ? '{}' : '');
    const valueSource = valueField ?? field;
    const messageType = kind === 'message' ? (valueSource.resolvedType as protobuf.Type) : undefined;
    const wellKnown = messageType ? wellKnownKind(messageType) : undefined;
    // Leaves (and well-known wrappers, rendered as leaves) get the masker's function for this site.
    const leafKind: FieldKind | undefined =
      kind !== 'message' ? kind : wellKnown && wellKnown.leafKind ? wellKnown.leafKind : undefined;
    const mask = leafKind ? ctx.masker.compileField(siteFor(ctx, type, field, fieldPath, leafKind, jsonName)) : undefined;
    let map: FieldPlan['map'];
    if (isMap) {
      const keyKind = (entry ? (entry.fields.key ?? entry.fieldsArray.find((x) => x.id === 1))!.type : (field as protobuf.MapField).keyType) as ScalarKind;
      map = {
        keyKind,
        keyTagSize: tagSize(1, WIRE_TYPE[keyKind]),
        valueTagSize: tagSize(2, WIRE_TYPE[kind]),
        keyMask:
          keyKind === 'string'
            ? ctx.masker.compileField(siteFor(ctx, type, field, fieldPath + 'key', 'string', jsonName))
            : undefined,
      };
    }
    plan.fields.push({
      keyA: jsonName,
      keyB: field.name !== jsonName ? field.name : undefined,
      jsonKey: JSON.stringify(jsonName) + ':',
      fieldPath,
      kind,
      repeated,
      packed: repeated && field.packed && WIRE_TYPE[kind] !== 2,
      presence: Boolean(field.partOf) || kind === 'message' || Boolean((field as unknown as { proto3_optional?: boolean }).proto3_optional),
      tagSize: tagSize(field.id, isMap || repeated && field.packed && WIRE_TYPE[kind] !== 2 ? 2 : WIRE_TYPE[kind]),
      mask,
      enumType: kind === 'enum' ? (valueSource.resolvedType as protobuf.Enum) : undefined,
      messageType,
      wellKnown,
      child: undefined,
      map,
    });
  }
  return plan;
}

function fail(state: RenderState, fieldPath: string, expected: string): void {
  if (!state.error) state.error = `cannot render field '${fieldPath}': expected ${expected}`;
}

function emitKey(state: RenderState, first: boolean, jsonKey: string): void {
  state.s += first ? jsonKey : ',' + jsonKey;
}

function checkBudget(state: RenderState): void {
  if (state.writing && state.s.length > state.max) {
    state.writing = false;
    state.truncated = true;
  }
}

/** Canonical JSON value of a scalar before masking: strings for text-like kinds. */
function scalarValue(kind: ScalarKind, v: unknown, enumType: protobuf.Enum | undefined): string | number | boolean {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw new ValueShapeError('a string');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new ValueShapeError('a boolean');
      return v;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return int64Text(v, false);
    case 'uint64':
    case 'fixed64':
      return int64Text(v, true);
    case 'bytes':
      return bytesToBase64(v).text;
    case 'enum': {
      if (typeof v === 'string') {
        if (enumType && !(v in enumType.values)) throw new ValueShapeError('a known enum name');
        return v;
      }
      if (typeof v !== 'number') throw new ValueShapeError('an enum number or name');
      const name = enumType?.valuesById[v];
      return name ?? v; // unknown enum numbers stay numeric in proto3 JSON
    }
    case 'float':
      if (typeof v !== 'number') throw new ValueShapeError('a number');
      return Math.fround(v);
    default:
      if (typeof v !== 'number') throw new ValueShapeError('a number');
      return kind === 'double' ? v : Math.trunc(v);
  }
}

function isDefault(kind: ScalarKind, v: string | number | boolean, enumType: protobuf.Enum | undefined): boolean {
  switch (kind) {
    case 'string':
    case 'bytes':
      return v === '';
    case 'bool':
      return v === false;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return v === '0';
    case 'enum':
      return v === 0 || (typeof v === 'string' && enumType !== undefined && enumType.values[v] === 0);
    default:
      return v === 0 && !Object.is(v, -0);
  }
}

/** Encoded size of a scalar value (without tag). */
function scalarSize(kind: ScalarKind, raw: unknown, enumType: protobuf.Enum | undefined): number {
  switch (kind) {
    case 'string':
      return lengthDelimited(Buffer.byteLength(raw as string));
    case 'bytes':
      return lengthDelimited(bytesToBase64(raw).length);
    case 'bool':
      return 1;
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 8;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 4;
    case 'int32':
      return varintSize32(raw as number);
    case 'uint32':
      return varintSize32((raw as number) >>> 0);
    case 'sint32':
      return zigzag32Size(raw as number);
    case 'int64':
    case 'uint64':
      return varintSize64(raw, false);
    case 'sint64':
      return varintSize64(raw, true);
    case 'enum': {
      const n = typeof raw === 'number' ? raw : (enumType?.values[raw as string] ?? 0);
      return varintSize32(n);
    }
  }
}

export function lengthDelimited(len: number): number {
  return varintSize32(len) + len;
}


function readField(obj: Record<string, unknown>, f: FieldPlan): unknown {
  const a = obj[f.keyA];
  if (a !== undefined || f.keyB === undefined) return a;
  return obj[f.keyB];
}

/**
 * Renders a message body `{...}` into state.s (while writing) and returns its encoded size.
 * Errors in one field are recorded as a marker and the field is skipped; the walk goes on.
 */
export function renderMessage(plan: MessagePlan, obj: unknown, state: RenderState): number {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    fail(state, plan.path || '$', 'a message object');
    if (state.writing) state.s += '{}';
    return 0;
  }
  if (++state.depth > MAX_DEPTH) {
    state.depth--;
    fail(state, plan.path || '$', `nesting below ${MAX_DEPTH} levels (cyclic object?)`);
    if (state.writing) state.s += '{}';
    return 0;
  }
  const record = obj as Record<string, unknown>;
  let size = 0;
  let first = true;
  if (state.writing) state.s += '{';
  for (let i = 0; i < plan.fields.length; i++) {
    const f = plan.fields[i];
    let value: unknown;
    try {
      value = readField(record, f);
    } catch {
      fail(state, f.fieldPath, 'a readable property');
      continue;
    }
    if (value === undefined || value === null) continue;
    try {
      if (f.map) size += renderMapField(plan, f, value, state, first) ;
      else if (f.repeated) size += renderRepeated(plan, f, value, state, first);
      else size += renderSingle(plan, f, value, state, first);
    } catch (err) {
      fail(state, f.fieldPath, err instanceof ValueShapeError ? err.message : 'a renderable value');
      continue;
    }
    if (state.writing && state.s.charCodeAt(state.s.length - 1) !== 123 /* '{' */) first = false;
    checkBudget(state);
  }
  if (state.writing) state.s += '}';
  state.depth--;
  return size;
}

function childPlan(parent: MessagePlan, f: FieldPlan, type: protobuf.Type): MessagePlan {
  if (!f.child) f.child = compilePlan(parent.ctx, type, f.fieldPath);
  return f.child;
}

/** Renders one message-typed value (object or well-known type); returns the size of its body. */
function renderMessageValue(parent: MessagePlan, f: FieldPlan, v: unknown, state: RenderState): number {
  if (f.wellKnown) return renderWellKnown(f.wellKnown, v, state, f.mask, parent.ctx, f.fieldPath);
  return renderMessage(childPlan(parent, f, f.messageType as protobuf.Type), v, state);
}

function renderSingle(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (f.kind === 'message') {
    if (!state.writing) return f.tagSize + lengthDelimited(renderMessageValue(plan, f, v, state));
    const mark = state.s.length;
    emitKey(state, first, f.jsonKey);
    const keyEnd = state.s.length;
    const body = renderMessageValue(plan, f, v, state);
    if (state.s.length === keyEnd) state.s = state.s.slice(0, mark); // dropped by the masker
    return f.tagSize + lengthDelimited(body);
  }
  const kind = f.kind as ScalarKind;
  const jv = scalarValue(kind, v, f.enumType);
  const size = f.tagSize + scalarSize(kind, v, f.enumType);
  if (!state.writing) return size;
  if (!f.presence && isDefault(kind, jv, f.enumType)) return size;
  const masked = f.mask ? f.mask(jv, state.scope) : jv;
  if (masked === DROP) return size;
  emitKey(state, first, f.jsonKey);
  state.s += leafJson(masked);
  return size;
}

function renderRepeated(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (!Array.isArray(v)) throw new ValueShapeError('an array');
  if (v.length === 0) return 0;
  let size = 0;
  let packedBody = 0;
  const writing = state.writing;
  if (writing) {
    emitKey(state, first, f.jsonKey);
    state.s += '[';
  }
  let firstElement = true;
  for (let i = 0; i < v.length; i++) {
    const el = v[i];
    if (f.kind === 'message') {
      if (state.writing && !firstElement) state.s += ',';
      size += f.tagSize + lengthDelimited(renderMessageValue(plan, f, el, state));
      firstElement = false;
    } else {
      const kind = f.kind as ScalarKind;
      const jv = scalarValue(kind, el, f.enumType);
      const elSize = scalarSize(kind, el, f.enumType);
      if (f.packed) packedBody += elSize;
      else size += f.tagSize + elSize;
      if (!state.writing) continue;
      const masked = f.mask ? f.mask(jv, state.scope) : jv;
      if (masked === DROP) continue;
      if (!firstElement) state.s += ',';
      state.s += leafJson(masked);
      firstElement = false;
    }
    checkBudget(state);
  }
  if (f.packed) size += f.tagSize + lengthDelimited(packedBody);
  if (state.writing) state.s += ']';
  return size;
}

function renderMapField(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (typeof v !== 'object' || v === null) throw new ValueShapeError('a map object');
  const m = f.map!;
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return 0;
  let size = 0;
  if (state.writing) {
    emitKey(state, first, f.jsonKey);
    state.s += '{';
  }
  let firstEntry = true;
  for (const [rawKey, el] of entries) {
    if (el === undefined || el === null) continue;
    const keyText = String(rawKey);
    const keyRaw: unknown = m.keyKind === 'string' ? keyText : m.keyKind === 'bool' ? keyText === 'true' : /64/.test(m.keyKind) ? keyText : Number(keyText);
    let entrySize = m.keyTagSize + scalarSize(m.keyKind, keyRaw, undefined);
    const mark = state.s.length;
    if (state.writing) {
      const maskedKey = m.keyMask ? m.keyMask(keyText, state.scope) : keyText;
      const shownKey = maskedKey === DROP ? '[REDACTED]' : String(maskedKey);
      state.s += (firstEntry ? '' : ',') + JSON.stringify(shownKey) + ':';
    }
    if (f.kind === 'message') {
      entrySize += m.valueTagSize + lengthDelimited(renderMessageValue(plan, f, el, state));
    } else {
      const kind = f.kind as ScalarKind;
      const jv = scalarValue(kind, el, f.enumType);
      entrySize += m.valueTagSize + scalarSize(kind, el, f.enumType);
      if (state.writing) {
        const masked = f.mask ? f.mask(jv, state.scope) : jv;
        if (masked === DROP) state.s = state.s.slice(0, mark);
        else state.s += leafJson(masked);
      }
    }
    if (state.s.length !== mark) firstEntry = false;
    size += f.tagSize + lengthDelimited(entrySize);
    checkBudget(state);
  }
  if (state.writing) state.s += '}';
  return size;
}

/** A compiled renderer for one message type at the root of a method's request or response. */
export class PlanRenderer implements MessageRenderer {
  readonly typeName: string;
  private readonly plan: MessagePlan;

  constructor(plan: MessagePlan) {
    this.plan = plan;
    this.typeName = plan.type.fullName.replace(/^\./, '');
  }

  render(message: unknown, scope: MaskScope, maxBytes: number): RenderResult {
    const state: RenderState = { s: '', max: maxBytes, writing: true, truncated: false, depth: 0, scope };
    let size = 0;
    const wk = wellKnownKind(this.plan.type);
    try {
      size = wk
        ? renderWellKnown(wk, message, state, undefined, this.plan.ctx, '$')
        : renderMessage(this.plan, message, state);
    } catch {
      fail(state, '$', 'a message object');
    }
    return finish(state, size);
  }
}

/** Applies the byte budget exactly (UTF-8), never splitting a surrogate pair. */
export function finish(state: RenderState, size: number): RenderResult {
  let json = state.s;
  let truncated = state.truncated;
  if (json.length * 3 > state.max && Buffer.byteLength(json) > state.max) {
    truncated = true;
    const buf = Buffer.from(json);
    let cut = state.max;
    while (cut > 0 && (buf[cut] & 0xc0) === 0x80) cut--; // back to a UTF-8 character start
    json = buf.subarray(0, cut).toString('utf8');
  }
  const result: RenderResult = { json, truncated, size };
  if (state.error) result.error = state.error;
  return result;
}
