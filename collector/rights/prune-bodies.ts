import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { StoreError } from '../store/store-errors';

/**
 * Sets the body of the given records to NULL — what retention removes. Everything a leaf commits
 * to besides the body (its fields and `body_sha256`) and the leaf hash stay, so the Merkle tree,
 * every proof and `verify` (which counts pruned bodies) remain valid. Works on the SQLite store
 * (its `db` handle) and the PostgreSQL store (its `pool`); one transaction. Returns rows changed.
 */
export async function pruneBodies(store: object, leafIndexes: readonly number[]): Promise<number> {
  if (leafIndexes.length === 0) return 0;
  const db = (store as { db?: Database.Database }).db;
  if (db) {
    if (db.readonly) throw new StoreError('the store is open read-only');
    const stmt = db.prepare('UPDATE records SET body = NULL WHERE leaf_index = ? AND body IS NOT NULL');
    return db.transaction((ids: readonly number[]) => ids.reduce((n, id) => n + stmt.run(id).changes, 0))(leafIndexes);
  }
  const pool = (store as { pool?: Pool }).pool;
  if (pool) {
    const r = await pool.query('UPDATE records SET body = NULL WHERE leaf_index = ANY($1::bigint[]) AND body IS NOT NULL', [leafIndexes]);
    return r.rowCount ?? 0;
  }
  throw new StoreError('this store cannot prune bodies');
}
