import {
  Metadata,
  ServerInterceptingCall,
  status as GrpcStatus,
  type ServerInterceptor,
  type ServerInterceptingCallInterface,
} from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, trace, type Attributes } from '@opentelemetry/api';
import * as names from '../delivery/attributes';
import { deadlineIso } from './deadline';
import type { AuditRuntime } from './audit-runtime';
import { CallRecorder, type CallStatus } from './call-recorder';
import type { MethodPlan } from './method-plan';
import { splitHostPort } from './peer-address';
import { FAIL_CLOSED_MESSAGE, RECORDS_HEADER, SAMPLED_HEADER } from './protocol';
import { extract, sampledByTraceId } from './trace-context';
import { ATTR_CALLER_IDENTITY, ATTR_PURPOSE_UNREGISTERED, PURPOSE_REFUSED_MESSAGE, type PurposeVerdict } from '../consent/purpose-registry';

// Bound once: loaders such as tsx turn every use of a named import into a getter call.
const { ATTR_DEADLINE, ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT, ATTR_PURPOSE } = names;

/**
 * The server half of the capture stage. No span is active while server interceptors run (not
 * even @opentelemetry/instrumentation-grpc's, which starts its span later, in the handler), so
 * the span is always ours, parented by the trace context the client put in the metadata.
 */
export function buildServerInterceptor(rt: AuditRuntime): ServerInterceptor {
  return (methodDescriptor, call) => {
    if (rt.stopped) return new ServerInterceptingCall(call);
    let plan: MethodPlan;
    try {
      plan = rt.planFor(methodDescriptor.path, methodDescriptor.requestStream, methodDescriptor.responseStream);
    } catch (err) {
      rt.reportError(undefined, 'plan', err);
      return new ServerInterceptingCall(call);
    }
    if (plan.config.record === 'none') return new ServerInterceptingCall(call);
    const serializeSent = methodDescriptor.responseSerialize as (v: unknown) => Buffer;
    let recorder: CallRecorder | undefined;
    let statusSeen = false;
    const finish = (status: CallStatus): void => {
      if (statusSeen) return;
      statusSeen = true;
      // Sent responses may still wait to be recorded: the status goes out first, recorded behind them.
      recorder?.status(status, true);
    };
    // Innermost (first in the Server's list), we wrap grpc-js's own call: the statuses it sends by
    // itself — deadline, undecodable or oversized request — pass through here and are recorded
    // with their real code instead of looking like a cancellation.
    if (!(call instanceof ServerInterceptingCall)) observeOwnStatuses(rt, plan, call, finish);
    // Purpose limitation (interceptors/consent/purpose-registry.ts): decided once per call, from
    // the caller's certificate; the flag goes on the span, enforce mode refuses after recording.
    let purposeVerdict: PurposeVerdict = 'ok';
    const purpose = plan.baseAttributes[ATTR_PURPOSE];
    if (rt.purposes !== undefined && typeof purpose === 'string') {
      try {
        purposeVerdict = rt.purposes.verdict(purpose, call);
      } catch (err) {
        rt.reportError(plan, 'purpose', err);
      }
    }
    let refused = false;
    return new ServerInterceptingCall(call, {
      start(next) {
        if (plan.config.failClosed && !rt.canRecord(plan)) {
          rt.stats.failClosedRejections++;
          statusSeen = true;
          call.sendStatus({ code: GrpcStatus.UNAVAILABLE, details: FAIL_CLOSED_MESSAGE, metadata: new Metadata() });
          return; // next is not called: the handler never runs
        }
        next({
          onReceiveMetadata(metadata, nextMd) {
            try {
              recorder = startServerRecorder(rt, plan, call, metadata, serializeSent);
            } catch (err) {
              rt.reportError(plan, 'start', err);
            }
            if (purposeVerdict !== 'ok') {
              recorder?.span.setAttributes({ [ATTR_PURPOSE_UNREGISTERED]: true, [ATTR_CALLER_IDENTITY]: rt.purposes!.callerIdentity(call) });
              if (purposeVerdict === 'refuse') {
                refused = true;
                // Recorded here too: when other interceptors sit inside ours, this status does not pass our own hooks.
                const refusal = { code: GrpcStatus.PERMISSION_DENIED, details: PURPOSE_REFUSED_MESSAGE, metadata: new Metadata() };
                finish(refusal);
                call.sendStatus(refusal);
                return; // neither metadata, messages nor half-close reach the handler
              }
            }
            nextMd(metadata);
          },
          onReceiveMessage(message, nextMessage) {
            recorder?.message('RECEIVED', message);
            if (!refused) nextMessage(message);
          },
          onReceiveHalfClose(nextHalfClose) {
            if (!refused) nextHalfClose();
          },
          onCancel() {
            // grpc-js calls onCancel whenever the stream closes; only a close before any status
            // passed through us is a cancellation (or grpc-js's own deadline status).
            if (recorder && !statusSeen) {
              statusSeen = true;
              recorder.cancelled();
              const expired = deadlinePassed(call);
              recorder.status({
                code: expired ? GrpcStatus.DEADLINE_EXCEEDED : GrpcStatus.CANCELLED,
                details: expired ? 'Deadline exceeded' : 'Cancelled by client',
              });
            }
          },
        });
      },
      sendMetadata(metadata, next) {
        if (recorder?.announces()) {
          try {
            metadata.set(RECORDS_HEADER, rt.recordsToken!);
          } catch (err) {
            rt.reportError(plan, 'metadata', err);
          }
        }
        recorder?.metadata('response', metadata);
        next(metadata);
      },
      sendMessage(message, next) {
        recorder?.message('SENT', message);
        next(message);
      },
      sendStatus(status, next) {
        finish({ code: status.code ?? GrpcStatus.UNKNOWN, details: status.details, metadata: status.metadata ?? undefined });
        next(status);
      },
    });
  };
}

