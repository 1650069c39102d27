import { namesRegion } from '../mask/record-regions';
import * as protobuf from 'protobufjs';
import { cutMasked, maskWindow } from './cut-after-mask';
import * as masking from '../mask/masker';
import type { Drop, FieldKind, FieldSite, Masker, MaskScope, ValueMasker } from '../mask/masker';
import { fieldAnnotationOf } from './annotations';
import type { SchemaRegistry } from './schema-registry';
import * as scalars from './scalars';
import { ValueShapeError } from './scalars';
import { renderWellKnown, wellKnownKind, type WellKnownKind } from './well-known';
import * as renderState from './render-state';
import type { RenderResult, RenderState } from './render-state';

// Re-exported: these names were part of this module's interface before render-state.ts.
export type { RenderResult, RenderState };

/**
 * A render plan turns the application's message object straight into masked canonical proto3
 * JSON, computing the message's encoded size in the same walk. It is compiled once per
 * (masker, method, message type, field path) and reused for every message: property names,
 * JSON keys, tag sizes and the masker's per-field functions are all resolved at compile time.
 * Why not protobufjs encode → decode → toObject → JSON.stringify: that round trip costs several
 * times more per message (DESIGN.md, "The hot path").
 */

export interface MessageRenderer {
  /** Fully qualified message type name, without a leading dot. */
  readonly typeName: string;
  /** Renders one message; never throws. `maxBytes` bounds the UTF-8 length of `json`. */
  render(message: unknown, scope: MaskScope, maxBytes: number): RenderResult;
  /** Encoded size alone (no JSON, no masking), e.g. for a message whose render was truncated; undefined when the object does not fit the schema. */
  encodedSize(message: unknown): number | undefined;
}

// Hot helpers bound once: loaders such as tsx compile each use of a named import into a getter
// call, which measured ~10% of a render.
const { applyMask, budgetOf, checkBudget, describeError, finish, newState, STOP } = renderState;
export { applyMask, checkBudget, describeError, finish, newState, STOP };
const { bytesLength, bytesPrefixBase64, bytesView, float32Value, int64Text, leafJson, lengthDelimited, utf8Length, varintSize32, varintSize64, zigzag32Size } = scalars;
const DROP: Drop = masking.DROP;
const PbMessage = protobuf.Message;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A string or bytes value longer than the remaining budget plus this slack is cut before the
 * masker sees it (so a 50 MB note costs a few KiB of masking). The slack keeps whole any token a
 * detector must recognise around the cut point.
 */
const CUT_SLACK = 1024;
export const MAX_DEPTH = 64;
/** Field paths deeper than this reuse one plan, so recursive types compile a bounded number of plans. */
const MAX_PATH_SEGMENTS = 16;
/** Suffix of the FieldSite path given for the keys of a string-keyed map (values use '<path>[]'). */
export const MAP_KEY_SUFFIX = '{key}';

type ScalarKind = Exclude<FieldKind, 'message'>;

const WIRE_TYPE: Record<FieldKind, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5,
  int64: 0, uint64: 0, sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2, enum: 0, message: 2,
};

interface MapPlan {
  keyKind: ScalarKind;
  keyTagSize: number;
  valueTagSize: number;
  keyMask: ValueMasker | undefined;
}

interface FieldPlan {
  /** Property names tried on the object: the registry's field name, then the other spelling (camel/snake). */
  keyA: string;
  keyB: string | undefined;
  /** '"jsonName":' ready to append. */
  jsonKey: string;
  /** ',"jsonName":' (after another field). */
  jsonKeyComma: string;
  fieldPath: string;
  kind: FieldKind;
  /** A list (maps are not lists here). */
  repeated: boolean;
  packed: boolean;
  /** Field has explicit presence (oneof member, proto3 optional, message): defaults are rendered. */
  presence: boolean;
  tagSize: number;
  /** Masker for leaf values (scalars, wrappers, Timestamp/Duration/FieldMask text). */
  mask: ValueMasker | undefined;
  /** Masker for a whole message value (receives the rendered JSON text). */
  messageMask: ValueMasker | undefined;
  enumType: protobuf.Enum | undefined;
  messageType: protobuf.Type | undefined;
  wellKnown: WellKnownKind | undefined;
  /** Resolved on first use: plans of nested types are compiled lazily (recursive types). */
  child: MessagePlan | undefined;
  map: MapPlan | undefined;
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
  /** Root of the rendered type: resolves Any type URLs when no registry knows them. */
  root?: protobuf.Root;
  plans: Map<string, MessagePlan>;
  /** Registry generation the plans were compiled against. */
  generation?: number;
  /**
   * Renders a message of `type` found inside a well-known type (the packed message of an Any):
   * `renderNestedMessage` below. Reached through the context so that well-known.ts, which this
   * module dispatches to, does not import it back.
   */
  renderNested: NestedRenderer;
}

