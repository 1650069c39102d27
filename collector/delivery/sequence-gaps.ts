import {
  ATTR_GAP_COUNT,
  ATTR_GAP_FROM,
  ATTR_GAP_REASON,
  ATTR_GAP_TO,
} from '../../interceptors/delivery/attributes';
import type { RecordSql, SqlParam } from '../store/record-sql';
import { seqRange, subtractRanges, type SeqRange } from './seq-range';

/** An explicit loss report an emitter sent (a `grpcaudit.gap` record). */
export interface DeclaredGap extends SeqRange {
  reason: string;
  /** The gap record's own sequence number, id and ledger position. */
  seq: number;
  recordId: string;
  leafIndex: number;
  receivedAtMs: number;
}

/** What the store says about one emitter's numbering, as sent by one identity. */
export interface EmitterSequence {
  emitterId: string;
  service: string;
  identity: string;
  /** Stored records (spans and gap reports) carrying a sequence number. */
  records: number;
  firstSeq: number;
  lastSeq: number;
  /** Every absent number between 1 and lastSeq. */
  missing: SeqRange[];
  /** Ranges the emitter reported lost itself. */
  declared: DeclaredGap[];
  /** Missing and not explained by any report: the records that may still arrive, or vanished silently. */
  open: SeqRange[];
  openCount: number;
  /** Numbers stored more than once under different record ids (numbering reused — see docs/delivery.md). */
  reusedSeqs: number;
  /** Gap records whose range could not be read (pruned body). */
  unreadableGapRecords: number;
}

export interface GapReport {
  emitters: EmitterSequence[];
  /** Totals over all emitters. */
  openRanges: number;
  openRecords: number;
  declaredRecords: number;
}

/** Columns a sequence is numbered within: one emitter id, or (identity, emitter id) pairs. */
export type SequenceKey = 'emitter_id' | 'identity';

export interface GapQueryOptions {
  emitterId?: string;
  /**
   * What one numbering sequence is (default ['identity', 'emitter_id']). ['identity', 'emitter_id'] treats
   * the same emitter id reported by two identities as two sequences, so one workload cannot hide
   * another's gaps by reusing its emitter id. `emitter_id` must be among them.
   */
  groupBy?: readonly SequenceKey[];
}

const DEFAULT_GROUP: readonly SequenceKey[] = ['identity', 'emitter_id'];

/**
 * Sequence tracking over any store (read-only SQL through RecordSql, the same statements on
 * SQLite and PostgreSQL). Sequence numbers start at 1 per sequence (an emitter, or an emitter
 * under one identity — see `groupBy`); each absent number below a sequence's highest stored one
 * is missing — found with a window function over the (emitter_id, seq) index. Missing numbers
 * covered by the emitter's own gap records are declared losses; the rest are open gaps. Numbers
 * above the highest stored one cannot be told apart from records not sent yet.
 */
