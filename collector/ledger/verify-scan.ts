import { bodyDigest } from '../store/body-digest';
import type { LeafRow } from '../store/record-store';
import { HASH_SIZE, hashLeafText } from './hasher';
import { encodeLeafEntryWithRefs, isCanonicalRefsJson } from './leaf-entry';

/**
 * The per-row half of verify, pure so it runs the same on the main thread or in a worker: for
 * consecutive rows it checks position, body digest, presence and equality of the stored leaf
 * hash, and writes each recomputed leaf hash into `out`. Stops at the first problem.
 */
export type RowIssue =
  /** No row at `leafIndex`; `next` is the next stored row of the scanned range, if any. */
  | { kind: 'missing'; leafIndex: number; next?: { leafIndex: number; recordId: string } }
  | { kind: 'body'; leafIndex: number; recordId: string; expected: string; actual: string }
  | { kind: 'no-leaf-hash'; leafIndex: number; recordId: string }
  | { kind: 'refs'; leafIndex: number; recordId: string }
  /** Recomputed leaf hash differs from the stored one (altered, or moved: the caller classifies). */
  | { kind: 'mismatch'; leafIndex: number; recordId: string; expected: string; actual: string };

export interface ScanState {
  /** Next leaf index expected. */
  next: number;
  /** Recomputed leaf hashes, 32 bytes each, for leaves [start, next). */
  hashes: Buffer;
  start: number;
  pruned: number;
  lastRecordId?: string;
  issue?: RowIssue;
}

export function newScan(start: number, capacity: number): ScanState {
  return { next: start, start, hashes: Buffer.allocUnsafe(capacity * HASH_SIZE), pruned: 0 };
}

/** Scans `rows` (ascending leaf index, all < rangeEnd); returns false once an issue is recorded. */
export function scanRows(state: ScanState, rows: readonly LeafRow[], rangeEnd: number): boolean {
  for (const r of rows) {
    const at = state.next;
    if (r.leafIndex !== at) {
      state.issue = { kind: 'missing', leafIndex: at, next: { leafIndex: r.leafIndex, recordId: r.recordId } };
      return false;
    }
    if (r.bodyBytes !== null) {
      const digest = bodyDigest(r.bodyBytes);
      if (digest !== r.bodySha256) {
        state.issue = { kind: 'body', leafIndex: at, recordId: r.recordId, expected: r.bodySha256, actual: digest };
        return false;
      }
    } else {
      state.pruned++;
    }
    if (r.leafHash === null) {
      state.issue = { kind: 'no-leaf-hash', leafIndex: at, recordId: r.recordId };
      return false;
    }
    if (!isCanonicalRefsJson(r.subjectRefsJson)) {
      state.issue = { kind: 'refs', leafIndex: at, recordId: r.recordId };
      return false;
    }
    const h = rowLeafHash(at, r);
    if (!h.equals(r.leafHash)) {
      state.issue = { kind: 'mismatch', leafIndex: at, recordId: r.recordId, expected: r.leafHash.toString('hex'), actual: h.toString('hex') };
      return false;
    }
    h.copy(state.hashes, (at - state.start) * HASH_SIZE);
    state.lastRecordId = r.recordId;
    state.next++;
  }
  return state.next <= rangeEnd;
}

/** Leaf hash of row `r` as if it sat at position `at` (the same bytes leafHashOf hashed at ingest). */
export function rowLeafHash(at: number, r: LeafRow): Buffer {
  return hashLeafText(encodeLeafEntryWithRefs(at, r, r.subjectRefsJson, r.bodySha256));
}

/**
 * Scans leaves [from, to) through `read` in pages; a page that ends short means a missing leaf.
 * Used in-thread and by verify-worker.ts.
 */
export async function scanRange(
  read: (start: number, end: number) => Promise<LeafRow[]> | LeafRow[],
  from: number,
  to: number,
  pageSize: number,
): Promise<ScanState> {
  const state = newScan(from, to - from);
  for (let p = from; p < to; p += pageSize) {
    const pageEnd = Math.min(to, p + pageSize);
    const rows = await read(p, pageEnd);
    if (!scanRows(state, rows, pageEnd)) return state;
    if (state.next < pageEnd) {
      state.issue = { kind: 'missing', leafIndex: state.next };
      return state;
    }
  }
  return state;
}
