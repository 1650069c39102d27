import type { Span } from '@opentelemetry/api';

/**
 * How many `rpc.message` events one span may receive: the configured batch
 * (`messageEventsPerSpan`), lowered to the tracer's own event limit when that is lower — so the
 * tracer never has to drop one. One per AuditRuntime.
 *
 * The OpenTelemetry API does not expose span limits. The SDK's spans (sdk-trace 2.x) carry them
 * in `_spanLimits`; when that can be read, the limit is honoured before any event is lost. When it
 * cannot (another SDK, a wrapped span), a span that dropped events tells us afterwards through the
 * public `droppedEventsCount`: that span's record says so, and the limit it revealed
 * (events added − dropped) is used for every later span.
 */
export class SpanEventLimit {
  /** Learned from a span that dropped events; undefined until one did. */
  private learned: number | undefined;
  private lowerLogged = false;

  constructor(
    /** `messageEventsPerSpan`. */
    readonly configured: number,
    private readonly warn: (message: string, fields: Record<string, string | number>) => void,
  ) {}

  /** Events `span` may receive. A non-recording span keeps nothing anyway: no limit, no continuation. */
  capFor(span: Span): number {
    let cap = this.configured;
    const limit = readEventLimit(span);
    if (limit !== undefined && limit < cap) {
      cap = limit;
      if (!this.lowerLogged) {
        this.lowerLogged = true;
        this.warn('grpc-audit: the tracer keeps fewer events per span than messageEventsPerSpan; message batches are made smaller to fit', {
          eventCountLimit: limit,
          messageEventsPerSpan: this.configured,
        });
      }
    }
    if (this.learned !== undefined && this.learned < cap) cap = this.learned;
    return cap;
  }

  /** A span that received `added` of our events dropped `dropped` events: its limit is the difference. */
  learn(added: number, dropped: number): void {
    const limit = Math.max(0, added - dropped);
    if (this.learned !== undefined && this.learned <= limit) return;
    this.learned = limit;
    this.warn('grpc-audit: the tracer dropped message events (its event limit is below messageEventsPerSpan); the record says so, and later batches use the smaller size', {
      eventCountLimit: limit,
      messageEventsPerSpan: this.configured,
    });
  }
}

/** The SDK's `spanLimits.eventCountLimit` of this span, when readable (sdk-trace 2.x). */
export function readEventLimit(span: Span): number | undefined {
  const limits = (span as unknown as { _spanLimits?: { eventCountLimit?: unknown } })._spanLimits;
  const n = limits?.eventCountLimit;
  return typeof n === 'number' && n >= 0 ? Math.floor(n) : undefined;
}

/** Events the tracer dropped from this span (public on SDK spans: ReadableSpan.droppedEventsCount); 0 when unknown. */
export function droppedEvents(span: Span): number {
  const n = (span as unknown as { droppedEventsCount?: unknown }).droppedEventsCount;
  return typeof n === 'number' && n > 0 ? n : 0;
}
