import { status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Masker } from '../../interceptors/mask/masker';
import { newMaskScope } from '../../interceptors/mask/masker';
import type { IdentityPolicy } from '../authz/identity-policy';
import { identityFromAuthContext } from '../authz/peer-identity';
import { parseVerifierKey } from '../ledger/signing-key';
import { verifyLog } from '../ledger/verify-log';
import type { Logger } from '../log/logger';
import type { AuditRecord } from '../store/record';
import type { LedgerStorage, RecordFilter, RecordStore, StoredRecord } from '../store/record-store';
import { type ConsentChange, type ConsentDecision, ConsentRegistry } from '../rights/consent-registry';
import { exportSubject, ExportError } from '../rights/subject-export';
import { loadLegalHolds, normaliseScope, scopeProblem, type LegalHoldEntry } from '../rights/legal-holds';
import { openSubjectKeys, SUBJECT_REF, type KeyringLocation, type SubjectKeys } from '../rights/subject-keys';
import { adminCaller } from './admin-caller';
import { AdminError, invalid, precondition } from './admin-errors';
import type { AdminMethod, ConsentEntryMessage, ConsentStateName, SubjectSelectorMessage } from './admin-proto';
import { adminRecord, type AdminAction } from './admin-record';

export interface AdminServiceDeps {
  /** The ledger's store, for reads and proofs. */
  store: RecordStore & LedgerStorage;
  /** Appends records through the collector's normal path (batcher → ledger); resolves when durable. */
  submit(records: AuditRecord[]): Promise<void>;
  /** Signs a checkpoint of everything appended so far (before an export). */
  checkpoint?(): Promise<unknown>;
  policy: () => IdentityPolicy;
  /** Where subjects' keys are; erase and raw subject ids need it. */
  keyring?: KeyringLocation;
  /** Masks the free-text reasons before they are recorded. */
  masker: Masker;
  registry: ConsentRegistry;
  /** Brings the registry up to date with the ledger (after a SetConsent append). */
  syncConsent?(): Promise<void>;
  logger: Logger;
  insecure: boolean;
  allowCommonName: boolean;
  now?: () => number;
}

const MAX_REASON = 1000;
const MAX_QUERY_LIMIT = 1000;

/** What a handler did: its response plus what the ledger should say about it. */
interface Outcome<Res> {
  response: Res;
  details?: Record<string, unknown>;
}

/** What a handler tells the ledger before it acts. */
interface Plan {
  subjectRefs: string[];
  details: Record<string, unknown>;
}

/**
 * The admin API of the collector (proto/grpcaudit/admin/v1/admin.proto). Each call: authenticate
 * the mTLS peer and check its roles; resolve the request (subject references, never the raw id);
 * append an admin record saying who acts, on what, why — before acting, so nothing happens
 * unrecorded; act; on failure append a second record saying so. Refused calls by an authenticated
 * identity are recorded too.
 */
