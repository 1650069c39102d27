import type Database from 'better-sqlite3';
import type { SqliteRecordStore } from '../store/sqlite-record-store';
import { bodyDigest } from '../store/body-digest';
import { hashPrefixedLeafText } from './hasher';
import { LEAF_ENTRY_VERSION } from './leaf-entry';
import { ChunkTree, type ChunkScan } from './verify-chunk';
import { newScan, scanRows } from './verify-scan';

/**
 * Verify's fast path over a SQLite ledger: SQLite builds each row's leaf entry text itself
 * (`json_quote` per column, in the order of leaf-entry.ts), so a row crosses into JavaScript as
 * five values instead of twenty and no per-field strings or objects are made. Per row we check
 * the position, the body digest and the recomputed leaf hash against the stored one.
 *
 * Why this cannot pass a tampered row: the stored leaf hash is SHA-256(0x00 ‖ the entry text
 * JavaScript built at ingest). SQLite's text is valid JSON whose elements decode to the columns'
 * values, and JSON's text-to-value mapping is a function, so equal texts mean equal values — the
 * row holds exactly what was committed (subject_refs are concatenated verbatim, so their bytes are
 * committed as they are). Where SQLite's spelling could differ from JavaScript's for an untampered
 * row (e.g. a REAL column renders `5.0`), the hash differs, and every page with any surprise is
 * re-scanned on the slow path (verify-scan.ts), which decides and classifies exactly as before.
 */
// Starts with U+0000, the RFC 6962 leaf prefix, so the text is hashed as it comes (no concatenation).
export const LEAF_ENTRY_SQL =
  `char(0) || '["${LEAF_ENTRY_VERSION}",' || leaf_index || ',' || json_quote(record_id) || ',' || json_quote(record_type) || ',' ||` +
  ` json_quote(identity) || ',' || json_quote(service) || ',' || json_quote(method) || ',' || json_quote(kind) || ',' ||` +
  ` json_quote(trace_id) || ',' || json_quote(span_id) || ',' || json_quote(parent_span_id) || ',' || json_quote(emitter_id) || ',' ||` +
  ` json_quote(seq) || ',' || json_quote(start_time_unix_nano) || ',' || json_quote(end_time_unix_nano) || ',' ||` +
  ` json_quote(grpc_status_code) || ',' || subject_refs || ',' || json_quote(received_at_ms) || ',' || json_quote(body_sha256) || ']'`;

const statements = new WeakMap<Database.Database, { entries: Database.Statement; recordId: Database.Statement }>();

function prepared(db: Database.Database): { entries: Database.Statement; recordId: Database.Statement } {
  let s = statements.get(db);
  if (!s) {
    s = {
      // CAST(body AS BLOB): the stored UTF-8 bytes as they are, ready to hash.
      entries: db
        .prepare(`SELECT leaf_index, ${LEAF_ENTRY_SQL}, CAST(body AS BLOB), body_sha256, leaf_hash FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index`)
        .raw(),
      recordId: db.prepare('SELECT record_id FROM records WHERE leaf_index = ?').pluck(),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Verifies leaves [from, to) of a power-of-two aligned chunk (see verify-chunk.ts) and returns
 * the frontiers at the `cuts` sizes; stops at the first problem, found and described by the slow
 * path so reports are identical to the in-thread scan's.
 */
export function scanSqliteChunk(store: SqliteRecordStore, from: number, to: number, pageSize: number, cuts: readonly number[]): ChunkScan {
  const { entries, recordId } = prepared(store.db);
  const tree = new ChunkTree(from, cuts);
  let pruned = 0;
  const pageHashes: Buffer[] = [];
  let result: Omit<ChunkScan, 'cuts' | 'lastRecordId'> | undefined;
  for (let p = from; p < to && !result; p += pageSize) {
    const pageEnd = Math.min(to, p + pageSize);
    const rows = entries.all(p, pageEnd) as [number, string | null, Buffer | null, string, Buffer | null][];
    pageHashes.length = 0;
    let clean = rows.length === pageEnd - p;
    let pagePruned = 0;
    for (let i = 0; clean && i < rows.length; i++) {
      const [leafIndex, entry, body, digest, leafHash] = rows[i];
      if (leafIndex !== p + i || entry === null || leafHash === null) {
        clean = false;
        break;
      }
      if (body === null) pagePruned++;
      else if (bodyDigest(body) !== digest) {
        clean = false;
        break;
      }
      const h = hashPrefixedLeafText(entry);
      if (!h.equals(leafHash)) {
        clean = false;
        break;
      }
      pageHashes.push(h);
    }
    if (clean) {
      for (const h of pageHashes) tree.append(h);
      pruned += pagePruned;
      continue;
    }
    // Something differs in this page: the slow path decides (and names the problem) row by row.
    const state = newScan(p, pageEnd - p);
    const ok = scanRows(state, store.readLeafRowsSync(p, pageEnd), pageEnd);
    tree.appendScanned(state);
    pruned += state.pruned;
    if (!ok || state.issue) result = { from, next: state.next, pruned, issue: state.issue };
    else if (state.next < pageEnd) result = { from, next: state.next, pruned, issue: { kind: 'missing', leafIndex: state.next } };
  }
  result ??= { from, next: tree.size, pruned };
  const lastRecordId = result.next > from ? (recordId.get(result.next - 1) as string | undefined) : undefined;
  return { ...result, cuts: tree.finish(), lastRecordId };
}
