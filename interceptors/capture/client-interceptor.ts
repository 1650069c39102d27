import {
  InterceptingCall,
  Metadata,
  status as GrpcStatus,
  type Interceptor,
  type InterceptorOptions,
  type Listener,
  type Requester,
  type StatusObject,
} from '@grpc/grpc-js';
import { context, SpanKind, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import * as names from '../delivery/attributes';
import type { AuditRuntime } from './audit-runtime';
import { CallRecorder } from './call-recorder';
import { AUDIT_TARGET } from './client-guard';
import type { MethodPlan } from './method-plan';
import { splitHostPort, type HostPort } from './peer-address';
import { FAIL_CLOSED_MESSAGE, RECORDS_HEADER, SAMPLED_HEADER } from './protocol';
import { inject, sampledByTraceId } from './trace-context';
import { deadlineIso } from './deadline';

/** grpc-js does not export the interface of the call an interceptor wraps. */
type InterceptingCallInterface = ConstructorParameters<typeof InterceptingCall>[0];

// Bound once: loaders such as tsx turn every use of a named import into a getter call.
const { ATTR_DEADLINE, ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } = names;

/**
 * The client half of the capture stage. grpc-js calls the interceptor once per call with the
 * method definition (path, stream flags, serializers — no types); the per-method plan is a Map
 * read after the first call. The requester and listener hooks below are the only per-call
 * allocations besides the span and the recorder.
 */
export function buildClientInterceptor(rt: AuditRuntime): Interceptor {
  return (options: InterceptorOptions, nextCall) => {
    if (rt.stopped) return new InterceptingCall(nextCall(options));
    const def = options.method_definition;
    let plan: MethodPlan;
    try {
      plan = rt.planFor(def.path, def.requestStream, def.responseStream);
    } catch (err) {
      rt.reportError(undefined, 'plan', err);
      return new InterceptingCall(nextCall(options));
    }
    const config = plan.config;
    if (config.record === 'none') return new InterceptingCall(nextCall(options));
    if (config.failClosed && !rt.canRecord(plan)) {
      rt.stats.failClosedRejections++;
      return new InterceptingCall(NULL_CALL, FAIL_CLOSED_REQUESTER);
    }
    const parent = context.active();
    const rate = config.sampleRate;
    if (rate < 1) {
      const sc = trace.getSpanContext(parent);
      const sampled = sc ? sampledByTraceId(sc.traceId, rate) : Math.random() < rate;
      if (!sampled) return new InterceptingCall(nextCall(options), UNSAMPLED_REQUESTER);
    }
    let rec: CallRecorder;
    try {
      rec = startClientRecorder(rt, plan, options, parent);
    } catch (err) {
      rt.reportError(plan, 'start', err);
      return new InterceptingCall(nextCall(options));
    }
    const call = nextCall(options);
    const requester: Requester = {
      start(callerMetadata, listener, next) {
        // The caller owns its Metadata and may reuse it for later calls (shared auth headers):
        // write this call's trace context into a copy, never into the caller's object.
        const metadata = callerMetadata.clone();
        try {
          inject(trace.setSpan(parent, rec.span), metadata);
          if (rate < 1) metadata.set(SAMPLED_HEADER, '1');
          if (rec.announces()) metadata.set(RECORDS_HEADER, rt.recordsToken!);
        } catch (err) {
          rt.reportError(plan, 'inject', err);
        }
        rec.metadata('request', metadata);
        // Closures, not methods: grpc-js copies a requester's listener hooks without binding them.
        const wrapped: Listener = {
          onReceiveMetadata(md, nextMd) {
            rec.peerAnnouncement(md);
            rec.metadata('response', md);
            nextMd(md);
          },
          onReceiveMessage(message, nextMessage) {
            rec.message('RECEIVED', message);
            nextMessage(message);
          },
          onReceiveStatus(status, nextStatus) {
            recordPeer(rt, plan, rec, call);
            rec.status(status);
            nextStatus(status);
          },
        };
        next(metadata, wrapped);
      },
      sendMessage(message, next) {
        rec.message('SENT', message);
        next(message);
      },
      cancel(next) {
        rec.cancelled();
        next();
      },
    };
    return new InterceptingCall(call, requester);
  };
}

/**
 * Whether the active span is @opentelemetry/instrumentation-grpc's client span of this very call
 * (same name, kind CLIENT) — and not, say, an application span that merely encloses the call,
 * which must not receive another call's record. SDK spans expose `name` and `kind`; a span that
 * does not is never enriched.
 */
function isCallClientSpan(span: Span, plan: MethodPlan): boolean {
  const s = span as unknown as { name?: unknown; kind?: unknown };
  return s.name === plan.spanName && s.kind === SpanKind.CLIENT && span.isRecording();
}

function startClientRecorder(rt: AuditRuntime, plan: MethodPlan, options: InterceptorOptions, parent: Context): CallRecorder {
  let span: Span | undefined;
  let owns = true;
  if (rt.options.mode === 'enrich') {
    // @opentelemetry/instrumentation-grpc makes its client span active around the call: record into it.
    const active = trace.getSpan(parent);
    if (active && isCallClientSpan(active, plan)) {
      span = active;
      owns = false;
      span.setAttributes(plan.enrichAttributes);
    }
  }
  if (!span) {
    const target = (options as { [AUDIT_TARGET]?: HostPort })[AUDIT_TARGET];
    span = rt.tracer.startSpan(plan.spanName, { kind: SpanKind.CLIENT, attributes: target ? clientAttributes(plan, target) : plan.baseAttributes }, parent);
  }
  const deadline = deadlineIso(options.deadline);
  if (deadline) span.setAttribute(ATTR_DEADLINE, deadline);
  rt.stats.calls++;
  return new CallRecorder(span, 'client', plan, rt, owns, options.method_definition.requestSerialize as (v: unknown) => Buffer);
}

/**
 * The method's span attributes plus the channel target's `server.address`/`server.port`, built
 * once per (method, target) — the guard hands every call of a channel the same target object —
 * and passed to startSpan as they are (the SDK copies them into the span).
 */
function clientAttributes(plan: MethodPlan, target: HostPort): Attributes {
  if (plan.clientTarget === target && plan.clientAttributes) return plan.clientAttributes;
  const attrs: Attributes = { ...plan.baseAttributes, [ATTR_SERVER_ADDRESS]: target.host };
  if (target.port !== undefined) attrs[ATTR_SERVER_PORT] = target.port;
  plan.clientTarget = target;
  plan.clientAttributes = Object.freeze(attrs);
  return attrs;
}

/** The resolved peer is known only once the call ran; recorded just before the status. */
function recordPeer(rt: AuditRuntime, plan: MethodPlan, rec: CallRecorder, call: InterceptingCallInterface): void {
  try {
    const peer = call.getPeer();
    if (!peer || peer === 'unknown') return;
    rec.span.setAttributes(peerAttributes(peer));
  } catch (err) {
    rt.reportError(plan, 'peer', err);
  }
}

/**
 * `network.peer.address`/`.port` of a grpc-js peer string, as one attributes object. A channel's
 * calls mostly share one peer: the last one is kept rather than parsed again.
 */
let lastPeer = '';
let lastPeerAttributes: Attributes = {};
function peerAttributes(peer: string): Attributes {
  if (peer === lastPeer) return lastPeerAttributes;
  const hp = splitHostPort(peer);
  const attrs: Attributes = { [ATTR_NETWORK_PEER_ADDRESS]: hp.host };
  if (hp.port !== undefined) attrs[ATTR_NETWORK_PEER_PORT] = hp.port;
  lastPeerAttributes = Object.freeze(attrs);
  lastPeer = peer;
  return attrs;
}

/** Tells the server this call was not sampled, so it does not record it either. */
const UNSAMPLED_REQUESTER: Requester = {
  start(callerMetadata, listener, next) {
    const metadata = callerMetadata.clone();
    metadata.set(SAMPLED_HEADER, '0');
    next(metadata, listener);
  },
};

/** A fail-closed rejection: the status arrives asynchronously, as a real one would; nothing is sent. */
const FAIL_CLOSED_REQUESTER: Requester = {
  start(_metadata, listener) {
    const status: StatusObject = { code: GrpcStatus.UNAVAILABLE, details: FAIL_CLOSED_MESSAGE, metadata: new Metadata() };
    setImmediate(() => listener.onReceiveStatus(status));
  },
  sendMessage() {},
  halfClose() {},
  cancel() {},
};

/** Stands in for the channel's call when a call must not reach the network at all. */
const NULL_CALL: InterceptingCallInterface = {
  cancelWithStatus() {},
  getPeer: () => '',
  start() {},
  sendMessageWithContext() {},
  sendMessage() {},
  startRead() {},
  halfClose() {},
  getAuthContext: () => ({}),
};
