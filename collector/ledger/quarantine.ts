import * as fs from 'node:fs';
import { POSTGRES_LOCK_APPEND, POSTGRES_LOCK_CLASS, type PostgresRecordStore } from '../store/postgres-record-store';
import { META_HEAD_CHECKPOINT } from '../store/record-store';
import type { SqliteRecordStore } from '../store/sqlite-record-store';
import { StoreError } from '../store/store-errors';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { CompactRange } from './compact-range';
import { openNote } from './signed-note';
import type { NoteVerifierKey } from './signing-key';

export interface QuarantineResult {
  /** Leaves covered by the last valid signature whose root the stored leaf hashes reproduce. */
  signedSize: number;
  /** Rows moved out of the store. */
  moved: number;
  /** JSON Lines file holding them (undefined when nothing was moved). */
  file: string | undefined;
}

/**
 * What quarantine reads and changes in a store, so that the decision (which signed tree the
 * stored leaves reproduce) is one piece of code for SQLite and PostgreSQL.
 */
export interface QuarantineStore {
  /** Signed notes that may vouch for a tree: every checkpoint row, then the head note. */
  notes(): Promise<string[]>;
  /** One past the highest stored leaf index (0 when empty). */
  nextLeafIndex(): Promise<number>;
  /** `[leaf_index, leaf_hash]` of the rows in [from, to), in order. */
  leafHashes(from: number, to: number): Promise<Array<[number, Buffer | null]>>;
  /** Every column of the rows from `size` on, in order (for the quarantine file). */
  rowsFrom(size: number): Promise<Array<Record<string, unknown>>>;
  /**
   * In one transaction: removes rows, subject entries, record index entries and stored nodes
   * from `size` on, and sets the tree state and head to the signed tree (or clears them).
   */
  cut(size: number, signed: { frontier: Buffer; note: string } | undefined, expectedNext: number): Promise<void>;
}

/**
 * Repair for a store holding rows no signature covers (the collector refuses to open it): finds
 * the largest tree a valid signature of `verifier` covers whose root the stored leaf hashes
 * reproduce, writes every row beyond it to a JSON Lines file (nothing is destroyed: the file keeps
 * each row with its leaf hash for the investigation) and removes them from the store with their
 * subject index entries and stored tree nodes, in one transaction, leaving the tree state and
 * head at the signed tree. Rows below that size are not judged here: run `grpc-audit verify`.
 */
export async function quarantineUnsignedRows(store: QuarantineStore, verifier: NoteVerifierKey, outFile: string): Promise<QuarantineResult> {
  const candidates: Array<{ cp: Checkpoint; note: string }> = [];
  for (const note of await store.notes()) {
    try {
      candidates.push({ cp: parseCheckpoint(openNote(note, verifier)), note });
    } catch {
      // Not signed by the trusted key: it vouches for nothing.
    }
  }
  candidates.sort((a, b) => b.cp.treeSize - a.cp.treeSize);
  const next = await store.nextLeafIndex();
  const rangeAt = async (size: number): Promise<CompactRange | undefined> => {
    const range = CompactRange.empty();
    for (let from = 0; from < size; from += 65536) {
      const to = Math.min(size, from + 65536);
      for (const [i, h] of await store.leafHashes(from, to)) {
        if (i !== range.size || h === null) return undefined;
        range.append(h);
      }
    }
    return range.size === size ? range : undefined;
  };
  let chosen: { cp: Checkpoint; note: string; range: CompactRange } | undefined;
  for (const c of candidates) {
    if (c.cp.treeSize > next) continue;
    const range = await rangeAt(c.cp.treeSize);
    if (range && range.root().equals(c.cp.rootHash)) {
      chosen = { ...c, range };
      break;
    }
  }
  if (chosen === undefined && next > 0) {
    // Without a single note this key signed, nothing tells signed rows from forged ones: a wrong
    // key must not make every row look unsigned (and move the whole store out).
    if (candidates.length === 0) throw new StoreError('no checkpoint in the store is signed by this key: is it the collector\'s public key? nothing was moved');
    throw new StoreError('no signed tree matches the stored leaf hashes: rows below the signed size were changed too — run grpc-audit verify; quarantine cannot repair this');
  }
  const signedSize = chosen?.cp.treeSize ?? 0;
  if (signedSize === next) return { signedSize, moved: 0, file: undefined };

  const moved = await store.rowsFrom(signedSize);
  const lines = moved.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v)));
  // Written (and never overwritten) before anything is removed: a failure below loses nothing.
  fs.writeFileSync(outFile, lines.join('\n') + '\n', { flag: 'wx', mode: 0o600 });
  await store.cut(signedSize, chosen ? { frontier: chosen.range.toBytes(), note: chosen.note } : undefined, next);
  return { signedSize, moved: moved.length, file: outFile };
}

const CHANGED = 'the store changed while quarantining (a collector is still appending): stop every collector on this store and run it again';

