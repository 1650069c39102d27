import type { SpanBody } from '../ingest/span-to-record';
import type { TypedValue } from '../ingest/typed-value';
import type { AuditRecord } from '../store/record';
import { ATTR_FORWARD_IDENTITY, ATTR_FORWARD_LEDGER_INDEX, ATTR_FORWARD_RECORD_ID } from './forward-attributes';
import { writeExportRequest, type SpanGroup, type SpanToWrite } from './otlp-writer';

/** A stored record and its ledger position: what a forwarder sends. */
export interface StoredForForward {
  record: AuditRecord;
  /** undefined when the sink does not report positions (then no ledger-index attribute). */
  leafIndex: number | undefined;
}

/**
 * The OTLP request for stored records: each record's body — the span exactly as stored, i.e.
 * masked by the emitter and checked by the collector's guard — back as an OTLP span, plus the
 * record id, the reporting identity and the ledger index as attributes (replacing any the
 * emitter sent under those names). Records sharing resource and scope share one ResourceSpans.
 * A record whose body was pruned or cannot be read is left out and reported through `skipped`.
 * Returns undefined when nothing is left to send.
 */
export function encodeForwardRequest(items: readonly StoredForForward[], skipped: (item: StoredForForward) => void): Buffer | undefined {
  const groups = new Map<string, SpanGroup>();
  for (const item of items) {
    let body: SpanBody;
    try {
      body = JSON.parse(item.record.body) as SpanBody;
      if (!body || typeof body !== 'object' || typeof body.traceId !== 'string' || typeof body.spanId !== 'string') throw new TypeError('not a span body');
    } catch {
      skipped(item);
      continue;
    }
    const key = `${JSON.stringify(body.resource ?? null)}\u0000${JSON.stringify(body.scope ?? null)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { resource: body.resource, scope: body.scope, spans: [] }));
    group.spans.push(toWrite(body, item));
  }
  return groups.size === 0 ? undefined : writeExportRequest([...groups.values()]);
}

function toWrite(body: SpanBody, item: StoredForForward): SpanToWrite {
  const extra: Array<readonly [string, TypedValue]> = [
    [ATTR_FORWARD_RECORD_ID, { stringValue: item.record.recordId }],
    [ATTR_FORWARD_IDENTITY, { stringValue: item.record.identity }],
  ];
  if (item.leafIndex !== undefined) extra.push([ATTR_FORWARD_LEDGER_INDEX, { intValue: String(item.leafIndex) }]);
  return { body, extra };
}
