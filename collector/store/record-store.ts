import type { AuditRecord } from './record';

/**
 * A record as stored: the AuditRecord plus its position in the ledger and the digests the
 * ledger commits to. `body` is null once retention pruned it; `bodySha256` always stays.
 */
export interface StoredRecord extends Omit<AuditRecord, 'body'> {
  /** Position in append order, 0-based, dense; also the Merkle leaf index. */
  leafIndex: number;
  body: string | null;
  /** SHA-256 of the body's UTF-8 bytes, lowercase hex (see body-digest.ts). */
  bodySha256: string;
  /** Leaf hash written with the row; null when the row was appended without a ledger. */
  leafHash: Buffer | null;
}

/**
 * A stored row as verify reads it: the fields a leaf commits to, with the subject references as
 * the stored JSON text and the body as its stored UTF-8 bytes (no decoding, no re-encoding).
 */
export interface LeafRow extends Omit<StoredRecord, 'subjectRefs' | 'body'> {
  subjectRefsJson: string;
  /** null once pruned. */
  bodyBytes: Buffer | null;
}

/** Which records a query selects; every given criterion must hold (AND). */
export interface RecordFilter {
  /** Start time ≥ this (Unix nanoseconds). */
  fromUnixNano?: bigint;
  /** Start time < this (Unix nanoseconds). */
  toUnixNano?: bigint;
  service?: string;
  /** Full method path, '/pkg.Service/Method'. */
  method?: string;
  traceId?: string;
  /** Records whose subjectRefs contain this reference. */
  subjectRef?: string;
  grpcStatusCode?: number;
  recordType?: AuditRecord['recordType'];
  emitterId?: string;
}

export interface QueryOptions {
  /** At most this many records (default 100). */
  limit?: number;
  /** Skip this many matches first (default 0). */
  offset?: number;
  /** By start time, ties by leaf index (default 'asc'). */
  order?: 'asc' | 'desc';
}

/** Outcome of an append (same shape as the ingest RecordSink's AppendResult). */
export interface StoreAppendResult {
  accepted: number;
  duplicates: number;
  /**
   * Records refused because their recordId is already stored under another identity: a record id
   * belongs to the identity that stored it first, so another workload can neither suppress a
   * record by sending its id first nor be silently told OK (see RecordIdConflict).
   */
  conflicts?: RecordIdConflict[];
  /** Leaf index of the first accepted record, or the next free index when none was new. */
  firstLeafIndex: number;
}

/** A record refused because another identity owns its id. */
export interface RecordIdConflict {
  recordId: string;
  /** The identity that sent the refused record (not the owner: owners are not disclosed to senders). */
  identity: string;
}

/** A record about to be stored, with the position the store assigned. */
export interface PositionedRecord {
  leafIndex: number;
  record: AuditRecord;
  bodySha256: string;
}

/** A complete subtree hash kept so proofs need not rehash leaves; level ≥ 1. */
export interface StoredNode {
  level: number;
  index: number;
  hash: Buffer;
}

/** A signed checkpoint as kept by the store. `note` (signed text) is authoritative; the rest index it. */
export interface CheckpointRow {
  id: number;
  treeSize: number;
  rootHash: Buffer;
  timestampMs: number;
  note: string;
}

/** What the ledger writes together with a batch of new rows, in the same transaction. */
export interface LedgerWrite {
  /** One per new record, in order. */
  leafHashes: Buffer[];
  nodes: StoredNode[];
  /** Tree size and compact-range frontier after the batch. */
  state: { treeSize: number; frontier: Buffer };
  /** A checkpoint to store with the batch. */
  checkpoint?: Omit<CheckpointRow, 'id'>;
  /**
   * Signed note of the tree after this batch, kept as ledger_meta `head_checkpoint` (replacing the
   * previous one): every committed batch is covered by a signature, so rows beyond it are tampering.
   */
  head?: string;
}

