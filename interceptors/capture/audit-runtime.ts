import type { CallRecorder } from './call-recorder';
import { addWaiting, removeWaiting } from './waiting-records';
import { createHash } from 'node:crypto';
import { diag, trace, type Tracer } from '@opentelemetry/api';
import type { Masker } from '../mask/masker';
import type { SchemaRegistry } from '../decode/schema-registry';
import type { AuditLogger, ResolvedOptions } from '../config/audit-options';
import { buildMethodPlan, type MethodPlan } from './method-plan';
import type { RecordGate } from './record-gate';
import { SpanEventLimit } from './span-event-limit';
import type { PurposeRegistry } from '../consent/purpose-registry';

export const INSTRUMENTATION_NAME = 'grpc-audit';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** Counters an application can read (and export as metrics). */
export interface AuditStats {
  /** Spans started or enriched by the interceptors. */
  calls: number;
  /** Failures inside recording (decode, mask, span API); the calls themselves went on unchanged. */
  recordingErrors: number;
  /** Calls rejected with UNAVAILABLE because a fail-closed record could not be kept. */
  failClosedRejections: number;
  /**
   * Calls that passed their own per-call interceptors, which grpc-js lets replace client-level
   * ones; the client guard (clientOptions / wrapClient) put ours back in front.
   */
  bypassesPrevented: number;
  /** `rpc.message` events known missing from records (dropped by the tracer's event limit, or not kept); each record says so. */
  droppedMessageEvents: number;
}

/** Header-safe (hex) and fixed-length, whatever characters the domain or policy version hold. */
export function recordsToken(domain: string, policyVersion: string): string {
  return createHash('sha256').update(domain).update('\u0000').update(policyVersion).digest('hex').slice(0, 32);
}

/** State shared by the client and server interceptors of one `createGrpcAudit` instance. */
export class AuditRuntime {
  readonly stats: AuditStats = { calls: 0, recordingErrors: 0, failClosedRejections: 0, bypassesPrevented: 0, droppedMessageEvents: 0 };
  /** Set by shutdown(): new calls pass through unrecorded. */
  stopped = false;
  /**
   * Sent messages are rendered and masked after the call path, from a snapshot of their wire
   * bytes (CallRecorder.drain), in one batch per turn of the event loop.
   */
  readonly deferRendering: boolean;
  private deferred: CallRecorder[] = [];
  private drainScheduled = false;
  /** Purpose limitation on the server (createGrpcAudit's `purposes` option). */
  purposes: PurposeRegistry | undefined;
  private readonly plans = new Map<string, MethodPlan>();
  private readonly bypassLogged = new Set<string>();
  /** Metadata values the masker leaves unchanged, one per allowlisted key (see recordMetadata). */
  readonly cleanMetadata = new Map<string, string>();
  readonly tracer: Tracer;
  /** Message events per span: `messageEventsPerSpan`, lowered to the tracer's event limit. */
  readonly eventLimit: SpanEventLimit;
  private readonly logger: AuditLogger;
  /**
   * The value of RECORDS_HEADER this instance sends and honours: a digest of the recording domain
   * and the masking policy version, so that only a peer of the same domain under the same policy
   * is trusted to record the payloads it sends. Undefined without a recording domain.
   */
  readonly recordsToken: string | undefined;

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
    this.deferRendering = options.recordOffCallPath;
    this.eventLimit = new SpanEventLimit(options.messageEventsPerSpan, (message, fields) => this.logger.warn(message, fields));
    const domain = options.recordingDomain;
    this.recordsToken = domain === undefined ? undefined : recordsToken(domain, masker.policyVersion);
  }

  /**
   * Queues a recorder whose sent messages wait to be recorded. They are drained by one
   * setImmediate: it runs after this turn's I/O callbacks and after Node has handed the turn's
   * HTTP/2 frames to the socket, so the peer is already working on the message while it is
   * rendered and masked here.
   */
  deferDrain(recorder: CallRecorder): void {
    this.deferred.push(recorder);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      addWaiting(this.drainAll);
      setImmediate(this.drainAll);
    }
  }

  /** Records everything deferred so far (also on flush and shutdown). */
  readonly drainAll = (): void => {
    this.drainScheduled = false;
    removeWaiting(this.drainAll);
    const list = this.deferred;
    if (list.length === 0) return;
    this.deferred = [];
    for (let i = 0; i < list.length; i++) {
      try {
        list[i].drain();
      } catch (err) {
        this.reportError(undefined, 'drain', err);
      }
    }
  };

  /** The precomputed plan of a method; built at its first call, then a Map read. */
  planFor(path: string, requestStream: boolean, responseStream: boolean): MethodPlan {
    let plan = this.plans.get(path);
    if (plan === undefined) {
      try {
        plan = buildMethodPlan(path, requestStream, responseStream, this.options, this.masker, this.registry);
      } catch (err) {
        // A schema or masker that cannot compile a plan: record this method without its schema
        // (wire/untyped fallback) rather than retrying, and failing, at every call.
        plan = buildMethodPlan(path, requestStream, responseStream, this.options, this.masker, undefined);
        this.reportError(plan, 'plan', err);
      }
      this.plans.set(path, plan);
    }
    return plan;
  }

  /**
   * Fail-closed check: can the record of this call be kept? A gate that throws counts as "no"
   * — when we cannot tell, a flow that must not happen unrecorded does not happen.
   */
  canRecord(plan: MethodPlan): boolean {
    const gate = this.gate;
    if (!gate) return true;
    try {
      return gate.canRecord(plan.path) === true;
    } catch (err) {
      this.reportError(plan, 'gate', err);
      return false;
    }
  }

  /** Counts a recording failure and logs it once per method — never with a payload or a value. */
  reportError(plan: MethodPlan | undefined, stage: string, err: unknown): void {
    this.stats.recordingErrors++;
    if (plan) {
      if (plan.errorLogged) return;
      plan.errorLogged = true;
    }
    const kind = err instanceof Error ? err.name : typeof err;
    this.logger.warn('grpc-audit: recording failed; the call proceeds and its record may be incomplete', {
      method: plan?.path ?? '',
      stage,
      error: kind,
    });
  }

  noteBypassPrevented(path: string): void {
    this.stats.bypassesPrevented++;
    if (this.bypassLogged.has(path)) return;
    this.bypassLogged.add(path);
    this.logger.warn('grpc-audit: a call passed per-call interceptors, which replace client-level ones; the audit interceptor was put back in front', {
      method: path,
    });
  }
}
