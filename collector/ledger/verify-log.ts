import type { CheckpointRow, LeafRow, LedgerStorage, RecordStore } from '../store/record-store';
import { CheckpointParseError, parseCheckpoint, type Checkpoint } from './checkpoint';
import { CompactRange } from './compact-range';
import { SqliteRecordStore } from '../store/sqlite-record-store';
import { powerOfTwoAtMost, scanChunkRows, type ChunkScan } from './verify-chunk';
import { scanInWorkers } from './verify-pool';
import { rowLeafHash, type RowIssue } from './verify-scan';
import { scanSqliteChunk } from './verify-sqlite-scan';
import { consistencyProof } from './proof';
import { ProofVerificationError } from './proof-errors';
import { verifyConsistency } from './proof-verify';
import { NoteError, openNote } from './signed-note';
import type { NoteVerifierKey } from './signing-key';
import { StorageNodeSource } from './storage-node-source';
import { META_HEAD_CHECKPOINT } from '../store/record-store';

/** What went wrong, most specific first. */
export type VerifyProblemKind =
  /** A record's stored bytes no longer match what its leaf committed to. */
  | 'altered'
  /** A position below the log's size has no record (deleted row, or a truncated tail). */
  | 'missing'
  /** A record sits at a position other than the one its leaf committed to. */
  | 'reordered'
  /** A row that the ledger never committed (no leaf hash, or outside the dense index range). */
  | 'extra'
  /** A checkpoint's signature is missing, by another key, or invalid. */
  | 'checkpoint-signature'
  /** A checkpoint's text cannot be parsed, or names another log. */
  | 'checkpoint-malformed'
  /** The tree recomputed from the records has a different root at a checkpoint's size. */
  | 'checkpoint-root-mismatch'
  /** Two checkpoints cannot both describe one append-only log (shrinking size, failed proof). */
  | 'checkpoint-inconsistent'
  /** The persisted tree state (frontier / stored nodes) differs from the recomputed tree. */
  | 'tree-state-altered'
  /**
   * Records beyond the last tree a valid signature covers. The collector signs every batch it
   * commits, so these were appended by something else (or left by a crashed pre-head build).
   */
  | 'unsigned';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  /** One-line human explanation carrying the evidence. */
  message: string;
  leafIndex?: number;
  recordId?: string;
  /** For 'reordered': the position the record's leaf committed to. */
  committedIndex?: number;
  checkpointId?: number;
  treeSize?: number;
  /** Hex; what a signed checkpoint (or stored hash) says. */
  expected?: string;
  /** Hex; what recomputation produced. */
  actual?: string;
}

export interface VerifyReport {
  ok: boolean;
  /** The first problem found in leaf order (checkpoint signatures are checked first). */
  problem?: VerifyProblem;
  /** Records read and recomputed. */
  leaves: number;
  checkpoints: number;
  /** Largest size covered by a verified checkpoint row. */
  checkpointedSize: number;
  /** Largest size covered by any verified signature: checkpoint rows, the head note, published checkpoints. */
  signedSize: number;
  /** Published checkpoints (`--since`) the log was proven consistent with. */
  externalCheckpoints: number;
  /** Records whose body was pruned (digest still verified through the leaf). */
  prunedBodies: number;
  /** Root of the recomputed tree over all records (hex). */
  root: string;
  /** Not failures: e.g. leaves after the latest checkpoint. */
  warnings: string[];
}

export interface VerifyOptions {
  /** Key that must have signed every checkpoint. */
  verifier: NoteVerifierKey;
  /** Log name every checkpoint must carry (default: the verifier's key name). */
  origin?: string;
  /** Rows read per page (default 512: pages small enough to die young keep GC cheap). */
  pageSize?: number;
  /**
   * Recompute leaf hashes in worker threads (SQLite file only: each worker opens `dbPath`
   * read-only). Used when the log has at least `minLeaves` (default 100k) records.
   */
  parallel?: { dbPath: string; workers: number; chunkSize?: number; minLeaves?: number };
  /** Leaves per chunk, rounded down to a power of two (default 32768); also used in-thread. */
  chunkSize?: number;
  /** Called after each chunk with the count so far (progress bars). */
  onProgress?: (leaves: number) => void;
  /**
   * Signed checkpoints kept outside the store (published directory, an auditor's copy). Each must
   * verify with `verifier`, and the log must contain its tree: the root recomputed from the
   * records at its size must equal it, so a rollback, truncation or forked history fails.
   */
  external?: Array<{ label: string; note: string }>;
}

