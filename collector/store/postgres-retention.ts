import type { Pool } from 'pg';
import { RECORD_COLUMNS, toStoredRecord } from './record-columns';
import type { StoredRecord } from './record-store';
import { toLegalHold, validateNewHold, type AgedCursor, type LegalHold, type NewLegalHold, type RetentionStore } from './retention-store';
import { StoreError } from './store-errors';

/** Hold columns with the nanosecond bounds as text: the pool parses int8 as a JS number. */
const HOLD_SELECT = `SELECT id, scope, value, from_ns::text, to_ns::text, reason, placed_by, placed_at_ms, released_by, released_at_ms, release_reason FROM legal_holds`;

/**
 * RetentionStore over the PostgreSQL store's pool. Pruning a body is a row update inside its
 * monthly partition; whole partitions can still be dropped with PostgresRecordStore.dropPartition
 * (docs/retention.md says when that is allowed).
 */
export class PostgresRetention implements RetentionStore {
  constructor(private readonly pool: Pool) {}

  async agedRecords(beforeUnixNano: bigint, cursor: AgedCursor | undefined, limit: number): Promise<StoredRecord[]> {
    const { rows } = cursor
      ? await this.pool.query({
          text: `SELECT ${RECORD_COLUMNS} FROM records
                  WHERE start_time_ns < $1 AND (start_time_ns, leaf_index) > ($2, $3) AND body IS NOT NULL
                  ORDER BY start_time_ns, leaf_index LIMIT $4`,
          values: [beforeUnixNano.toString(), cursor.startTimeNs.toString(), cursor.leafIndex, limit],
          rowMode: 'array',
        })
      : await this.pool.query({
          text: `SELECT ${RECORD_COLUMNS} FROM records WHERE start_time_ns < $1 AND body IS NOT NULL ORDER BY start_time_ns, leaf_index LIMIT $2`,
          values: [beforeUnixNano.toString(), limit],
          rowMode: 'array',
        });
    return rows.map(toStoredRecord);
  }

  async pruneBodies(leafIndexes: readonly number[]): Promise<number> {
    if (leafIndexes.length === 0) return 0;
    const r = await this.pool.query('UPDATE records SET body = NULL WHERE body IS NOT NULL AND leaf_index = ANY($1::bigint[])', [leafIndexes]);
    return r.rowCount ?? 0;
  }

  async placeLegalHold(hold: NewLegalHold): Promise<LegalHold> {
    const problem = validateNewHold(hold);
    if (problem) throw new StoreError(problem);
    const { rows } = await this.pool.query(
      `INSERT INTO legal_holds (scope, value, from_ns, to_ns, reason, placed_by, placed_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [hold.scope, hold.value ?? null, hold.fromUnixNano?.toString() ?? null, hold.toUnixNano?.toString() ?? null, hold.reason, hold.placedBy, hold.placedAtMs],
    );
    return this.hold(rows[0].id as number);
  }

  async releaseLegalHold(id: number, releasedBy: string, reason: string, atMs: number): Promise<LegalHold> {
    if (!reason.trim()) throw new StoreError('releasing a legal hold needs a reason');
    const r = await this.pool.query(
      'UPDATE legal_holds SET released_by = $1, released_at_ms = $2, release_reason = $3 WHERE id = $4 AND released_at_ms IS NULL',
      [releasedBy, atMs, reason, id],
    );
    if (r.rowCount === 0) {
      const { rows } = await this.pool.query('SELECT 1 FROM legal_holds WHERE id = $1', [id]);
      throw new StoreError(rows.length > 0 ? `legal hold ${id} is already released` : `no legal hold ${id}`);
    }
    return this.hold(id);
  }

  async listLegalHolds(options: { includeReleased?: boolean } = {}): Promise<LegalHold[]> {
    const where = options.includeReleased ? '' : 'WHERE released_at_ms IS NULL';
    const { rows } = await this.pool.query({ text: `${HOLD_SELECT} ${where} ORDER BY id`, rowMode: 'array' });
    return rows.map(toLegalHold);
  }

  private async hold(id: number): Promise<LegalHold> {
    const { rows } = await this.pool.query({ text: `${HOLD_SELECT} WHERE id = $1`, values: [id], rowMode: 'array' });
    if (rows.length === 0) throw new StoreError(`no legal hold ${id}`);
    return toLegalHold(rows[0]);
  }
}
