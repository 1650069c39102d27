import * as crypto from 'node:crypto';
import type { AppendResult, RecordSink } from '../ingest/record-sink';
import type { AuditRecord } from '../store/record';
import type {
  AppendCommitter,
  AppendContext,
  CheckpointRow,
  LedgerStorage,
  LedgerWrite,
  PositionedRecord,
  RecordStore,
  StoredNode,
} from '../store/record-store';
import { isRecordSql, type RecordSql } from '../store/record-sql';
import { META_HEAD_CHECKPOINT } from '../store/record-store';
import { StoreError } from '../store/store-errors';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { Checkpointer, type SignedCheckpoint } from './checkpointer';
import { CompactRange } from './compact-range';
import { leafHashOf } from './leaf-hash';
import { consistencyProof, inclusionProof } from './proof';
import { verifyConsistency } from './proof-verify';
import { openNote } from './signed-note';
import { formatVerifierKey, signerFromPrivateKey, type NoteSigner } from './signing-key';
import { isStoredLevel, StorageNodeSource } from './storage-node-source';
import { CheckpointPublisher } from './checkpoint-publisher';
import { UnsignedRowsError } from './unsigned-rows-error';

export const DEFAULT_ORIGIN = 'grpc-audit/collector';
export const DEFAULT_CHECKPOINT_EVERY_RECORDS = 1000;
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

/** ledger_meta keys. */
const META_ORIGIN = 'origin';
const META_VERIFIER_KEY = 'verifier_key';

/** How the ledger runs, whatever the store. */
export interface LedgerOptions {
  /** Log name written into every checkpoint and used as the key name (default 'grpc-audit/collector'). Fixed at creation. */
  origin?: string;
  /** Sign a checkpoint once this many leaves were added since the last one (default 1000; 0 = never by count). */
  checkpointEveryRecords?: number;
  /** Sign a checkpoint this often when the log grew (default 10 s; 0 = no timer — the caller calls checkpoint()). */
  checkpointIntervalMs?: number;
  /** Clock for checkpoint timestamps. */
  now?: () => number;
  /**
   * Directory where every checkpoint row is also published as a signed note file, never
   * overwritten (checkpoint-publisher.ts): copies outside the store for `verify --since`.
   */
  publishDir?: string;
}

/**
 * The signer of a ledger: a private key, or a source that finds one for the log's origin
 * (`mayCreate`: the store holds no verifier key yet, so a new key may be made — never otherwise,
 * or earlier checkpoints would stop verifying).
 */
export type SigningKeySource = crypto.KeyObject | ((origin: string, mayCreate: boolean) => NoteSigner);

/** Options of AuditLog.openOn. */
export type SharedAuditLogOptions = LedgerOptions & {
  signingKey: SigningKeySource;
  /**
   * 'shared' (default): other collector replicas may append to the same store (PostgreSQL) — the
   * tree catches up inside each append transaction and checkpoints go through it too.
   * 'single': this log is the store's only writer (an embedded SQLite file); a store that moved
   * on without it is an error.
   */
  writers?: 'shared' | 'single';
};

/** Everything the ledger needs from a store: records plus its own tables, in one transaction. */
export type LedgerStore = RecordStore & LedgerStorage;

/** Inclusion proof of one leaf against a tree size. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: Buffer;
  proof: Buffer[];
}

/**
 * The collector's ledger-backed sink: a RecordStore (any LedgerStore) whose every append also extends an
 * RFC 6962 Merkle tree in the same transaction (row, leaf hash, stored nodes, tree state, the
 * signed head note of the new tree and — every N records — a checkpoint row commit together or
 * not at all). Duplicated record ids create no leaf. Because every committed batch is signed,
 * there is no legitimate unsigned tail: on open the tree on disk must be exactly a signed tree
 * (head or checkpoint, same size and root), otherwise the ledger refuses to open
 * (UnsignedRowsError) instead of adopting rows it did not append — see `grpc-audit ledger quarantine`.
 */