export type NestedRenderer = (ctx: CompileContext, type: protobuf.Type, message: unknown, state: RenderState, path: string) => number;

/** The `renderNested` of every compile context. */
export const renderNestedMessage: NestedRenderer = (ctx, type, message, state, path) => renderMessage(compilePlan(ctx, type, path), message, state);

/** proto3 JSON name as protoc derives it: drop each '_' and upper-case the next character. */
export function protoJsonName(name: string): string {
  let out = '';
  let upper = false;
  for (const ch of name) {
    if (ch === '_') upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

/** The property name protobufjs/proto-loader use without keepCase (`util.camelCase`). */
function pbjsCamel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
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

function annotationOf(ctx: CompileContext, field: protobuf.Field): FieldSite['annotation'] {
  return ctx.registry ? ctx.registry.fieldAnnotation(field) : fieldAnnotationOf(field);
}

function siteFor(ctx: CompileContext, owner: protobuf.Type, field: protobuf.Field, fieldPath: string, kind: FieldKind, jsonName: string, repeated: boolean): FieldSite {
  const site: FieldSite = {
    methodPath: ctx.methodPath,
    typeName: owner.fullName.replace(/^\./, ''),
    fieldPath,
    fieldName: jsonName,
    kind,
  };
  if (repeated) site.repeated = true;
  const annotation = annotationOf(ctx, field);
  if (annotation) site.annotation = annotation;
  return site;
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
    rt.name.toLowerCase() === pbjsCamel(field.name).toLowerCase() + 'entry' &&
    rt.fieldsArray.length === 2 &&
    rt.fieldsArray.some((f) => f.id === 1 && f.name === 'key') &&
    rt.fieldsArray.some((f) => f.id === 2 && f.name === 'value');
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
  for (const field of type.fieldsArray.slice().sort((a, b) => a.id - b.id)) {
    field.resolve();
    const jsonName = (field.options?.json_name as string | undefined) ?? protoJsonName(field.name);
    const entry = mapEntryOf(type, field);
    const isMap = field instanceof protobuf.MapField || entry !== undefined;
    const valueField = entry ? (entry.fields.value ?? entry.fieldsArray.find((x) => x.id === 2)) : undefined;
    valueField?.resolve();
    const valueSource = valueField ?? field;
    const kind = kindOf(valueSource);
    const repeated = field.repeated && !isMap;
    const fieldPath = (path ? path + '.' : '') + jsonName + (repeated || isMap ? '[]' : '');
    const messageType = kind === 'message' ? (valueSource.resolvedType as protobuf.Type) : undefined;
    const wellKnown = messageType ? wellKnownKind(messageType) : undefined;
    // Leaves (and wrappers, whose canonical JSON is a bare value) get a leaf masker; every other
    // message-typed field gets one masker call on its rendered JSON, so a policy can drop or
    // redact a whole sub-message.
    const leafLike = kind !== 'message' || wellKnown?.leaf === true;
    const siteKind: FieldKind = kind !== 'message' ? kind : (wellKnown?.siteKind ?? 'message');
    const fn = ctx.masker.compileField(siteFor(ctx, type, field, fieldPath, siteKind, jsonName, repeated || isMap));
    const packed = repeated && WIRE_TYPE[kind] !== 2 && field.packed;
    let map: MapPlan | undefined;
    if (isMap) {
      const keyKind = (entry ? (entry.fields.key ?? entry.fieldsArray.find((x) => x.id === 1))!.type : (field as protobuf.MapField).keyType) as ScalarKind;
      map = {
        keyKind,
        keyTagSize: tagSize(1, WIRE_TYPE[keyKind]),
        valueTagSize: tagSize(2, WIRE_TYPE[kind]),
        keyMask:
          keyKind === 'string'
            ? ctx.masker.compileField(siteFor(ctx, type, field, fieldPath + MAP_KEY_SUFFIX, 'string', jsonName, true))
            : undefined,
      };
    }
    const alt = field.name.includes('_') ? pbjsCamel(field.name) : snake(field.name);
    plan.fields.push({
      keyA: field.name,
      keyB: alt !== field.name ? alt : undefined,
      jsonKey: JSON.stringify(jsonName) + ':',
      jsonKeyComma: ',' + JSON.stringify(jsonName) + ':',
      fieldPath,
      kind,
      repeated,
      packed,
      presence: Boolean(field.partOf) || kind === 'message' || field.options?.proto3_optional === true,
      tagSize: tagSize(field.id, isMap || packed ? 2 : WIRE_TYPE[kind]),
      mask: leafLike ? fn : undefined,
      messageMask: leafLike ? undefined : fn,
      enumType: kind === 'enum' ? (valueSource.resolvedType as protobuf.Enum) : undefined,
      messageType,
      wellKnown,
      child: undefined,
      map,
    });
  }
  return plan;
}

// --- errors -------------------------------------------------------------------------------

export function fail(state: RenderState, fieldPath: string, expected: string): void {
  state.errors++;
  if (!state.error) state.error = `cannot render field '${fieldPath}': ${expected}`;
}

// --- leaves -------------------------------------------------------------------------------

/** Masks a leaf value; a string cut to the budget is masked whole (its window) and cut after (cut-after-mask.ts). */
function maskLeaf(mask: ValueMasker | undefined, jv: string | number | boolean, state: RenderState, cut: boolean): string | number | boolean | Drop {
  const masked = mask ? applyMask(mask, jv, state.scope) : jv;
  const room = state.cutRoom;
  if (!cut || room < 0 || typeof masked !== 'string' || typeof jv !== 'string') return masked;
  const out = cutMasked(masked, room, state.cutOriginal, jv.length);
  state.cutOriginal = '';
  return out;
}

/** Canonical JSON value of a scalar before masking: strings for text-like kinds. */
function leafValue(kind: ScalarKind, v: unknown, enumType: protobuf.Enum | undefined, state: RenderState): string | number | boolean {
  switch (kind) {
    case 'string': {
      if (typeof v !== 'string') throw new ValueShapeError('a string');
      const room = state.writing ? state.max - state.s.length + CUT_SLACK : Infinity;
      if (v.length <= room) return v;
      state.cut = true;
      state.cutRoom = Math.max(0, room);
      state.cutOriginal = v;
      return maskWindow(v, room); // masked whole, then cut to `room` (maskLeaf)
    }
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
    case 'bytes': {
      if (!state.writing) return '';
      const room = state.max - state.s.length + CUT_SLACK;
      if ((bytesLength(v) * 4) / 3 <= room) return bytesView(v).text;
      state.cut = true;
      state.cutRoom = -1;
      return bytesPrefixBase64(v, Math.max(0, room));
    }
    case 'enum': {
      if (typeof v === 'string') {
        if (enumType && enumType.values[v] === undefined) throw new ValueShapeError('a known enum name or number');
        return v;
      }
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueShapeError('an enum name or number');
      return enumType?.valuesById[v] ?? v; // unknown enum numbers stay numeric in proto3 JSON
    }
    case 'float':
      return float32Value(numberOf(v));
    case 'double':
      return numberOf(v);
    case 'uint32':
    case 'fixed32':
      return numberOf(v) >>> 0;
    default: // int32, sint32, sfixed32
      return numberOf(v) | 0;
  }
}

/** Numbers, or numeric strings as protobufjs's fromObject accepts them ('1.5', 'NaN'). */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
  }
  throw new ValueShapeError('a number');
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

/** Encoded size of a scalar value (without tag); `jv` is its canonical JSON value. */
function leafSize(kind: ScalarKind, raw: unknown, jv: string | number | boolean, enumType: protobuf.Enum | undefined): number {
  switch (kind) {
    case 'string':
      return lengthDelimited(utf8Length(raw as string));
    case 'bytes':
      return lengthDelimited(bytesLength(raw));
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
      return varintSize32(jv as number);
    case 'uint32':
      return varintSize32(jv as number);
    case 'sint32':
      return zigzag32Size(jv as number);
    case 'int64':
    case 'uint64':
      return varintSize64(jv as string, false);
    case 'sint64':
      return varintSize64(jv as string, true);
    case 'enum':
      return varintSize32(typeof jv === 'number' ? jv : (enumType?.values[jv as string] ?? 0));
  }
}

// --- messages -----------------------------------------------------------------------------

function readField(obj: Record<string, unknown>, f: FieldPlan): unknown {
  const a = obj[f.keyA];
  if (a !== undefined || f.keyB === undefined) return a;
  const b = obj[f.keyB];
  if (b !== undefined) {
    // Try the spelling the application uses first next time: one lookup per present field.
    const other = f.keyA;
    f.keyA = f.keyB;
    f.keyB = other;
  }
  return b;
}

function readOwnField(obj: Record<string, unknown>, f: FieldPlan): unknown {
  if (hasOwn.call(obj, f.keyA)) return obj[f.keyA];
  if (f.keyB !== undefined && hasOwn.call(obj, f.keyB)) return obj[f.keyB];
  return undefined;
}

function isBinary(v: unknown): boolean {
  return v instanceof Uint8Array;
}

/**
 * Renders a message body `{...}` into state.s (while writing) and returns its encoded size.
 * A field that cannot be rendered is rolled back, recorded as a marker, and the walk goes on.
 */
export function renderMessage(plan: MessagePlan, obj: unknown, state: RenderState): number {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || isBinary(obj)) throw new ValueShapeError('a message object');
  if (state.depth >= MAX_DEPTH) throw new ValueShapeError(`nesting under ${MAX_DEPTH} levels`);
  // A message object that contains itself would make the walk (and protobufjs's encoder) endless.
  for (let i = 0; i < state.depth; i++) if (state.ancestors[i] === obj) throw new ValueShapeError('an acyclic message (the object contains itself)');
  state.ancestors[state.depth++] = obj;
  const record = obj as Record<string, unknown>;
  const fields = plan.fields;
  // protobufjs Message instances carry defaults on their prototype, which the encoder skips.
  const ownOnly = obj instanceof PbMessage;
  let size = 0;
  let first = true;
  if (state.writing) state.s += '{';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let value: unknown;
    try {
      value = ownOnly ? readOwnField(record, f) : readField(record, f);
    } catch {
      fail(state, f.fieldPath, 'expected a readable property');
      continue;
    }
    if (value === undefined || value === null) continue;
    const mark = state.s.length;
    try {
      if (f.map) size += renderMapField(plan, f, value, state, first);
      else if (f.repeated) size += renderList(plan, f, value, state, first);
      else size += renderSingle(plan, f, value, state, first);
    } catch (err) {
      if (err === STOP) {
        state.depth--;
        throw err;
      }
      if (state.writing) state.s = state.s.slice(0, mark);
      fail(state, f.fieldPath, describeError(err));
      continue;
    }
    if (state.s.length !== mark) first = false;
  }
  if (state.writing) state.s += '}';
  state.depth--;
  return size;
}