/** ledger_meta key holding the signed head note (see LedgerWrite.head). */
export const META_HEAD_CHECKPOINT = 'head_checkpoint';

/** What a shared store tells the ledger inside the append transaction, after taking its write lock. */
export interface AppendContext {
  /**
   * Tree size and frontier as last committed by any writer (undefined for a fresh store). When
   * another collector replica appended since this ledger's last batch, this is ahead of the
   * ledger's in-memory tree, and `fresh[0].leafIndex` equals its treeSize.
   */
  storedTree: { treeSize: number; frontier: Buffer } | undefined;
}

/**
 * Lets the ledger take part in an append's transaction without the store knowing about hashing.
 * `prepare` runs inside the transaction (synchronously; throwing aborts the whole batch) and
 * `committed` runs only after the batch is durable — so in-memory tree state never runs ahead
 * of what is on disk.
 */
export interface AppendCommitter {
  /**
   * Computes the ledger writes for `fresh` (the new records, duplicates removed, positions assigned).
   * A store that several writers share passes `context` (see AppendContext) so the ledger can
   * catch up with appends made by others; single-writer stores may omit it.
   */
  prepare(fresh: readonly PositionedRecord[], context?: AppendContext): LedgerWrite | undefined;
  /** Called after the transaction committed, with what `prepare` returned. */
  committed(write: LedgerWrite | undefined): void;
}

/**
 * Durable, append-only home of audit records. Positions are dense and never reused; records are
 * never updated by the collector. Implementations: SqliteRecordStore (embedded default); a
 * PostgreSQL store must pass the same conformance tests.
 */
export interface RecordStore {
  /**
   * Appends a batch atomically (one transaction, one durable commit). A record whose recordId is
   * already stored — or repeats within the batch — is skipped and counted in `duplicates`; new
   * records get consecutive leaf indexes in batch order. Invalid records reject the whole batch
   * with InvalidRecordError and store nothing.
   */
  append(records: readonly AuditRecord[], committer?: AppendCommitter): Promise<StoreAppendResult>;

  /** Records with start ≤ leafIndex < end, ascending; absent positions are simply missing. */
  readRange(start: number, end: number): Promise<StoredRecord[]>;

  /** Records matching `filter`, ordered and paged by `options`. */
  query(filter: RecordFilter, options?: QueryOptions): Promise<StoredRecord[]>;

  /** Number of records matching `filter` (all records when omitted). */
  count(filter?: RecordFilter): Promise<number>;

  /** Next free leaf index (highest stored index + 1; 0 when empty). */
  nextLeafIndex(): Promise<number>;

  /** Releases the store; safe to call twice. Later calls fail with StoreClosedError. */
  close(): Promise<void>;
}

/**
 * The ledger's own persistent state, kept by the same store so it commits atomically with the
 * records. Implemented by the same classes as RecordStore.
 */
export interface LedgerStorage {
  /** Tree size and frontier as of the last committed batch, undefined for a fresh store. */
  readTreeState(): Promise<{ treeSize: number; frontier: Buffer } | undefined>;

  /** Rows with start ≤ leafIndex < end in leaf order, in the cheapest form for recomputing leaves. */
  readLeafRows(start: number, end: number): Promise<LeafRow[]>;

  /** Hashes of nodes [from, to) at `level` (0 = stored leaf hashes); missing ones are an error. */
  readNodes(level: number, from: number, to: number): Promise<Buffer[]>;

  /** Stores a checkpoint taken outside an append (timer, shutdown); returns its id. */
  addCheckpoint(checkpoint: Omit<CheckpointRow, 'id'>): Promise<number>;

  /** All checkpoints, oldest first. */
  listCheckpoints(): Promise<CheckpointRow[]>;

  /** Small named settings of the ledger (origin, public key), undefined when unset. */
  getMeta(key: string): Promise<string | undefined>;

  /** Sets a named setting (insert or replace). */
  setMeta(key: string, value: string): Promise<void>;
}
