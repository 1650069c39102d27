import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordBodyDigest } from './body-digest';
import type { AuditRecord } from './record';
import type {
  AppendCommitter,
  CheckpointRow,
  LedgerStorage,
  LeafRow,
  LedgerWrite,
  PositionedRecord,
  RecordIdConflict,
  QueryOptions,
  RecordFilter,
  RecordStore,
  StoreAppendResult,
  StoredRecord,
} from './record-store';
import { META_HEAD_CHECKPOINT } from './record-store';
import { RECORD_COLUMNS, insertRowValues, toLeafRow, toStoredRecord } from './record-columns';
import { recordFilterSql, subjectTerms, traceToken } from './record-filter-sql';
import type { RecordSql, SqlParam } from './record-sql';
import { validateRecords } from './record-validation';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import { StoreClosedError, StoreError } from './store-errors';
import { RecentRecordIds } from './recent-record-ids';

export interface SqliteRecordStoreOptions {
  /** Database file; ':memory:' for a throw-away store. Parent folders are created when writable. */
  path: string;
  /** Open read-only (query, verify): never creates or migrates; the file must exist. */
  readonly?: boolean;
  /**
   * 'full' (default): every committed batch is fsynced before append() resolves, so an
   * acknowledged record survives power loss — an emitter deletes records from its spool once
   * acknowledged, so anything weaker could lose audit records silently. In WAL mode that is one
   * fsync of the WAL per batch (never per record). 'normal' keeps the database consistent but
   * may lose the last batches on power loss; for benchmarks and tests only.
   */
  synchronous?: 'full' | 'normal';
  /**
   * How many of the latest record ids the store keeps in memory with their owning identity
   * (recent-record-ids.ts): a record reusing one of them under another start time is a
   * duplicate (same identity) or a conflict (another). Default 65,536 (≈ 10 MB); 0 turns it off.
   */
  recentIdWindow?: number;
}

const DEFAULT_QUERY_LIMIT = 100;
/** mmap window of read-only connections (SQLite lowers it to its compile-time maximum). */
const READONLY_MMAP_BYTES = 2 ** 36;
/** Ids per duplicate lookup; well below SQLite's bound-parameter limit. */
const EXISTS_CHUNK = 500;
/** Default of SqliteRecordStoreOptions.recentIdWindow. */
export const DEFAULT_RECENT_ID_WINDOW = 65_536;
/** Largest page a query may ask for. */
const PAGE_CAP = 1_000_000;
/** Report statements kept prepared; the shapes are few, the bound only guards against misuse. */
const SELECT_CACHE = 64;

type Row = unknown[];

/**
 * The embedded default store: one SQLite file in WAL mode (readers never block the writer, so
 * `query`/`verify` run beside a live collector). Single writer per file. Implements RecordStore
 * and the ledger's LedgerStorage; the better-sqlite3 handle is public as `db` for components that
 * query the schema directly (gap detection in collector/delivery).
 */
export class SqliteRecordStore implements RecordStore, LedgerStorage, RecordSql {
  readonly db: Database.Database;
  readonly path: string;
  private closed = false;
  private readonly existsStmts = new Map<number, Database.Statement>();
  /** Latest record ids and their owners: ownership across start times (the unique key holds one). */
  private readonly recentIds: RecentRecordIds;
  /** Report statements by SQL text (a handful of shapes: gap and completeness queries). */
  private readonly selects = new Map<string, Database.Statement>();
  private readonly stmts: ReturnType<SqliteRecordStore['prepareStatements']>;
  private readonly appendTxn: Database.Transaction<
    (records: readonly AuditRecord[], committer?: AppendCommitter) => { result: StoreAppendResult; write: LedgerWrite | undefined; fresh: PositionedRecord[] }
  >;

