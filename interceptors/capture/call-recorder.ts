import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { newMaskScope, type MaskScope } from '../mask/masker';
import { renderWire } from '../decode/wire-decoder';
import { renderUntyped } from '../decode/untyped';
import type { MessageRenderer, RenderResult } from '../decode/render-plan';
import {
  ATTR_CANCELLED,
  ATTR_CONTINUATION_COUNT,
  ATTR_MASKED_COUNT,
  ATTR_MESSAGE_ERROR,
  ATTR_MESSAGE_ID,
  ATTR_MESSAGE_TYPE,
  ATTR_MESSAGE_UNCOMPRESSED_SIZE,
  ATTR_MESSAGES_DROPPED,
  ATTR_MESSAGES_PEER_RECORDED,
  ATTR_MESSAGES_RECEIVED,
  ATTR_MESSAGES_SENT,
  ATTR_PAYLOAD,
  ATTR_PAYLOAD_ERROR,
  ATTR_PAYLOAD_RECORDED_BY,
  ATTR_PAYLOAD_TRUNCATED,
  ATTR_POLICY_VERSION,
  ATTR_RECORDING_ERROR,
  ATTR_RPC_GRPC_STATUS_CODE,
  ATTR_SCHEMA,
  ATTR_STATUS_DETAILS,
  ATTR_STATUS_MESSAGE,
  ATTR_SUBJECT_REFS,
  ATTR_TRUNCATED,
  EVENT_RPC_MESSAGE,
} from '../delivery/attributes';
import type { MethodPlan } from './method-plan';
import { recordMetadata } from './metadata-recorder';
import { renderStatusDetails } from './status-details';
import type { AuditRuntime } from './audit-runtime';
import { ContinuationSpans, EVENT_ERROR, EVENT_TRUNCATED } from './continuation-spans';
import { droppedEvents } from './span-event-limit';
import { RECORDS_HEADER } from './protocol';

export type Direction = 'SENT' | 'RECEIVED';