export function sqliteQuarantineStore(store: SqliteRecordStore): QuarantineStore {
  const db = store.db;
  const hashes = db.prepare('SELECT leaf_index, leaf_hash FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index').raw();
  return {
    notes: async () => {
      const rows = db.prepare('SELECT note FROM checkpoints ORDER BY id').pluck().all() as string[];
      const head = db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck().get(META_HEAD_CHECKPOINT) as string | undefined;
      return head !== undefined ? [...rows, head] : rows;
    },
    nextLeafIndex: async () => ((db.prepare('SELECT max(leaf_index) FROM records').pluck().get() as number | null) ?? -1) + 1,
    leafHashes: async (from, to) => hashes.all(from, to) as Array<[number, Buffer | null]>,
    rowsFrom: async (size) => db.prepare('SELECT * FROM records WHERE leaf_index >= ? ORDER BY leaf_index').all(size) as Array<Record<string, unknown>>,
    cut: async (size, signed, expectedNext) => {
      db.transaction(() => {
        const now = ((db.prepare('SELECT max(leaf_index) FROM records').pluck().get() as number | null) ?? -1) + 1;
        if (now !== expectedNext) throw new StoreError(CHANGED);
        // the trace and subject indexes (schema v2; record_subjects before) hold the cut rows too
        const has = (name: string): boolean => db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
        if (has('record_subjects')) db.prepare('DELETE FROM record_subjects WHERE leaf_index >= ?').run(size);
        if (has('subject_index')) db.prepare('DELETE FROM subject_index WHERE rowid >= ?').run(size);
        if (has('trace_index')) db.prepare('DELETE FROM trace_index WHERE rowid >= ?').run(size);
        db.prepare('DELETE FROM records WHERE leaf_index >= ?').run(size);
        // A stored node (level, idx) spans leaves [idx·2^level, (idx+1)·2^level): drop those reaching past the signed size.
        db.prepare('DELETE FROM tree_nodes WHERE (idx + 1) * (1 << level) > ?').run(size);
        if (signed) {
          db.prepare(
            'INSERT INTO ledger_state (id, tree_size, frontier) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET tree_size = excluded.tree_size, frontier = excluded.frontier',
          ).run(size, signed.frontier);
          db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(META_HEAD_CHECKPOINT, signed.note);
        } else {
          db.prepare('DELETE FROM ledger_state').run();
          db.prepare('DELETE FROM ledger_meta WHERE key = ?').run(META_HEAD_CHECKPOINT);
        }
      })();
    },
  };
}

/**
 * The cluster store: the same tables plus `record_index` (record id → leaf, the cross-partition
 * uniqueness of record ids), which loses the quarantined leaves too. The cut holds the replicas'
 * append lock and refuses if a row was appended since the decision (stop every replica first).
 */
export function postgresQuarantineStore(store: PostgresRecordStore): QuarantineStore {
  const pool = store.pool;
  return {
    notes: async () => {
      const cps = await pool.query<{ note: string }>('SELECT note FROM checkpoints ORDER BY id');
      const head = await pool.query<{ value: string }>('SELECT value FROM ledger_meta WHERE key = $1', [META_HEAD_CHECKPOINT]);
      return [...cps.rows.map((r) => r.note), ...head.rows.map((r) => r.value)];
    },
    nextLeafIndex: async () => pgNext(pool),
    // record_index, not records: it keeps every leaf hash after retention drops a month's partition.
    leafHashes: async (from, to) => {
      const { rows } = await pool.query({
        text: 'SELECT leaf_index, leaf_hash FROM record_index WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index',
        values: [from, to],
        rowMode: 'array',
      });
      return (rows as Array<[string | number, Buffer | null]>).map(([i, h]) => [Number(i), h]);
    },
    rowsFrom: async (size) => {
      const rows = (await pool.query('SELECT * FROM records WHERE leaf_index >= $1 ORDER BY leaf_index', [size])).rows as Array<Record<string, unknown>>;
      // A forged entry may be in record_index alone: kept too, marked as such.
      const indexOnly = await pool.query(
        'SELECT ri.* FROM record_index ri WHERE ri.leaf_index >= $1 AND NOT EXISTS (SELECT 1 FROM records r WHERE r.leaf_index = ri.leaf_index) ORDER BY ri.leaf_index',
        [size],
      );
      return [...rows, ...indexOnly.rows.map((r: Record<string, unknown>) => ({ record_index_only: true, ...r }))];
    },
    cut: async (size, signed, expectedNext) => {
      const client = await pool.connect();
      try {
        // The replicas' append lock: no collector can append between the check and the cut.
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [POSTGRES_LOCK_CLASS, POSTGRES_LOCK_APPEND]);
        if ((await pgNext(client)) !== expectedNext) throw new StoreError(CHANGED);
        await client.query('DELETE FROM record_subjects WHERE leaf_index >= $1', [size]);
        await client.query('DELETE FROM record_index WHERE leaf_index >= $1', [size]);
        await client.query('DELETE FROM records WHERE leaf_index >= $1', [size]);
        await client.query('DELETE FROM tree_nodes WHERE (idx + 1) * (1::bigint << level) > $1', [size]);
        if (signed) {
          await client.query(
            'INSERT INTO ledger_state (id, tree_size, frontier) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, frontier = excluded.frontier',
            [size, signed.frontier],
          );
          await client.query('INSERT INTO ledger_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [META_HEAD_CHECKPOINT, signed.note]);
        } else {
          await client.query('DELETE FROM ledger_state');
          await client.query('DELETE FROM ledger_meta WHERE key = $1', [META_HEAD_CHECKPOINT]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

/** Past the highest leaf in either table: a forged row may be in `records`, `record_index` or both. */
async function pgNext(q: { query: PostgresRecordStore['pool']['query'] }): Promise<number> {
  const { rows } = await q.query<{ m: string | number | null }>(
    'SELECT greatest((SELECT max(leaf_index) FROM records), (SELECT max(leaf_index) FROM record_index)) AS m',
  );
  return rows[0].m === null ? 0 : Number(rows[0].m) + 1;
}