  constructor(options: SqliteRecordStoreOptions) {
    this.path = options.path;
    const readonly = options.readonly === true;
    this.recentIds = new RecentRecordIds(readonly ? 0 : (options.recentIdWindow ?? DEFAULT_RECENT_ID_WINDOW));
    if (readonly && options.path !== ':memory:' && !fs.existsSync(options.path)) {
      throw new StoreError(`database ${options.path} does not exist`);
    }
    if (!readonly && options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    this.db = new Database(options.path, { readonly, fileMustExist: readonly });
    try {
      this.db.pragma('busy_timeout = 5000');
      if (!readonly) {
        // Record rows carry ~1–8 KB bodies: with 16 KiB pages most fit in their leaf page instead
        // of spilling to overflow pages, and the random-key indexes (record_id, trace_id) split
        // less often — measured 86 → 69 µs CPU per 4 KB row (batched, WAL, FULL). Only takes
        // effect on a new, empty database; an existing one keeps its page size.
        this.db.pragma('page_size = 16384');
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
        this.migrate();
      } else {
        this.checkSchemaVersion();
        // Readers (verify, query) scan the file sequentially: memory-mapped pages skip a read()
        // copy per page, which was ~20% of verify's CPU. SQLite caps this at its compile-time limit.
        this.db.pragma(`mmap_size = ${READONLY_MMAP_BYTES}`);
      }
      this.stmts = this.prepareStatements();
      if (!readonly) this.loadRecentIds();
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.appendTxn = this.db.transaction((records: readonly AuditRecord[], committer?: AppendCommitter) =>
      this.appendInTransaction(records, committer),
    );
  }

  /** Schema version of the open database. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  async append(records: readonly AuditRecord[], committer?: AppendCommitter): Promise<StoreAppendResult> {
    this.ensureOpen();
    validateRecords(records);
    // IMMEDIATE: take the write lock at BEGIN, so a concurrent reader can never force a retry mid-batch.
    const { result, write, fresh } = this.appendTxn.immediate(records, committer);
    // only once committed: a rolled-back batch owns nothing
    for (const f of fresh) this.recentIds.add(f.record.recordId, f.record.identity);
    committer?.committed(write);
    return result;
  }

  async readRange(start: number, end: number): Promise<StoredRecord[]> {
    this.ensureOpen();
    return (this.stmts.readRange.all(start, end) as Row[]).map(toStoredRecord);
  }

  /** Synchronous readRange for hot loops (verify); same result. */
  readRangeSync(start: number, end: number): StoredRecord[] {
    this.ensureOpen();
    return (this.stmts.readRange.all(start, end) as Row[]).map(toStoredRecord);
  }

  async query(filter: RecordFilter, options: QueryOptions = {}): Promise<StoredRecord[]> {
    this.ensureOpen();
    const { where, params } = recordFilterSql(filter, '', 'sqlite');
    const dir = options.order === 'desc' ? 'DESC' : 'ASC';
    const limit = clampInt(options.limit ?? DEFAULT_QUERY_LIMIT, 0, PAGE_CAP, 'limit');
    const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const sql = `SELECT ${RECORD_COLUMNS} FROM records ${where} ORDER BY start_time_ns ${dir}, leaf_index ${dir} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).raw().all(...params, limit, offset) as Row[]).map(toStoredRecord);
  }

  async count(filter: RecordFilter = {}): Promise<number> {
    this.ensureOpen();
    const { where, params } = recordFilterSql(filter, '', 'sqlite');
    const row = this.db.prepare(`SELECT count(*) FROM records ${where}`).raw().get(...params) as [number];
    return row[0];
  }

  async nextLeafIndex(): Promise<number> {
    this.ensureOpen();
    return this.nextIndexSync();
  }

  readonly dialect = 'sqlite' as const;

  /** RecordSql: one read-only statement (a writing statement is refused before it runs). */
  async select(sql: string, params: readonly SqlParam[] = []): Promise<Array<Record<string, unknown>>> {
    this.ensureOpen();
    const stmt = this.selects.get(sql) ?? this.cacheSelect(sql);
    return stmt.all(...params) as Array<Record<string, unknown>>;
  }

  private cacheSelect(sql: string): Database.Statement {
    const stmt = this.db.prepare(sql);
    if (!stmt.readonly) throw new StoreError('RecordSql.select runs read-only statements only');
    if (this.selects.size >= SELECT_CACHE) this.selects.clear();
    this.selects.set(sql, stmt);
    return stmt;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // ---- LedgerStorage ----

  async readTreeState(): Promise<{ treeSize: number; frontier: Buffer } | undefined> {
    this.ensureOpen();
    const row = this.stmts.readState.get() as { tree_size: number; frontier: Buffer } | undefined;
    return row ? { treeSize: row.tree_size, frontier: row.frontier } : undefined;
  }

  async readLeafRows(start: number, end: number): Promise<LeafRow[]> {
    return this.readLeafRowsSync(start, end);
  }

  /** Synchronous readLeafRows (verify's hot loop). */
  readLeafRowsSync(start: number, end: number): LeafRow[] {
    this.ensureOpen();
    return (this.stmts.readLeafRows.all(start, end) as Row[]).map((row) => toLeafRow(row, bodyColumnBytes));
  }

  async readNodes(level: number, from: number, to: number): Promise<Buffer[]> {
    return this.readNodesSync(level, from, to);
  }

  /** Synchronous readNodes, for proof building inside one read. */
  readNodesSync(level: number, from: number, to: number): Buffer[] {
    this.ensureOpen();
    const rows =
      level === 0
        ? (this.stmts.readLeafHashes.all(from, to) as [number, Buffer | null][])
        : (this.stmts.readNodes.all(level, from, to) as [number, Buffer][]);
    if (rows.length !== to - from) {
      throw new StoreError(`tree level ${level}: expected nodes ${from}..${to - 1}, found ${rows.length}`);
    }
    return rows.map(([idx, hash], i) => {
      if (idx !== from + i || hash === null) throw new StoreError(`tree level ${level}: node ${from + i} is missing`);
      return hash;
    });
  }

  async addCheckpoint(c: Omit<CheckpointRow, 'id'>): Promise<number> {
    return this.addCheckpointSync(c);
  }

  /** Synchronous addCheckpoint (timer and shutdown paths of the ledger). */
  addCheckpointSync(c: Omit<CheckpointRow, 'id'>): number {
    this.ensureOpen();
    return Number(this.stmts.insertCheckpoint.run(c.treeSize, c.rootHash, c.timestampMs, c.note).lastInsertRowid);
  }

  async listCheckpoints(): Promise<CheckpointRow[]> {
    this.ensureOpen();
    return (this.stmts.listCheckpoints.all() as { id: number; tree_size: number; root_hash: Buffer; timestamp_ms: number; note: string }[]).map(
      (r) => ({ id: r.id, treeSize: r.tree_size, rootHash: r.root_hash, timestampMs: r.timestamp_ms, note: r.note }),
    );
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.ensureOpen();
    const row = this.stmts.getMeta.get(key) as { value: string } | undefined;
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.ensureOpen();
    this.stmts.setMeta.run(key, value);
  }

  // ---- internals ----

  private appendInTransaction(
    records: readonly AuditRecord[],
    committer?: AppendCommitter,
  ): { result: StoreAppendResult; write: LedgerWrite | undefined; fresh: PositionedRecord[] } {
    const s = this.stmts;
    // Read inside the write transaction: the position can never race another writer.
    const first = this.nextIndexSync();
    let next = first;
    let duplicates = 0;
    let conflicts: RecordIdConflict[] | undefined;
    // Record id → identity that owns it: a repeat from the owner is a duplicate, from anyone else a conflict.
    const seen = this.existingIds(records);
    const fresh: PositionedRecord[] = [];
    for (const record of records) {
      const owner = seen.get(record.recordId);
      if (owner !== undefined) {
        if (owner === record.identity) duplicates++;
        else (conflicts ??= []).push({ recordId: record.recordId, identity: record.identity });
        continue;
      }
      seen.set(record.recordId, record.identity);
      fresh.push({ leafIndex: next++, record, bodySha256: recordBodyDigest(record) });
    }
    const write = fresh.length > 0 || committer ? committer?.prepare(fresh) : undefined;
    if (write && write.leafHashes.length !== fresh.length) {
      throw new StoreError(`ledger returned ${write.leafHashes.length} leaf hashes for ${fresh.length} records`);
    }
    for (let i = 0; i < fresh.length; i++) {
      const { leafIndex, record: r } = fresh[i];
      // An array binds as the anonymous parameters in order (no spread of 21 arguments per row).
      s.insert.run(insertRowValues(fresh[i], BigInt(r.startTimeUnixNano), write ? write.leafHashes[i] : null));
      if (r.subjectRefs.length > 0) s.insertSubjects.run(leafIndex, subjectTerms(r.subjectRefs));
      s.insertTrace.run(leafIndex, traceToken(r.traceId));
    }
    if (write) {
      for (const n of write.nodes) s.insertNode.run(n.level, n.index, n.hash);
      s.writeState.run(write.state.treeSize, write.state.frontier);
      if (write.checkpoint) {
        const c = write.checkpoint;
        s.insertCheckpoint.run(c.treeSize, c.rootHash, c.timestampMs, c.note);
      }
      if (write.head !== undefined) s.setMeta.run(META_HEAD_CHECKPOINT, write.head);
    }
    const result: StoreAppendResult = { accepted: fresh.length, duplicates, firstLeafIndex: first };
    if (conflicts) result.conflicts = conflicts;
    return { result, write, fresh };
  }

  /**
   * Which of the batch's ids are already stored, and by whom. First the unique key: one
   * `(start_time_ns, record_id) IN (VALUES …)` search per 250 records (an emitter's retry carries
   * the same span, so the same start), statements cached by chunk size. Then, for ids not found
   * there, the recent-id window: the same id under another start time.
   */
  private existingIds(all: readonly AuditRecord[]): Map<string, string> {
    const found = new Map<string, string>();
    // A record that started after every stored one cannot be stored yet under its (start, id) key: only
    // the others are looked up (new spans mostly start after what is stored; a retry carries its old
    // start). Read inside the write transaction, so no other connection can have added a later one.
    const [max] = this.stmts.maxStart.get() as [bigint | null];
    const records = max === null ? [] : all.filter((r) => BigInt(r.startTimeUnixNano) <= max);
    for (let i = 0; i < records.length; i += EXISTS_CHUNK / 2) {
      const chunk = records.slice(i, i + EXISTS_CHUNK / 2);
      let stmt = this.existsStmts.get(chunk.length);
      if (stmt === undefined) {
        stmt = this.db
          .prepare(`SELECT record_id, identity FROM records WHERE (start_time_ns, record_id) IN (VALUES ${chunk.map(() => '(?, ?)').join(',')})`)
          .raw();
        this.existsStmts.set(chunk.length, stmt);
      }
      const params: unknown[] = new Array(chunk.length * 2);
      for (let k = 0; k < chunk.length; k++) {
        params[2 * k] = BigInt(chunk[k].startTimeUnixNano);
        params[2 * k + 1] = chunk[k].recordId;
      }
      for (const [id, identity] of stmt.all(...params) as Array<[string, string]>) found.set(id, identity);
    }
    for (const r of all) {
      if (found.has(r.recordId)) continue;
      const owner = this.recentIds.owner(r.recordId);
      if (owner !== undefined) found.set(r.recordId, owner);
    }
    return found;
  }

  /** Fills the recent-id window from the latest rows (oldest first, so eviction order holds). */
  private loadRecentIds(): void {
    if (this.recentIds.capacity === 0) return;
    const rows = this.db
      .prepare('SELECT record_id, identity FROM records ORDER BY leaf_index DESC LIMIT ?')
      .raw()
      .all(this.recentIds.capacity) as Array<[string, string]>;
    for (let i = rows.length - 1; i >= 0; i--) this.recentIds.add(rows[i][0], rows[i][1]);
  }

  private nextIndexSync(): number {
    const row = this.stmts.maxIndex.get() as [number | null];
    return row[0] === null ? 0 : row[0] + 1;
  }

  private prepareStatements() {
    const db = this.db;
    const writable = !db.readonly;
    return {
      maxIndex: db.prepare('SELECT max(leaf_index) FROM records').raw(),
      // the last entry of the (start_time_ns, record_id) index: one B-tree descent
      maxStart: db.prepare('SELECT max(start_time_ns) FROM records').raw().safeIntegers(true),
      readRange: db
        .prepare(`SELECT ${RECORD_COLUMNS} FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index`)
        .raw(),
      // CAST(body AS BLOB) hands over the stored UTF-8 bytes as they are, ready to hash.
      readLeafRows: db
        .prepare(
          `SELECT ${RECORD_COLUMNS.replace(/\bbody\b,/, 'CAST(body AS BLOB),')} FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index`,
        )
        .raw(),
      readLeafHashes: db
        .prepare('SELECT leaf_index, leaf_hash FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index')
        .raw(),
      readNodes: db.prepare('SELECT idx, hash FROM tree_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx').raw(),
      readState: db.prepare('SELECT tree_size, frontier FROM ledger_state WHERE id = 1'),
      listCheckpoints: db.prepare('SELECT id, tree_size, root_hash, timestamp_ms, note FROM checkpoints ORDER BY id'),
      getMeta: db.prepare('SELECT value FROM ledger_meta WHERE key = ?'),
      ...(writable
        ? {
            insert: db.prepare(
              `INSERT INTO records (leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind,
                 trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns,
                 grpc_status_code, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            ),
            insertSubjects: db.prepare('INSERT INTO subject_index (rowid, subject_hex) VALUES (?, ?)'),
            insertTrace: db.prepare('INSERT INTO trace_index (rowid, trace_hex) VALUES (?, ?)'),
            insertNode: db.prepare('INSERT OR REPLACE INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?)'),
            writeState: db.prepare(
              `INSERT INTO ledger_state (id, tree_size, frontier) VALUES (1, ?, ?)
               ON CONFLICT(id) DO UPDATE SET tree_size = excluded.tree_size, frontier = excluded.frontier`,
            ),
            insertCheckpoint: db.prepare(
              'INSERT INTO checkpoints (tree_size, root_hash, timestamp_ms, note) VALUES (?, ?, ?, ?)',
            ),
            setMeta: db.prepare(
              'INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
            ),
          }
        : readOnlyWriters()),
    };
  }

  private migrate(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)`);
    const current = this.checkSchemaVersion();
    for (const m of SQLITE_MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)')
          .run(m.version, m.name, Date.now());
      }).immediate();
    }
  }

  /** Returns the applied version; refuses a database from a newer build or one that is not ours. */
  private checkSchemaVersion(): number {
    const table = this.db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
      .get();
    if (table === undefined) {
      if (this.db.readonly) throw new StoreError(`${this.path} is not a grpc-audit database (no schema_migrations table)`);
      return 0;
    }
    const version = this.schemaVersion();
    const known = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version;
    if (version > known) {
      throw new StoreError(`${this.path} has schema version ${version}; this build knows up to ${known} — upgrade grpc-audit`);
    }
    if (this.db.readonly && version < known) {
      throw new StoreError(`${this.path} has schema version ${version}; open it once read-write to migrate to ${known}`);
    }
    return version;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}


function clampInt(v: number, min: number, max: number, name: string): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

/** Placeholders that fail clearly if a read-only store is asked to write. */
function readOnlyWriters() {
  const fail = {
    run(): never {
      throw new StoreError('record store was opened read-only');
    },
  } as unknown as Database.Statement;
  return { insert: fail, insertSubjects: fail, insertTrace: fail, insertNode: fail, writeState: fail, insertCheckpoint: fail, setMeta: fail };
}

/** The body column as bytes for leaf hashing. */
function bodyColumnBytes(column: unknown): Buffer | null {
  return column as Buffer | null;
}