/** Leaves per chunk (a power of two): a worker's unit of work, and the in-thread one. */
const DEFAULT_CHUNK = 32_768;

interface VerifiedCheckpoint {
  row: CheckpointRow;
  cp: Checkpoint;
  /** How messages name it: `checkpoint #id`, `head checkpoint`, `published checkpoint <file>`. */
  label: string;
}

/**
 * Recomputes the whole ledger from the stored records and checks it against every signed
 * checkpoint. Reads rows in leaf order, page by page; per row it checks the body digest,
 * recomputes the leaf hash (the entry commits to the position, so a moved row is caught where
 * it lies), compares it with the stored leaf hash and feeds it into a compact range, whose root
 * is compared with each checkpoint as its size is reached. Stops at the first problem.
 * Consistency of consecutive checkpoints follows from one recomputed tree reproducing all of
 * their roots; proofs are additionally checked (first → latest and previous → latest) against
 * the stored tree nodes that the collector serves proofs from.
 */
export async function verifyLog(store: RecordStore & LedgerStorage, options: VerifyOptions): Promise<VerifyReport> {
  const origin = options.origin ?? options.verifier.name;
  const pageSize = options.pageSize ?? 512;
  const report: VerifyReport = { ok: false, leaves: 0, checkpoints: 0, checkpointedSize: 0, signedSize: 0, externalCheckpoints: 0, prunedBodies: 0, root: '', warnings: [] };
  let expected = 0; // leaves verified so far = next expected leaf index (reassigned below)
  const fail = (problem: VerifyProblem): VerifyReport => {
    report.problem = problem;
    report.leaves = expected;
    return report;
  };

  // 1. Checkpoints: signature, format, origin, and sizes never shrinking (in the order taken).
  const rows = await store.listCheckpoints();
  report.checkpoints = rows.length;
  const verified: VerifiedCheckpoint[] = [];
  for (const row of rows) {
    const cp = openCheckpoint(row.note, options.verifier, origin, `checkpoint #${row.id}`, ` (size ${row.treeSize})`, { checkpointId: row.id, treeSize: row.treeSize });
    if ('kind' in cp) return fail(cp);
    const prev = verified[verified.length - 1];
    if (prev && cp.treeSize < prev.cp.treeSize) {
      return fail({
        kind: 'checkpoint-inconsistent',
        checkpointId: row.id,
        treeSize: cp.treeSize,
        message: `checkpoint #${row.id} has size ${cp.treeSize}, smaller than the earlier #${prev.row.id} (${prev.cp.treeSize}): the log shrank`,
      });
    }
    verified.push({ row, cp, label: `checkpoint #${row.id}` });
  }
  const rowsMaxSize = verified.reduce((m, v) => Math.max(m, v.cp.treeSize), 0);

  // 1b. The head note signed with the last committed batch, and checkpoints kept outside the store.
  const others: Array<{ label: string; note: string }> = [];
  const head = await store.getMeta(META_HEAD_CHECKPOINT);
  if (head !== undefined) others.push({ label: 'head checkpoint', note: head });
  for (const e of options.external ?? []) others.push({ label: `published checkpoint ${e.label}`, note: e.note });
  const extra: VerifiedCheckpoint[] = [];
  for (const o of others) {
    const cp = openCheckpoint(o.note, options.verifier, origin, o.label, '', {});
    if ('kind' in cp) return fail(cp);
    extra.push({ row: { id: 0, treeSize: cp.treeSize, rootHash: cp.rootHash, timestampMs: cp.timestampMs, note: o.note }, cp, label: o.label });
  }
  report.externalCheckpoints = options.external?.length ?? 0;
  const bySize = [...verified, ...extra].sort((a, b) => a.cp.treeSize - b.cp.treeSize || a.row.id - b.row.id);
  const maxCheckpointSize = bySize.length ? bySize[bySize.length - 1].cp.treeSize : 0;

  // 2. Stream the records in leaf order, in power-of-two aligned chunks (verify-chunk.ts): each
  //    chunk hands back its subtree roots and the frontiers at checkpoint sizes inside it; the
  //    compact range of the chunks before it (`prefix`, one root per full chunk) completes them.
  const end = await store.nextLeafIndex();
  const chunkSize = powerOfTwoAtMost(Math.max(1, options.chunkSize ?? options.parallel?.chunkSize ?? DEFAULT_CHUNK));
  const prefix = CompactRange.empty();
  let nextCp = 0;
  let lastGoodSize = 0;
  const cutsIn = (from: number, to: number): number[] => {
    const sizes: number[] = [];
    for (const v of bySize) if (v.cp.treeSize > from && v.cp.treeSize <= to && sizes[sizes.length - 1] !== v.cp.treeSize) sizes.push(v.cp.treeSize);
    return sizes;
  };
  /** Tree of [0, size) for size in [from, from + chunkSize], given the frontier of [from, size). */
  const treeAt = (size: number, suffix: Uint8Array): CompactRange => CompactRange.fromBytes(size, Buffer.concat([prefix.toBytes(), suffix]));
  const checkRootsUpTo = (chunk: ChunkScan): VerifyProblem | undefined => {
    while (nextCp < bySize.length && bySize[nextCp].cp.treeSize <= chunk.next) {
      const { row, cp, label } = bySize[nextCp++];
      const size = cp.treeSize;
      const cut = size === chunk.from ? new Uint8Array(0) : chunk.cuts.find((c) => c.size === size)?.frontier;
      if (cut === undefined) throw new Error(`verify: no frontier for checkpoint size ${size} in chunk ${chunk.from}..${chunk.next}`);
      const root = treeAt(size, cut).root();
      if (!root.equals(cp.rootHash)) {
        return {
          kind: 'checkpoint-root-mismatch',
          checkpointId: row.id || undefined,
          treeSize: size,
          expected: cp.rootHash.toString('hex'),
          actual: root.toString('hex'),
          message:
            `${label} signs root ${cp.rootHash.toString('hex')} for ${size} leaves, the records give ${root.toString('hex')}: ` +
            `a record in leaves ${lastGoodSize}..${size - 1} was changed together with its stored leaf hash`,
        };
      }
      lastGoodSize = size;
    }
    return undefined;
  };

  let previousId: string | undefined;
  let range = CompactRange.empty();
  const chunks: AsyncIterable<ChunkScan> =
    options.parallel && options.parallel.workers > 0 && end >= (options.parallel.minLeaves ?? 100_000)
      ? fromWorkers(options.parallel.dbPath, end, options.parallel.workers, chunkSize, pageSize, cutsIn)
      : inThread(store, end, chunkSize, pageSize, cutsIn);
  for await (const chunk of chunks) {
    if (chunk.from !== expected) throw new Error(`verify: chunk starts at ${chunk.from}, expected ${expected}`);
    const problem = checkRootsUpTo(chunk);
    if (problem) {
      expected = problem.treeSize!;
      return fail(problem);
    }
    expected = chunk.next;
    report.prunedBodies += chunk.pruned;
    if (chunk.lastRecordId !== undefined) previousId = chunk.lastRecordId;
    if (chunk.issue) return fail(await describeIssue(store, chunk.issue, previousId, end, pageSize));
    const frontier = chunk.cuts[chunk.cuts.length - 1].frontier;
    if (chunk.next - chunk.from === chunkSize) {
      prefix.append(Buffer.from(frontier.buffer, frontier.byteOffset, frontier.byteLength));
      range = CompactRange.fromBytes(prefix.size * chunkSize, prefix.toBytes());
    } else {
      range = treeAt(chunk.next, frontier);
    }
    report.leaves = expected;
    options.onProgress?.(expected);
  }
  report.leaves = expected;
  if (nextCp < bySize.length && bySize[nextCp].cp.treeSize <= expected) {
    // Only size-0 checkpoints can be left when no chunk ran.
    const tail = checkRootsUpTo({ from: expected, next: expected, cuts: [], pruned: 0 });
    if (tail) return fail(tail);
  }
  if (maxCheckpointSize > expected) {
    const cp = bySize[bySize.length - 1];
    return fail({
      kind: 'missing',
      leafIndex: expected,
      checkpointId: cp.row.id || undefined,
      treeSize: maxCheckpointSize,
      message: `log truncated: ${cp.label} covers ${maxCheckpointSize} leaves but the store ends at ${expected} (leaves ${expected}..${maxCheckpointSize - 1} missing)`,
    });
  }
  const total = await store.count();
  if (total !== expected) {
    return fail({ kind: 'extra', message: `the store holds ${total} records but only ${expected} lie at positions 0..${expected - 1}: ${total - expected} rows outside the ledger` });
  }
  if (expected > maxCheckpointSize) {
    // Not a warning: the collector signs every batch it commits, so an unsigned row is one it never appended.
    return fail({
      kind: 'unsigned',
      leafIndex: maxCheckpointSize,
      treeSize: maxCheckpointSize,
      message:
        `${expected - maxCheckpointSize} record(s) at leaves ${maxCheckpointSize}..${expected - 1} are covered by no valid signature ` +
        `(last signed tree: ${maxCheckpointSize} leaves); the collector signs every batch it commits, so they were appended outside it`,
    });
  }
  report.checkpointedSize = rowsMaxSize;
  report.signedSize = maxCheckpointSize;
  report.root = range.root().toString('hex');

  // 3. Persisted tree state and stored nodes (what restarts and proofs rely on).
  const state = await store.readTreeState();
  if (state && (state.treeSize !== expected || !state.frontier.equals(range.toBytes()))) {
    const what = state.treeSize !== expected ? `says ${state.treeSize} leaves, the store holds ${expected}` : `frontier at size ${expected} differs from the recomputed one`;
    return fail({ kind: 'tree-state-altered', treeSize: expected, message: `stored tree state ${what}` });
  }
  const pairs: [VerifiedCheckpoint, VerifiedCheckpoint][] = [];
  if (verified.length >= 2) {
    const last = verified[verified.length - 1];
    pairs.push([verified[0], last]);
    if (verified.length >= 3) pairs.push([verified[verified.length - 2], last]);
  }
  const source = new StorageNodeSource(store);
  for (const [a, b] of pairs) {
    try {
      const proof = await consistencyProof(source, a.cp.treeSize, b.cp.treeSize);
      verifyConsistency(a.cp.treeSize, b.cp.treeSize, a.cp.rootHash, b.cp.rootHash, proof);
    } catch (err) {
      const evidence = err instanceof ProofVerificationError ? err : undefined;
      return fail({
        kind: 'tree-state-altered',
        checkpointId: b.row.id,
        expected: evidence?.expectedRoot,
        actual: evidence?.computedRoot,
        message: `consistency proof #${a.row.id} (${a.cp.treeSize}) → #${b.row.id} (${b.cp.treeSize}) from the stored tree nodes fails: ${(err as Error).message}`,
      });
    }
  }

  report.ok = true;
  return report;
}

