import type { AttributeValue, Attributes, HrTime } from '@opentelemetry/api';
import { Writer } from 'protobufjs/minimal';
import { ATTR_EMITTER_ID, ATTR_RECORD_ID, ATTR_SEQ } from '../../../interceptors/delivery/attributes';
import type { ReadableSpanLike } from '../../../interceptors/delivery/readable-span';

/**
 * The former encoder, kept as the reference the direct one (interceptors/delivery/otlp-span-encoder.ts)
 * must match byte for byte (test/delivery/otlp-encoding.test.ts).
 *
 * Span → OTLP protobuf, written field by field with protobufjs' Writer (field numbers from
 * opentelemetry-proto v1: trace/v1/trace.proto, common/v1/common.proto). Each record is encoded
 * on its own as a complete `ResourceSpans` (resource + scope + one span), so a spool entry is
 * self-contained and a request is just the concatenation of entries as field 1 of
 * `ExportTraceServiceRequest` — no decoding or re-encoding on the way out of the spool.
 *
 * Ended SDK spans are read-only, so the delivery attributes (record id, emitter id, seq) are
 * written here, after the span's own attributes.
 */
export interface DeliveryStamp {
  emitterId: string;
  seq: number;
  recordId: string;
}

function writeAnyValue(w: Writer, v: AttributeValue | null | undefined): void {
  // AnyValue oneof: string_value=1, bool_value=2, int_value=3, double_value=4, array_value=5
  if (typeof v === 'string') w.uint32(10).string(v);
  else if (typeof v === 'boolean') w.uint32(16).bool(v);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) w.uint32(24).int64(v);
    else w.uint32(33).double(v);
  } else if (Array.isArray(v)) {
    w.uint32(42).fork();
    for (const x of v) {
      w.uint32(10).fork(); // ArrayValue.values=1
      writeAnyValue(w, x as AttributeValue | null | undefined);
      w.ldelim();
    }
    w.ldelim();
  }
  // null/undefined: an empty AnyValue (OTLP's representation of "no value")
}

function varintSize(n: number): number {
  // n: non-negative safe integer
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Byte length of the AnyValue message for a scalar, or -1 for values written with fork(). */
function scalarAnyLength(v: AttributeValue | null | undefined): number {
  switch (typeof v) {
    case 'string': {
      const n = Buffer.byteLength(v);
      return 1 + varintSize(n) + n;
    }
    case 'boolean':
      return 2;
    case 'number':
      if (!Number.isSafeInteger(v)) return 9;
      return 1 + (v < 0 ? 10 : varintSize(v));
    default:
      return -1;
  }
}

/**
 * KeyValue with lengths computed up front for scalar values (no fork/ldelim: attributes are most
 * of a span, and this is the hot path in write-ahead mode); arrays and empty values use fork().
 */
function writeKeyValue(w: Writer, field: number, key: string, v: AttributeValue | null | undefined): void {
  const anyLen = scalarAnyLength(v);
  if (anyLen < 0) {
    w.uint32((field << 3) | 2).fork();
    w.uint32(10).string(key);
    w.uint32(18).fork();
    writeAnyValue(w, v);
    w.ldelim();
    w.ldelim();
    return;
  }
  const keyLen = Buffer.byteLength(key);
  const kvLen = 1 + varintSize(keyLen) + keyLen + 1 + varintSize(anyLen) + anyLen;
  w.uint32((field << 3) | 2).uint32(kvLen);
  w.uint32(10).string(key);
  w.uint32(18).uint32(anyLen);
  writeAnyValue(w, v);
}

function writeAttributes(w: Writer, field: number, attrs: Attributes | undefined): void {
  if (!attrs) return;
  for (const key in attrs) writeKeyValue(w, field, key, attrs[key]);
}

const TWO_23 = 2 ** 23;
const TWO_32 = 2 ** 32;

/**
 * fixed64 nanoseconds from an HrTime, exact beyond 2^53 without BigInt (hot path):
 * ns = sec·1e9 + nanos = (sec·1953125)·2^9 + nanos, exact while sec·1953125 < 2^53 (until 2116).
 */
function writeHrTime(w: Writer, field: number, t: HrTime): void {
  const a = t[0] * 1953125;
  if (!Number.isSafeInteger(a) || a < 0) {
    // Past the year 2116 (or negative): exact via BigInt; the collector refuses > 2262 anyway.
    const ns = BigInt.asUintN(64, BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]));
    w.uint32((field << 3) | 1);
    w.fixed32(Number(ns & 0xffffffffn));
    w.fixed32(Number(ns >> 32n));
    return;
  }
  const aHi = Math.floor(a / TWO_23);
  const lo = (a - aHi * TWO_23) * 512 + t[1];
  const carry = Math.floor(lo / TWO_32);
  w.uint32((field << 3) | 1);
  w.fixed32(lo - carry * TWO_32);
  w.fixed32(aHi + carry);
}