function childPlan(parent: MessagePlan, f: FieldPlan): MessagePlan {
  if (!f.child) f.child = compilePlan(parent.ctx, f.messageType as protobuf.Type, f.fieldPath);
  return f.child;
}

/** Renders one message-typed value (object or well-known type); returns the size of its body. */
function renderMessageValue(parent: MessagePlan, f: FieldPlan, v: unknown, state: RenderState): number {
  if (f.wellKnown) return renderWellKnown(f.wellKnown, v, state, f.mask, parent.ctx, f.fieldPath);
  return renderMessage(childPlan(parent, f), v, state);
}

/**
 * Same, then the field's message-level masker sees the rendered JSON: DROP removes it, another
 * value replaces it. A value cut by truncation is removed rather than shown unjudged.
 */
function renderMessageValueMasked(parent: MessagePlan, f: FieldPlan, v: unknown, state: RenderState): number {
  if (!f.messageMask || !state.writing) return renderMessageValue(parent, f, v, state);
  const mark = state.s.length;
  let size: number;
  try {
    size = renderMessageValue(parent, f, v, state);
  } catch (err) {
    state.s = state.s.slice(0, mark);
    throw err;
  }
  const inner = state.s.slice(mark);
  const masked = applyMask(f.messageMask, inner, state.scope);
  if (masked === DROP) state.s = state.s.slice(0, mark);
  else if (masked !== inner) state.s = state.s.slice(0, mark) + leafJson(masked);
  return size;
}

