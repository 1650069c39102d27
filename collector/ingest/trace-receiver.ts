import { status, type sendUnaryData, type ServerUnaryCall, type ServiceDefinition } from '@grpc/grpc-js';
import type { IdentityPolicy } from '../authz/identity-policy';
import { identityFromAuthContext } from '../authz/peer-identity';
import type { Logger } from '../log/logger';
import type { CollectorMetrics } from '../metrics/collector-metrics';
import type { AuditRecord } from '../store/record';
import type { Batcher } from './batcher';
import { statusName, toGrpcStatus } from './grpc-status';
import type { EmitterOwners } from '../authz/emitter-owners';
import { LogSampler } from '../log/sampled-log';
import type { IdentityQuota } from './identity-quota';
import { DECODE_PART_BYTES } from './fair-decode';
import { DecodeError } from './ingest-errors';
import { encodeExportResponse, EXPORT_PATH } from './otlp-codec';
import type { OtlpExportResponse } from './otlp-types';
import type { PayloadGuard } from './payload-guard';
import { InProcessRequestMapper, type RequestMapper } from './request-mapper';

/**
 * OTLP TraceService/Export, registered with pass-through (de)serialisers so the receiver decodes
 * itself and can answer malformed bytes with INVALID_ARGUMENT.
 */
const passThrough = (b: Buffer): Buffer => b;
export const traceServiceDefinition: ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
    originalName: 'export',
  },
};

export interface ReceiverDeps {
  batcher: Batcher;
  /** Current identity policy (hot-reloaded). */
  policy: () => IdentityPolicy;
  guard: PayloadGuard;
  /**
   * Decodes, maps, guards and renders requests (request-mapper.ts); default: in this thread with
   * `guard` and `limits`. The collector passes an IngestWorkerPool, configured with the same guard
   * settings and limits, so that this thread only authenticates, authorises and hands bytes on.
   */
  mapper?: RequestMapper;
  /**
   * Requests up to this size are mapped in this thread even when `mapper` is set (default 32 KiB,
   * a few spans): a round trip to a worker would cost them more than it saves, and they are mapped
   * without a yield, so they never count against an identity's calls in progress for long.
   */
  inlineMaxBytes?: number;
  metrics: CollectorMetrics;
  logger: Logger;
  /** Plaintext mode: every caller is the identity 'insecure'. */
  insecure: boolean;
  allowCommonName: boolean;
  now?: () => number;
  /** Emitter id → owning identity (issue 15); without it emitter ids are not checked. */
  emitters?: EmitterOwners;
  /** Per-identity bounds on calls in progress and pending records. */
  quota?: IdentityQuota;
  /** Fixed limits; a request or span beyond one gets INVALID_ARGUMENT naming it. */
  limits?: ReceiverLimits;
  /** Rate limit for log lines about bad requests (default: one line per kind per 10 s). */
  logSampler?: LogSampler;
}

export interface ReceiverLimits {
  /** limits.maxAttributesPerSpan */
  maxAttributesPerSpan: number;
  /** Spans one request may carry: more could never be held pending at once. */
  maxSpansPerRequest: number;
}

/** Fixed vocabulary of span rejection reasons (metric label values). */
export type RejectReason =
  | 'missing_service_name'
  | 'malformed_resource'
  | 'malformed_span'
  | 'unknown_identity'
  | 'service_not_allowed'
  | 'method_not_allowed'
  | 'unmasked_data'
  /** The span's emitter id belongs to another identity. */
  | 'emitter_not_owned'
  /** The span breaks a fixed limit (attributes, payload depth). */
  | 'limit_exceeded'
  /** The span's record id is already stored by another identity. */
  | 'record_id_conflict';

const AUTHZ_REASONS = new Set<RejectReason>(['unknown_identity', 'service_not_allowed', 'method_not_allowed', 'emitter_not_owned']);

interface Rejections {
  total: number;
  byReason: Map<RejectReason, { count: number; example: string }>;
}

function reject(r: Rejections, reason: RejectReason, n: number, example: string): void {
  if (n === 0) return;
  r.total += n;
  const e = r.byReason.get(reason);
  if (e) e.count += n;
  else r.byReason.set(reason, { count: n, example });
}

function summary(r: Rejections): string {
  const parts = [...r.byReason].map(([reason, { count, example }]) => `${count} ${reason} (${example})`);
  return `${r.total} span(s) rejected: ${parts.join('; ')}`;
}

/**
 * The receiver is thin: authenticate, decode, map and authorise each span, hand accepted records
 * to the batcher, answer once they are stored. Every outcome is counted and logged without
 * payloads or attribute values.
 *
 * Outcome rules (docs/collector.md):
 * - no trusted certificate / unusable identity → UNAUTHENTICATED, nothing stored;
 * - undecodable bytes → INVALID_ARGUMENT;
 * - every span rejected → PERMISSION_DENIED if any rejection was an authorisation failure,
 *   else INVALID_ARGUMENT; nothing stored;
 * - some spans rejected → OK with partial_success {rejected_spans, error_message}, the rest stored;
 * - storage trouble → UNAVAILABLE (retry), queue full → RESOURCE_EXHAUSTED.
 */
