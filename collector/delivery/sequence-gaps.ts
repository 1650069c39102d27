import type Database from 'better-sqlite3';
import {
  ATTR_GAP_COUNT,
  ATTR_GAP_FROM,
  ATTR_GAP_REASON,
  ATTR_GAP_TO,
} from '../../interceptors/export/attributes';
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

export interface GapQueryOptions {
  emitterId?: string;
}

/**
 * Sequence tracking over the store (read-only SQL, WAL readers never block the collector).
 * Sequence numbers start at 1 per emitter; each absent number below an emitter's highest stored
 * one is missing — found with a window function over the (emitter_id, seq) index. Missing numbers
 * covered by the emitter's own gap records are declared losses; the rest are open gaps. Numbers
 * above the highest stored one cannot be told apart from records not sent yet.
 */
export function findSequenceGaps(db: Database.Database, options: GapQueryOptions = {}): GapReport {
  const where = options.emitterId !== undefined ? 'AND emitter_id = ?' : '';
  const params = options.emitterId !== undefined ? [options.emitterId] : [];

  const summaries = db
    .prepare(
      `SELECT emitter_id, count(*) AS n, count(DISTINCT seq) AS distinct_n, min(seq) AS first_seq, max(seq) AS last_seq,
              min(service) AS service, identity
         FROM records WHERE emitter_id IS NOT NULL AND seq IS NOT NULL ${where}
        GROUP BY identity, emitter_id ORDER BY emitter_id, identity`,
    )
    .all(...params) as Array<{ emitter_id: string; n: number; distinct_n: number; first_seq: number; last_seq: number; service: string; identity: string }>;

  const holes = db
    .prepare(
      `SELECT identity, emitter_id, prev + 1 AS from_seq, seq - 1 AS to_seq FROM (
         SELECT identity, emitter_id, seq, LAG(seq, 1, 0) OVER (PARTITION BY identity, emitter_id ORDER BY seq) AS prev
           FROM records WHERE emitter_id IS NOT NULL AND seq IS NOT NULL ${where}
       ) WHERE seq > prev + 1
       ORDER BY emitter_id, identity, from_seq`,
    )
    .all(...params) as Array<{ identity: string; emitter_id: string; from_seq: number; to_seq: number }>;

  const gapRows = db
    .prepare(
      `SELECT identity, emitter_id, seq, record_id, leaf_index, received_at_ms, body FROM records
        WHERE record_type = 'gap' AND emitter_id IS NOT NULL ${where} ORDER BY emitter_id, seq`,
    )
    .all(...params) as Array<{ identity: string; emitter_id: string; seq: number; record_id: string; leaf_index: number; received_at_ms: number; body: string | null }>;

  // An emitter's numbering is the sending identity's: records another identity sent under the same
  // emitter id (refused since emitter ownership; possible in older stores) are a sequence of their own.
  const key = (r: { identity: string; emitter_id: string }): string => `${r.identity}\u0000${r.emitter_id}`;

  const missingBy = new Map<string, SeqRange[]>();
  for (const h of holes) {
    let list = missingBy.get(key(h));
    if (!list) missingBy.set(key(h), (list = []));
    list.push(seqRange(h.from_seq, h.to_seq));
  }
  const declaredBy = new Map<string, DeclaredGap[]>();
  const unreadableBy = new Map<string, number>();
  for (const g of gapRows) {
    const range = gapRangeOf(g.body);
    if (!range) {
      unreadableBy.set(key(g), (unreadableBy.get(key(g)) ?? 0) + 1);
      continue;
    }
    let list = declaredBy.get(key(g));
    if (!list) declaredBy.set(key(g), (list = []));
    list.push({ ...seqRange(range.from, range.to), reason: range.reason, seq: g.seq, recordId: g.record_id, leafIndex: g.leaf_index, receivedAtMs: g.received_at_ms });
  }

  const report: GapReport = { emitters: [], openRanges: 0, openRecords: 0, declaredRecords: 0 };
  for (const s of summaries) {
    const missing = missingBy.get(key(s)) ?? [];
    const declared = declaredBy.get(key(s)) ?? [];
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
      unreadableGapRecords: unreadableBy.get(key(s)) ?? 0,
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