function emitKey(state: RenderState, first: boolean, f: FieldPlan): void {
  state.s += first ? f.jsonKey : f.jsonKeyComma;
}

function renderSingle(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (f.kind === 'message') {
    if (!state.writing) return f.tagSize + lengthDelimited(renderMessageValue(plan, f, v, state));
    const keyMark = state.s.length;
    emitKey(state, first, f);
    const valueMark = state.s.length;
    let body: number;
    try {
      body = renderMessageValueMasked(plan, f, v, state);
    } catch (err) {
      if (state.s.length === valueMark) state.s = state.s.slice(0, keyMark); // value withdrawn: the key goes too
      throw err;
    }
    if (state.s.length === valueMark) state.s = state.s.slice(0, keyMark); // dropped by the masker
    checkBudget(state);
    return f.tagSize + lengthDelimited(body);
  }
  const kind = f.kind as ScalarKind;
  state.cut = false;
  const jv = leafValue(kind, v, f.enumType, state);
  if (state.cut) {
    const masked = maskLeaf(f.mask, jv, state, true);
    if (masked !== DROP) state.s += (first ? f.jsonKey : f.jsonKeyComma) + leafJson(masked);
    state.truncated = true;
    throw STOP;
  }
  const size = f.tagSize + leafSize(kind, v, jv, f.enumType);
  if (!state.writing || (!f.presence && isDefault(kind, jv, f.enumType))) return size;
  emitLeaf(state, f, jv, first);
  checkBudget(state);
  return size;
}

