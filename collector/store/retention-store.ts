import type { StoredRecord } from './record-store';

/**
 * What retention and legal hold need from a store (GDPR Art. 5(1)(e)). Expiring a record prunes
 * its body (the personal data) and keeps the row's ledger fields, body digest and leaf hash, so
 * every inclusion and consistency proof and `verify` stay valid: the leaf commits to the body's
 * digest, not to the body. Implemented by SqliteRetention and PostgresRetention.
 */

/** What a legal hold covers: one trace, one service, one subject reference, or a time range. */
export type HoldScope = 'trace' | 'service' | 'subject' | 'time';

export interface NewLegalHold {
  scope: HoldScope;
  /** Trace id (32 hex), service name or subject reference; absent for 'time'. */
  value?: string;
  /** For 'time': start times in [from, to) (Unix ns); either bound may be open. */
  fromUnixNano?: bigint;
  toUnixNano?: bigint;
  reason: string;
  placedBy: string;
  placedAtMs: number;
}

export interface LegalHold extends NewLegalHold {
  id: number;
  releasedBy?: string;
  releasedAtMs?: number;
  releaseReason?: string;
}

/** Position after the last record a page returned (records are paged by start time, then leaf index). */
export interface AgedCursor {
  startTimeNs: bigint;
  leafIndex: number;
}

export interface RetentionStore {
  /**
   * Records that still have a body and started before `beforeUnixNano`, after `cursor`, ordered
   * by start time then leaf index, at most `limit` (the records_by_start index serves it).
   */
  agedRecords(beforeUnixNano: bigint, cursor: AgedCursor | undefined, limit: number): Promise<StoredRecord[]>;
  /** Sets the bodies of these records to NULL in one transaction; returns how many changed. */
  pruneBodies(leafIndexes: readonly number[]): Promise<number>;
  placeLegalHold(hold: NewLegalHold): Promise<LegalHold>;
  /** Releases an active hold; throws StoreError for an unknown or already released id. */
  releaseLegalHold(id: number, releasedBy: string, reason: string, atMs: number): Promise<LegalHold>;
  /** Active holds (and released ones when asked), oldest first. */
  listLegalHolds(options?: { includeReleased?: boolean }): Promise<LegalHold[]>;
}

/** The legal_holds columns every store SELECTs, in this order. */
export const HOLD_COLUMNS = 'id, scope, value, from_ns, to_ns, reason, placed_by, placed_at_ms, released_by, released_at_ms, release_reason';

export function toLegalHold(row: readonly unknown[]): LegalHold {
  const h: LegalHold = {
    id: Number(row[0]),
    scope: row[1] as HoldScope,
    reason: row[5] as string,
    placedBy: row[6] as string,
    placedAtMs: Number(row[7]),
  };
  if (row[2] !== null) h.value = row[2] as string;
  if (row[3] !== null) h.fromUnixNano = BigInt(row[3] as bigint | string | number);
  if (row[4] !== null) h.toUnixNano = BigInt(row[4] as bigint | string | number);
  if (row[8] !== null) h.releasedBy = row[8] as string;
  if (row[9] !== null) h.releasedAtMs = Number(row[9]);
  if (row[10] !== null) h.releaseReason = row[10] as string;
  return h;
}

/** Checks a hold before it is stored: the scope's value or range must be present and well formed. */
export function validateNewHold(h: NewLegalHold): string | undefined {
  if (!['trace', 'service', 'subject', 'time'].includes(h.scope)) return `unknown hold scope "${String(h.scope)}" (trace, service, subject or time)`;
  if (!h.reason || !h.reason.trim()) return 'a legal hold needs a reason';
  if (!h.placedBy) return 'a legal hold needs the identity placing it';
  if (h.scope === 'time') {
    if (h.value !== undefined) return 'a time hold takes --from/--to, not a value';
    if (h.fromUnixNano === undefined && h.toUnixNano === undefined) return 'a time hold needs --from or --to';
    if (h.fromUnixNano !== undefined && h.toUnixNano !== undefined && h.fromUnixNano >= h.toUnixNano) return 'a time hold needs from < to';
    return undefined;
  }
  if (!h.value) return `a ${h.scope} hold needs a value`;
  if (h.scope === 'trace' && !/^[0-9a-f]{32}$/.test(h.value)) return 'a trace hold needs a trace id of 32 lowercase hex digits';
  return undefined;
}
