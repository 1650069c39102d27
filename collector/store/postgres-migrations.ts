/**
 * Versioned schema of the PostgreSQL (cluster) store. Each migration runs once, in its own
 * transaction under an advisory lock (so replicas starting together do not race), and is
 * recorded in `schema_migrations`; a database migrated by a newer build is refused. Append new
 * migrations at the end; never edit an applied one.
 *
 * Layout, and why:
 * - `records` is range-partitioned by start time (one partition per calendar month, created on
 *   demand, plus a default partition for times outside the managed span), so retention detaches
 *   or drops whole months instead of deleting row by row. PostgreSQL cannot enforce a unique
 *   index across partitions unless it contains the partition key, so global uniqueness lives in
 *   the unpartitioned `record_index` below.
 * - `record_index` holds one small row per position ever assigned: leaf index (primary key, so
 *   positions are unique and the next one is `max + 1` from an index), record id (unique: the
 *   de-duplication key) and leaf hash. It is never pruned, so after a partition is dropped
 *   positions are still never reused, a re-sent record is still recognised as a duplicate, and
 *   proofs (which read leaf hashes, level 0) keep working.
 * - `record_subjects` maps subject references to positions (subject queries, DSAR, erasure).
 * - `tree_nodes`, `ledger_state`, `checkpoints`, `ledger_meta` mirror the SQLite store's ledger
 *   tables and are written in the same transaction as the rows they describe.
 */
export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'partitioned records, record index, subjects, ledger nodes, state, checkpoints, meta',
    sql: `
      CREATE TABLE records (
        leaf_index            BIGINT  NOT NULL,
        record_id             TEXT    NOT NULL,
        record_type           TEXT    NOT NULL,
        emitter_id            TEXT,
        seq                   BIGINT,
        identity              TEXT    NOT NULL,
        service               TEXT    NOT NULL,
        method                TEXT    NOT NULL,
        kind                  TEXT    NOT NULL,
        trace_id              TEXT    NOT NULL,
        span_id               TEXT    NOT NULL,
        parent_span_id        TEXT,
        start_time_unix_nano  TEXT    NOT NULL,  -- exact decimal text: what the leaf commits to
        end_time_unix_nano    TEXT    NOT NULL,
        start_time_ns         BIGINT  NOT NULL,  -- same value as a number: partition key, ranges
        grpc_status_code      INTEGER,
        subject_refs          TEXT    NOT NULL,  -- JSON array of strings, in record order
        received_at_ms        BIGINT  NOT NULL,
        body                  TEXT,              -- NULL once pruned; body_sha256 remains
        body_sha256           TEXT    NOT NULL,  -- lowercase hex
        leaf_hash             BYTEA              -- NULL only when written without a ledger
      ) PARTITION BY RANGE (start_time_ns);
      CREATE TABLE records_default PARTITION OF records DEFAULT;
      -- Indexes on the parent are created on every partition, present and future.
      CREATE INDEX records_by_leaf    ON records(leaf_index);
      CREATE INDEX records_by_start   ON records(start_time_ns, leaf_index);
      CREATE INDEX records_by_service ON records(service, start_time_ns);
      CREATE INDEX records_by_method  ON records(method, start_time_ns);
      CREATE INDEX records_by_trace   ON records(trace_id);
      CREATE INDEX records_by_status  ON records(grpc_status_code, start_time_ns);
      CREATE INDEX records_by_type    ON records(record_type, start_time_ns);
      CREATE INDEX records_by_emitter_seq ON records(emitter_id, seq);

      CREATE TABLE record_index (
        leaf_index BIGINT PRIMARY KEY,
        record_id  TEXT   NOT NULL UNIQUE,
        leaf_hash  BYTEA
      );

      CREATE TABLE record_subjects (
        subject_ref TEXT   NOT NULL,
        leaf_index  BIGINT NOT NULL,
        PRIMARY KEY (subject_ref, leaf_index)
      );

      CREATE TABLE tree_nodes (
        level INTEGER NOT NULL,
        idx   BIGINT  NOT NULL,
        hash  BYTEA   NOT NULL,
        PRIMARY KEY (level, idx)
      );

      CREATE TABLE ledger_state (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        tree_size BIGINT  NOT NULL,
        frontier  BYTEA   NOT NULL
      );

      CREATE TABLE checkpoints (
        id           BIGSERIAL PRIMARY KEY,
        tree_size    BIGINT NOT NULL,
        root_hash    BYTEA  NOT NULL,
        timestamp_ms BIGINT NOT NULL,
        note         TEXT   NOT NULL   -- signed note; authoritative over the columns above
      );

      CREATE TABLE ledger_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'legal holds',
    sql: `
      -- Legal holds (retention): while a hold is active no record it covers loses its body.
      -- Released holds stay, with who released them, when and why.
      CREATE TABLE legal_holds (
        id             BIGSERIAL PRIMARY KEY,
        scope          TEXT   NOT NULL CHECK (scope IN ('trace', 'service', 'subject', 'time')),
        value          TEXT,
        from_ns        BIGINT,
        to_ns          BIGINT,
        reason         TEXT   NOT NULL,
        placed_by      TEXT   NOT NULL,
        placed_at_ms   BIGINT NOT NULL,
        released_by    TEXT,
        released_at_ms BIGINT,
        release_reason TEXT
      );
    `,
  },
];
