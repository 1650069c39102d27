import {
  InterceptingCall,
  Metadata,
  ServerInterceptingCall,
  type Interceptor,
  type ServerInterceptor,
  type StatusObject,
} from '@grpc/grpc-js';
import { ATTR_LAWFUL_BASIS, ATTR_PURPOSE } from '../export/attributes';
import type { AuditRuntime } from '../capture/audit-runtime';
import type { ConsentGuard, ConsentMethodPlan } from './consent-guard';

function guardPlan(rt: AuditRuntime, guard: ConsentGuard, path: string, requestStream: boolean, responseStream: boolean): ConsentMethodPlan | null {
  const plan = rt.planFor(path, requestStream, responseStream);
  return guard.planFor(path, plan.baseAttributes[ATTR_PURPOSE], plan.baseAttributes[ATTR_LAWFUL_BASIS], rt.registry);
}

/**
 * Server side: placed outside the audit interceptor, so the audit has recorded the request when
 * the guard sees it, and the refusal's status passes through the audit on its way out (the call
 * is recorded with PERMISSION_DENIED). A refused call's messages and half-close are not passed on,
 * so the handler never runs.
 */
export function buildConsentServerInterceptor(rt: AuditRuntime, guard: ConsentGuard): ServerInterceptor {
  return (descriptor, call) => {
    let plan: ConsentMethodPlan | null;
    try {
      plan = guardPlan(rt, guard, descriptor.path, descriptor.requestStream, descriptor.responseStream);
    } catch (err) {
      rt.reportError(undefined, 'consent-plan', err);
      plan = null;
    }
    if (plan === null) return new ServerInterceptingCall(call);
    const p = plan;
    let refused = false;
    return new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMessage(message, nextMessage) {
            if (refused) return;
            const r = guard.check(p, message);
            if (r) {
              refused = true;
              call.sendStatus({ code: r.code, details: r.details, metadata: new Metadata() });
              return;
            }
            nextMessage(message);
          },
          onReceiveHalfClose(nextHalfClose) {
            if (!refused) nextHalfClose();
          },
        });
      },
    });
  };
}

/**
 * Client side: placed inside the audit interceptor, so the audit records the message the caller
 * tried to send and then the refusal status; nothing reaches the network after the refusal (the
 * call is cancelled with the refusal's status).
 */
export function wrapWithConsentClient(rt: AuditRuntime, guard: ConsentGuard, audit: Interceptor): Interceptor {
  return (options, nextCall) => {
    let plan: ConsentMethodPlan | null;
    const def = options.method_definition;
    try {
      plan = guardPlan(rt, guard, def.path, def.requestStream, def.responseStream);
    } catch (err) {
      rt.reportError(undefined, 'consent-plan', err);
      plan = null;
    }
    if (plan === null) return audit(options, nextCall);
    const p = plan;
    return audit(options, (opts) => {
      const inner = nextCall(opts);
      let refused: StatusObject | undefined;
      return new InterceptingCall(inner, {
        sendMessage(message, next) {
          if (refused) return;
          const r = guard.check(p, message);
          if (r) {
            refused = { code: r.code, details: r.details, metadata: new Metadata() };
            inner.cancelWithStatus(r.code, r.details);
            return;
          }
          next(message);
        },
        halfClose(next) {
          if (!refused) next();
        },
      });
    });
  };
}