function emitLeaf(state: RenderState, f: FieldPlan, jv: string | number | boolean, first: boolean): void {
  const masked = f.mask ? applyMask(f.mask, jv, state.scope) : jv;
  if (masked === DROP) return;
  state.s += (first ? f.jsonKey : f.jsonKeyComma) + leafJson(masked);
}

function renderList(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (!Array.isArray(v)) throw new ValueShapeError('an array');
  const n = v.length;
  if (n === 0) return 0;
  const writing = state.writing;
  let size = 0;
  let packedBody = 0;
  const fieldMark = state.s.length;
  if (writing) state.s += (first ? f.jsonKey : f.jsonKeyComma) + '[';
  let firstElement = true;
  const elementPath = f.fieldPath;
  for (let i = 0; i < n; i++) {
    const el = v[i];
    const mark = state.s.length;
    try {
      if (el === undefined || el === null) throw new ValueShapeError('no null elements');
      if (f.kind === 'message') {
        if (writing && !firstElement) state.s += ',';
        const valueMark = state.s.length;
        size += f.tagSize + lengthDelimited(renderMessageValueMasked(plan, f, el, state));
        if (writing && state.s.length === valueMark) state.s = state.s.slice(0, mark); // dropped
      } else {
        const kind = f.kind as ScalarKind;
        state.cut = false;
        const jv = leafValue(kind, el, f.enumType, state);
        const cut = state.cut;
        if (!cut) {
          const elSize = leafSize(kind, el, jv, f.enumType);
          if (f.packed) packedBody += elSize;
          else size += f.tagSize + elSize;
        }
        if (writing) {
          const masked = maskLeaf(f.mask, jv, state, cut);
          if (masked !== DROP) state.s += firstElement ? leafJson(masked) : ',' + leafJson(masked);
        }
        if (cut) {
          state.truncated = true;
          throw STOP;
        }
      }
    } catch (err) {
      if (err === STOP) throw err;
      if (writing) state.s = state.s.slice(0, mark);
      fail(state, elementPath, describeError(err));
      continue;
    }
    if (state.s.length !== mark) firstElement = false;
    checkBudget(state);
  }
  if (f.packed) size += f.tagSize + lengthDelimited(packedBody);
  // Every element dropped (or unrenderable): the field goes with its key, as a dropped scalar does.
  if (writing) state.s = firstElement ? state.s.slice(0, fieldMark) : state.s + ']';
  return size;
}

