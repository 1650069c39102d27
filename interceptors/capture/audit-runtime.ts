import { diag, trace, type Tracer } from '@opentelemetry/api';
import type { Masker } from '../mask/masker';
import type { SchemaRegistry } from '../decode/schema-registry';
import type { AuditLogger, ResolvedOptions } from '../config/audit-options';
import { buildMethodPlan, type MethodPlan } from './method-plan';
import type { RecordGate } from './record-gate';

export const INSTRUMENTATION_NAME = 'grpc-audit';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** Counters an application can read (and export as metrics). */
export interface AuditStats {
  /** Spans started by the interceptors. */
  calls: number;
  /** Failures inside recording (decode, mask, span API); the calls themselves went on. */
  recordingErrors: number;
  /** Calls rejected because a fail-closed record could not be kept. */
  failClosedRejections: number;
  /** Calls made with per-call interceptors, which bypass client-level ones (see wrapClient). */
  bypassWarnings: number;
}

/** State shared by the client and server interceptors of one `createGrpcAudit` instance. */
export class AuditRuntime {
  readonly stats: AuditStats = { calls: 0, recordingErrors: 0, failClosedRejections: 0, bypassWarnings: 0 };
  private readonly plans = new Map<string, MethodPlan>();
  readonly tracer: Tracer;
  private readonly logger: AuditLogger;

  constructor(
    readonly options: ResolvedOptions,
    readonly masker: Masker,
    readonly registry: SchemaRegistry | undefined,
    readonly gate: RecordGate | undefined,
    tracer: Tracer | undefined,
    logger: AuditLogger | undefined,
  ) {
    this.tracer = tracer ?? trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
    this.logger = logger ?? { warn: (message, fields) => diag.warn(message, fields) };
  }

  /** The precomputed plan of a method; built at its first call, then a Map read. */
  planFor(path: string, requestStream: boolean, responseStream: boolean): MethodPlan {
    let plan = this.plans.get(path);
    if (plan === undefined) {
      plan = buildMethodPlan(path, requestStream, responseStream, this.options, this.masker, this.registry);
      this.plans.set(path, plan);
    }
    return plan;
  }

  /** Counts a recording failure and logs it once per method — without any payload. */
  reportError(plan: MethodPlan | undefined, stage: string, err: unknown): void {
    this.stats.recordingErrors++;
    if (plan && plan.errorLogged) return;
    if (plan) plan.errorLogged = true;
    const kind = err instanceof Error ? err.name : typeof err;
    this.logger.warn('grpc-audit: recording failed; the call proceeds unrecorded in part', {
      method: plan?.path ?? '',
      stage,
      error: kind,
    });
  }

  warn(message: string, fields?: Record<string, string | number>): void {
    this.logger.warn(message, fields);
  }
}
