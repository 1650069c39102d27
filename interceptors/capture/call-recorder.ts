import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { newMaskScope, type MaskScope } from '../mask/masker';
import { renderWire } from '../decode/wire-decoder';
import { renderUntyped } from '../decode/untyped';
import type { MessageRenderer, RenderResult } from '../decode/render-plan';
import {
  ATTR_CANCELLED,
  ATTR_MASKED_COUNT,
  ATTR_MESSAGE_ID,
  ATTR_MESSAGE_TYPE,
  ATTR_MESSAGE_UNCOMPRESSED_SIZE,
  ATTR_PAYLOAD,
  ATTR_PAYLOAD_ERROR,
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
} from '../export/attributes';
import type { MethodPlan } from './method-plan';
import { recordMetadata } from './metadata-recorder';
import { renderStatusDetails } from './status-details';
import type { AuditRuntime } from './audit-runtime';

export type Direction = 'SENT' | 'RECEIVED';

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
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

  message(direction: Direction, message: unknown): void {
    // A unary call whose status carries no message delivers onReceiveMessage(null) first.
    if (message === null || message === undefined || this.ended) return;
    try {
      const id = direction === 'SENT' ? ++this.sent : ++this.received;
      const attrs: Attributes = { [ATTR_MESSAGE_TYPE]: direction, [ATTR_MESSAGE_ID]: id };
      if (this.plan.config.record === 'full') {
        const result = this.render(direction, message);
        if (result.size !== undefined) attrs[ATTR_MESSAGE_UNCOMPRESSED_SIZE] = result.size;
        attrs[ATTR_PAYLOAD] = result.json;
        if (result.truncated) {
          attrs[ATTR_PAYLOAD_TRUNCATED] = true;
          this.truncated = true;
        }
        if (result.error) attrs[ATTR_PAYLOAD_ERROR] = result.error;
        if (this.lastFallback !== undefined) {
          attrs[ATTR_SCHEMA] = this.lastFallback;
          this.lastFallback = undefined;
        }
      }
      this.span.addEvent(EVENT_RPC_MESSAGE, attrs);
    } catch (err) {
      this.failed('message', err);
    }
  }

  private render(direction: Direction, message: unknown): RenderResult {
    const plan = this.plan;
    const max = plan.config.maxPayloadBytes;
    const renderer = this.rendererFor(direction);
    if (isBytes(message)) return this.renderBytes(direction, message, renderer, max);
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
      return renderWire(this.serializeSent(message), this.runtime.masker, this.scope, max);
    }
    this.fallback('untyped');
    return renderUntyped(message, this.runtime.masker, this.scope, max, plan.path);
  }

  /**
   * Messages that are already bytes (a client or server using identity serializers): decoded
   * with the method's schema when there is one; bytes that do not decode as that type are
   * wire-decoded instead, with a marker naming the type.
   */
  private renderBytes(direction: Direction, bytes: Uint8Array, renderer: MessageRenderer | undefined, max: number): RenderResult {
    const schema = this.plan.schema;
    if (renderer && schema) {
      const type = (direction === 'SENT') === (this.side === 'client') ? schema.requestType : schema.responseType;
      let decoded: unknown;
      try {
        decoded = type.decode(bytes);
      } catch {
        const result = renderWire(bytes, this.runtime.masker, this.scope, max);
        result.error = `bytes do not decode as ${renderer.typeName}` + (result.error ? `; ${result.error}` : '');
        this.fallback('wire');
        return result;
      }
      const result = renderer.render(decoded, this.scope, max);
      result.size = bytes.length;
      return result;
    }
    this.fallback('wire');
    return renderWire(bytes, this.runtime.masker, this.scope, max);
  }

  private fallback(kind: 'wire' | 'untyped'): void {
    this.lastFallback = kind;
    if (this.schemaFallback !== 'wire') this.schemaFallback = kind;
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

  /** Records the final status and ends the span (once). */
  status(status: CallStatus): void {
    if (this.ended) return;
    this.ended = true;
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
        span.setAttribute(ATTR_RECORDING_ERROR, true);
      } catch {
        // the span API itself is failing; the runtime has counted it
      }
    } finally {
      if (this.ownsSpan) {
        try {
          span.end();
        } catch (err) {
          runtime.reportError(this.plan, 'end', err);
        }
      }
    }
  }
}