export function createAdminService(deps: AdminServiceDeps): UntypedServiceImplementation {
  const now = deps.now ?? Date.now;
  // Consent changes are serialised so the registry sees them in leaf order.
  let consentChain: Promise<unknown> = Promise.resolve();

  const record = async (a: Omit<AdminAction, 'endMs'>): Promise<StoredRecord> => {
    const r = adminRecord({ ...a, endMs: now() }, now());
    await deps.submit([r]);
    const [stored] = await deps.store.query({ traceId: r.traceId, recordType: 'admin' }, { limit: 1 });
    if (!stored) throw new AdminError(status.INTERNAL, 'admin record not found after append');
    return stored;
  };

  const maskReason = (reason: unknown): string => {
    if (typeof reason !== 'string' || reason.trim() === '') throw invalid('reason is required: say why (it is recorded in the ledger)');
    if (reason.length > MAX_REASON) throw invalid(`reason is longer than ${MAX_REASON} characters`);
    return deps.masker.maskText(reason, newMaskScope(), { kind: 'metadata', key: 'reason' });
  };

  const withKeys = async <T>(fn: (keys: SubjectKeys) => Promise<T>): Promise<T> => {
    if (!deps.keyring) throw precondition('the collector has no keyring configured (rights.keyring)');
    const keys = await openSubjectKeys(deps.keyring);
    try {
      return await fn(keys);
    } finally {
      await keys.close();
    }
  };

  const resolveSubject = async (sel: SubjectSelectorMessage | null | undefined): Promise<string[]> => {
    if (sel?.subject === 'subjectRef' || (sel?.subjectRef && !sel.subjectId)) {
      const ref = sel.subjectRef ?? '';
      if (!SUBJECT_REF.test(ref)) throw invalid('subject_ref must be a pseudonymous reference hmac:<key>:<digest>');
      return [ref];
    }
    if (sel?.subjectId) return withKeys((k) => k.refsOf(sel.subjectId!));
    throw invalid('subject is required (subject_id or subject_ref)');
  };

  function unary<Req extends { reason?: string }, Res>(
    method: AdminMethod,
    plan: (req: Req) => Promise<Plan>,
    act: (req: Req, plan: Plan, adminLeaf: StoredRecord, identity: string) => Promise<Outcome<Res>>,
  ) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const startMs = now();
      const caller = adminCaller(call.getAuthContext(), method, deps.policy(), deps);
      const fail = (code: status, message: string): void => callback({ code, details: message });
      if (!caller.ok) {
        deps.logger.warn({ event: 'admin_denied', method, identity: caller.identity, code: status[caller.code] }, 'admin call refused');
        if (caller.identity === undefined) return fail(caller.code, caller.message);
        const denied: Omit<AdminAction, 'endMs'> = {
          identity: caller.identity, method, reason: '', outcome: 'denied', code: caller.code, subjectRefs: [], details: {}, startMs,
        };
        record(denied).then(
          () => fail(caller.code, caller.message),
          () => fail(caller.code, caller.message),
        );
        return;
      }
      void (async () => {
        let reason: string;
        let p: Plan;
        try {
          reason = maskReason(call.request.reason);
          p = await plan(call.request);
        } catch (err) {
          return failWith(err);
        }
        const base = { identity: caller.identity, method, reason, subjectRefs: p.subjectRefs, startMs };
        let leaf: StoredRecord;
        try {
          leaf = await record({ ...base, outcome: 'ok', code: status.OK, details: p.details });
        } catch (err) {
          deps.logger.error({ event: 'admin_unrecorded', method, message: (err as Error).message }, 'admin action not recorded; not performed');
          return fail(status.UNAVAILABLE, 'the action could not be recorded in the ledger, so it was not performed; retry');
        }
        try {
          const out = await act(call.request, p, leaf, caller.identity);
          deps.logger.info({ event: 'admin_action', method, identity: caller.identity, leafIndex: leaf.leafIndex, ...out.details }, 'admin action');
          callback(null, out.response);
        } catch (err) {
          const code = err instanceof AdminError ? err.code : (err as Error)?.name === 'ConfigError' ? status.FAILED_PRECONDITION : status.INTERNAL;
          await record({ ...base, outcome: 'failed', code, details: { ...p.details, error: code !== status.INTERNAL ? (err as Error).message : 'internal error' } }).catch(() => undefined);
          failWith(err);
        }
      })();
      function failWith(err: unknown): void {
        if (err instanceof AdminError) return fail(err.code, err.message);
        // A keyring that cannot be opened (missing file, loose mode) is the collector's configuration.
        if (err instanceof ExportError || (err as Error)?.name === 'ConfigError') return fail(status.FAILED_PRECONDITION, (err as Error).message);
        deps.logger.error({ event: 'admin_failed', method, message: (err as Error)?.message }, 'admin action failed');
        fail(status.INTERNAL, 'internal collector error');
      }
    };
  }

  return {
    QueryRecords: unary<QueryRecordsRequest, { records: unknown[] }>(
      'QueryRecords',
      async (req) => {
        const filter = toFilter(req);
        return { subjectRefs: filter.subjectRef ? [filter.subjectRef] : [], details: { filter: { ...filter } } };
      },
      async (req) => {
        const limit = Math.min(req.limit || 100, MAX_QUERY_LIMIT);
        const rows = await deps.store.query(toFilter(req), { limit, offset: req.offset ?? 0 });
        return { response: { records: rows.map(toAdminRecord) } };
      },
    ),

    VerifyLedger: unary<{ reason?: string }, Record<string, unknown>>(
      'VerifyLedger',
      async () => ({ subjectRefs: [], details: {} }),
      async () => {
        const vkey = await deps.store.getMeta('verifier_key');
        const origin = await deps.store.getMeta('origin');
        if (!vkey || !origin) throw precondition('the store holds no ledger');
        const report = await verifyLog(deps.store, { verifier: parseVerifierKey(vkey), origin });
        const cps = await deps.store.listCheckpoints();
        return {
          response: {
            ok: report.ok,
            leaves: report.leaves,
            checkpoints: report.checkpoints,
            root: report.root,
            problem: report.problem ? `${report.problem.kind}: ${report.problem.message}` : '',
            latestCheckpoint: cps[cps.length - 1]?.note ?? '',
            verifierKey: vkey,
          },
          details: { ok: report.ok, leaves: report.leaves },
        };
      },
    ),

    ExportSubject: unary<{ reason?: string; subject?: SubjectSelectorMessage }, { bundleJson: string; records: number }>(
      'ExportSubject',
      async (req) => ({ subjectRefs: await resolveSubject(req.subject), details: {} }),
      async (_req, p) => {
        await deps.checkpoint?.();
        const keys = deps.keyring ? await openSubjectKeys(deps.keyring) : undefined;
        try {
          const bundle = await exportSubject(deps.store, p.subjectRefs, keys ?? { dataKey: async () => undefined });
          return { response: { bundleJson: JSON.stringify(bundle), records: bundle.records.length }, details: { records: bundle.records.length } };
        } finally {
          await keys?.close();
        }
      },
    ),

    EraseSubject: unary<{ reason?: string; subject?: SubjectSelectorMessage }, { subjectRefs: string[]; keysDestroyed: number; recordLeafIndex: number }>(
      'EraseSubject',
      async (req) => {
        if (!deps.keyring) throw precondition('the collector has no keyring configured (rights.keyring); erasure destroys keys there');
        return { subjectRefs: await resolveSubject(req.subject), details: {} };
      },
      async (_req, p, leaf) => {
        const destroyed = await withKeys(async (k) => {
          let n = 0;
          for (const ref of p.subjectRefs) n += await k.erase(ref);
          return n;
        });
        return { response: { subjectRefs: p.subjectRefs, keysDestroyed: destroyed, recordLeafIndex: leaf.leafIndex }, details: { keysDestroyed: destroyed } };
      },
    ),

    SetConsent: unary<SetConsentRequest, { entry: ConsentEntryMessage }>(
      'SetConsent',
      async (req) => {
        const purpose = req.purpose ?? '';
        if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(purpose)) throw invalid('purpose must be 1..100 characters of letters, digits, _ . : -');
        const state = decisionOf(req.state);
        const source = req.source ?? '';
        if (source.length > 200) throw invalid('source is longer than 200 characters');
        const refs = await resolveSubject(req.subject);
        // One ref is the consent's key: with a raw id, the current HMAC key's reference (the first).
        return { subjectRefs: refs.slice(0, 1), details: { purpose, state, source: deps.masker.maskText(source, newMaskScope(), { kind: 'metadata', key: 'source' }) } };
      },
      async (_req, p, leaf, identity) => {
        const change: ConsentChange = {
          subjectRef: p.subjectRefs[0],
          purpose: String(p.details.purpose),
          state: p.details.state as ConsentDecision,
          source: String(p.details.source),
          changedAtMs: leaf.receivedAtMs,
          changedBy: identity,
          leafIndex: leaf.leafIndex,
        };
        // Through the ledger: the registry applies changes in leaf order, whichever replica made them.
        const applied = consentChain.then(() => (deps.syncConsent ? deps.syncConsent() : deps.registry.apply(change)));
        consentChain = applied.catch(() => undefined);
        await applied;
        return { response: { entry: toEntryMessage(change) } };
      },
    ),

    PlaceLegalHold: unary<{ reason?: string; scope?: Record<string, string> }, { hold: Record<string, unknown> }>(
      'PlaceLegalHold',
      async (req) => {
        const scope = normaliseScope(req.scope);
        const problem = scopeProblem(scope);
        if (problem) throw invalid(problem);
        return { subjectRefs: scope.subjectRef ? [scope.subjectRef] : [], details: { scope: { ...scope } } };
      },
      async (_req, p, leaf, identity) => ({
        response: { hold: { holdId: leaf.leafIndex, scope: p.details.scope, placedBy: identity, placedAtMs: leaf.receivedAtMs } },
      }),
    ),

    ReleaseLegalHold: unary<{ reason?: string; holdId?: number }, Record<string, never>>(
      'ReleaseLegalHold',
      async (req) => {
        const holds = await loadLegalHolds(deps.store);
        const hold = holds.find((h) => h.holdId === req.holdId);
        if (!hold) throw new AdminError(status.NOT_FOUND, `no legal hold ${req.holdId ?? ''} is in force`);
        return { subjectRefs: hold.scope.subjectRef ? [hold.scope.subjectRef] : [], details: { holdId: hold.holdId } };
      },
      async () => ({ response: {} }),
    ),

    ListLegalHolds: unary<{ reason?: string }, { holds: LegalHoldEntry[] }>(
      'ListLegalHolds',
      async () => ({ subjectRefs: [], details: {} }),
      async () => ({ response: { holds: await loadLegalHolds(deps.store) } }),
    ),

    GetConsent: unary<{ reason?: string; subject?: SubjectSelectorMessage }, { entries: ConsentEntryMessage[] }>(
      'GetConsent',
      async (req) => ({ subjectRefs: await resolveSubject(req.subject), details: {} }),
      async (_req, p) => ({ response: { entries: p.subjectRefs.flatMap((r) => deps.registry.of(r)).map(toEntryMessage) } }),
    ),
  };
}

