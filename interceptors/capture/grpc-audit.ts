import type { ClientOptions, Interceptor, ServerInterceptor } from '@grpc/grpc-js';
import type { Masker } from '../mask/masker';
import { createMasker } from '../mask';
import { resolveOptions, type GrpcAuditOptions } from '../config/audit-options';
import { AuditRuntime, INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, type AuditStats } from './audit-runtime';
import { buildClientInterceptor } from './client-interceptor';
import { buildServerInterceptor } from './server-interceptor';
import { auditedClientOptions, wrapClient as wrapExistingClient } from './client-guard';
import { buildConsentServerInterceptor, wrapWithConsentClient } from '../consent/consent-interceptors';
import { PurposeRegistry } from '../consent/purpose-registry';
import { ConfigError } from '../config/config-error';

/**
 * One configured audit: the client and server interceptors share its options, plans, masker
 * and counters. Create one per process (or per policy) and attach it in a few lines:
 *
 *   const audit = createGrpcAudit({ registry });
 *   const client = new EchoClient(addr, creds, audit.clientOptions());
 *   const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
 */
export interface GrpcAudit {
  /** Client interceptor for `new Client(addr, creds, { interceptors: [it] })`. Per-call interceptors bypass it — prefer `clientOptions()`. */
  readonly clientInterceptor: Interceptor;
  /** Server interceptor for `new grpc.Server({ interceptors: [it] })`. */
  readonly serverInterceptor: ServerInterceptor;
  /** Live counters (calls, recording errors, fail-closed rejections, bypasses prevented). */
  readonly stats: Readonly<AuditStats>;
  /** The masker in force (its `policyVersion` is recorded on every span). */
  readonly masker: Masker;
  /**
   * Client options that audit every call of the client, including calls that pass their own
   * per-call `interceptors` (which grpc-js lets replace client-level ones): ours is put first.
   * Also records `server.address`/`server.port` from the channel target.
   */
  clientOptions(base?: ClientOptions): ClientOptions;
  /** The same guarantee for an already constructed client (grpc-js 1.14 clients); returns it. */
  wrapClient<T extends object>(client: T): T;
  /** Stops recording new calls (calls in flight finish their spans). Safe to call twice. The tracer provider is the app's: flush it yourself. */
  shutdown(): Promise<void>;
}

/** Validates the options once (ConfigError naming the key) and builds both interceptors. */
export function createGrpcAudit(options: GrpcAuditOptions = {}): GrpcAudit {
  const resolved = resolveOptions(options);
  const masker = options.masker ?? createMasker();
  const tracer = options.tracerProvider?.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  const rt = new AuditRuntime(resolved, masker, options.registry, options.gate, tracer, options.logger);
  if (options.purposes) {
    try {
      rt.purposes = options.purposes instanceof PurposeRegistry ? options.purposes : new PurposeRegistry(options.purposes);
    } catch (err) {
      throw new ConfigError('purposes', (err as Error).message.replace(/^PurposeRegistry: /, ''));
    }
  }
  let clientInterceptor = buildClientInterceptor(rt);
  let serverInterceptor = buildServerInterceptor(rt);
  const consent = options.consentGuard;
  if (consent) {
    // The guard wraps the audit on the server (sees recorded requests, its refusal is recorded)
    // and sits inside it on the client (the refused attempt is recorded with its status).
    clientInterceptor = wrapWithConsentClient(rt, consent, clientInterceptor);
    const audit = serverInterceptor;
    const guard = buildConsentServerInterceptor(rt, consent);
    serverInterceptor = (descriptor, call) => guard(descriptor, audit(descriptor, call));
    consent.start();
  }
  return {
    clientInterceptor,
    serverInterceptor,
    stats: rt.stats,
    masker,
    clientOptions: (base?: ClientOptions) => auditedClientOptions(rt, clientInterceptor, base),
    wrapClient: <T extends object>(client: T) => wrapExistingClient(rt, clientInterceptor, client),
    shutdown: async () => {
      rt.stopped = true;
      rt.drainAll();
      consent?.stop();
    },
  };
}

/** A client interceptor alone (its own runtime and counters). */
export function createClientInterceptor(options: GrpcAuditOptions = {}): Interceptor {
  return createGrpcAudit(options).clientInterceptor;
}

/** A server interceptor alone (its own runtime and counters). */
export function createServerInterceptor(options: GrpcAuditOptions = {}): ServerInterceptor {
  return createGrpcAudit(options).serverInterceptor;
}