function hexBytes(w: Writer, field: number, hex: string | undefined): void {
  if (!hex) return;
  w.uint32((field << 3) | 2).bytes(Buffer.from(hex, 'hex'));
}

/** Resource and scope bytes are the same for every span of a provider: encode each once. */
const resourceCache = new WeakMap<object, Uint8Array>();
const scopeCache = new Map<string, Uint8Array>();

function resourceBytes(resource: { attributes: Attributes }): Uint8Array {
  let b = resourceCache.get(resource);
  if (!b) {
    const w = Writer.create();
    writeAttributes(w, 1, resource.attributes); // Resource.attributes=1
    b = w.finish();
    resourceCache.set(resource, b);
  }
  return b;
}

function scopeBytes(scope: { name: string; version?: string }): Uint8Array {
  const key = `${scope.name}\u0000${scope.version ?? ''}`;
  let b = scopeCache.get(key);
  if (!b) {
    const w = Writer.create();
    w.uint32(10).string(scope.name);
    if (scope.version) w.uint32(18).string(scope.version);
    b = w.finish();
    if (scopeCache.size < 1000) scopeCache.set(key, b);
  }
  return b;
}

/** One span as a complete OTLP `ResourceSpans` message. */
export function encodeSpanRecordWithProtobufjs(span: ReadableSpanLike, stamp: DeliveryStamp): Buffer {
  const w = Writer.create();
  w.uint32(10).bytes(resourceBytes(span.resource)); // ResourceSpans.resource=1
  w.uint32(18).fork(); // scope_spans=2
  const scope = span.instrumentationScope ?? span.instrumentationLibrary ?? { name: '' };
  w.uint32(10).bytes(scopeBytes(scope)); // ScopeSpans.scope=1
  w.uint32(18).fork(); // ScopeSpans.spans=2
  const sc = span.spanContext();
  hexBytes(w, 1, sc.traceId);
  hexBytes(w, 2, sc.spanId);
  const ts = sc.traceState?.serialize();
  if (ts) w.uint32(26).string(ts);
  hexBytes(w, 4, span.parentSpanContext?.spanId ?? span.parentSpanId);
  w.uint32(42).string(span.name);
  w.uint32(48).int32((span.kind as number) + 1); // API SpanKind INTERNAL=0 → OTLP 1
  writeHrTime(w, 7, span.startTime);
  writeHrTime(w, 8, span.endTime);
  writeAttributes(w, 9, span.attributes);
  writeKeyValue(w, 9, ATTR_RECORD_ID, stamp.recordId);
  writeKeyValue(w, 9, ATTR_EMITTER_ID, stamp.emitterId);
  writeKeyValue(w, 9, ATTR_SEQ, stamp.seq);
  if (span.droppedAttributesCount) w.uint32(80).uint32(span.droppedAttributesCount);
  for (const e of span.events) {
    w.uint32(90).fork();
    writeHrTime(w, 1, e.time);
    w.uint32(18).string(e.name);
    writeAttributes(w, 3, e.attributes);
    if (e.droppedAttributesCount) w.uint32(32).uint32(e.droppedAttributesCount);
    w.ldelim();
  }
  if (span.droppedEventsCount) w.uint32(96).uint32(span.droppedEventsCount);
  for (const l of span.links) {
    w.uint32(106).fork();
    hexBytes(w, 1, l.context.traceId);
    hexBytes(w, 2, l.context.spanId);
    const lts = l.context.traceState?.serialize();
    if (lts) w.uint32(26).string(lts);
    writeAttributes(w, 4, l.attributes);
    if (l.droppedAttributesCount) w.uint32(40).uint32(l.droppedAttributesCount);
    w.ldelim();
  }
  if (span.droppedLinksCount) w.uint32(112).uint32(span.droppedLinksCount);
  w.uint32(122).fork(); // status=15
  if (span.status.message) w.uint32(18).string(span.status.message);
  if (span.status.code) w.uint32(24).int32(span.status.code);
  w.ldelim();
  if (sc.traceFlags & 0xff) w.uint32(133).fixed32(sc.traceFlags & 0xff); // flags=16: W3C trace flags
  w.ldelim(); // span
  if (scope.schemaUrl) w.uint32(26).string(scope.schemaUrl);
  w.ldelim(); // scope_spans
  const out = w.finish();
  // protobufjs' Node writer already returns a Buffer; copy only if it did not.
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}

