import { Pool, types as pgTypes, type PoolClient, type PoolConfig } from 'pg';
import { bodyDigest } from './body-digest';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import type { AuditRecord } from './record';
import type {
  AppendCommitter,
  CheckpointRow,
  LeafRow,
  LedgerStorage,
  LedgerWrite,
  PositionedRecord,
  QueryOptions,
  RecordFilter,
  RecordIdConflict,
  RecordStore,
  StoreAppendResult,
  StoredRecord,
} from './record-store';
import { META_HEAD_CHECKPOINT } from './record-store';
import { RECORD_COLUMNS, insertRowValues, toLeafRow, toStoredRecord } from './record-columns';
import { recordFilterSql } from './record-filter-sql';
import { numberedPlaceholders, type RecordSql, type SqlParam } from './record-sql';
import { validateRecords } from './record-validation';
import { InvalidRecordError, StoreClosedError, StoreError } from './store-errors';

export interface PostgresRecordStoreOptions {
  /** Connection URL, `postgresql://user[:password]@host:port/database` (libpq parameters such as sslmode allowed). */
  url?: string;
  /** Further pg Pool settings (ssl, timeouts…); `url` wins over `pool.connectionString`. */
  pool?: Omit<PoolConfig, 'types'>;
  /** Connections in the pool (default 4): one append holds one for its transaction. */
  maxConnections?: number;
  /** Open for reading only (query, verify): never migrates; the schema must be current. */
  readonly?: boolean;
  /**
   * Longest an append waits for the append lock (or any other lock) before failing with
   * StoreError, so a batch is retried instead of hanging behind a stuck replica (default 30 s;
   * 0 = wait forever).
   */
  lockTimeoutMs?: number;
  /**
   * The server ends a session of ours that sits idle inside a transaction this long — a replica
   * frozen mid-batch — which rolls it back and frees the append lock for the others
   * (default 60 s; 0 = never).
   */
  idleInTransactionTimeoutMs?: number;
}

/**
 * Advisory-lock namespace of grpc-audit (ASCII "gaud"), with one key per purpose. Advisory locks
 * are per database, so unrelated databases on one server never contend.
 */
export const POSTGRES_LOCK_CLASS = 0x67617564;
const LOCK_CLASS = POSTGRES_LOCK_CLASS;
/** Serialises appends (and out-of-band checkpoints) of every replica sharing the database. */
export const POSTGRES_LOCK_APPEND = 1;
const LOCK_APPEND = POSTGRES_LOCK_APPEND;
/** Serialises schema migrations of replicas starting at the same time. */
const LOCK_MIGRATE = 2;

/** SQLSTATE of "canceling statement due to lock timeout". */
const LOCK_NOT_AVAILABLE = '55P03';

const DEFAULT_QUERY_LIMIT = 100;
const PAGE_CAP = 1_000_000;

/**
 * Months in [2000-01, 2200-01) get their own partition, created on demand; start times outside
 * (epoch 0 from a broken clock, far future) land in `records_default`, so a bad clock cannot
 * create thousands of partitions.
 */
const MANAGED_FROM_YEAR = 2000;
const MANAGED_TO_YEAR = 2200;
const NS_PER_MS = 1_000_000n;

/**
 * int8 → number (leaf indexes, sizes, counts, ms times: all safe integers by the AuditRecord
 * contract), per pool — never by changing pg's process-wide parsers, which other code may rely on.
 * start_time_ns is never selected; exact times come back as the stored decimal text.
 */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pgTypes.builtins.INT8 && format !== 'binary') return (v: string) => Number(v);
    return pgTypes.getTypeParser(oid, format);
  },
} as PoolConfig['types'];