/**
 * A checkpoint note checked for signature, format and origin, or the problem it shows. `label`
 * names it in messages; `sizeNote` adds to the signature message; `where` goes into the problem.
 */
function openCheckpoint(
  note: string,
  verifier: NoteVerifierKey,
  origin: string,
  label: string,
  sizeNote: string,
  where: Pick<VerifyProblem, 'checkpointId' | 'treeSize'>,
): Checkpoint | VerifyProblem {
  let cp: Checkpoint;
  try {
    cp = parseCheckpoint(openNote(note, verifier));
  } catch (err) {
    if (err instanceof NoteError) return { kind: 'checkpoint-signature', ...where, message: `${label}${sizeNote}: ${err.message}` };
    if (err instanceof CheckpointParseError) return { kind: 'checkpoint-malformed', checkpointId: where.checkpointId, message: `${label}: ${err.message}` };
    throw err;
  }
  if (cp.origin !== origin) return { kind: 'checkpoint-malformed', checkpointId: where.checkpointId, message: `${label} is for log "${cp.origin}", expected "${origin}"` };
  return cp;
}

/** Turns a row issue found by the scan into the reported problem; classifies a hash mismatch. */
async function describeIssue(
  store: LedgerStorage,
  issue: RowIssue,
  previousId: string | undefined,
  end: number,
  pageSize: number,
): Promise<VerifyProblem> {
  const at = issue.leafIndex;
  switch (issue.kind) {
    case 'missing': {
      const before = previousId !== undefined && at > 0 ? ` (after leaf ${at - 1}, ${previousId})` : '';
      const after = issue.next ? `; the next stored record is leaf ${issue.next.leafIndex} (${issue.next.recordId})` : ' (no record at that position)';
      return { kind: 'missing', leafIndex: at, message: `leaf ${at} is missing${before}${after}` };
    }
    case 'body':
      return {
        kind: 'altered',
        leafIndex: at,
        recordId: issue.recordId,
        expected: issue.expected,
        actual: issue.actual,
        message: `leaf ${at} (${issue.recordId}): body bytes do not match the body digest the leaf committed to`,
      };
    case 'no-leaf-hash':
      return { kind: 'extra', leafIndex: at, recordId: issue.recordId, message: `leaf ${at} (${issue.recordId}) was never committed to the ledger (no leaf hash)` };
    case 'refs':
      return { kind: 'altered', leafIndex: at, recordId: issue.recordId, message: `leaf ${at} (${issue.recordId}): stored subject references are not the canonical list written at ingest` };
    case 'mismatch': {
      const [row] = await store.readLeafRows(at, at + 1);
      const committed = row ? await findCommittedPosition(store, row, end, pageSize) : undefined;
      if (committed !== undefined) {
        return {
          kind: 'reordered',
          leafIndex: at,
          recordId: issue.recordId,
          committedIndex: committed,
          message: `leaf ${at} holds record ${issue.recordId}, which the ledger committed at leaf ${committed}: records were reordered`,
        };
      }
      return {
        kind: 'altered',
        leafIndex: at,
        recordId: issue.recordId,
        expected: issue.expected,
        actual: issue.actual,
        message: `leaf ${at} (${issue.recordId}): stored fields no longer match the leaf hash written at ingest`,
      };
    }
  }
}

