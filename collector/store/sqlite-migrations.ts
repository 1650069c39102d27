/**
 * Versioned schema of the embedded SQLite store. Each migration runs once, in its own
 * transaction, and is recorded in `schema_migrations`; a database migrated by a newer build
 * (higher version than listed here) is refused rather than guessed at. Append new migrations
 * at the end; never edit an applied one.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'records, subjects, ledger nodes, state, checkpoints, meta',
    sql: `
      -- One row per accepted record. leaf_index is the rowid (dense, append order) and the
      -- Merkle leaf index. start_time_ns duplicates start_time_unix_nano as an INTEGER so time
      -- ranges use an index; the text column stays exact and is what the leaf commits to.
      CREATE TABLE records (
        leaf_index            INTEGER PRIMARY KEY,
        record_id             TEXT    NOT NULL UNIQUE,
        record_type           TEXT    NOT NULL,
        emitter_id            TEXT,
        seq                   INTEGER,
        identity              TEXT    NOT NULL,
        service               TEXT    NOT NULL,
        method                TEXT    NOT NULL,
        kind                  TEXT    NOT NULL,
        trace_id              TEXT    NOT NULL,
        span_id               TEXT    NOT NULL,
        parent_span_id        TEXT,
        start_time_unix_nano  TEXT    NOT NULL,
        end_time_unix_nano    TEXT    NOT NULL,
        start_time_ns         INTEGER NOT NULL,
        grpc_status_code      INTEGER,
        subject_refs          TEXT    NOT NULL,  -- JSON array of strings, in record order
        received_at_ms        INTEGER NOT NULL,
        body                  TEXT,              -- NULL once pruned; body_sha256 remains
        body_sha256           TEXT    NOT NULL,  -- lowercase hex
        leaf_hash             BLOB               -- NULL only when written without a ledger
      );
      CREATE INDEX records_by_start   ON records(start_time_ns);
      CREATE INDEX records_by_service ON records(service, start_time_ns);
      CREATE INDEX records_by_method  ON records(method, start_time_ns);
      CREATE INDEX records_by_trace   ON records(trace_id);
      CREATE INDEX records_by_status  ON records(grpc_status_code, start_time_ns);
      CREATE INDEX records_by_type    ON records(record_type, start_time_ns);
      -- Gap detection (collector/delivery) walks each emitter's sequence numbers.
      CREATE INDEX records_by_emitter_seq ON records(emitter_id, seq);

      -- Subject reference → records, for subject queries, DSAR export and erasure.
      CREATE TABLE record_subjects (
        subject_ref TEXT    NOT NULL,
        leaf_index  INTEGER NOT NULL,
        PRIMARY KEY (subject_ref, leaf_index)
      ) WITHOUT ROWID;

      -- Complete subtree hashes at levels 8, 16, 24…, so proofs read ≤ 255 hashes per subtree.
      CREATE TABLE tree_nodes (
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB    NOT NULL,
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;

      -- Compact range after the last batch: lets the collector restart without rehashing.
      CREATE TABLE ledger_state (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        tree_size INTEGER NOT NULL,
        frontier  BLOB    NOT NULL
      );

      CREATE TABLE checkpoints (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        tree_size    INTEGER NOT NULL,
        root_hash    BLOB    NOT NULL,
        timestamp_ms INTEGER NOT NULL,
        note         TEXT    NOT NULL   -- signed note; authoritative over the columns above
      );

      CREATE TABLE ledger_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'trace ids and subject references in FTS5 indexes instead of B-trees',
    sql: `
      -- Trace ids are random: in a B-tree every appended record dirtied one page of the index
      -- (16 KiB, written to the WAL and again at checkpoint), 11 KiB written per record at 200k
      -- records and 18 at 500k, the store's largest cost. FTS5 keeps its index as segments that
      -- each transaction appends and that are merged in the background of later writes, so a record
      -- costs a few bytes however large the table grows. Contentless (the ids stay in records),
      -- detail=none (only which rows hold a term), contentless_delete for quarantine truncation.
      -- The indexed term is 'x' || hex(trace_id), one token whatever the id holds (even ''); lookups match it, then
      -- compare trace_id exactly (record-filter-sql.ts, completeness.ts).
      DROP INDEX records_by_trace;
      CREATE VIRTUAL TABLE trace_index USING fts5(trace_hex, content = '', contentless_delete = 1, detail = none);
      INSERT INTO trace_index (rowid, trace_hex) SELECT leaf_index, 'x' || hex(trace_id) FROM records;

      -- Subject references are keyed hashes, random too: record_subjects (subject_ref, leaf_index)
      -- cost a random page per reference. The same FTS5 index instead, one row per record holding
      -- the terms of its references; lookups confirm the reference in subject_refs (record-filter-sql.ts).
      CREATE VIRTUAL TABLE subject_index USING fts5(subject_hex, content = '', contentless_delete = 1, detail = none);
      INSERT INTO subject_index (rowid, subject_hex)
        SELECT leaf_index, group_concat('x' || hex(subject_ref), ' ') FROM record_subjects GROUP BY leaf_index;
      DROP TABLE record_subjects;
    `,
  },
  {
    version: 3,
    name: 'record ids unique per start time, in the time index, instead of a B-tree of random ids',
    sql: `
      -- record_id was UNIQUE: an index keyed by trace:span ids, random, so every appended record
      -- dirtied one 16 KiB page of it (written to the WAL and again at checkpoint). Measured with
      -- 2.9 KB rows in batches of 200 (.exp/rid.ts): 77 µs wall per record at 100k records against
      -- 47 without it, 95 → 139 µs between 200k and 800k records while the time-keyed index stays
      -- at ~50. A record is now unique by (start_time_ns, record_id): an emitter's retry carries the
      -- same span, so duplicates are still found by one index search, and the index's leading time
      -- makes appends touch its last pages only. It replaces records_by_start (same leading column).
      -- Who owns a record id across start times is kept by the store's recent-id window
      -- (sqlite-record-store.ts, docs/collector.md). SQLite cannot drop a UNIQUE constraint, so the
      -- table is rebuilt: same columns and rowids (leaf_index), so the FTS5 indexes stay valid.
      CREATE TABLE records_v3 (
        leaf_index            INTEGER PRIMARY KEY,
        record_id             TEXT    NOT NULL,
        record_type           TEXT    NOT NULL,
        emitter_id            TEXT,
        seq                   INTEGER,
        identity              TEXT    NOT NULL,
        service               TEXT    NOT NULL,
        method                TEXT    NOT NULL,
        kind                  TEXT    NOT NULL,
        trace_id              TEXT    NOT NULL,
        span_id               TEXT    NOT NULL,
        parent_span_id        TEXT,
        start_time_unix_nano  TEXT    NOT NULL,
        end_time_unix_nano    TEXT    NOT NULL,
        start_time_ns         INTEGER NOT NULL,
        grpc_status_code      INTEGER,
        subject_refs          TEXT    NOT NULL,
        received_at_ms        INTEGER NOT NULL,
        body                  TEXT,
        body_sha256           TEXT    NOT NULL,
        leaf_hash             BLOB
      );
      INSERT INTO records_v3 SELECT leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind,
        trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns, grpc_status_code,
        subject_refs, received_at_ms, body, body_sha256, leaf_hash FROM records ORDER BY leaf_index;
      DROP TABLE records;
      ALTER TABLE records_v3 RENAME TO records;
      CREATE UNIQUE INDEX records_by_start ON records(start_time_ns, record_id);
      CREATE INDEX records_by_service ON records(service, start_time_ns);
      CREATE INDEX records_by_method  ON records(method, start_time_ns);
      CREATE INDEX records_by_status  ON records(grpc_status_code, start_time_ns);
      CREATE INDEX records_by_type    ON records(record_type, start_time_ns);
      CREATE INDEX records_by_emitter_seq ON records(emitter_id, seq);
    `,
  },
];