interface QueryRecordsRequest {
  reason?: string;
  service?: string;
  method?: string;
  traceId?: string;
  subjectRef?: string;
  recordType?: string;
  limit?: number;
  offset?: number;
}

interface SetConsentRequest {
  reason?: string;
  subject?: SubjectSelectorMessage;
  purpose?: string;
  state?: ConsentStateName;
  source?: string;
}

function toFilter(req: QueryRecordsRequest): RecordFilter {
  const f: RecordFilter = {};
  if (req.service) f.service = req.service;
  if (req.method) f.method = req.method;
  if (req.traceId) {
    if (!/^[0-9a-f]{32}$/.test(req.traceId)) throw invalid('trace_id must be 32 lowercase hex digits');
    f.traceId = req.traceId;
  }
  if (req.subjectRef) f.subjectRef = req.subjectRef;
  if (req.recordType) {
    if (!['span', 'gap', 'continuation', 'admin'].includes(req.recordType)) throw invalid('record_type must be span, gap, continuation or admin');
    f.recordType = req.recordType as RecordFilter['recordType'];
  }
  return f;
}

function toAdminRecord(r: StoredRecord): Record<string, unknown> {
  return {
    leafIndex: r.leafIndex,
    recordId: r.recordId,
    recordType: r.recordType,
    identity: r.identity,
    service: r.service,
    method: r.method,
    traceId: r.traceId,
    spanId: r.spanId,
    startTimeUnixNano: r.startTimeUnixNano,
    subjectRefs: r.subjectRefs,
    body: r.body ?? '',
    bodySha256: r.bodySha256,
    grpcStatusCode: r.grpcStatusCode ?? 0,
    hasGrpcStatusCode: r.grpcStatusCode !== undefined,
  };
}