async function* inThread(
  store: LedgerStorage,
  end: number,
  chunkSize: number,
  pageSize: number,
  cutsIn: (from: number, to: number) => number[],
): AsyncGenerator<ChunkScan> {
  for (let from = 0; from < end; from += chunkSize) {
    const to = Math.min(end, from + chunkSize);
    const chunk =
      store instanceof SqliteRecordStore
        ? scanSqliteChunk(store, from, to, pageSize, cutsIn(from, to))
        : await scanChunkRows((a, b) => store.readLeafRows(a, b), from, to, pageSize, cutsIn(from, to));
    yield chunk;
    if (chunk.issue) return;
  }
}

async function* fromWorkers(
  dbPath: string,
  end: number,
  workers: number,
  chunkSize: number,
  pageSize: number,
  cutsIn: (from: number, to: number) => number[],
): AsyncGenerator<ChunkScan> {
  for await (const r of scanInWorkers(dbPath, end, { workers, chunkSize, pageSize, cutsIn })) {
    yield { from: r.from, next: r.next, cuts: r.cuts.map((c) => ({ size: c.size, frontier: new Uint8Array(c.frontier) })), pruned: r.pruned, lastRecordId: r.lastRecordId, issue: r.issue };
  }
}

/**
 * Only on failure: the position whose leaf hash this record's content reproduces — either the
 * hash stored with the row (the row moved) or the hash stored at that position (content moved).
 */
async function findCommittedPosition(store: LedgerStorage, r: LeafRow, end: number, pageSize: number): Promise<number | undefined> {
  for (let from = 0; from < end; from += pageSize) {
    const page = await store.readLeafRows(from, Math.min(end, from + pageSize));
    for (const other of page) {
      const k = other.leafIndex;
      if (k === r.leafIndex) continue;
      const h = rowLeafHash(k, r);
      if ((r.leafHash && h.equals(r.leafHash)) || (other.leafHash && h.equals(other.leafHash))) return k;
    }
  }
  return undefined;
}

