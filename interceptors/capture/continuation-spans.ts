import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { MaskScope } from '../mask/masker';
import {
  ATTR_CONTINUATION_FIRST,
  ATTR_CONTINUATION_INDEX,
  ATTR_CONTINUATION_LAST,
  ATTR_CONTINUATION_OF,
  ATTR_MASKED_COUNT,
  ATTR_MESSAGES_DROPPED,
  ATTR_POLICY_VERSION,
  ATTR_RECORDING_ERROR,
  ATTR_SUBJECT_REFS,
  ATTR_TRUNCATED,
  EVENT_RPC_MESSAGE,
  SPAN_NAME_CONTINUATION,
} from '../delivery/attributes';
import type { AuditRuntime } from './audit-runtime';
import type { MethodPlan } from './method-plan';
import { droppedEvents } from './span-event-limit';

/** Flags of one message event, as the recorder knows them. */
export const EVENT_TRUNCATED = 1;
export const EVENT_ERROR = 2;

/**
 * The continuation records of one long call: once the call span holds its batch of `rpc.message`
 * events, each further batch goes into a short span of its own — same tracer (scope grpc-audit,
 * so the durable exporter selects it), kind INTERNAL, child of the call span, with the method's
 * constant attributes (rpc.*, purpose, lawful basis, retention class) and, at its end, which call
 * and which messages it continues (`grpcaudit.continuation.*`), the policy version, the masked
 * count and subject references of the call's one mask scope so far. Payloads were masked by the
 * call's recorder exactly as the call span's own.
 *
 * Made only when a call outgrows its span: a unary call never allocates one. Per message it costs
 * one counter check and the tracer's `addEvent`; no batch is kept or copied here — the span is the
 * batch.
 */
export class ContinuationSpans {
  /** Continuation records started so far. */
  count = 0;
  /** Message events known missing from continuations (dropped by the tracer, or not kept). */
  dropped = 0;
  private span: Span | undefined;
  private inSpan = 0;
  private cap = 0;
  private first = 0;
  private last = 0;
  private maskedAtStart = 0;
  private flags = 0;
  /** Events of the current span that could not be handed to it at all. */
  private notKept = 0;
  private readonly parent: Context;
  private readonly callSpanId: string;

  constructor(
    call: Span,
    private readonly plan: MethodPlan,
    private readonly runtime: AuditRuntime,
    private readonly scope: MaskScope,
  ) {
    this.parent = trace.setSpan(ROOT_CONTEXT, call);
    this.callSpanId = call.spanContext().spanId;
  }

  /** Adds the event of the message with call-wide ordinal `ordinal` (1-based, both directions). */
  add(attrs: Attributes, ordinal: number, flags: number, time?: number): void {
    if (this.span === undefined || (this.inSpan >= this.cap && this.cap > 0)) {
      this.end();
      this.start(ordinal, time);
    }
    this.last = ordinal;
    this.flags |= flags;
    if (this.cap === 0) {
      // The tracer keeps no event on this span (limit 0, or not sampled): the message is lost, and said so.
      this.notKept++;
      return;
    }
    this.span!.addEvent(EVENT_RPC_MESSAGE, attrs, time);
    this.inSpan++;
  }

  /** Ends the open continuation (before the call span ends). */
  end(): void {
    const span = this.span;
    if (span === undefined) return;
    this.span = undefined;
    const attrs: Attributes = {
      [ATTR_CONTINUATION_OF]: this.callSpanId,
      [ATTR_CONTINUATION_INDEX]: this.count,
      [ATTR_CONTINUATION_FIRST]: this.first,
      [ATTR_CONTINUATION_LAST]: this.last,
      [ATTR_POLICY_VERSION]: this.runtime.masker.policyVersion,
      [ATTR_MASKED_COUNT]: this.scope.count - this.maskedAtStart,
    };
    const refs = this.scope.subjectRefs;
    if (refs && refs.length > 0) attrs[ATTR_SUBJECT_REFS] = refs.slice();
    if (this.flags & EVENT_TRUNCATED) attrs[ATTR_TRUNCATED] = true;
    const dropped = droppedEvents(span);
    if (dropped > 0) this.runtime.eventLimit.learn(this.inSpan, dropped);
    const lost = dropped + this.notKept;
    if (lost > 0) {
      this.dropped += lost;
      this.runtime.stats.droppedMessageEvents += lost;
      attrs[ATTR_MESSAGES_DROPPED] = lost;
    }
    if (lost > 0 || this.flags & EVENT_ERROR) attrs[ATTR_RECORDING_ERROR] = true;
    span.setAttributes(attrs);
    span.end();
  }

  private start(ordinal: number, time: number | undefined): void {
    const span = this.runtime.tracer.startSpan(SPAN_NAME_CONTINUATION, { kind: SpanKind.INTERNAL, attributes: this.plan.baseAttributes, startTime: time }, this.parent);
    this.span = span;
    this.count++;
    this.inSpan = 0;
    this.notKept = 0;
    this.flags = 0;
    this.first = ordinal;
    this.maskedAtStart = this.scope.count;
    this.cap = span.isRecording() ? this.runtime.eventLimit.capFor(span) : 0;
  }
}
