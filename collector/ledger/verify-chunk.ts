import { CompactRange } from './compact-range';
import { HASH_SIZE } from './hasher';
import type { LeafRow } from '../store/record-store';
import { scanRange, type RowIssue, type ScanState } from './verify-scan';

/**
 * A chunk of verify work: the leaves [from, to) of a power-of-two aligned range. Because `from`
 * is a multiple of the chunk size and the chunk never spans more than that size, the compact
 * range of [0, s) for any s in (from, to] is the compact range of [0, from) followed by the
 * compact range of [from, s) — so whoever scans a chunk can hand back subtree roots instead of
 * every leaf hash, and the caller combines them (verify-log.ts). This is what lets worker threads
 * carry the whole per-leaf cost while the main thread only folds a few hashes per chunk.
 */
export interface ChunkScan {
  from: number;
  /** Next leaf not verified: `to` when the chunk verified, else the issue's leaf. */
  next: number;
  /**
   * Frontier (subtree roots of [from, size), largest first, concatenated 32-byte hashes) for every
   * requested size in (from, next], and always for `next` itself.
   */
  cuts: Array<{ size: number; frontier: Uint8Array }>;
  pruned: number;
  /** Record id of leaf next-1, when next > from. */
  lastRecordId?: string;
  issue?: RowIssue;
}

/** Builds the subtree roots of a chunk as leaf hashes arrive, keeping the frontiers asked for. */
export class ChunkTree {
  private readonly range = CompactRange.empty();
  private cutAt = 0;
  readonly cuts: ChunkScan['cuts'] = [];

  constructor(
    private readonly from: number,
    /** Sizes (absolute leaf counts) whose frontier is wanted, ascending. */
    private readonly wanted: readonly number[],
  ) {
    while (this.cutAt < wanted.length && wanted[this.cutAt] <= from) this.cutAt++;
  }

  /** Leaves added so far, absolute. */
  get size(): number {
    return this.from + this.range.size;
  }

  append(leafHash: Buffer): void {
    this.range.append(leafHash);
    const size = this.from + this.range.size;
    while (this.cutAt < this.wanted.length && this.wanted[this.cutAt] <= size) {
      if (this.wanted[this.cutAt] === size) this.cuts.push({ size, frontier: this.range.toBytes() });
      this.cutAt++;
    }
  }

  /** Appends the hashes a row scan recomputed (ScanState of the same chunk). */
  appendScanned(state: ScanState): void {
    for (let i = this.size - state.start; i < state.next - state.start; i++) {
      this.append(state.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
    }
  }

  /** The cut list including the frontier at the current size. */
  finish(): ChunkScan['cuts'] {
    const size = this.size;
    if (this.cuts.length === 0 || this.cuts[this.cuts.length - 1].size !== size) this.cuts.push({ size, frontier: this.range.toBytes() });
    return this.cuts;
  }
}

/** Largest power of two ≤ n (n ≥ 1): chunks must be aligned perfect subtrees. */
export function powerOfTwoAtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/**
 * The same chunk verification over any LedgerStorage (rows through `read`, page by page): the
 * in-thread path for stores other than SQLite.
 */
export async function scanChunkRows(
  read: (start: number, end: number) => Promise<LeafRow[]> | LeafRow[],
  from: number,
  to: number,
  pageSize: number,
  cuts: readonly number[],
): Promise<ChunkScan> {
  const state = await scanRange(read, from, to, pageSize);
  const tree = new ChunkTree(from, cuts);
  tree.appendScanned(state);
  return { from, next: state.next, pruned: state.pruned, lastRecordId: state.lastRecordId, issue: state.issue, cuts: tree.finish() };
}