/**
 * The cluster store: several collector replicas append to one PostgreSQL database.
 *
 * Every append is one transaction that first takes a transaction-scoped advisory lock, then
 * derives the next leaf index from the unpartitioned `record_index` table, so positions stay
 * dense and gap-free across replicas (two replicas can never both take index n; a failed
 * transaction releases the lock and assigns nothing). The ledger's AppendCommitter runs inside
 * that transaction and is told the tree state as committed by whichever replica wrote last, so
 * a ledger whose in-memory tree is behind can catch up (see AuditLog.openOn).
 *
 * Records are range-partitioned by start time, one partition per month (see postgres-migrations.ts
 * and docs/postgres.md for retention). Implements RecordStore and the ledger's LedgerStorage.
 */
export class PostgresRecordStore implements RecordStore, LedgerStorage, RecordSql {
  /** The connection pool; public for components that query the schema directly. */
  readonly pool: Pool;
  readonly readonly: boolean;
  private closed = false;

  private constructor(pool: Pool, readonly: boolean) {
    this.pool = pool;
    this.readonly = readonly;
  }

  /** Connects, checks the schema version and (unless read-only) migrates. */
  static async open(options: PostgresRecordStoreOptions): Promise<PostgresRecordStore> {
    const max = options.maxConnections ?? 4;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxConnections must be a positive integer, got ${max}`);
    const lockTimeout = nonNegativeInt(options.lockTimeoutMs ?? 30_000, 'lockTimeoutMs');
    const idleTimeout = nonNegativeInt(options.idleInTransactionTimeoutMs ?? 60_000, 'idleInTransactionTimeoutMs');
    const config: PoolConfig = { ...options.pool, max, types: TYPES };
    // Session settings sent at connect (0 means "off" to the server as well).
    if (lockTimeout > 0) config.lock_timeout = lockTimeout;
    if (idleTimeout > 0) config.idle_in_transaction_session_timeout = idleTimeout;
    if (options.url !== undefined) config.connectionString = options.url;
    if (config.connectionString === undefined && config.host === undefined) {
      throw new StoreError('PostgreSQL store needs a url (postgresql://user@host:port/database)');
    }
    const pool = new Pool(config);
    // An idle client that loses its connection emits 'error' on the pool; without a listener
    // that would crash the process. The next query reports the problem instead.
    pool.on('error', () => undefined);
    const store = new PostgresRecordStore(pool, options.readonly === true);
    try {
      const { rows } = await pool.query('SHOW server_encoding');
      if (rows[0].server_encoding !== 'UTF8') {
        throw new StoreError(`database encoding is ${rows[0].server_encoding}; grpc-audit needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')`);
      }
      if (store.readonly) await store.checkSchemaVersion(pool);
      else await store.migrate();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw wrapConnectError(err);
    }
    return store;
  }

  /** Schema version of the database (0 when never migrated). */
  async schemaVersion(): Promise<number> {
    this.ensureOpen();
    return this.readSchemaVersion(this.pool);
  }

  async append(records: readonly AuditRecord[], committer?: AppendCommitter): Promise<StoreAppendResult> {
    this.ensureOpen();
    this.ensureWritable();
    validateRecords(records);
    validatePostgresText(records);
    const { result, write } = await this.inAppendLock((client) => this.appendLocked(client, records, committer));
    // Only now is the batch durable: the ledger may advance its in-memory tree.
    committer?.committed(write);
    return result;
  }

  async readRange(start: number, end: number): Promise<StoredRecord[]> {
    this.ensureOpen();
    const { rows } = await this.pool.query({
      text: `SELECT ${RECORD_COLUMNS} FROM records WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
      values: [start, end],
      rowMode: 'array',
    });
    return rows.map(toStoredRecord);
  }

  async query(filter: RecordFilter, options: QueryOptions = {}): Promise<StoredRecord[]> {
    this.ensureOpen();
    const { where, params } = recordFilterSql(filter);
    const dir = options.order === 'desc' ? 'DESC' : 'ASC';
    const limit = clampInt(options.limit ?? DEFAULT_QUERY_LIMIT, 0, PAGE_CAP, 'limit');
    const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const { rows } = await this.pool.query({
      text: numberedPlaceholders(`SELECT ${RECORD_COLUMNS} FROM records ${where} ORDER BY start_time_ns ${dir}, leaf_index ${dir} LIMIT ? OFFSET ?`),
      values: pgParams([...params, limit, offset]),
      rowMode: 'array',
    });
    return rows.map(toStoredRecord);
  }

  async count(filter: RecordFilter = {}): Promise<number> {
    this.ensureOpen();
    const { where, params } = recordFilterSql(filter);
    const { rows } = await this.pool.query(numberedPlaceholders(`SELECT count(*) AS n FROM records ${where}`), pgParams(params));
    return rows[0].n as number;
  }

  readonly dialect = 'postgres' as const;

  /**
   * RecordSql: one statement in a READ ONLY transaction, so a statement that would write fails
   * in the server instead of changing the ledger's tables.
   */
  async select(sql: string, params: readonly SqlParam[] = []): Promise<Array<Record<string, unknown>>> {
    this.ensureOpen();
    const client = await this.pool.connect().catch((err: unknown) => {
      throw wrapConnectError(err);
    });
    let broken: Error | undefined;
    try {
      await client.query('BEGIN READ ONLY');
      try {
        const { rows } = await client.query(numberedPlaceholders(sql), pgParams(params));
        return rows;
      } finally {
        await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      }
    } finally {
      client.release(broken);
    }
  }

  async nextLeafIndex(): Promise<number> {
    this.ensureOpen();
    return nextIndex(this.pool);
  }

  /** Ends the pool once in-flight queries finish; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // ---- LedgerStorage ----

  async readTreeState(): Promise<{ treeSize: number; frontier: Buffer } | undefined> {
    this.ensureOpen();
    return readState(this.pool);
  }

  async readLeafRows(start: number, end: number): Promise<LeafRow[]> {
    this.ensureOpen();
    // The body travels as text and is re-encoded here: measured ~1.6× faster than asking the
    // server for bytea (hex on the wire). Exact, because the database is UTF8 (checked at open)
    // and unpaired surrogates never get in, so decode → encode returns the stored bytes.
    const { rows } = await this.pool.query({
      text: `SELECT ${RECORD_COLUMNS} FROM records WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
      values: [start, end],
      rowMode: 'array',
    });
    return rows.map((row) => toLeafRow(row, bodyColumnBytes));
  }

  async readNodes(level: number, from: number, to: number): Promise<Buffer[]> {
    this.ensureOpen();
    // Level 0 comes from record_index, which retention never prunes: proofs outlive dropped partitions.
    const { rows } =
      level === 0
        ? await this.pool.query({
            text: 'SELECT leaf_index, leaf_hash FROM record_index WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index',
            values: [from, to],
            rowMode: 'array',
          })
        : await this.pool.query({
            text: 'SELECT idx, hash FROM tree_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
            values: [level, from, to],
            rowMode: 'array',
          });
    if (rows.length !== to - from) {
      throw new StoreError(`tree level ${level}: expected nodes ${from}..${to - 1}, found ${rows.length}`);
    }
    return (rows as [number, Buffer | null][]).map(([idx, hash], i) => {
      if (idx !== from + i || hash === null) throw new StoreError(`tree level ${level}: node ${from + i} is missing`);
      return hash;
    });
  }

  /**
   * Stores a checkpoint taken outside an append. Several replicas write checkpoints to one
   * table, and verify requires sizes never to shrink in the order taken, so this takes the
   * append lock and refuses a checkpoint smaller than one already stored (StoreError); a ledger
   * that shares the store checkpoints through append() instead, which cannot go stale.
   */
  async addCheckpoint(c: Omit<CheckpointRow, 'id'>): Promise<number> {
    this.ensureOpen();
    this.ensureWritable();
    return this.inAppendLock(async (client) => {
      const { rows } = await client.query('SELECT max(tree_size) AS m FROM checkpoints');
      const largest = rows[0].m as number | null;
      if (largest !== null && c.treeSize < largest) {
        throw new StoreError(`checkpoint for tree size ${c.treeSize} is stale: a checkpoint for size ${largest} is already stored`);
      }
      return insertCheckpoint(client, c);
    });
  }

  async listCheckpoints(): Promise<CheckpointRow[]> {
    this.ensureOpen();
    const { rows } = await this.pool.query('SELECT id, tree_size, root_hash, timestamp_ms, note FROM checkpoints ORDER BY id');
    return rows.map((r) => ({ id: r.id, treeSize: r.tree_size, rootHash: r.root_hash, timestampMs: r.timestamp_ms, note: r.note }));
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.ensureOpen();
    const { rows } = await this.pool.query('SELECT value FROM ledger_meta WHERE key = $1', [key]);
    return rows[0]?.value as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.ensureOpen();
    this.ensureWritable();
    await this.pool.query(
      'INSERT INTO ledger_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  // ---- partitions (retention) ----

  /** Partitions of `records`, oldest first; the default partition last (bounds undefined). */
  async listPartitions(): Promise<RecordPartition[]> {
    this.ensureOpen();
    const { rows } = await this.pool.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'records'::regclass`,
    );
    const parts = rows.map((r) => parsePartition(r.name as string, r.bound as string));
    return parts.sort((a, b) =>
      a.fromUnixNano === undefined ? 1 : b.fromUnixNano === undefined ? -1 : a.fromUnixNano < b.fromUnixNano ? -1 : 1,
    );
  }

  /**
   * Retention: removes one monthly partition of `records` (rows and bodies) and the subject
   * mappings of its rows, in one transaction under the append lock. What stays, on purpose:
   * `record_index` (positions are never reused, a re-sent record is still a duplicate, leaf
   * hashes keep inclusion and consistency proofs working), tree nodes and checkpoints.
   * Returns the number of records removed. Legal hold is the caller's check (collector/rights).
   */
  async dropPartition(name: string): Promise<number> {
    this.ensureOpen();
    this.ensureWritable();
    if (!/^records_p\d{6}$/.test(name)) throw new StoreError(`"${name}" is not a monthly records partition (records_pYYYYMM)`);
    return this.inAppendLock(async (client) => {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'records'::regclass AND c.relname = $1`,
        [name],
      );
      if (rows.length === 0) throw new StoreError(`no partition ${name}`);
      await client.query(`DELETE FROM record_subjects s USING ${name} r WHERE s.leaf_index = r.leaf_index`);
      const n = await client.query(`SELECT count(*) AS n FROM ${name}`);
      await client.query(`ALTER TABLE records DETACH PARTITION ${name}`);
      await client.query(`DROP TABLE ${name}`);
      return n.rows[0].n as number;
    });
  }

  // ---- internals ----

  /**
   * Runs `fn` in one transaction holding the append lock. Every writer of the ledger goes
   * through here, so "read next index / tree state, write rows" is atomic across replicas.
   */
  private async inAppendLock<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw wrapConnectError(err);
    });
    let broken: Error | undefined;
    try {
      // One round trip: BEGIN, then wait for the lock. Reads must come in later statements — a
      // READ COMMITTED statement's snapshot is taken when it starts, i.e. before the lock wait.
      try {
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${LOCK_APPEND})`);
        const value = await fn(client);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        // ROLLBACK also releases the advisory lock; if even that fails the connection is unusable.
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) {
          throw new StoreError(`append lock not obtained in time (lockTimeoutMs): another writer holds it; nothing of this batch was stored`);
        }
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  private async appendLocked(
    client: PoolClient,
    records: readonly AuditRecord[],
    committer?: AppendCommitter,
  ): Promise<{ result: StoreAppendResult; write: LedgerWrite | undefined }> {
    // Everything the batch depends on, read under the lock in one statement: next position,
    // which ids exist, the tree as last committed (maybe by another replica), which month
    // partitions exist.
    const months = monthsOf(records);
    const { rows } = await client.query(
      `SELECT (SELECT max(leaf_index) FROM record_index) AS last,
              (SELECT json_agg(json_build_array(ri.record_id, r.identity))
                 FROM record_index ri LEFT JOIN records r ON r.leaf_index = ri.leaf_index
                WHERE ri.record_id = ANY($1::text[])) AS existing,
              (SELECT tree_size FROM ledger_state WHERE id = 1) AS tree_size,
              (SELECT frontier FROM ledger_state WHERE id = 1) AS frontier,
              ARRAY(SELECT relname::text FROM pg_class WHERE relname = ANY($2::text[]) AND relkind IN ('r', 'p')) AS partitions`,
      [records.map((r) => r.recordId), [...months.keys()]],
    );
    const head = rows[0] as { last: number | null; existing: Array<[string, string | null]> | null; tree_size: number | null; frontier: Buffer | null; partitions: string[] };
    const first = head.last === null ? 0 : head.last + 1;
    // Record id → identity that owns it: a repeat from the owner is a duplicate, from anyone else a
    // conflict (as in the SQLite store). An owner whose row retention dropped with its partition
    // is unknown (null): its id stays taken and a repeat counts as a duplicate.
    const existing = new Map<string, string | null>(head.existing ?? []);
    let next = first;
    let duplicates = 0;
    let conflicts: RecordIdConflict[] | undefined;
    const fresh: PositionedRecord[] = [];
    for (const record of records) {
      if (existing.has(record.recordId)) {
        const owner = existing.get(record.recordId);
        if (owner === null || owner === record.identity) duplicates++;
        else (conflicts ??= []).push({ recordId: record.recordId, identity: record.identity });
        continue;
      }
      existing.set(record.recordId, record.identity);
      fresh.push({ leafIndex: next++, record, bodySha256: bodyDigest(record.body) });
    }
    const storedTree = head.tree_size === null ? undefined : { treeSize: head.tree_size, frontier: head.frontier as Buffer };
    const write = committer?.prepare(fresh, { storedTree });
    if (write && write.leafHashes.length !== fresh.length) {
      throw new StoreError(`ledger returned ${write.leafHashes.length} leaf hashes for ${fresh.length} records`);
    }
    if (fresh.length > 0) {
      const present = new Set(head.partitions);
      for (const [name, m] of months) {
        // Names and bounds are computed from integers here, never taken from input text.
        if (!present.has(name)) await client.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF records FOR VALUES FROM (${m.from}) TO (${m.to})`);
      }
    }
    const statement = writeStatement(fresh, write);
    if (statement) await client.query(statement.text, statement.values);
    const result: StoreAppendResult = { accepted: fresh.length, duplicates, firstLeafIndex: first };
    if (conflicts) result.conflicts = conflicts;
    return { result, write };
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK_MIGRATE]);
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)`);
        const current = await this.checkSchemaVersion(client);
        for (const m of POSTGRES_MIGRATIONS) {
          if (m.version <= current) continue;
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            Date.now(),
          ]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  private async readSchemaVersion(q: Queryable): Promise<number> {
    const { rows } = await q.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
    if (!rows[0].present) return 0;
    const v = await q.query('SELECT max(version) AS v FROM schema_migrations');
    return (v.rows[0].v as number | null) ?? 0;
  }

  /** Returns the applied version; refuses a database from a newer build or (read-only) an unmigrated one. */
  private async checkSchemaVersion(q: Queryable): Promise<number> {
    const version = await this.readSchemaVersion(q);
    const known = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;
    if (version > known) {
      throw new StoreError(`database has grpc-audit schema version ${version}; this build knows up to ${known} — upgrade grpc-audit`);
    }
    if (this.readonly && version < known) {
      throw new StoreError(
        version === 0
          ? 'database is not a grpc-audit store (no schema_migrations table); start a collector on it once to create the schema'
          : `database has schema version ${version}; open it once read-write to migrate to ${known}`,
      );
    }
    return version;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private ensureWritable(): void {
    if (this.readonly) throw new StoreError('record store was opened read-only');
  }
}

/** One partition of `records`; bounds are Unix nanoseconds [from, to), undefined for the default partition. */
export interface RecordPartition {
  name: string;
  fromUnixNano?: bigint;
  toUnixNano?: bigint;
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

async function nextIndex(q: Queryable): Promise<number> {
  const { rows } = await q.query('SELECT max(leaf_index) AS m FROM record_index');
  const m = rows[0].m as number | null;
  return m === null ? 0 : m + 1;
}

async function readState(q: Queryable): Promise<{ treeSize: number; frontier: Buffer } | undefined> {
  const { rows } = await q.query('SELECT tree_size, frontier FROM ledger_state WHERE id = 1');
  return rows[0] ? { treeSize: rows[0].tree_size as number, frontier: rows[0].frontier as Buffer } : undefined;
}

async function insertCheckpoint(client: PoolClient, c: Omit<CheckpointRow, 'id'>): Promise<number> {
  const { rows } = await client.query(
    'INSERT INTO checkpoints (tree_size, root_hash, timestamp_ms, note) VALUES ($1, $2, $3, $4) RETURNING id',
    [c.treeSize, c.rootHash, c.timestampMs, c.note],
  );
  return rows[0].id as number;
}

/**
 * Every row of a batch in one statement (data-modifying CTEs over arrays + unnest): records,
 * record index, subjects, tree nodes, tree state, checkpoint — one round trip, whatever the
 * batch size. The parts share one snapshot and do not read each other's rows, which they need not.
 */
function writeStatement(fresh: readonly PositionedRecord[], write: LedgerWrite | undefined): { text: string; values: unknown[] } | undefined {
  const parts: string[] = [];
  const values: unknown[] = [];
  const $ = (v: unknown, type: string): string => {
    values.push(v);
    return `$${values.length}::${type}`;
  };
  if (fresh.length > 0) {
    const cols: unknown[][] = Array.from({ length: 21 }, () => new Array(fresh.length));
    const subjectRefs: string[] = [];
    const subjectLeaves: number[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const { leafIndex, record: r } = fresh[i];
      // start_time_ns as the exact decimal text: PostgreSQL casts it to bigint.
      const row = insertRowValues(fresh[i], r.startTimeUnixNano, write ? write.leafHashes[i] : null);
      for (let c = 0; c < row.length; c++) cols[c][i] = row[c];
      // A record naming one subject twice maps it once (the side table's key is (subject, leaf)).
      for (const ref of new Set(r.subjectRefs)) {
        subjectRefs.push(ref);
        subjectLeaves.push(leafIndex);
      }
    }
    const types = ['bigint', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'int', 'text', 'bigint', 'text', 'text', 'bytea'];
    const arrays = cols.map((c, k) => $(c, `${types[k]}[]`));
    parts.push(`INSERT INTO records (leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind,
        trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns,
        grpc_status_code, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
      SELECT * FROM unnest(${arrays.join(', ')})`);
    parts.push(`INSERT INTO record_index (leaf_index, record_id, leaf_hash) SELECT * FROM unnest(${arrays[0]}, ${arrays[1]}, ${arrays[20]})`);
    if (subjectRefs.length > 0) {
      parts.push(`INSERT INTO record_subjects (subject_ref, leaf_index) SELECT * FROM unnest(${$(subjectRefs, 'text[]')}, ${$(subjectLeaves, 'bigint[]')})`);
    }
  }
  if (write) {
    if (write.nodes.length > 0) {
      parts.push(`INSERT INTO tree_nodes (level, idx, hash)
        SELECT * FROM unnest(${$(write.nodes.map((n) => n.level), 'int[]')}, ${$(write.nodes.map((n) => n.index), 'bigint[]')}, ${$(write.nodes.map((n) => n.hash), 'bytea[]')})
        ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash`);
    }
    parts.push(`INSERT INTO ledger_state (id, tree_size, frontier) VALUES (1, ${$(write.state.treeSize, 'bigint')}, ${$(write.state.frontier, 'bytea')})
      ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, frontier = excluded.frontier`);
    const c = write.checkpoint;
    if (c) {
      parts.push(`INSERT INTO checkpoints (tree_size, root_hash, timestamp_ms, note)
        VALUES (${$(c.treeSize, 'bigint')}, ${$(c.rootHash, 'bytea')}, ${$(c.timestampMs, 'bigint')}, ${$(c.note, 'text')})`);
    }
    if (write.head !== undefined) {
      parts.push(`INSERT INTO ledger_meta (key, value) VALUES (${$(META_HEAD_CHECKPOINT, 'text')}, ${$(write.head, 'text')})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    }
  }
  if (parts.length === 0) return undefined;
  return { text: `WITH ${parts.map((q, i) => `w${i} AS (${q})`).join(',\n')} SELECT 1`, values };
}