function mapKey(kind: ScalarKind, key: string): { raw: unknown; jv: string | number | boolean } {
  switch (kind) {
    case 'string':
      return { raw: key, jv: key };
    case 'bool':
      if (key !== 'true' && key !== 'false') throw new ValueShapeError('a boolean map key');
      return { raw: key === 'true', jv: key === 'true' };
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return { raw: key, jv: int64Text(key, false) };
    case 'uint64':
    case 'fixed64':
      return { raw: key, jv: int64Text(key, true) };
    default: {
      const n = Number(key);
      if (!Number.isInteger(n)) throw new ValueShapeError('an integer map key');
      return { raw: n, jv: kind === 'uint32' || kind === 'fixed32' ? n >>> 0 : n | 0 };
    }
  }
}

function renderMapField(plan: MessagePlan, f: FieldPlan, v: unknown, state: RenderState, first: boolean): number {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isBinary(v)) throw new ValueShapeError('a map object');
  // Plain objects are read key by key (no [key, value] pair per entry); a Map is iterated as is.
  const map = v instanceof Map ? v : undefined;
  const record = v as Record<string, unknown>;
  const keys = map ? undefined : Object.keys(record);
  const count = map ? map.size : (keys as string[]).length;
  if (count === 0) return 0;
  const writing = state.writing;
  let size = 0;
  const fieldMark = state.s.length;
  if (writing) state.s += (first ? f.jsonKey : f.jsonKeyComma) + '{';
  let firstEntry = true;
  const iterator = map ? map.entries() : undefined;
  for (let i = 0; i < count; i++) {
    let rawKey: unknown;
    let el: unknown;
    if (iterator) {
      const next = iterator.next();
      if (next.done) break;
      rawKey = next.value[0];
      el = next.value[1];
    } else {
      rawKey = (keys as string[])[i];
      el = record[rawKey as string];
    }
    if (el === undefined || el === null) continue;
    const mark = state.s.length;
    try {
      size += renderMapEntry(plan, f, rawKey, el, state, firstEntry, mark);
    } catch (err) {
      if (err === STOP) throw err;
      if (writing) state.s = state.s.slice(0, mark);
      fail(state, f.fieldPath, describeError(err));
      continue;
    }
    if (state.s.length !== mark) firstEntry = false;
    checkBudget(state);
  }
  if (writing) state.s = firstEntry ? state.s.slice(0, fieldMark) : state.s + '}';
  return size;
}

/** One map entry `"key":value` (after a comma unless first); returns its encoded size with tag. */
function renderMapEntry(plan: MessagePlan, f: FieldPlan, rawKey: unknown, el: unknown, state: RenderState, firstEntry: boolean, mark: number): number {
  const m = f.map as MapPlan;
  const writing = state.writing;
  const keyText = typeof rawKey === 'string' ? rawKey : String(rawKey);
  let keySize: number;
  if (m.keyKind === 'string') keySize = lengthDelimited(utf8Length(keyText));
  else {
    const key = mapKey(m.keyKind, keyText);
    keySize = leafSize(m.keyKind, key.raw, key.jv, undefined);
  }
  let entrySize = m.keyTagSize + keySize + m.valueTagSize;
  let keyJson: string | undefined; // undefined: the key was dropped (the entry is sized, not shown)
  if (writing) {
    const maskedKey = m.keyMask ? applyMask(m.keyMask, keyText, state.scope) : keyText;
    if (maskedKey !== DROP) keyJson = (firstEntry ? '' : ',') + leafJson(String(maskedKey)) + ':';
  }
  if (f.kind === 'message') {
    if (writing && keyJson === undefined) {
      entrySize += lengthDelimited(renderMessageValue(plan, f, el, { ...state, writing: false }));
    } else {
      if (keyJson !== undefined) state.s += keyJson;
      const valueMark = state.s.length;
      entrySize += lengthDelimited(renderMessageValueMasked(plan, f, el, state));
      if (writing && state.s.length === valueMark) state.s = state.s.slice(0, mark); // value dropped: the key goes too
    }
    return f.tagSize + lengthDelimited(entrySize);
  }
  // The key goes in before the value is read: a long string value is cut to the room left after it.
  if (keyJson !== undefined) state.s += keyJson;
  const kind = f.kind as ScalarKind;
  state.cut = false;
  const jv = leafValue(kind, el, f.enumType, state);
  const cut = state.cut;
  if (!cut) entrySize += leafSize(kind, el, jv, f.enumType);
  if (keyJson !== undefined) {
    const masked = maskLeaf(f.mask, jv, state, cut);
    if (masked === DROP) state.s = state.s.slice(0, mark);
    else state.s += leafJson(masked);
  }
  if (cut) {
    state.truncated = true;
    throw STOP;
  }
  return f.tagSize + lengthDelimited(entrySize);
}

