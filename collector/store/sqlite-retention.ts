import type Database from 'better-sqlite3';
import { RECORD_COLUMNS, toStoredRecord } from './record-columns';
import type { StoredRecord } from './record-store';
import { HOLD_COLUMNS, toLegalHold, validateNewHold, type AgedCursor, type LegalHold, type NewLegalHold, type RetentionStore } from './retention-store';
import { StoreError } from './store-errors';

/** Records pruned per UPDATE statement (SQLite's default host-parameter limit is 32,766). */
const PRUNE_CHUNK = 500;

/** RetentionStore over the SQLite store's connection (see SqliteRecordStore.retention()). */
export class SqliteRetention implements RetentionStore {
  private readonly aged: Database.Statement;
  private readonly agedFirst: Database.Statement;
  private readonly insertHold: Database.Statement;
  private readonly getHold: Database.Statement;
  private readonly releaseHold: Database.Statement;

  constructor(private readonly db: Database.Database) {
    // Keyset paging on (start_time_ns, leaf_index): records_by_start holds the rowid, so the
    // index yields this order without a sort.
    this.agedFirst = db.prepare(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE start_time_ns < ? AND body IS NOT NULL
        ORDER BY start_time_ns, leaf_index LIMIT ?`,
    ).raw();
    this.aged = db.prepare(
      `SELECT ${RECORD_COLUMNS} FROM records
        WHERE start_time_ns < ? AND (start_time_ns > ? OR (start_time_ns = ? AND leaf_index > ?)) AND body IS NOT NULL
        ORDER BY start_time_ns, leaf_index LIMIT ?`,
    ).raw();
    this.insertHold = db.prepare(
      'INSERT INTO legal_holds (scope, value, from_ns, to_ns, reason, placed_by, placed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.getHold = db.prepare(`SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE id = ?`).raw().safeIntegers(true);
    this.releaseHold = db.prepare(
      'UPDATE legal_holds SET released_by = ?, released_at_ms = ?, release_reason = ? WHERE id = ? AND released_at_ms IS NULL',
    );
  }

  async agedRecords(beforeUnixNano: bigint, cursor: AgedCursor | undefined, limit: number): Promise<StoredRecord[]> {
    const rows = cursor
      ? this.aged.all(beforeUnixNano, cursor.startTimeNs, cursor.startTimeNs, cursor.leafIndex, limit)
      : this.agedFirst.all(beforeUnixNano, limit);
    return (rows as unknown[][]).map(toStoredRecord);
  }

  async pruneBodies(leafIndexes: readonly number[]): Promise<number> {
    let changed = 0;
    this.db.transaction(() => {
      for (let i = 0; i < leafIndexes.length; i += PRUNE_CHUNK) {
        const chunk = leafIndexes.slice(i, i + PRUNE_CHUNK);
        const r = this.db.prepare(`UPDATE records SET body = NULL WHERE body IS NOT NULL AND leaf_index IN (${chunk.map(() => '?').join(',')})`).run(...chunk);
        changed += r.changes;
      }
    }).immediate();
    return changed;
  }

  async placeLegalHold(hold: NewLegalHold): Promise<LegalHold> {
    const problem = validateNewHold(hold);
    if (problem) throw new StoreError(problem);
    const r = this.insertHold.run(hold.scope, hold.value ?? null, hold.fromUnixNano ?? null, hold.toUnixNano ?? null, hold.reason, hold.placedBy, hold.placedAtMs);
    return this.hold(Number(r.lastInsertRowid));
  }

  async releaseLegalHold(id: number, releasedBy: string, reason: string, atMs: number): Promise<LegalHold> {
    if (!reason.trim()) throw new StoreError('releasing a legal hold needs a reason');
    const r = this.releaseHold.run(releasedBy, atMs, reason, id);
    if (r.changes === 0) {
      const existing = this.getHold.get(id);
      throw new StoreError(existing ? `legal hold ${id} is already released` : `no legal hold ${id}`);
    }
    return this.hold(id);
  }

  async listLegalHolds(options: { includeReleased?: boolean } = {}): Promise<LegalHold[]> {
    const where = options.includeReleased ? '' : 'WHERE released_at_ms IS NULL';
    return (this.db.prepare(`SELECT ${HOLD_COLUMNS} FROM legal_holds ${where} ORDER BY id`).raw().safeIntegers(true).all() as unknown[][]).map(toLegalHold);
  }

  private hold(id: number): LegalHold {
    const row = this.getHold.get(id) as unknown[] | undefined;
    if (!row) throw new StoreError(`no legal hold ${id}`);
    return toLegalHold(row);
  }
}
