import type { CallInvocationTransformer, CallOptions, Channel, ClientOptions, Interceptor, InterceptorProvider } from '@grpc/grpc-js';
import type { AuditRuntime } from './audit-runtime';
import { parseTarget, type HostPort } from './peer-address';

/**
 * grpc-js lets interceptors passed on one call *replace* the client-level ones, so an app (or a
 * library) that passes its own per-call interceptors silently skips a client-level audit
 * interceptor. The guard closes that hole with grpc-js's public `callInvocationTransformer`
 * hook, which sees every call's options before the interceptor chain is built: when a call
 * brings its own interceptors, ours is put in front of them. The same hook tells the
 * interceptor the channel target (`server.address`/`server.port`), which interceptors
 * cannot see otherwise.
 */

/** Call-option key under which the guard hands the parsed channel target to the interceptor. */
export const AUDIT_TARGET: unique symbol = Symbol('grpcaudit.target');

const targets = new WeakMap<object, HostPort | null>();

function targetOf(channel: { getTarget(): string }): HostPort | null {
  let t = targets.get(channel);
  if (t === undefined) {
    try {
      t = parseTarget(channel.getTarget());
    } catch {
      t = null;
    }
    targets.set(channel, t);
  }
  return t;
}

export function makeGuardTransformer(rt: AuditRuntime, ours: Interceptor, previous?: CallInvocationTransformer): CallInvocationTransformer {
  const provider: InterceptorProvider = () => ours;
  return (input) => {
    const props = previous ? previous(input) : input;
    try {
      const co = props.callOptions;
      const next: CallOptions & { [AUDIT_TARGET]?: HostPort } = { ...co };
      const perCall = co.interceptors;
      const perCallProviders = co.interceptor_providers;
      if (perCall && perCall.length > 0) {
        if (!perCall.includes(ours)) {
          next.interceptors = [ours, ...perCall];
          rt.noteBypassPrevented(props.methodDefinition.path);
        }
      } else if (perCallProviders && perCallProviders.length > 0) {
        next.interceptor_providers = [provider, ...perCallProviders];
        rt.noteBypassPrevented(props.methodDefinition.path);
      }
      const target = targetOf(props.channel);
      if (target) next[AUDIT_TARGET] = target;
      props.callOptions = next;
    } catch (err) {
      rt.reportError(undefined, 'client-guard', err);
    }
    return props;
  };
}

/** Client options with our interceptor at client level plus the guard (see above). */
export function auditedClientOptions(rt: AuditRuntime, ours: Interceptor, base: ClientOptions = {}): ClientOptions {
  const out: ClientOptions = { ...base };
  if (base.interceptor_providers && base.interceptor_providers.length > 0) {
    // grpc-js refuses interceptors and providers together at one level: join the providers.
    if (!base.interceptor_providers.some((p) => p === providerMarker(ours))) out.interceptor_providers = [providerMarker(ours), ...base.interceptor_providers];
  } else {
    const list = base.interceptors ?? [];
    out.interceptors = list.includes(ours) ? list : [ours, ...list];
  }
  out.callInvocationTransformer = makeGuardTransformer(rt, ours, base.callInvocationTransformer);
  return out;
}

const providers = new WeakMap<Interceptor, InterceptorProvider>();
function providerMarker(ours: Interceptor): InterceptorProvider {
  let p = providers.get(ours);
  if (!p) providers.set(ours, (p = () => ours));
  return p;
}

/** Thrown when a client does not have the grpc-js 1.14 shape wrapClient relies on. */
export class UnsupportedClientError extends Error {
  constructor(reason: string) {
    super(`grpc-audit: cannot wrap this client (${reason}); construct it with audit.clientOptions() instead`);
    this.name = 'UnsupportedClientError';
  }
}

/**
 * Adds our interceptor and the guard to an existing grpc-js Client. grpc-js keeps a client's
 * interceptors, interceptor providers, invocation transformer and channel under private
 * symbols, set in that order by its constructor; we check that shape exactly (and refuse
 * anything else) rather than guess.
 */
export function wrapClient<T extends object>(rt: AuditRuntime, ours: Interceptor, client: T): T {
  const symbols = Object.getOwnPropertySymbols(client);
  const c = client as unknown as Record<symbol, unknown>;
  if (symbols.length !== 4) throw new UnsupportedClientError(`expected 4 private fields, found ${symbols.length}`);
  const [sInterceptors, sProviders, sTransformer, sChannel] = symbols;
  const interceptors = c[sInterceptors];
  const provs = c[sProviders];
  const transformer = c[sTransformer];
  const channel = c[sChannel] as Channel | undefined;
  if (!Array.isArray(interceptors) || !Array.isArray(provs)) throw new UnsupportedClientError('interceptor lists not found');
  if (transformer !== undefined && typeof transformer !== 'function') throw new UnsupportedClientError('invocation transformer not found');
  if (!channel || typeof channel.getTarget !== 'function') throw new UnsupportedClientError('channel not found');
  const marker = providerMarker(ours);
  if (provs.length > 0) {
    if (!provs.includes(marker)) c[sProviders] = [marker, ...provs];
  } else if (!interceptors.includes(ours)) {
    c[sInterceptors] = [ours, ...interceptors]; // a new array: the caller's list may be shared
  }
  if (!(transformer as { [GUARDED]?: boolean } | undefined)?.[GUARDED]) {
    const guard = makeGuardTransformer(rt, ours, transformer as CallInvocationTransformer | undefined);
    (guard as { [GUARDED]?: boolean })[GUARDED] = true;
    c[sTransformer] = guard;
  }
  return client;
}

const GUARDED: unique symbol = Symbol('grpcaudit.guarded');