export function createExportHandler(deps: ReceiverDeps): (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => void {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;
  const sampler = deps.logSampler ?? new LogSampler();
  const inlineMaxBytes = deps.inlineMaxBytes ?? DECODE_PART_BYTES;
  const inProcess: RequestMapper = new InProcessRequestMapper(deps.guard, { maxAttributesPerSpan: deps.limits?.maxAttributesPerSpan ?? Number.MAX_SAFE_INTEGER, maxSpansPerRequest: deps.limits?.maxSpansPerRequest });
  /** Bad-request lines are rate limited (counts are in metrics): one per kind per interval, saying how many it stands for. */
  const warnSampled = (event: string, fields: Record<string, unknown>, message: string): void => {
    const t = sampler.take(event);
    if (t.log) logger.warn({ event, ...fields, suppressedSinceLast: t.suppressed }, message);
  };

  const fail = (callback: sendUnaryData<Buffer>, code: status, details: string): void => {
    metrics.requests.inc({ code: statusName(code) });
    callback({ code, details });
  };

  const handle = async (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): Promise<void> => {
    const peer = call.getPeer();
    let identity: string;
    if (deps.insecure) identity = 'insecure';
    else {
      const id = identityFromAuthContext(call.getAuthContext(), deps.allowCommonName);
      if (!id.ok) {
        metrics.authFailures.inc({ reason: id.reason });
        warnSampled('unauthenticated', { peer, reason: id.reason }, `export refused: ${id.detail}`);
        return fail(callback, status.UNAUTHENTICATED, `client certificate required: ${id.detail}`);
      }
      identity = id.identity;
    }

    try {
      deps.quota?.enter(identity);
    } catch (err) {
      metrics.spansRejected.inc({ reason: 'identity_busy' });
      warnSampled('identity_busy', { peer, identity }, 'export refused: identity over its share');
      const st = toGrpcStatus(err);
      return fail(callback, st.code, st.details);
    }
    try {
      await mapAndSubmit(call, callback, peer, identity);
    } finally {
      deps.quota?.leave(identity);
    }
  };

  const mapAndSubmit = async (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>, peer: string, identity: string): Promise<void> => {
    // Read before mapping: a worker mapper takes the request's memory.
    const bytes = call.request.length;
    const receivedAtMs = now();
    const mapper = deps.mapper && bytes > inlineMaxBytes ? deps.mapper : inProcess;
    const mapped = await mapper.map(call.request, identity, receivedAtMs);
    if (mapped.kind === 'over_limit') {
      metrics.spansRejected.inc({ reason: 'limit_exceeded' }, mapped.spans ?? 1);
      warnSampled('request_over_limit', { peer, identity, bytes, ...(mapped.spans !== undefined ? { spans: mapped.spans } : {}) }, `export refused: ${mapped.message}`);
      return fail(callback, status.INVALID_ARGUMENT, mapped.message);
    }
    if (mapped.kind === 'undecodable') {
      metrics.spansRejected.inc({ reason: 'undecodable_request' });
      warnSampled('undecodable_request', { peer, identity, bytes }, 'export refused: request is not a valid ExportTraceServiceRequest');
      const st = toGrpcStatus(new DecodeError(mapped.message));
      return fail(callback, st.code, st.details);
    }

    const policy = deps.policy();
    const records: AuditRecord[] = [];
    const rejected: Rejections = { total: 0, byReason: new Map() };
    for (const r of mapped.rejected) reject(rejected, r.reason, r.count, r.example);
    const decisions = new Map<string, ReturnType<IdentityPolicy['authorize']>>();
    let maskedValues = 0;
    let ownedEmitter: string | undefined;
    const guarded = { full: 0, sampled: 0, skipped: 0 };
    // Finds in sampled records of trusted emitters: alerts (the trusted policy let data through).
    let sampleFinds = 0;
    const sampleFindVersions = new Set<string>();
    const noteSampleFind = (n: number, version: string | undefined): void => {
      sampleFinds += n;
      if (version !== undefined) sampleFindVersions.add(version);
    };

    // Authorisation, emitter ownership, then the guard's verdict — in that order, as a span that
    // fails authorisation is refused as such whatever its content.
    for (const { record, guard: g } of mapped.spans) {
      const service = record.service;
      const key = `${service}\u0000${record.method}`;
      let decision = decisions.get(key);
      if (!decision) {
        decision = policy.authorize(identity, service, record.method);
        decisions.set(key, decision);
      }
      if (!decision.allowed) {
        reject(rejected, decision.reason, 1, `identity ${identity} may not report service '${service}'${decision.reason === 'method_not_allowed' ? ` method '${record.method}'` : ''}`);
        continue;
      }
      const emitter = record.emitterId;
      if (emitter !== undefined && emitter !== ownedEmitter && deps.emitters) {
        if (!deps.emitters.claim(emitter, identity)) {
          reject(rejected, 'emitter_not_owned', 1, `emitter id is bound to another identity; identity ${identity} may not report under it`);
          continue;
        }
        ownedEmitter = emitter;
      }
      if (g.ok) {
        guarded[g.scan]++;
        maskedValues += g.masked;
        if (g.scan === 'sampled' && g.masked > 0) noteSampleFind(g.masked, g.policyVersion);
      } else if ('limit' in g) {
        reject(rejected, 'limit_exceeded', 1, g.limit);
        continue;
      } else {
        if (g.scan) guarded[g.scan]++;
        if (g.scan === 'sampled') noteSampleFind(g.unmasked, g.policyVersion);
        reject(rejected, 'unmasked_data', 1, g.message);
        continue;
      }
      records.push(record);
    }

    for (const [reason, { count }] of rejected.byReason) metrics.spansRejected.inc({ reason }, count);
    for (const scan of ['full', 'sampled', 'skipped'] as const) if (guarded[scan] > 0) metrics.guardSpans.inc({ scan }, guarded[scan]);
    if (sampleFinds > 0) {
      metrics.sampleScanFindings.inc(sampleFinds);
      // Identity, policy versions (configured names) and a count — never the value that was found.
      logger.error(
        { event: 'sample_scan_finding', identity, policyVersions: [...sampleFindVersions], values: sampleFinds },
        'sample scan found unmasked values in records of a trusted emitter: its masking policy let data through',
      );
    }
    if (maskedValues > 0) {
      metrics.maskedAtCollector.inc(maskedValues);
      logger.warn({ event: 'masked_at_collector', identity, values: maskedValues }, 'collector masked values the emitter left unmasked');
    }
    if (rejected.total > 0) {
      warnSampled(
        'spans_rejected',
        { peer, identity, rejected: rejected.total, accepted: records.length, reasons: Object.fromEntries([...rejected.byReason].map(([r, v]) => [r, v.count])) },
        'export: spans rejected',
      );
    }

    if (records.length === 0 && rejected.total > 0) {
      const authz = [...rejected.byReason.keys()].some((r) => AUTHZ_REASONS.has(r));
      if (authz) metrics.authFailures.inc({ reason: 'permission_denied' });
      return fail(callback, authz ? status.PERMISSION_DENIED : status.INVALID_ARGUMENT, summary(rejected));
    }

    try {
      deps.quota?.reserve(identity, records.length);
    } catch (err) {
      metrics.spansRejected.inc({ reason: 'identity_busy' }, records.length);
      warnSampled('identity_busy', { peer, identity }, 'export refused: identity over its share');
      const st = toGrpcStatus(err);
      return fail(callback, st.code, st.details);
    }
    const release = (): void => deps.quota?.release(identity, records.length);
    deps.batcher.submit(records).then(
      (outcome) => {
        release();
        if (outcome.conflicts > 0) {
          // Another identity stored these ids first: refused, never a silent OK (issue 15).
          reject(rejected, 'record_id_conflict', outcome.conflicts, 'record id already stored by another identity; record ids belong to the identity that stored them first');
          metrics.spansRejected.inc({ reason: 'record_id_conflict' }, outcome.conflicts);
          logger.error({ event: 'record_id_conflict', identity, records: outcome.conflicts }, 'records refused: their ids are already stored under another identity');
          if (outcome.conflicts === records.length && rejected.total === outcome.conflicts) {
            return fail(callback, status.ALREADY_EXISTS, summary(rejected));
          }
        }
        const response: OtlpExportResponse =
          rejected.total > 0 ? { partialSuccess: { rejectedSpans: rejected.total, errorMessage: summary(rejected) } } : {};
        metrics.requests.inc({ code: statusName(status.OK) });
        logger.debug({ event: 'export', identity, accepted: records.length, rejected: rejected.total }, 'export stored');
        callback(null, encodeExportResponse(response));
      },
      (err: unknown) => {
        release();
        const st = toGrpcStatus(err);
        metrics.spansRejected.inc({ reason: st.code === status.RESOURCE_EXHAUSTED ? 'queue_full' : 'store_unavailable' }, records.length);
        logger.warn({ event: 'export_failed', identity, records: records.length, code: statusName(st.code), err: (err as Error).name }, st.details);
        fail(callback, st.code, st.details);
      },
    );
  };

  return (call, callback) => {
    const failed = (err: unknown): void => {
      // A bug, not bad input: answer INTERNAL without details and keep serving.
      logger.error({ event: 'receiver_error', err: (err as Error).name, message: (err as Error).message }, 'export handler failed');
      const st = toGrpcStatus(err);
      fail(callback, st.code, st.details);
    };
    handle(call, callback).catch(failed);
  };
}