function observeOwnStatuses(rt: AuditRuntime, plan: MethodPlan, call: ServerInterceptingCallInterface, finish: (status: CallStatus) => void): void {
  try {
    const original = call.sendStatus;
    if (typeof original !== 'function') return;
    call.sendStatus = function (this: ServerInterceptingCallInterface, status) {
      try {
        finish({ code: status.code ?? GrpcStatus.UNKNOWN, details: status.details, metadata: status.metadata ?? undefined });
      } catch (err) {
        rt.reportError(plan, 'status', err);
      }
      return original.call(this, status);
    };
  } catch (err) {
    rt.reportError(plan, 'observe', err);
  }
}

function startServerRecorder(
  rt: AuditRuntime,
  plan: MethodPlan,
  call: ServerInterceptingCallInterface,
  metadata: Metadata,
  serializeSent: (v: unknown) => Buffer,
): CallRecorder | undefined {
  const parent = extract(ROOT_CONTEXT, metadata);
  const rate = plan.config.sampleRate;
  if (rate < 1) {
    // The client's decision wins; without it, the same trace-id rule the client applies.
    const header = metadata.get(SAMPLED_HEADER)[0];
    const sc = trace.getSpanContext(parent);
    const sampled = header !== undefined ? header === '1' : sc ? sampledByTraceId(sc.traceId, rate) : Math.random() < rate;
    if (!sampled) return undefined;
  }
  let attributes = plan.baseAttributes;
  let peerFailure: unknown;
  try {
    attributes = serverAttributes(plan, call);
  } catch (err) {
    peerFailure = err;
  }
  const span = rt.tracer.startSpan(plan.spanName, { kind: SpanKind.SERVER, attributes }, parent);
  if (peerFailure !== undefined) rt.reportError(plan, 'peer', peerFailure);
  try {
    const deadline = deadlineIso(call.getDeadline());
    if (deadline) span.setAttribute(ATTR_DEADLINE, deadline);
  } catch (err) {
    rt.reportError(plan, 'deadline', err);
  }
  rt.stats.calls++;
  const recorder = new CallRecorder(span, 'server', plan, rt, true, serializeSent);
  recorder.peerAnnouncement(metadata);
  recorder.metadata('request', metadata);
  return recorder;
}

/**
 * The method's span attributes plus the peer's `network.peer.address`/`.port`, passed to
 * startSpan as one object (the SDK copies it). The calls of one connection share a peer, so the
 * object of the last peer is kept on the plan and reused while the peer is the same.
 */
function serverAttributes(plan: MethodPlan, call: ServerInterceptingCallInterface): Attributes {
  const info = call.getConnectionInfo();
  let host: string;
  let port: number | undefined;
  if (info.remoteAddress) {
    host = info.remoteAddress;
    port = info.remotePort;
  } else {
    const peer = splitHostPort(call.getPeer());
    host = peer.host;
    port = peer.port;
  }
  const cached = plan.serverPeer;
  if (cached !== undefined && cached.host === host && cached.port === port) return cached.attributes;
  const attributes: Attributes = { ...plan.baseAttributes, [ATTR_NETWORK_PEER_ADDRESS]: host };
  if (port !== undefined) attributes[ATTR_NETWORK_PEER_PORT] = port;
  plan.serverPeer = { host, port, attributes: Object.freeze(attributes) };
  return attributes;
}

/**
 * A client whose deadline expires cancels the stream (RST_STREAM) a little before the server's
 * own copy of the deadline (computed on arrival) runs out; the server cannot tell that close
 * from a cancellation except by time, so a close within this margin of the deadline is
 * recorded as DEADLINE_EXCEEDED.
 */
const DEADLINE_MARGIN_MS = 100;

function deadlinePassed(call: ServerInterceptingCallInterface): boolean {
  try {
    const d = call.getDeadline();
    const ms = d instanceof Date ? d.getTime() : Number(d);
    return Number.isFinite(ms) && ms - DEADLINE_MARGIN_MS <= Date.now();
  } catch {
    return false;
  }
}
