import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditRecord } from '../store/record';
import { ADMIN_SERVICE, type AdminMethod } from './admin-proto';

/** `service` of every admin record: the collector itself is the service acted on. */
export const ADMIN_RECORD_SERVICE = 'grpc-audit-collector';
/** Version tag inside an admin record's body. */
export const ADMIN_BODY_TYPE = 'grpcaudit.admin.v1';

/** One admin action as the ledger keeps it: who, what, when, why, and what came of it. */
export interface AdminAction {
  /** Caller's SPIFFE ID (or CN). */
  identity: string;
  method: AdminMethod;
  /** Why, as given by the caller (masked by the collector's masker before it gets here). */
  reason: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** gRPC status the call ended with. */
  code: number;
  /** Pseudonymous references of the subjects acted on (never raw ids). */
  subjectRefs: string[];
  /** Action-specific facts (purpose, state, keys destroyed, filter…); JSON values only. */
  details: Record<string, unknown>;
  startMs: number;
  endMs: number;
}

/** Parsed body of an admin record. */
export interface AdminBody {
  type: typeof ADMIN_BODY_TYPE;
  action: AdminMethod;
  reason: string;
  outcome: AdminAction['outcome'];
  details: Record<string, unknown>;
}

/**
 * The AuditRecord of an admin action (recordType 'admin'). It goes through the same batcher and
 * ledger append as ingested spans, so it is a leaf like any other record and covered by the same
 * signed checkpoints. The trace id is fresh per action, which also lets the caller find the
 * record's leaf index after the append.
 */
export function adminRecord(a: AdminAction, receivedAtMs: number): AuditRecord {
  const body: AdminBody = { type: ADMIN_BODY_TYPE, action: a.method, reason: a.reason, outcome: a.outcome, details: a.details };
  return {
    recordId: `admin:${randomUUID()}`,
    identity: a.identity,
    service: ADMIN_RECORD_SERVICE,
    method: `/${ADMIN_SERVICE}/${a.method}`,
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    kind: 'server',
    recordType: 'admin',
    startTimeUnixNano: (BigInt(a.startMs) * 1_000_000n).toString(),
    endTimeUnixNano: (BigInt(a.endMs) * 1_000_000n).toString(),
    grpcStatusCode: a.code,
    subjectRefs: a.subjectRefs,
    body: sortedJson(body),
    receivedAtMs,
  };
}

/** Parses an admin record's body; undefined when it is not one. */
export function parseAdminBody(body: string | null): AdminBody | undefined {
  if (body === null) return undefined;
  try {
    const v = JSON.parse(body) as AdminBody;
    return v && v.type === ADMIN_BODY_TYPE ? v : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted at every level, so equal actions have equal bytes. */
export function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) out[k] = (value as Record<string, unknown>)[k];
      return out;
    }
    return value;
  });
}