function decisionOf(state: ConsentStateName | undefined): ConsentDecision {
  if (state === 'CONSENT_STATE_GRANTED') return 'granted';
  if (state === 'CONSENT_STATE_WITHDRAWN') return 'withdrawn';
  throw invalid('state must be CONSENT_STATE_GRANTED or CONSENT_STATE_WITHDRAWN');
}

/**
 * What the guards get: only what a decision needs (reference, purpose, state, position). The source
 * and the officer's identity stay with the admin API — every emitter may follow the feed.
 */
function toFeedEntry(c: ConsentChange): Pick<ConsentEntryMessage, 'subjectRef' | 'purpose' | 'state' | 'leafIndex'> {
  return { subjectRef: c.subjectRef, purpose: c.purpose, state: c.state === 'granted' ? 'CONSENT_STATE_GRANTED' : 'CONSENT_STATE_WITHDRAWN', leafIndex: c.leafIndex };
}

export function toEntryMessage(c: ConsentChange): ConsentEntryMessage {
  return {
    subjectRef: c.subjectRef,
    purpose: c.purpose,
    state: c.state === 'granted' ? 'CONSENT_STATE_GRANTED' : 'CONSENT_STATE_WITHDRAWN',
    source: c.source,
    changedAtMs: c.changedAtMs,
    changedBy: c.changedBy,
    leafIndex: c.leafIndex,
  };
}

