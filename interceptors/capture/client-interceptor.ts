import {
  InterceptingCall,
  Metadata,
  status as GrpcStatus,
  type Interceptor,
  type InterceptorOptions,
  type Listener,
  type Requester,
} from '@grpc/grpc-js';
import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import { ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '../export/attributes';
import type { AuditRuntime } from './audit-runtime';
import { CallRecorder } from './call-recorder';
import { inject, sampledByTraceId } from './trace-context';

/** Metadata key carrying the client's sampling decision, so the server records the same calls. */
export const SAMPLED_HEADER = 'grpc-audit-sampled';
export const FAIL_CLOSED_MESSAGE = 'grpc-audit: the call was not made because its audit record cannot be kept (fail-closed)';

/** Splits 'host:port', '[v6]:port' or 'ipv4:a.b.c.d:port'. */
export function splitHostPort(peer: string): { host: string; port?: number } {
  const s = peer.replace(/^(ipv4|ipv6|dns|unix):/, '');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : undefined };
  const i = s.lastIndexOf(':');
  if (i > 0 && s.indexOf(':') === i && /^\d+$/.test(s.slice(i + 1))) return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  return { host: s };
}

/** A call that fails at once with UNAVAILABLE and never touches the network. */
function rejectedCall(next: ConstructorParameters<typeof InterceptingCall>[0]): InterceptingCall {
  return new InterceptingCall(next, {
    start(_metadata, listener) {
      setImmediate(() => listener.onReceiveStatus({ code: GrpcStatus.UNAVAILABLE, details: FAIL_CLOSED_MESSAGE, metadata: new Metadata() }));
    },
    sendMessage() {},
    halfClose() {},
    cancel() {},
  });
}

export function createClientInterceptor(rt: AuditRuntime, target?: string): Interceptor {
  const server = target ? splitHostPort(target.replace(/^dns:(\/\/\/)?/, '')) : undefined;
  return (options: InterceptorOptions, nextCall) => {
    const def = options.method_definition;
    let plan;
    try {
      plan = rt.planFor(def.path, def.requestStream, def.responseStream);
      if (!plan.requestSerialize) plan.requestSerialize = def.requestSerialize as (v: unknown) => Buffer;
    } catch (err) {
      rt.reportError(undefined, 'plan', err);
      return new InterceptingCall(nextCall(options));
    }
    if (plan.config.record === 'none') return new InterceptingCall(nextCall(options));
    if (plan.config.failClosed && rt.gate && !safeCanRecord(rt, plan.path)) {
      rt.stats.failClosedRejections++;
      return rejectedCall(nextCall(options));
    }
    const parent = context.active();
    const parentSpanContext = trace.getSpanContext(parent);
    const rate = plan.config.sampleRate;
    const sampled = rate >= 1 || (parentSpanContext ? sampledByTraceId(parentSpanContext.traceId, rate) : Math.random() < rate);
    const call = nextCall(options);
    if (!sampled) {
      return new InterceptingCall(call, {
        start(metadata, listener, next) {
          metadata.set(SAMPLED_HEADER, '0');
          next(metadata, listener);
        },
      });
    }
    let recorder: CallRecorder | undefined;
    try {
      let span: Span | undefined;
      let owns = true;
      if (rt.options.mode === 'enrich') {
        const active = trace.getSpan(parent);
        if (active && active.isRecording()) {
          span = active;
          owns = false;
          span.setAttributes(plan.baseAttributes);
        }
      }
      if (!span) {
        span = rt.tracer.startSpan(plan.spanName, { kind: SpanKind.CLIENT, attributes: plan.baseAttributes }, parent);
        if (server) {
          span.setAttribute(ATTR_SERVER_ADDRESS, rt.masker.maskText(server.host, { count: 0 }, { kind: 'metadata', key: 'server.address' }));
          if (server.port !== undefined) span.setAttribute(ATTR_SERVER_PORT, server.port);
        }
      }
      rt.stats.calls++;
      recorder = new CallRecorder(span, plan, rt, owns);
    } catch (err) {
      rt.reportError(plan, 'start', err);
      return new InterceptingCall(call);
    }
    const rec = recorder;
    const spanContext = trace.setSpan(parent, rec.span);
    const requester: Requester = {
      start(metadata, listener, next) {
        try {
          inject(spanContext, metadata);
          if (rate < 1) metadata.set(SAMPLED_HEADER, '1');
          rec.metadata('request', metadata);
        } catch (err) {
          rt.reportError(plan, 'inject', err);
        }
        const wrapped: Listener = {
          onReceiveMetadata(md, nextMd) {
            rec.metadata('response', md);
            nextMd(md);
          },
          onReceiveMessage(message, nextMessage) {
            rec.message('RECEIVED', 'response', message);
            nextMessage(message);
          },
          onReceiveStatus(status, nextStatus) {
            try {
              if (!server) {
                const peer = call.getPeer();
                if (peer && peer !== 'unknown') {
                  const hp = splitHostPort(peer);
                  rec.span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, rt.masker.maskText(hp.host, { count: 0 }, { kind: 'metadata', key: 'peer' }));
                  if (hp.port !== undefined) rec.span.setAttribute(ATTR_NETWORK_PEER_PORT, hp.port);
                }
              }
            } catch (err) {
              rt.reportError(plan, 'peer', err);
            }
            rec.status(status);
            nextStatus(status);
          },
        };
        next(metadata, wrapped);
      },
      sendMessage(message, next) {
        rec.message('SENT', 'request', message);
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

function safeCanRecord(rt: AuditRuntime, path: string): boolean {
  try {
    return rt.gate!.canRecord(path);
  } catch (err) {
    rt.reportError(undefined, 'gate', err);
    return false; // fail-closed: an unanswerable gate means the record cannot be kept
  }
}
export { safeCanRecord };
