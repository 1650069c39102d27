import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from '../ingest/otlp-types';
import type { SpanBody } from '../ingest/span-to-record';
import type { TypedAttributes, TypedValue } from '../ingest/typed-value';
import type { AuditRecord } from '../store/record';
import { ATTR_FORWARD_IDENTITY, ATTR_FORWARD_LEDGER_INDEX, ATTR_FORWARD_RECORD_ID } from './forward-attributes';

/** A stored record and its ledger position: what a forwarder sends. */
export interface StoredForForward {
  record: AuditRecord;
  /** undefined when the sink does not report positions (then no ledger-index attribute). */
  leafIndex: number | undefined;
}

const KIND_NUMBER: Record<string, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_NUMBER: Record<string, number> = { unset: 0, ok: 1, error: 2 };

/**
 * The OTLP form of stored records (pure): each record's body — the span exactly as stored, i.e.
 * masked by the emitter and checked by the collector's guard — back as an OTLP span, plus the
 * record id, the reporting identity and the ledger index as attributes. Records sharing resource
 * and scope share one ResourceSpans. A record whose body was pruned or cannot be read is skipped
 * and reported through `skipped`.
 */
export function recordsToResourceSpans(items: readonly StoredForForward[], skipped: (item: StoredForForward) => void): OtlpResourceSpans[] {
  const groups = new Map<string, OtlpResourceSpans>();
  for (const item of items) {
    let body: SpanBody;
    try {
      body = JSON.parse(item.record.body) as SpanBody;
      if (!body || typeof body !== 'object' || typeof body.traceId !== 'string') throw new TypeError('not a span body');
    } catch {
      skipped(item);
      continue;
    }
    const key = `${JSON.stringify(body.resource ?? null)}\u0000${JSON.stringify(body.scope ?? null)}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        resource: { attributes: keyValues(body.resource?.attributes), droppedAttributesCount: body.resource?.droppedAttributesCount },
        scopeSpans: [
          {
            scope: {
              name: body.scope?.name ?? '',
              version: body.scope?.version,
              attributes: keyValues(body.scope?.attributes),
              droppedAttributesCount: body.scope?.droppedAttributesCount,
            },
            spans: [],
            schemaUrl: body.scope?.schemaUrl,
          },
        ],
        schemaUrl: body.resource?.schemaUrl,
      };
      groups.set(key, group);
    }
    group.scopeSpans![0].spans!.push(toSpan(body, item));
  }
  return [...groups.values()];
}

function toSpan(body: SpanBody, item: StoredForForward): OtlpSpan {
  const attributes = keyValues(body.attributes).filter((kv) => kv.key !== ATTR_FORWARD_RECORD_ID && kv.key !== ATTR_FORWARD_IDENTITY && kv.key !== ATTR_FORWARD_LEDGER_INDEX);
  attributes.push({ key: ATTR_FORWARD_RECORD_ID, value: { stringValue: item.record.recordId } }, { key: ATTR_FORWARD_IDENTITY, value: { stringValue: item.record.identity } });
  if (item.leafIndex !== undefined) attributes.push({ key: ATTR_FORWARD_LEDGER_INDEX, value: { intValue: String(item.leafIndex) } });
  return {
    traceId: Buffer.from(body.traceId, 'hex'),
    spanId: Buffer.from(body.spanId, 'hex'),
    parentSpanId: body.parentSpanId ? Buffer.from(body.parentSpanId, 'hex') : undefined,
    traceState: body.traceState,
    flags: body.flags,
    name: body.name,
    kind: KIND_NUMBER[body.kind] ?? 0,
    startTimeUnixNano: body.startTimeUnixNano,
    endTimeUnixNano: body.endTimeUnixNano,
    attributes,
    droppedAttributesCount: body.droppedAttributesCount,
    events: (body.events ?? []).map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: keyValues(e.attributes), droppedAttributesCount: e.droppedAttributesCount })),
    droppedEventsCount: body.droppedEventsCount,
    links: (body.links ?? []).map((l) => ({
      traceId: Buffer.from(l.traceId, 'hex'),
      spanId: Buffer.from(l.spanId, 'hex'),
      traceState: l.traceState,
      flags: l.flags,
      attributes: keyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
    })),
    droppedLinksCount: body.droppedLinksCount,
    status: { code: STATUS_NUMBER[body.status?.code] ?? 0, message: body.status?.message },
  };
}

function keyValues(attrs: TypedAttributes | undefined): OtlpKeyValue[] {
  if (!attrs) return [];
  return Object.keys(attrs).map((key) => ({ key, value: anyValue(attrs[key]) }));
}

/** The typed attribute value of a body (see typed-value.ts) as an OTLP AnyValue. */
export function anyValue(v: TypedValue): OtlpAnyValue {
  if (v === null || v === undefined) return {};
  if ('stringValue' in v) return { stringValue: v.stringValue };
  if ('boolValue' in v) return { boolValue: v.boolValue };
  if ('intValue' in v) return { intValue: v.intValue };
  if ('doubleValue' in v) return { doubleValue: typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue) };
  if ('bytesValue' in v) return { bytesValue: Buffer.from(v.bytesValue, 'base64') };
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.map(anyValue) } };
  return { kvlistValue: { values: keyValues(v.kvlistValue) } };
}