export class AuditLog<S extends LedgerStore = LedgerStore> implements RecordSink {
  private range: CompactRange;
  /**
   * The tree a prepared batch leads to, keyed by the write prepare returned: with a shared store a
   * second batch of this log may be prepared before the first one's committed() ran, and each
   * commit must apply its own tree only.
   */
  private pending: { write: LedgerWrite; range: CompactRange } | undefined;
  /** Set while checkpoint() runs through the store's append transaction (shared stores). */
  private checkpointWanted = false;
  private lastCheckpointSize: number;
  private readonly checkpointer: Checkpointer;
  private readonly publisher: CheckpointPublisher | undefined;
  private readonly everyRecords: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    /** The record store; query it directly. */
    readonly store: S,
    private readonly signer: NoteSigner,
    range: CompactRange,
    lastCheckpointSize: number,
    options: LedgerOptions,
    /** Other collector replicas may append to the same store (openOn). */
    private readonly shared = false,
  ) {
    this.range = range;
    this.lastCheckpointSize = lastCheckpointSize;
    this.checkpointer = new Checkpointer(signer, options.now ?? Date.now);
    this.publisher = options.publishDir ? new CheckpointPublisher(options.publishDir) : undefined;
    this.everyRecords = options.checkpointEveryRecords ?? DEFAULT_CHECKPOINT_EVERY_RECORDS;
    const interval = options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    if (interval > 0) {
      this.timer = setInterval(() => {
        try {
          void this.checkpoint().catch(() => undefined);
        } catch {
          // The next append or interval retries; close() reports a persistent failure.
        }
      }, interval);
      this.timer.unref();
    }
  }

  /**
   * Runs the ledger over an already open store (SqliteRecordStore, PostgresRecordStore, …); which
   * store, and where its key comes from, is decided by the composition root
   * (collector/compose). The log takes ownership of `store` (closes it on close() or when opening
   * fails). With `writers: 'shared'` (default) other collector replicas may append to the same
   * store: before each batch the in-memory tree catches up with the tree state the store reports
   * inside its append transaction, and checkpoints taken outside appends (timer, checkpoint(),
   * close()) are written through the store's append transaction too, so they always sign the
   * latest committed tree. size()/root() describe the tree as of this replica's last append or
   * checkpoint. Throws StoreError/SigningKeyError/ProofVerificationError on a mismatch.
   */
  static async openOn<T extends LedgerStore>(store: T, options: SharedAuditLogOptions): Promise<AuditLog<T>> {
    try {
      checkEveryRecords(options);
    } catch (err) {
      await store.close();
      throw err;
    }
    const key = options.signingKey;
    const signerFor = typeof key === 'function' ? key : (origin: string) => signerFromPrivateKey(origin, key);
    return AuditLog.init(store, options, signerFor, (options.writers ?? 'shared') === 'shared');
  }

  private static async init<T extends LedgerStore>(
    store: T,
    options: LedgerOptions,
    signerFor: (origin: string, mayCreate: boolean) => NoteSigner,
    shared: boolean,
  ): Promise<AuditLog<T>> {
    try {
      const storedOrigin = await store.getMeta(META_ORIGIN);
      if (storedOrigin !== undefined && options.origin !== undefined && options.origin !== storedOrigin) {
        throw new StoreError(`ledger origin is "${storedOrigin}" but "${options.origin}" was configured; the origin cannot change`);
      }
      const origin = storedOrigin ?? options.origin ?? DEFAULT_ORIGIN;
      if (origin === '' || /[\s+]/.test(origin)) throw new StoreError(`ledger origin "${origin}" must be non-empty without spaces or '+'`);
      const storedKey = await store.getMeta(META_VERIFIER_KEY);
      const signer = signerFor(origin, storedKey === undefined);
      const vkey = formatVerifierKey(signer);
      if (storedKey !== undefined && storedKey !== vkey) {
        throw new StoreError(`signing key does not match the key this ledger was created with (${storedKey}); restore the original key file`);
      }
      if (storedOrigin === undefined) await store.setMeta(META_ORIGIN, origin);
      if (storedKey === undefined) await store.setMeta(META_VERIFIER_KEY, vkey);

      const range = await loadRange(store);
      const checkpoints = await store.listCheckpoints();
      const last = checkpoints[checkpoints.length - 1];
      if (last !== undefined) await checkAgainstCheckpoint(store, signer, range, last);
      await requireSignedTree(store, signer, range, last);
      return new AuditLog<T>(store, signer, range, last?.treeSize ?? -1, options, shared);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /**
   * Stores a batch and commits its new records to the tree, atomically. Reports each record's
   * leaf index (-1 for a duplicate), taken from the positions the store assigned inside the
   * transaction — one array per batch.
   */
  async append(records: AuditRecord[]): Promise<AppendResult> {
    this.ensureOpen();
    let fresh: readonly PositionedRecord[] = [];
    const committer: AppendCommitter = {
      prepare: (f, context) => {
        fresh = f;
        return this.committer.prepare(f, context);
      },
      committed: this.committer.committed,
    };
    const { accepted, duplicates, conflicts } = await this.store.append(records, committer);
    const leafIndexes = leafIndexesOf(records, fresh);
    return conflicts ? { accepted, duplicates, leafIndexes, conflicts } : { accepted, duplicates, leafIndexes };
  }

  /** Signs a checkpoint of the current tree unless the latest one already covers it. */
  async checkpoint(): Promise<SignedCheckpoint | undefined> {
    this.ensureOpen();
    if (this.shared) return this.checkpointShared();
    return this.checkpointSingle();
  }

  /** Appends are durable when append() resolves; nothing is buffered. */
  async flush(): Promise<void> {}

  /** Read-only SQL over the records for reports (gap metrics), when the store offers it. */
  get reports(): RecordSql | undefined {
    return isRecordSql(this.store) ? this.store : undefined;
  }

  /** Leaves in the tree. */
  size(): number {
    return this.range.size;
  }

  /** Root of the current tree. */
  root(): Buffer {
    return this.range.root();
  }

  /** Public key line (`origin+keyid+base64`) verifiers need; also in `<db>.ed25519.pub` as PEM. */
  verifierKey(): string {
    return formatVerifierKey(this.signer);
  }

  get origin(): string {
    return this.signer.name;
  }

  async checkpoints(): Promise<CheckpointRow[]> {
    return this.store.listCheckpoints();
  }

  /** Inclusion proof for `leafIndex` in the tree of `treeSize` (default: current size). */
  async inclusionProof(leafIndex: number, treeSize = this.range.size): Promise<InclusionProof> {
    this.ensureOpen();
    if (treeSize > this.range.size) throw new RangeError(`tree size ${treeSize} is beyond the log (${this.range.size})`);
    const source = new StorageNodeSource(this.store);
    const proof = await inclusionProof(source, leafIndex, treeSize);
    return { leafIndex, treeSize, leafHash: await source.nodeHash(0, leafIndex), proof };
  }

  /** Consistency proof between two sizes (size2 default: current size). */
  async consistencyProof(size1: number, size2 = this.range.size): Promise<Buffer[]> {
    this.ensureOpen();
    if (size2 > this.range.size) throw new RangeError(`tree size ${size2} is beyond the log (${this.range.size})`);
    return consistencyProof(new StorageNodeSource(this.store), size1, size2);
  }

  /** Takes a final checkpoint when the log grew, then closes the store. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    try {
      if (this.shared) await this.checkpointShared();
      else await this.checkpointSingle();
    } finally {
      this.closed = true;
      await this.store.close();
    }
  }

  private readonly committer: AppendCommitter = {
    prepare: (fresh: readonly PositionedRecord[], context?: AppendContext): LedgerWrite | undefined => {
      this.pending = undefined;
      // A shared store reports the committed tree: start from it when another replica moved it on.
      let base = this.range;
      const stored = context?.storedTree;
      if (this.shared && stored && stored.treeSize !== base.size) base = CompactRange.fromBytes(stored.treeSize, stored.frontier);
      if (fresh.length === 0) {
        if (!this.checkpointWanted || base.size === 0 || base.size === this.lastCheckpointSize) return undefined;
        const signed = this.checkpointer.sign(base.size, base.root());
        const checkpointOnly: LedgerWrite = {
          leafHashes: [],
          nodes: [],
          state: { treeSize: base.size, frontier: base.toBytes() },
          checkpoint: toRow(signed),
          head: signed.note,
        };
        this.pending = { write: checkpointOnly, range: base };
        return checkpointOnly;
      }
      if (fresh[0].leafIndex !== base.size) {
        // Another writer appended to this file: our tree no longer describes it. Abort the batch.
        throw new StoreError(`ledger out of sync: next leaf ${fresh[0].leafIndex}, tree size ${base.size}`);
      }
      const work = base.clone();
      const leafHashes: Buffer[] = new Array(fresh.length);
      const nodes: StoredNode[] = [];
      const keep = (n: StoredNode): void => {
        if (isStoredLevel(n.level)) nodes.push(n);
      };
      for (let i = 0; i < fresh.length; i++) {
        const { leafIndex, record, bodySha256 } = fresh[i];
        const h = leafHashOf(leafIndex, record, bodySha256);
        leafHashes[i] = h;
        work.append(h, keep);
      }
      // Every batch is signed in its own transaction (one Ed25519 signature, tens of µs): a row
      // beyond the signed head can then only come from outside the collector.
      const signed = this.checkpointer.sign(work.size, work.root());
      const write: LedgerWrite = { leafHashes, nodes, state: { treeSize: work.size, frontier: work.toBytes() }, head: signed.note };
      if (this.everyRecords > 0 && work.size - Math.max(this.lastCheckpointSize, 0) >= this.everyRecords) write.checkpoint = toRow(signed);
      this.pending = { write, range: work };
      return write;
    },
    committed: (write: LedgerWrite | undefined): void => {
      if (write === undefined || this.pending?.write !== write) return;
      this.range = this.pending.range;
      if (write.checkpoint) {
        this.lastCheckpointSize = write.checkpoint.treeSize;
        this.publish(write.checkpoint.treeSize, write.checkpoint.note);
      }
      this.pending = undefined;
    },
  };

  /** checkpoint() over a shared store: signs the latest committed tree inside the store's append transaction. */
  private async checkpointShared(): Promise<SignedCheckpoint | undefined> {
    if (this.closed) return undefined;
    const before = this.lastCheckpointSize;
    this.checkpointWanted = true;
    try {
      await this.store.append([], this.committer);
    } finally {
      this.checkpointWanted = false;
    }
    if (this.lastCheckpointSize === before) return undefined;
    const rows = await this.store.listCheckpoints();
    const row = rows[rows.length - 1];
    return { checkpoint: parseCheckpoint(openNote(row.note, this.signer)), note: row.note };
  }

  /**
   * checkpoint() of the only writer: signs the in-memory tree and stores it. The signed pair is
   * taken synchronously, so it always describes one committed tree, whatever the store does
   * while the row is written.
   */
  private async checkpointSingle(): Promise<SignedCheckpoint | undefined> {
    if (this.closed) return undefined;
    if (this.range.size === this.lastCheckpointSize) return undefined;
    const signed = this.checkpointer.sign(this.range.size, this.range.root());
    const row = toRow(signed);
    const before = this.lastCheckpointSize;
    this.lastCheckpointSize = row.treeSize;
    try {
      await this.store.addCheckpoint(row);
    } catch (err) {
      if (this.lastCheckpointSize === row.treeSize) this.lastCheckpointSize = before;
      throw err;
    }
    this.publish(row.treeSize, row.note);
    return signed;
  }

  /** Publishing is a copy: a failure (full disk, permissions) never fails the append that is already durable. */
  private publish(treeSize: number, note: string): void {
    if (!this.publisher) return;
    try {
      this.publisher.publish(treeSize, note);
    } catch (err) {
      process.emitWarning(`checkpoint ${treeSize} not published to ${this.publisher.dir}: ${(err as Error).message}`, 'CheckpointPublishWarning');
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreError('audit log is closed');
  }
}

/** Fresh records are the batch's records in order, duplicates left out: match them by identity (exported for bench/forward-micro.ts). */
export function leafIndexesOf(records: readonly AuditRecord[], fresh: readonly PositionedRecord[]): number[] {
  const out: number[] = new Array(records.length);
  let j = 0;
  for (let i = 0; i < records.length; i++) {
    if (j < fresh.length && fresh[j].record === records[i]) out[i] = fresh[j++].leafIndex;
    else out[i] = -1;
  }
  return out;
}

function toRow(s: SignedCheckpoint): Omit<CheckpointRow, 'id'> {
  return { treeSize: s.checkpoint.treeSize, rootHash: s.checkpoint.rootHash, timestampMs: s.checkpoint.timestampMs, note: s.note };
}

function checkEveryRecords(options: Pick<LedgerOptions, 'checkpointEveryRecords'>): void {
  if (options.checkpointEveryRecords !== undefined && !(Number.isSafeInteger(options.checkpointEveryRecords) && options.checkpointEveryRecords >= 0)) {
    throw new RangeError('checkpointEveryRecords must be a non-negative integer');
  }
}

/** Loads the persisted compact range; rebuilds it from stored leaf hashes if the state row is missing. */
async function loadRange(store: LedgerStore): Promise<CompactRange> {
  const next = await store.nextLeafIndex();
  const state = await store.readTreeState();
  if (state && state.treeSize === next) return CompactRange.fromBytes(state.treeSize, state.frontier);
  if (state && state.treeSize > next) {
    throw new StoreError(`ledger state says ${state.treeSize} leaves but the store holds ${next}: records were removed — run grpc-audit verify`);
  }
  // No state (or rows appended without the ledger): recompute from the leaf hashes on disk.
  const range = CompactRange.empty();
  const page = 65536;
  for (let from = 0; from < next; from += page) {
    for (const h of await store.readNodes(0, from, Math.min(next, from + page))) range.append(h);
  }
  return range;
}

/**
 * The tree on disk must be one the collector signed: the head note written with the last batch
 * (or, for a ledger from a build before per-batch heads, the latest checkpoint) must carry this
 * log's signature, the same size and the same root. Anything else — rows appended to the file,
 * a removed head — is refused rather than signed over.
 */
async function requireSignedTree(store: LedgerStore, signer: NoteSigner, range: CompactRange, last: CheckpointRow | undefined): Promise<void> {
  if (range.size === 0) return;
  const headNote = await store.getMeta(META_HEAD_CHECKPOINT);
  let signed: Checkpoint | undefined;
  if (headNote !== undefined) {
    try {
      signed = parseCheckpoint(openNote(headNote, signer));
    } catch (err) {
      throw new UnsignedRowsError(`the ledger's head note does not verify (${(err as Error).message})`, range.size, last?.treeSize ?? 0);
    }
  }
  if (signed === undefined || (last !== undefined && last.treeSize > signed.treeSize)) signed = last ? parseCheckpoint(openNote(last.note, signer)) : undefined;
  const signedSize = signed?.treeSize ?? 0;
  if (signed === undefined || signed.treeSize !== range.size) {
    throw new UnsignedRowsError(
      `the store holds ${range.size} leaves but the last signed tree has ${signedSize}: ${range.size - signedSize} row(s) were not appended by this collector`,
      range.size,
      signedSize,
    );
  }
  if (!signed.rootHash.equals(range.root())) {
    throw new UnsignedRowsError(`the tree on disk (root ${range.root().toString('hex')}) is not the signed one (root ${signed.rootHash.toString('hex')}) at size ${signedSize}`, range.size, signedSize);
  }
}

/**
 * Refuses to extend a log whose on-disk tree is not an extension of its latest signed
 * checkpoint: that means the file was altered (or restored from an older copy) while we were down.
 */
async function checkAgainstCheckpoint(
  store: LedgerStore,
  signer: NoteSigner,
  range: CompactRange,
  last: CheckpointRow,
): Promise<void> {
  const cp = parseCheckpoint(openNote(last.note, signer));
  if (cp.treeSize > range.size) {
    throw new StoreError(`latest checkpoint covers ${cp.treeSize} leaves but the store holds ${range.size}: records were removed — run grpc-audit verify`);
  }
  const proof = await consistencyProof(new StorageNodeSource(store), cp.treeSize, range.size);
  verifyConsistency(cp.treeSize, range.size, cp.rootHash, range.root(), proof);
}
