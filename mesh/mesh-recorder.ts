import type { IncomingHttpHeaders } from 'node:http2';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { propagation, ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type SpanContext, type TextMapGetter } from '@opentelemetry/api';
import { AuditRuntime, INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../interceptors/capture/audit-runtime';
import { CallRecorder, type Direction } from '../interceptors/capture/call-recorder';
import { buildMethodPlan, type MethodPlan } from '../interceptors/capture/method-plan';
import { deadlineIso } from '../interceptors/capture/deadline';
import { sampledByTraceId } from '../interceptors/capture/trace-context';
import { resolveOptions, type GrpcAuditOptions } from '../interceptors/config/audit-options';
import { createMasker } from '../interceptors/mask/create-masker';
import * as names from '../interceptors/export/attributes';
import type { GrpcFrame } from './grpc-frame-reader';
import { decodeGrpcMessage, grpcStatusOf, parseGrpcTimeout } from './grpc-headers';
import { decompressorFor, type Decompressor } from './message-codec';
import { ATTR_MESH_DIRECTION, ATTR_MESH_RECORDER, ATTR_PEER_IDENTITY, ATTR_PROXY_FAULT, ATTR_REMOTE_IDENTITY, type ProxyFault } from './mesh-attributes';

const { ATTR_CALL_TYPE, ATTR_DEADLINE, ATTR_MESSAGE_ERROR, ATTR_RECORDING_ERROR } = names;

/** 'inbound': the recorded application is the server (records are SERVER spans); 'outbound': it is the client (CLIENT spans). */
export type MeshDirection = 'inbound' | 'outbound';

export interface MeshRecorderOptions {
  /** The interceptors' options: registry, masker, record level, allowlist, per-method settings, gate, tracer provider. */
  audit: GrpcAuditOptions;
  recorder: 'sidecar' | 'ext-proc';
  direction: MeshDirection;
  /** Largest message decompressed for recording (default 4 MiB). */
  maxMessageBytes?: number;
}

/** Per-connection facts, the same for every call on it. */
export interface CallPeer {
  /** Address and port of the other party's socket (inbound: the caller; outbound: the upstream). */
  address?: string;
  port?: number;
  /** The recorded application's SPIFFE ID. */
  applicationIdentity?: string;
  /** The other party's SPIFFE ID. */
  remoteIdentity?: string;
}

const headersGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The caller's trace context from request headers: the registered propagator first, then `traceparent` ourselves (as the interceptors do). */
function extractParent(headers: IncomingHttpHeaders): Context {
  const ctx = propagation.extract(ROOT_CONTEXT, headers, headersGetter);
  if (trace.getSpanContext(ctx)) return ctx;
  const header = headers.traceparent;
  const m = typeof header === 'string' ? TRACEPARENT.exec(header) : null;
  if (!m) return ctx;
  const sc: SpanContext = { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true };
  return trace.isSpanContextValid(sc) ? trace.setSpanContext(ctx, sc) : ctx;
}

/**
 * Records calls seen from outside the application — as HTTP/2 headers and length-prefixed
 * frames — with the interceptors' own recorder, decoder and masker: a call recorded here gives
 * the same span as the server (inbound) or client (outbound) interceptor would.
 */
export class MeshRecorder {
  readonly runtime: AuditRuntime;
  private readonly plans = new Map<string, MethodPlan>();
  private readonly kind: SpanKind;
  private readonly side: 'client' | 'server';
  private readonly maxMessageBytes: number;

  constructor(private readonly options: MeshRecorderOptions) {
    const audit = options.audit;
    const resolved = resolveOptions(audit);
    const masker = audit.masker ?? createMasker();
    const tracer = audit.tracerProvider?.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
    this.runtime = new AuditRuntime(resolved, masker, audit.registry, audit.gate, tracer, audit.logger);
    this.kind = options.direction === 'inbound' ? SpanKind.SERVER : SpanKind.CLIENT;
    this.side = options.direction === 'inbound' ? 'server' : 'client';
    this.maxMessageBytes = options.maxMessageBytes ?? 4 * 1024 * 1024;
  }

  get direction(): MeshDirection {
    return this.options.direction;
  }

  /**
   * The method's plan. A proxy sees no stream flags: they come from the schema; a method without
   * one is recorded with call type 'unknown' (its messages are wire-decoded).
   */
  planFor(path: string): MethodPlan {
    let plan = this.plans.get(path);
    if (plan === undefined) {
      const schema = this.options.audit.registry?.lookupMethod(path);
      if (schema) plan = this.runtime.planFor(path, schema.requestStream, schema.responseStream);
      else {
        // Paths come from the network: a plan of an unknown one is built here, kept in this
        // bounded map only (the runtime's cache is for the registry's methods).
        const base = buildMethodPlan(path, false, false, this.runtime.options, this.runtime.masker, undefined);
        plan = { ...base, baseAttributes: Object.freeze({ ...base.baseAttributes, [ATTR_CALL_TYPE]: 'unknown' }) };
      }
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      this.plans.set(path, plan);
    }
    return plan;
  }

  /** Fail-closed: false when the method must be refused because its record cannot be kept. */
  admits(path: string): boolean {
    const plan = this.planFor(path);
    if (!plan.config.failClosed || this.runtime.canRecord(plan)) return true;
    this.runtime.stats.failClosedRejections++;
    return false;
  }

  /** Starts the record of a call from its request headers; undefined when the call is not recorded (record 'none', not sampled, stopped). */
  start(path: string, headers: IncomingHttpHeaders, peer: CallPeer): MeshCall | undefined {
    const rt = this.runtime;
    if (rt.stopped) return undefined;
    try {
      const plan = this.planFor(path);
      if (plan.config.record === 'none') return undefined;
      const parent = extractParent(headers);
      const rate = plan.config.sampleRate;
      if (rate < 1) {
        const sc = trace.getSpanContext(parent);
        const header = headers['grpcaudit-sampled'];
        const sampled = header !== undefined ? header === '1' : sc ? sampledByTraceId(sc.traceId, rate) : Math.random() < rate;
        if (!sampled) return undefined;
      }
      const attributes: Attributes = { ...plan.baseAttributes, [ATTR_MESH_RECORDER]: this.options.recorder, [ATTR_MESH_DIRECTION]: this.options.direction };
      if (peer.address !== undefined) {
        if (this.side === 'server') {
          attributes[names.ATTR_NETWORK_PEER_ADDRESS] = peer.address;
          if (peer.port !== undefined) attributes[names.ATTR_NETWORK_PEER_PORT] = peer.port;
        } else {
          attributes[names.ATTR_SERVER_ADDRESS] = peer.address;
          if (peer.port !== undefined) attributes[names.ATTR_SERVER_PORT] = peer.port;
        }
      }
      if (peer.applicationIdentity) attributes[ATTR_PEER_IDENTITY] = peer.applicationIdentity;
      if (peer.remoteIdentity) attributes[ATTR_REMOTE_IDENTITY] = peer.remoteIdentity;
      const timeout = parseGrpcTimeout(headers['grpc-timeout']);
      if (timeout !== undefined) attributes[ATTR_DEADLINE] = deadlineIso(Date.now() + timeout)!;
      const span = rt.tracer.startSpan(plan.spanName, { kind: this.kind, attributes }, parent);
      rt.stats.calls++;
      const recorder = new CallRecorder(span, this.side, plan, rt, true, undefined);
      if (rt.options.metadataAllowlist.size > 0) recorder.metadata('request', requestMetadata(headers));
      return new MeshCall(recorder, this.side, decompressorFor(headers['grpc-encoding'], this.maxMessageBytes), rt, plan, this.maxMessageBytes);
    } catch (err) {
      rt.reportError(undefined, 'start', err);
      return undefined;
    }
  }
}

/** Headers that grpc-js keeps out of the Metadata an application sees (they are transport, not metadata). */
const TRANSPORT_HEADERS = ['grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding', 'accept-encoding', 'content-type', 'te', 'grpc-status', 'grpc-message', 'grpc-status-details-bin'];

/** Request or response headers as the application's Metadata (transport headers removed). */
function requestMetadata(headers: IncomingHttpHeaders): Metadata {
  const md = Metadata.fromHttp2Headers(headers);
  for (const key of TRANSPORT_HEADERS) md.remove(key);
  return md;
}

/** Trailers as the interceptors see them in a status: Metadata without the status headers themselves. */
function trailerMetadata(headers: IncomingHttpHeaders): Metadata {
  const md = Metadata.fromHttp2Headers(headers);
  md.remove('grpc-status');
  md.remove('grpc-message');
  md.remove('content-type');
  return md;
}

/** The record of one proxied call. Every method is exception-safe (failures are counted by the runtime). */
export class MeshCall {
  private responseDecompress: Decompressor | undefined;
  private ended = false;
  /** Messages that could not be decompressed for the record (relayed all the same). */
  private readonly undecoded: string[] = [];

  constructor(
    private readonly recorder: CallRecorder,
    private readonly side: 'client' | 'server',
    private readonly requestDecompress: Decompressor,
    private readonly rt: AuditRuntime,
    private readonly plan: MethodPlan,
    private readonly maxMessageBytes: number,
  ) {}

  /** A fact learnt during the call (e.g. the upstream's identity once its TLS handshake is done). */
  annotate(key: string, value: string): void {
    if (this.ended) return;
    try {
      this.recorder.span.setAttribute(key, value);
    } catch (err) {
      this.rt.reportError(this.plan, 'annotate', err);
    }
  }

  /** A request message as it travelled (compressed per the request's grpc-encoding when flagged). */
  request(frame: GrpcFrame): void {
    this.message(this.side === 'server' ? 'RECEIVED' : 'SENT', frame, this.requestDecompress);
  }

  responseHeaders(headers: IncomingHttpHeaders): void {
    try {
      this.responseDecompress = decompressorFor(headers['grpc-encoding'], this.maxMessageBytes);
      if (this.rt.options.metadataAllowlist.size > 0) this.recorder.metadata('response', requestMetadata(headers));
    } catch (err) {
      this.rt.reportError(this.plan, 'metadata', err);
    }
  }

  response(frame: GrpcFrame): void {
    this.message(this.side === 'server' ? 'SENT' : 'RECEIVED', frame, this.responseDecompress ?? IDENTITY);
  }

  private message(direction: Direction, frame: GrpcFrame, decompress: Decompressor): void {
    if (this.ended) return;
    let bytes: Buffer;
    try {
      bytes = frame.compressed ? decompress(frame.data) : frame.data;
    } catch (err) {
      // Counted and marked: the message keeps its place (an empty event) and the record says
      // which one could not be read, and why (the error's class, never its text).
      this.rt.reportError(this.plan, 'decompress', err);
      this.undecoded.push(`${direction} message ${frame.data.length} bytes not decompressed: ${err instanceof Error ? err.name : 'error'}`);
      this.recorder.message(direction, EMPTY);
      return;
    }
    this.recorder.message(direction, bytes);
  }

  /** The call ended with the upstream's trailers (or trailers-only headers). */
  endWithTrailers(trailers: IncomingHttpHeaders | undefined): void {
    const code = trailers ? grpcStatusOf(trailers) : undefined;
    if (code === undefined) {
      this.end(GrpcStatus.UNKNOWN, 'the upstream ended the call without a grpc-status', trailers, undefined);
      return;
    }
    this.end(code, decodeGrpcMessage(trailers!['grpc-message']), trailers, undefined);
  }

  /** The proxy answered the call itself (fault), or the client cancelled it. */
  end(code: number, message: string, trailers: IncomingHttpHeaders | undefined, fault: ProxyFault | undefined): void {
    if (this.ended) return;
    this.ended = true;
    try {
      if (fault) this.recorder.span.setAttribute(ATTR_PROXY_FAULT, fault);
      if (this.undecoded.length > 0) this.recorder.span.setAttributes({ [ATTR_MESSAGE_ERROR]: this.undecoded.join('; '), [ATTR_RECORDING_ERROR]: true });
    } catch (err) {
      this.rt.reportError(this.plan, 'fault', err);
    }
    let metadata: Metadata | undefined;
    try {
      if (trailers && (code !== GrpcStatus.OK || this.rt.options.metadataAllowlist.size > 0)) metadata = trailerMetadata(trailers);
    } catch (err) {
      this.rt.reportError(this.plan, 'status', err);
    }
    this.recorder.status({ code, details: message, metadata });
  }

  /** The client went away (RST_STREAM) before the call ended. */
  cancelled(code: number, message: string): void {
    if (this.ended) return;
    this.recorder.cancelled();
    this.end(code, message, undefined, undefined);
  }
}

/** Plans kept per recorder; unknown paths beyond it start the map afresh. */
const MAX_PLANS = 4096;

const IDENTITY: Decompressor = (data) => data;
const EMPTY = Buffer.alloc(0);