/** The managed month partitions a batch's start times fall into. */
function monthsOf(records: readonly AuditRecord[]): Map<string, { from: bigint; to: bigint }> {
  const months = new Map<string, { from: bigint; to: bigint }>();
  for (const r of records) {
    const m = monthOf(BigInt(r.startTimeUnixNano));
    if (m) months.set(m.name, m);
  }
  return months;
}

/** The managed monthly partition holding start time `ns`, undefined outside the managed span. */
export function monthOf(ns: bigint): { name: string; from: bigint; to: bigint } | undefined {
  const d = new Date(Number(ns / NS_PER_MS));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (y < MANAGED_FROM_YEAR || y >= MANAGED_TO_YEAR) return undefined;
  return {
    name: `records_p${y}${String(m + 1).padStart(2, '0')}`,
    from: BigInt(Date.UTC(y, m, 1)) * NS_PER_MS,
    to: BigInt(Date.UTC(y, m + 1, 1)) * NS_PER_MS,
  };
}

function parsePartition(name: string, bound: string): RecordPartition {
  const m = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(bound);
  return m ? { name, fromUnixNano: BigInt(m[1]), toUnixNano: BigInt(m[2]) } : { name };
}

const NUL_OR_LONE_SURROGATE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TEXT_FIELDS = ['recordId', 'identity', 'service', 'method', 'kind', 'traceId', 'spanId', 'parentSpanId', 'emitterId', 'body'] as const;

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can, so the shared validation allows it). A lone
 * UTF-16 surrogate would be stored as U+FFFD — a silent change the leaf hash would later report
 * as tampering; the shared validation refuses it too, checked again here so this store never
 * depends on that. Either rejects the batch up front, naming the field.
 */
function validatePostgresText(records: readonly AuditRecord[]): void {
  records.forEach((r, i) => {
    for (const f of TEXT_FIELDS) {
      const v = r[f];
      if (typeof v === 'string' && NUL_OR_LONE_SURROGATE.test(v)) {
        throw new InvalidRecordError(i, f, 'contains a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL text cannot store exactly');
      }
    }
    r.subjectRefs.forEach((s) => {
      if (NUL_OR_LONE_SURROGATE.test(s)) {
        throw new InvalidRecordError(i, 'subjectRefs', 'contains a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL text cannot store exactly');
      }
    });
  });
}


/** 64-bit parameters as exact decimal text (PostgreSQL casts them to the column's bigint). */
function pgParams(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (typeof p === 'bigint' ? p.toString() : p));
}

function nonNegativeInt(v: number, name: string): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

function clampInt(v: number, min: number, max: number, name: string): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

/** Connection failures name the server, never the password in the URL. */
function wrapConnectError(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')) {
    return new StoreError(`cannot connect to PostgreSQL: ${e.message}`);
  }
  return err;
}

/** The body column as bytes for leaf hashing. */
function bodyColumnBytes(column: unknown): Buffer | null {
  return (column === null ? null : Buffer.from(column as string, 'utf8'));
}
