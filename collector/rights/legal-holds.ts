import { ADMIN_SERVICE } from '../admin/admin-proto';
import { parseAdminBody } from '../admin/admin-record';
import type { RecordStore, StoredRecord } from '../store/record-store';

/** What a hold covers; every given criterion must match. Times are Unix nanoseconds (decimal text). */
export interface HoldScope {
  traceId?: string;
  service?: string;
  subjectRef?: string;
  fromUnixNano?: string;
  toUnixNano?: string;
}

export interface LegalHoldEntry {
  /** Leaf index of the admin record that placed it. */
  holdId: number;
  scope: HoldScope;
  placedBy: string;
  placedAtMs: number;
}

const PAGE = 1000;
const PLACE = `/${ADMIN_SERVICE}/PlaceLegalHold`;
const RELEASE = `/${ADMIN_SERVICE}/ReleaseLegalHold`;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/** Checks a scope from a request; returns the first problem, or undefined. */
export function scopeProblem(s: HoldScope): string | undefined {
  if (!s.traceId && !s.service && !s.subjectRef && !s.fromUnixNano && !s.toUnixNano) return 'a hold needs at least one of trace_id, service, subject_ref, from/to time';
  if (s.traceId && !/^[0-9a-f]{32}$/.test(s.traceId)) return 'trace_id must be 32 lowercase hex digits';
  for (const k of ['fromUnixNano', 'toUnixNano'] as const) if (s[k] && !DECIMAL.test(s[k]!)) return `${k === 'fromUnixNano' ? 'from' : 'to'}_unix_nano must be a decimal number of nanoseconds`;
  return undefined;
}

/** Drops empty criteria (proto3 defaults) so a scope compares and records cleanly. */
export function normaliseScope(s: Partial<Record<keyof HoldScope, string | undefined>> | null | undefined): HoldScope {
  const out: HoldScope = {};
  for (const k of ['traceId', 'service', 'subjectRef', 'fromUnixNano', 'toUnixNano'] as const) if (s?.[k]) out[k] = s[k];
  return out;
}

/** True when the hold covers the record. */
export function holdCovers(scope: HoldScope, r: Pick<StoredRecord, 'traceId' | 'service' | 'subjectRefs' | 'startTimeUnixNano'>): boolean {
  if (scope.traceId !== undefined && r.traceId !== scope.traceId) return false;
  if (scope.service !== undefined && r.service !== scope.service) return false;
  if (scope.subjectRef !== undefined && !r.subjectRefs.includes(scope.subjectRef)) return false;
  const t = BigInt(r.startTimeUnixNano);
  if (scope.fromUnixNano !== undefined && t < BigInt(scope.fromUnixNano)) return false;
  if (scope.toUnixNano !== undefined && t >= BigInt(scope.toUnixNano)) return false;
  return true;
}

/**
 * The holds in force, folded from the ledger's admin records (PlaceLegalHold adds one with the id
 * of its leaf, ReleaseLegalHold removes it), like the consent registry: tamper-evident, no table.
 */
export async function loadLegalHolds(store: RecordStore): Promise<LegalHoldEntry[]> {
  const rows: StoredRecord[] = [];
  for (const method of [PLACE, RELEASE]) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.query({ recordType: 'admin', method }, { limit: PAGE, offset, order: 'asc' });
      rows.push(...page);
      if (page.length < PAGE) break;
    }
  }
  rows.sort((a, b) => a.leafIndex - b.leafIndex);
  const holds = new Map<number, LegalHoldEntry>();
  for (const r of rows) {
    const body = parseAdminBody(r.body);
    if (!body || body.outcome !== 'ok') continue;
    if (body.action === 'PlaceLegalHold') {
      const scope = normaliseScope(body.details.scope as HoldScope);
      if (scopeProblem(scope) === undefined) holds.set(r.leafIndex, { holdId: r.leafIndex, scope, placedBy: r.identity, placedAtMs: r.receivedAtMs });
    } else if (body.action === 'ReleaseLegalHold' && typeof body.details.holdId === 'number') {
      holds.delete(body.details.holdId);
    }
  }
  return [...holds.values()];
}
