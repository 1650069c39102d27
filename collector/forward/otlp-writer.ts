import * as protobuf from 'protobufjs';
import type { SpanBody } from '../ingest/span-to-record';
import type { TypedAttributes, TypedValue } from '../ingest/typed-value';

/**
 * Writes an ExportTraceServiceRequest straight from stored span bodies with a protobuf Writer —
 * no intermediate message objects (protobufjs fromObject cost as much as everything else of
 * forwarding together). Field numbers are those of opentelemetry-proto v1
 * (collector/trace/v1, trace/v1, common/v1, resource/v1); proto/opentelemetry holds the schema
 * this is checked against in test/collector/forward.test.ts (every test decodes what it gets).
 */

const KIND_NUMBER: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_NUMBER: Record<string, number> = { unset: 0, ok: 1, error: 2 };

/** Wire tag: field number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
const tag = (field: number, wire: number): number => (field << 3) | wire;

/** One span to write: the stored body plus the attributes forwarding adds. */
export interface SpanToWrite {
  body: SpanBody;
  extra: ReadonlyArray<readonly [string, TypedValue]>;
}

/** Resource and scope shared by spans, and those spans. */
export interface SpanGroup {
  resource: SpanBody['resource'] | undefined;
  scope: SpanBody['scope'] | undefined;
  spans: SpanToWrite[];
}

export function writeExportRequest(groups: readonly SpanGroup[]): Buffer {
  const w = protobuf.Writer.create();
  for (const g of groups) {
    w.uint32(tag(1, 2)).fork(); // ExportTraceServiceRequest.resource_spans
    if (g.resource) {
      w.uint32(tag(1, 2)).fork(); // ResourceSpans.resource
      attributes(w, 1, g.resource.attributes);
      if (g.resource.droppedAttributesCount) w.uint32(tag(2, 0)).uint32(g.resource.droppedAttributesCount);
      w.ldelim();
    }
    w.uint32(tag(2, 2)).fork(); // ResourceSpans.scope_spans
    if (g.scope) {
      w.uint32(tag(1, 2)).fork(); // ScopeSpans.scope
      str(w, 1, g.scope.name);
      str(w, 2, g.scope.version);
      attributes(w, 3, g.scope.attributes);
      if (g.scope.droppedAttributesCount) w.uint32(tag(4, 0)).uint32(g.scope.droppedAttributesCount);
      w.ldelim();
    }
    for (const s of g.spans) span(w, s);
    str(w, 3, g.scope?.schemaUrl);
    w.ldelim();
    str(w, 3, g.resource?.schemaUrl);
    w.ldelim();
  }
  return Buffer.from(w.finish());
}

function span(w: protobuf.Writer, { body: b, extra }: SpanToWrite): void {
  w.uint32(tag(2, 2)).fork(); // ScopeSpans.spans
  w.uint32(tag(1, 2)).bytes(Buffer.from(b.traceId, 'hex'));
  w.uint32(tag(2, 2)).bytes(Buffer.from(b.spanId, 'hex'));
  str(w, 3, b.traceState);
  if (b.parentSpanId) w.uint32(tag(4, 2)).bytes(Buffer.from(b.parentSpanId, 'hex'));
  str(w, 5, b.name);
  const kind = KIND_NUMBER[b.kind] ?? 0;
  if (kind) w.uint32(tag(6, 0)).int32(kind);
  w.uint32(tag(7, 1)).fixed64(b.startTimeUnixNano);
  w.uint32(tag(8, 1)).fixed64(b.endTimeUnixNano);
  const skip = new Set(extra.map(([k]) => k));
  for (const key of Object.keys(b.attributes ?? {})) if (!skip.has(key)) keyValue(w, 9, key, b.attributes[key]);
  for (const [key, value] of extra) keyValue(w, 9, key, value);
  if (b.droppedAttributesCount) w.uint32(tag(10, 0)).uint32(b.droppedAttributesCount);
  for (const e of b.events ?? []) {
    w.uint32(tag(11, 2)).fork();
    w.uint32(tag(1, 1)).fixed64(e.timeUnixNano);
    str(w, 2, e.name);
    attributes(w, 3, e.attributes);
    if (e.droppedAttributesCount) w.uint32(tag(4, 0)).uint32(e.droppedAttributesCount);
    w.ldelim();
  }
  if (b.droppedEventsCount) w.uint32(tag(12, 0)).uint32(b.droppedEventsCount);
  for (const l of b.links ?? []) {
    w.uint32(tag(13, 2)).fork();
    w.uint32(tag(1, 2)).bytes(Buffer.from(l.traceId, 'hex'));
    w.uint32(tag(2, 2)).bytes(Buffer.from(l.spanId, 'hex'));
    str(w, 3, l.traceState);
    attributes(w, 4, l.attributes);
    if (l.droppedAttributesCount) w.uint32(tag(5, 0)).uint32(l.droppedAttributesCount);
    if (l.flags) w.uint32(tag(6, 5)).fixed32(l.flags);
    w.ldelim();
  }
  if (b.droppedLinksCount) w.uint32(tag(14, 0)).uint32(b.droppedLinksCount);
  const code = STATUS_NUMBER[b.status?.code] ?? 0;
  if (code || b.status?.message) {
    w.uint32(tag(15, 2)).fork();
    str(w, 2, b.status?.message);
    if (code) w.uint32(tag(3, 0)).int32(code);
    w.ldelim();
  }
  if (b.flags) w.uint32(tag(16, 5)).fixed32(b.flags);
  w.ldelim();
}

function str(w: protobuf.Writer, field: number, v: string | undefined): void {
  if (v) w.uint32(tag(field, 2)).string(v);
}

function attributes(w: protobuf.Writer, field: number, attrs: TypedAttributes | undefined): void {
  if (!attrs) return;
  for (const key of Object.keys(attrs)) keyValue(w, field, key, attrs[key]);
}

function keyValue(w: protobuf.Writer, field: number, key: string, value: TypedValue): void {
  w.uint32(tag(field, 2)).fork();
  w.uint32(tag(1, 2)).string(key);
  w.uint32(tag(2, 2)).fork();
  anyValue(w, value);
  w.ldelim();
  w.ldelim();
}

/** AnyValue's oneof: exactly one member written, even when it holds the default. */
function anyValue(w: protobuf.Writer, v: TypedValue): void {
  if (v === null || v === undefined) return;
  if ('stringValue' in v) w.uint32(tag(1, 2)).string(v.stringValue);
  else if ('boolValue' in v) w.uint32(tag(2, 0)).bool(v.boolValue);
  else if ('intValue' in v) w.uint32(tag(3, 0)).int64(v.intValue);
  else if ('doubleValue' in v) w.uint32(tag(4, 1)).double(typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue));
  else if ('arrayValue' in v) {
    w.uint32(tag(5, 2)).fork();
    for (const x of v.arrayValue) {
      w.uint32(tag(1, 2)).fork();
      anyValue(w, x);
      w.ldelim();
    }
    w.ldelim();
  } else if ('kvlistValue' in v) {
    w.uint32(tag(6, 2)).fork();
    attributes(w, 1, v.kvlistValue);
    w.ldelim();
  } else if ('bytesValue' in v) w.uint32(tag(7, 2)).bytes(Buffer.from(v.bytesValue, 'base64'));
}