// --- the renderer -------------------------------------------------------------------------

/**
 * One state object is kept for the next render (renders do not nest, except through a masker
 * that renders, which then gets a fresh one): a message costs no state allocation.
 */
let spareState: RenderState | undefined;

function takeState(scope: MaskScope, maxBytes: number, writing: boolean): RenderState {
  const st = spareState;
  if (st === undefined) return newState(scope, maxBytes, writing);
  spareState = undefined;
  st.max = budgetOf(maxBytes);
  st.writing = writing;
  st.scope = scope;
  return st;
}

function releaseState(st: RenderState): void {
  st.s = '';
  st.truncated = false;
  st.error = undefined;
  st.errors = 0;
  st.depth = 0;
  st.cut = false;
  st.cutOriginal = '';
  st.ancestors.length = 0; // no reference to the application's objects is kept
  st.scope = RELEASED_SCOPE;
  spareState = st;
}

const RELEASED_SCOPE: MaskScope = { count: 0 };

/** A compiled renderer for one message type at the root of a method's request or response. */
export class PlanRenderer implements MessageRenderer {
  readonly typeName: string;
  private readonly plan: MessagePlan;
  private readonly wellKnown: WellKnownKind | undefined;

  /** The type (or one nested in it) has a country or locale field: its value decides the record's phone regions. */
  private readonly declaresRegions: boolean;

  constructor(plan: MessagePlan) {
    this.plan = plan;
    this.typeName = plan.type.fullName.replace(/^\./, '');
    this.wellKnown = wellKnownKind(plan.type);
    this.declaresRegions = this.wellKnown === undefined && hasRegionField(plan.type, new Set());
  }

  render(message: unknown, scope: MaskScope, maxBytes: number): RenderResult {
    if (this.declaresRegions) this.plan.ctx.masker.noteRegions?.(message, scope);
    const state = takeState(scope, maxBytes, true);
    let size: number | undefined;
    try {
      size = this.walk(message, state);
    } catch (err) {
      if (err !== STOP) {
        fail(state, '$', describeError(err));
        state.s = '{}';
      }
    }
    const result = finish(state, size);
    releaseState(state);
    return result;
  }

  encodedSize(message: unknown): number | undefined {
    const state = takeState(RELEASED_SCOPE, Infinity, false);
    let size: number | undefined;
    try {
      size = this.walk(message, state);
      if (state.error) size = undefined;
    } catch {
      size = undefined;
    }
    releaseState(state);
    return size;
  }

  private walk(message: unknown, state: RenderState): number {
    return this.wellKnown
      ? renderWellKnown(this.wellKnown, message, state, undefined, this.plan.ctx, '$')
      : renderMessage(this.plan, message, state);
  }
}


/** Whether `type` or a message type under it has a string or enum field named like a country or locale (bounded by the types seen). */
function hasRegionField(type: protobuf.Type, seen: Set<protobuf.Type>): boolean {
  if (seen.has(type) || seen.size > 256) return false;
  seen.add(type);
  for (const f of type.fieldsArray) {
    f.resolve();
    if (f.resolvedType instanceof protobuf.Type) {
      if (hasRegionField(f.resolvedType, seen)) return true;
    } else if ((f.type === 'string' || f.resolvedType instanceof protobuf.Enum) && namesRegion(f.name)) return true;
  }
  return false;
}