/** An error's class name, never its message (which may carry a value). */
function errorKind(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

/** Sent messages one call keeps waiting at most; more are recorded at once. */
const MAX_PENDING = 256;

/** A sent message's snapshot, or (with `status`) the call's end, waiting in CallRecorder.drain. */
interface Pending {
  direction: Direction;
  id: number;
  /** Call-wide position of the message (both directions), for continuation records. */
  ordinal: number;
  bytes: Uint8Array | undefined;
  /** The object the snapshot was taken of: rendered instead only when the snapshot does not decode with the schema. */
  message: unknown;
  /** performance.now() when it happened: the event's (or the span end's) time. */
  time: number;
  status?: CallStatus;
}

/** The final status of a call as both sides see it (grpc-js StatusObject, or a partial one on the server). */
export interface CallStatus {
  code: number;
  details?: string;
  metadata?: Metadata;
}

/**
 * The record of one side of one call: owns the span and its one mask scope, turns messages into
 * `rpc.message` events and the final status into the span status. Every public method is
 * exception-safe: a recording failure is reported to the runtime and never reaches the call.
 */
export class CallRecorder {
  private readonly scope: MaskScope = newMaskScope();
  private sent = 0;
  private received = 0;
  private ended = false;
  private truncated = false;
  /** 'wire' when any message of the call was wire-decoded, else 'untyped' when any was rendered untyped. */
  private schemaFallback: 'wire' | 'untyped' | undefined;
  /** Fallback used by the message being rendered (also recorded on its event). */
  private lastFallback: 'wire' | 'untyped' | undefined;
  /** Part of this call's record could not be made (see `grpcaudit.recording.error`). */
  private incomplete = false;
  /** Message events on the call span itself. */
  private inSpan = 0;
  /** Most message events the call span may hold; -1 until the first message (see SpanEventLimit). */
  private cap = -1;
  /** Message events known missing from the call span (never added). */
  private notKept = 0;
  /** Batches after the call span's own (long streams only). */
  private continuations: ContinuationSpans | undefined;
  /** The peer announced that it records the payloads it sends (same recording domain and policy). */
  private peerRecords = false;
  /** RECEIVED messages whose payload the peer records. */
  private peerRecorded = 0;
  /** Sent messages (and the status behind them) waiting to be recorded off the call path. */
  private pending: Pending[] | undefined;

  constructor(
    readonly span: Span,
    private readonly side: 'client' | 'server',
    private readonly plan: MethodPlan,
    private readonly runtime: AuditRuntime,
    /** False when enriching another instrumentation's span: it ends the span, not us. */
    private readonly ownsSpan: boolean,
    /** Serializer of the messages this side sends (client: requests, server: responses): the wire fallback when no schema is known. */
    private readonly serializeSent: ((value: unknown) => Buffer) | undefined,
  ) {}

  metadata(side: 'request' | 'response', metadata: Metadata): void {
    try {
      const allowlist = this.runtime.options.metadataAllowlist;
      if (allowlist.size === 0) return;
      const attrs: Attributes = {};
      if (recordMetadata(attrs, side, metadata, allowlist, this.runtime.masker, this.scope, this.runtime.cleanMetadata) > 0) this.span.setAttributes(attrs);
    } catch (err) {
      this.failed('metadata', err);
    }
  }

  /**
   * Reads the peer's RECORDS_HEADER (request headers on the server, response headers on the
   * client: both arrive before any message they announce). Only the token of this instance's own
   * recording domain and policy counts; anything else leaves every received payload recorded here.
   */
  peerAnnouncement(metadata: Metadata): void {
    const token = this.runtime.recordsToken;
    if (token === undefined || this.plan.config.record !== 'full') return;
    try {
      const values = metadata.get(RECORDS_HEADER);
      this.peerRecords = values.length === 1 && values[0] === token;
    } catch (err) {
      this.failed('metadata', err);
    }
  }

  /** Whether this side announces that it records the payloads it sends (see RECORDS_HEADER). */
  announces(): boolean {
    return this.runtime.recordsToken !== undefined && this.plan.config.record === 'full';
  }

  message(direction: Direction, message: unknown): void {
    // A unary call whose status carries no message delivers onReceiveMessage(null) first.
    if (message === null || message === undefined || this.ended) return;
    const id = direction === 'SENT' ? ++this.sent : ++this.received;
    const ordinal = this.sent + this.received;
    if (direction === 'SENT' && this.plan.config.record === 'full' && this.runtime.deferRendering) {
      const snapshot = this.snapshot(message);
      if (snapshot !== undefined) {
        const pending = (this.pending ??= []);
        pending.push({ direction, id, ordinal, bytes: snapshot, message, time: performance.now() });
        if (pending.length === 1) this.runtime.deferDrain(this);
        // A handler writing a long stream in one go: bounded memory, the work is the same.
        else if (pending.length >= MAX_PENDING) this.drain();
        return;
      }
    }
    // Events stay in message order: what is waiting is recorded first.
    if (this.pending !== undefined) this.drain();
    this.record(direction, id, ordinal, message, undefined);
  }

  /**
   * The bytes this side puts on the wire for a message it sends, from the method's own
   * serializer (the one grpc-js calls next, so they are the same bytes): an immutable snapshot,
   * so a message object changed by the application after it was sent cannot change its record.
   * Undefined when there is no serializer or it fails; the message is then recorded at once.
   */
  private snapshot(message: unknown): Uint8Array | undefined {
    // A typed renderer needs the schema to decode the snapshot with (renderBytes).
    if (this.rendererFor('SENT') !== undefined && this.plan.schema === undefined) return undefined;
    try {
      if (isBytes(message)) return Uint8Array.prototype.slice.call(message);
      return this.serializeSent ? this.serializeSent(message) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Records what the call path left for later (see AuditRuntime.deferDrain): each sent
   * message's render, mask and event, then the status if it came meanwhile, with the times they
   * happened at. Runs after the bytes went out, or at once when anything must follow them.
   */
  drain(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      if (p.status !== undefined) this.finish(p.status, p.time);
      else this.record(p.direction, p.id, p.ordinal, p.bytes, p.time, p.message);
    }
  }

  private record(direction: Direction, id: number, ordinal: number, message: unknown, time: number | undefined, original?: unknown): void {
    let attrs: Attributes;
    let flags = 0;
    try {
      attrs = { [ATTR_MESSAGE_TYPE]: direction, [ATTR_MESSAGE_ID]: id };
      if (this.peerRecords && direction === 'RECEIVED') {
        // The sender's span holds this payload, masked under the same policy: not rendered twice.
        attrs[ATTR_PAYLOAD_RECORDED_BY] = 'peer';
        this.peerRecorded++;
      } else if (this.plan.config.record === 'full') {
        const result = this.render(direction, message, original);
        if (result.size !== undefined) attrs[ATTR_MESSAGE_UNCOMPRESSED_SIZE] = result.size;
        attrs[ATTR_PAYLOAD] = result.json;
        if (result.truncated) {
          attrs[ATTR_PAYLOAD_TRUNCATED] = true;
          this.truncated = true;
          flags = EVENT_TRUNCATED;
        }
        if (result.error) attrs[ATTR_PAYLOAD_ERROR] = result.error;
        if (this.lastFallback !== undefined) {
          attrs[ATTR_SCHEMA] = this.lastFallback;
          this.lastFallback = undefined;
        }
      }
    } catch (err) {
      // The message still gets its event, marked, so its index is accounted for.
      this.failed('message', err);
      this.lastFallback = undefined;
      attrs = { [ATTR_MESSAGE_TYPE]: direction, [ATTR_MESSAGE_ID]: id, [ATTR_MESSAGE_ERROR]: `not rendered: ${errorKind(err)}` };
      flags = EVENT_ERROR;
    }
    try {
      this.addMessageEvent(attrs, flags, ordinal, time);
    } catch (err) {
      // The tracer refused the event: the totals will say it is missing.
      this.notKept++;
      this.failed('message', err);
    }
  }

  /**
   * The call span holds the first `cap` message events; each further batch goes into a
   * continuation span, so no message depends on the tracer's event limit.
   */
  private addMessageEvent(attrs: Attributes, flags: number, ordinal: number, time: number | undefined): void {
    let cap = this.cap;
    if (cap < 0) cap = this.cap = this.span.isRecording() ? this.runtime.eventLimit.capFor(this.span) : Number.MAX_SAFE_INTEGER;
    if (this.continuations === undefined) {
      if (this.inSpan < cap) {
        this.inSpan++;
        this.span.addEvent(EVENT_RPC_MESSAGE, attrs, time);
        return;
      }
      if (cap === 0) {
        // The tracer keeps no event at all: every message is lost, and the record says how many.
        this.notKept++;
        return;
      }
      this.continuations = new ContinuationSpans(this.span, this.plan, this.runtime, this.scope);
    }
    this.continuations.add(attrs, ordinal, flags, time);
  }

  /** `original`: the message object a snapshot (`message`, bytes) was taken of. */
  private render(direction: Direction, message: unknown, original?: unknown): RenderResult {
    const plan = this.plan;
    const max = plan.config.maxPayloadBytes;
    const renderer = this.rendererFor(direction);
    if (isBytes(message)) return this.renderBytes(direction, message, renderer, max, original);
    if (renderer) {
      const result = renderer.render(message, this.scope, max);
      // A truncated walk stops early and knows no size; measure it without rendering (rare).
      if (result.size === undefined && result.truncated && !result.error) {
        const size = renderer.encodedSize(message);
        if (size !== undefined) result.size = size;
      }
      return result;
    }
    if (direction === 'SENT' && this.serializeSent) {
      this.fallback('wire');
      return renderWire(this.serializeSent(message), this.runtime.masker, this.scope, max, plan.path);
    }
    this.fallback('untyped');
    return renderUntyped(message, this.runtime.masker, this.scope, max, plan.path);
  }

  /**
   * Messages that are already bytes (a client or server using identity serializers): decoded
   * with the method's schema when there is one; bytes that do not decode as that type are
   * wire-decoded instead, with a marker naming the type.
   */
  private renderBytes(direction: Direction, bytes: Uint8Array, renderer: MessageRenderer | undefined, max: number, original?: unknown): RenderResult {
    const schema = this.plan.schema;
    if (renderer && schema) {
      const type = (direction === 'SENT') === (this.side === 'client') ? schema.requestType : schema.responseType;
      let decoded: unknown;
      try {
        decoded = type.decode(bytes);
      } catch {
        // A snapshot of an object that the schema does not describe (wrong registry): the object
        // itself, field by field, says which field does not fit — as when recorded at once.
        if (original !== undefined && !isBytes(original)) return this.render(direction, original);
        const result = renderWire(bytes, this.runtime.masker, this.scope, max, this.plan.path);
        result.error = `bytes do not decode as ${renderer.typeName}` + (result.error ? `; ${result.error}` : '');
        this.fallback('wire');
        return result;
      }
      const result = renderer.render(decoded, this.scope, max);
      result.size = bytes.length;
      return result;
    }
    this.fallback('wire');
    return renderWire(bytes, this.runtime.masker, this.scope, max, this.plan.path);
  }

  private fallback(kind: 'wire' | 'untyped'): void {
    this.lastFallback = kind;
    if (this.schemaFallback !== 'wire') this.schemaFallback = kind;
  }

  /**
   * Ends the open continuation and writes the message totals on the call span, so a reader can
   * check that every message of the call is present: `grpcaudit.messages.sent`/`.received`, the
   * number of continuation records, and any message events known missing.
   */
  private messageTotals(attrs: Attributes): void {
    attrs[ATTR_MESSAGES_SENT] = this.sent;
    attrs[ATTR_MESSAGES_RECEIVED] = this.received;
    if (this.peerRecorded > 0) attrs[ATTR_MESSAGES_PEER_RECORDED] = this.peerRecorded;
    let missing = this.notKept;
    const cont = this.continuations;
    if (cont) {
      try {
        cont.end();
      } catch (err) {
        this.failed('continuation', err);
      }
      attrs[ATTR_CONTINUATION_COUNT] = cont.count;
      missing += cont.dropped;
    }
    const dropped = droppedEvents(this.span);
    if (dropped > 0) {
      this.runtime.eventLimit.learn(this.inSpan, dropped);
      this.runtime.stats.droppedMessageEvents += dropped;
    }
    if (this.notKept > 0) this.runtime.stats.droppedMessageEvents += this.notKept;
    missing += dropped;
    if (missing > 0) {
      attrs[ATTR_MESSAGES_DROPPED] = missing;
      this.incomplete = true;
    }
  }

  /** A recording failure: counted and logged by the runtime, and flagged on the span at its end. */
  private failed(stage: string, err: unknown): void {
    this.incomplete = true;
    this.runtime.reportError(this.plan, stage, err);
  }

  /** Client: sent = requests; server: sent = responses. */
  private rendererFor(direction: Direction): MessageRenderer | undefined {
    return (direction === 'SENT') === (this.side === 'client') ? this.plan.requestRenderer : this.plan.responseRenderer;
  }

  cancelled(): void {
    try {
      this.span.setAttribute(ATTR_CANCELLED, true);
    } catch (err) {
      this.failed('cancel', err);
    }
  }

  /**
   * Records the final status and ends the span (once). `deferrable`: the status may be recorded
   * after the call path, behind sent messages still waiting (the server, whose status goes out
   * first); otherwise everything waiting is recorded now (the client, whose application sees the
   * status next and may read the record).
   */
  status(status: CallStatus, deferrable = false): void {
    if (this.ended) return;
    this.ended = true;
    if (this.pending !== undefined) {
      if (deferrable) {
        this.pending.push({ direction: 'SENT', id: 0, ordinal: 0, bytes: undefined, message: undefined, time: performance.now(), status });
        return;
      }
      this.drain();
    }
    this.finish(status, undefined);
  }

  private finish(status: CallStatus, endTime: number | undefined): void {
    const runtime = this.runtime;
    const span = this.span;
    const code = status.code;
    try {
      // The facts first, so that a masking failure below cannot cost the status code.
      span.setAttribute(ATTR_RPC_GRPC_STATUS_CODE, code);
      if (code !== GrpcStatus.OK) span.setStatus({ code: SpanStatusCode.ERROR });
    } catch (err) {
      runtime.reportError(this.plan, 'status', err);
    }
    try {
      const attrs: Attributes = { [ATTR_POLICY_VERSION]: runtime.masker.policyVersion };
      this.messageTotals(attrs);
      if (status.metadata) {
        recordMetadata(attrs, 'trailer', status.metadata, runtime.options.metadataAllowlist, runtime.masker, this.scope, runtime.cleanMetadata);
      }
      if (code !== GrpcStatus.OK) {
        const message = runtime.masker.maskText(status.details ?? '', this.scope, { kind: 'status-message' });
        attrs[ATTR_STATUS_MESSAGE] = message;
        const details = renderStatusDetails(status.metadata, runtime.masker, this.scope, this.plan.config.maxPayloadBytes, runtime.registry, this.plan.path);
        if (details) attrs[ATTR_STATUS_DETAILS] = details;
        span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      if (this.truncated) attrs[ATTR_TRUNCATED] = true;
      if (this.incomplete) attrs[ATTR_RECORDING_ERROR] = true;
      if (this.schemaFallback) attrs[ATTR_SCHEMA] = this.schemaFallback;
      attrs[ATTR_MASKED_COUNT] = this.scope.count;
      if (this.scope.subjectRefs && this.scope.subjectRefs.length > 0) attrs[ATTR_SUBJECT_REFS] = this.scope.subjectRefs;
      span.setAttributes(attrs);
    } catch (err) {
      runtime.reportError(this.plan, 'status', err);
      try {
        // The totals still, so the record says how many messages it should hold.
        this.continuations?.end();
        const totals: Attributes = { [ATTR_RECORDING_ERROR]: true, [ATTR_MESSAGES_SENT]: this.sent, [ATTR_MESSAGES_RECEIVED]: this.received };
        if (this.continuations) totals[ATTR_CONTINUATION_COUNT] = this.continuations.count;
        span.setAttributes(totals);
      } catch {
        // the span API itself is failing; the runtime has counted it
      }
    } finally {
      if (this.ownsSpan) {
        try {
          span.end(endTime);
        } catch (err) {
          runtime.reportError(this.plan, 'end', err);
        }
      }
    }
  }
}