export async function findSequenceGaps(sql: RecordSql, options: GapQueryOptions = {}): Promise<GapReport> {
  const group = options.groupBy ?? DEFAULT_GROUP;
  if (!group.includes('emitter_id') || group.some((k) => k !== 'emitter_id' && k !== 'identity')) {
    throw new RangeError(`groupBy must list emitter_id and optionally identity, got ${JSON.stringify(group)}`);
  }
  const keys = group.join(', ');
  const where = options.emitterId !== undefined ? 'AND emitter_id = ?' : '';
  const params: SqlParam[] = options.emitterId !== undefined ? [options.emitterId] : [];
  const byIdentity = group.includes('identity');
  const keyOf = (r: Record<string, unknown>): string => (byIdentity ? `${r.identity as string}\u0000${r.emitter_id as string}` : (r.emitter_id as string));

  const summaries = (await sql.select(
    `SELECT ${keys}, count(*) AS n, count(DISTINCT seq) AS distinct_n, min(seq) AS first_seq, max(seq) AS last_seq,
            min(service) AS service${byIdentity ? '' : ', min(identity) AS identity'}
       FROM records WHERE emitter_id IS NOT NULL AND seq IS NOT NULL ${where}
      GROUP BY ${keys} ORDER BY ${keys}`,
    params,
  )) as Array<{ emitter_id: string; n: number; distinct_n: number; first_seq: number; last_seq: number; service: string; identity: string }>;

  const holes = (await sql.select(
    `SELECT ${keys}, prev + 1 AS from_seq, seq - 1 AS to_seq FROM (
       SELECT ${keys}, seq, LAG(seq, 1, CAST(0 AS BIGINT)) OVER (PARTITION BY ${keys} ORDER BY seq) AS prev
         FROM records WHERE emitter_id IS NOT NULL AND seq IS NOT NULL ${where}
     ) numbered WHERE seq > prev + 1
     ORDER BY ${keys}, from_seq`,
    params,
  )) as Array<{ emitter_id: string; from_seq: number; to_seq: number }>;

  const gapRows = (await sql.select(
    `SELECT ${keys}, seq, record_id, leaf_index, received_at_ms, body FROM records
      WHERE record_type = 'gap' AND emitter_id IS NOT NULL ${where} ORDER BY ${keys}, seq`,
    params,
  )) as Array<{ emitter_id: string; seq: number; record_id: string; leaf_index: number; received_at_ms: number; body: string | null }>;

  const missingBy = new Map<string, SeqRange[]>();
  for (const h of holes) {
    const k = keyOf(h);
    let list = missingBy.get(k);
    if (!list) missingBy.set(k, (list = []));
    list.push(seqRange(h.from_seq, h.to_seq));
  }
  const declaredBy = new Map<string, DeclaredGap[]>();
  const unreadableBy = new Map<string, number>();
  for (const g of gapRows) {
    const k = keyOf(g);
    const range = gapRangeOf(g.body);
    if (!range) {
      unreadableBy.set(k, (unreadableBy.get(k) ?? 0) + 1);
      continue;
    }
    let list = declaredBy.get(k);
    if (!list) declaredBy.set(k, (list = []));
    list.push({ ...seqRange(range.from, range.to), reason: range.reason, seq: g.seq, recordId: g.record_id, leafIndex: g.leaf_index, receivedAtMs: g.received_at_ms });
  }

  const report: GapReport = { emitters: [], openRanges: 0, openRecords: 0, declaredRecords: 0 };
  for (const s of summaries) {
    const k = keyOf(s);
    const missing = missingBy.get(k) ?? [];
    const declared = declaredBy.get(k) ?? [];
    const open = subtractRanges(missing, declared);
    const openCount = open.reduce((n, r) => n + r.count, 0);
    report.emitters.push({
      emitterId: s.emitter_id,
      service: s.service,
      identity: s.identity,
      records: s.n,
      firstSeq: s.first_seq,
      lastSeq: s.last_seq,
      missing,
      declared,
      open,
      openCount,
      reusedSeqs: s.n - s.distinct_n,
      unreadableGapRecords: unreadableBy.get(k) ?? 0,
    });
    report.openRanges += open.length;
    report.openRecords += openCount;
    report.declaredRecords += declared.reduce((n, d) => n + d.count, 0);
  }
  return report;
}

/** Range of a gap record from its stored body (canonical JSON with typed attributes). */
export function gapRangeOf(body: string | null): { from: number; to: number; reason: string } | undefined {
  if (body === null) return undefined;
  let attrs: Record<string, { intValue?: string; stringValue?: string } | null>;
  try {
    attrs = JSON.parse(body).attributes ?? {};
  } catch {
    return undefined;
  }
  const from = Number(attrs[ATTR_GAP_FROM]?.intValue);
  const to = Number(attrs[ATTR_GAP_TO]?.intValue);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) return undefined;
  const count = Number(attrs[ATTR_GAP_COUNT]?.intValue);
  if (Number.isSafeInteger(count) && count !== to - from + 1) return undefined; // self-contradictory report
  return { from, to, reason: attrs[ATTR_GAP_REASON]?.stringValue ?? 'unspecified' };
}
