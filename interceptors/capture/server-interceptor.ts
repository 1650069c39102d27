import {
  Metadata,
  ServerInterceptingCall,
  status as GrpcStatus,
  type ServerInterceptor,
  type ServerInterceptingCallInterface,
} from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT } from '../export/attributes';
import type { AuditRuntime } from './audit-runtime';
import { CallRecorder } from './call-recorder';
import { FAIL_CLOSED_MESSAGE, SAMPLED_HEADER, safeCanRecord, splitHostPort } from './client-interceptor';
import type { MethodPlan } from './method-plan';
import { extract, sampledByTraceId } from './trace-context';
import { trace } from '@opentelemetry/api';

function deadlinePassed(call: ServerInterceptingCallInterface): boolean {
  try {
    const d = call.getDeadline();
    const ms = d instanceof Date ? d.getTime() : Number(d);
    return Number.isFinite(ms) && ms <= Date.now();
  } catch {
    return false;
  }
}

function startServerRecorder(rt: AuditRuntime, plan: MethodPlan, call: ServerInterceptingCallInterface, metadata: Metadata): CallRecorder | undefined {
  const parent = extract(ROOT_CONTEXT, metadata);
  const rate = plan.config.sampleRate;
  if (rate < 1) {
    const header = metadata.get(SAMPLED_HEADER)[0];
    const sc = trace.getSpanContext(parent);
    const sampled = header !== undefined ? header === '1' : sc ? sampledByTraceId(sc.traceId, rate) : Math.random() < rate;
    if (!sampled) return undefined;
  }
  const span = rt.tracer.startSpan(plan.spanName, { kind: SpanKind.SERVER, attributes: plan.baseAttributes }, parent);
  const info = call.getConnectionInfo?.();
  if (info?.remoteAddress) {
    span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, rt.masker.maskText(info.remoteAddress, { count: 0 }, { kind: 'metadata', key: 'peer' }));
    if (info.remotePort !== undefined) span.setAttribute(ATTR_NETWORK_PEER_PORT, info.remotePort);
  } else {
    const peer = splitHostPort(call.getPeer());
    span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, rt.masker.maskText(peer.host, { count: 0 }, { kind: 'metadata', key: 'peer' }));
  }
  rt.stats.calls++;
  const recorder = new CallRecorder(span, plan, rt, true);
  recorder.metadata('request', metadata);
  return recorder;
}

export function createServerInterceptor(rt: AuditRuntime): ServerInterceptor {
  return (methodDescriptor, call) => {
    let plan: MethodPlan;
    try {
      plan = rt.planFor(methodDescriptor.path, methodDescriptor.requestStream, methodDescriptor.responseStream);
      if (!plan.responseSerialize) plan.responseSerialize = methodDescriptor.responseSerialize as (v: unknown) => Buffer;
    } catch (err) {
      rt.reportError(undefined, 'plan', err);
      return new ServerInterceptingCall(call);
    }
    if (plan.config.record === 'none') return new ServerInterceptingCall(call);
    let recorder: CallRecorder | undefined;
    let statusSent = false;
    return new ServerInterceptingCall(call, {
      start(next) {
        if (plan.config.failClosed && rt.gate && !safeCanRecord(rt, plan.path)) {
          rt.stats.failClosedRejections++;
          statusSent = true;
          call.sendStatus({ code: GrpcStatus.UNAVAILABLE, details: FAIL_CLOSED_MESSAGE, metadata: new Metadata() });
          return; // the handler never runs
        }
        next({
          onReceiveMetadata(metadata, nextMd) {
            try {
              recorder = startServerRecorder(rt, plan, call, metadata);
            } catch (err) {
              rt.reportError(plan, 'start', err);
            }
            nextMd(metadata);
          },
          onReceiveMessage(message, nextMessage) {
            recorder?.message('RECEIVED', 'request', message);
            nextMessage(message);
          },
          onReceiveHalfClose(nextHalfClose) {
            nextHalfClose();
          },
          onCancel() {
            // grpc-js calls onCancel whenever the stream closes; only a close before our status is a cancellation.
            if (recorder && !statusSent) {
              statusSent = true;
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
        recorder?.metadata('response', metadata);
        next(metadata);
      },
      sendMessage(message, next) {
        recorder?.message('SENT', 'response', message);
        next(message);
      },
      sendStatus(status, next) {
        if (!statusSent) {
          statusSent = true;
          recorder?.status({ code: status.code ?? GrpcStatus.UNKNOWN, details: status.details, metadata: status.metadata as Metadata | undefined });
        }
        next(status);
      },
    });
  };
}