/**
 * ConsentFeedService/SubscribeConsent: for guards in emitting processes. Any identity the policy
 * knows may follow it; the stream sends a snapshot (or the changes after the resume token) and
 * then each change as it is applied, until the client cancels or the collector stops.
 */
export function createConsentFeed(deps: Pick<AdminServiceDeps, 'registry' | 'policy' | 'insecure' | 'allowCommonName' | 'logger'>): {
  service: UntypedServiceImplementation;
  /** Ends every open subscription (before the server's graceful shutdown, which would otherwise wait for them). */
  close(): void;
} {
  const open = new Set<ServerWritableStream<unknown, unknown>>();
  let closed = false;
  const service: UntypedServiceImplementation = {
    SubscribeConsent(call: ServerWritableStream<{ resumeAfter?: number; hasResumeAfter?: boolean }, unknown>): void {
      if (closed) return void call.emit('error', { code: status.UNAVAILABLE, details: 'collector is shutting down' });
      if (!deps.insecure) {
        const peer = identityFromAuthContext(call.getAuthContext(), deps.allowCommonName);
        if (!peer.ok) return void call.emit('error', { code: status.UNAUTHENTICATED, details: peer.detail });
        if (!deps.policy().knows?.(peer.identity)) {
          return void call.emit('error', { code: status.PERMISSION_DENIED, details: `${peer.identity} is not in the identity policy` });
        }
      }
      const reg = deps.registry;
      const send = (msg: Record<string, unknown>): void => {
        if (!call.cancelled && !call.destroyed) call.write(msg);
      };
      const resumed = call.request.hasResumeAfter ? reg.changesSince(call.request.resumeAfter ?? 0) : undefined;
      if (resumed) {
        // Sent even when empty: it tells the guard it is connected and up to date.
        send({ entries: resumed.map(toFeedEntry), resumeToken: reg.headToken() });
      } else {
        const snap = reg.snapshot();
        send({ snapshot: true, snapshotEnd: true, entries: snap.map(toFeedEntry), resumeToken: reg.headToken() });
      }
      const unsubscribe = reg.subscribe((c) => send({ entries: [toFeedEntry(c)], resumeToken: c.leafIndex + 1 }));
      open.add(call as ServerWritableStream<unknown, unknown>);
      const end = (): void => {
        unsubscribe();
        open.delete(call as ServerWritableStream<unknown, unknown>);
      };
      call.on('cancelled', end);
      call.on('close', end);
      call.on('error', end);
    },
  };
  return {
    service,
    close() {
      closed = true;
      for (const call of open) call.end();
      open.clear();
    },
  };
}
