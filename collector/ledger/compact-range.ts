import { EMPTY_ROOT, HASH_SIZE, hashChildren } from './hasher';

/** A completed perfect subtree: `level` 0 is a leaf; node `index` covers leaves [index·2^level, (index+1)·2^level). */
export interface TreeNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The compact range [0, size) of an append-only RFC 6962 tree: the roots of the perfect subtrees
 * that the binary digits of `size` decompose it into, largest (leftmost) first. That is all the
 * state needed to append (amortised one node hash per leaf, at most log2(n)) and to compute the
 * root (at most log2(n) hashes) without touching earlier leaves.
 */
export class CompactRange {
  private constructor(
    private treeSize: number,
    private readonly nodes: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** Rebuilds from `size` and the subtree roots of `toBytes()`; throws when they do not fit. */
  static fromBytes(size: number, frontier: Uint8Array): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`compact range: bad size ${size}`);
    const expected = popCount(size);
    if (frontier.length !== expected * HASH_SIZE) {
      throw new RangeError(
        `compact range: size ${size} needs ${expected} hashes, got ${frontier.length / HASH_SIZE}`,
      );
    }
    const nodes: Buffer[] = [];
    for (let i = 0; i < expected; i++) {
      nodes.push(Buffer.from(frontier.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
    }
    return new CompactRange(size, nodes);
  }

  get size(): number {
    return this.treeSize;
  }

  /** Subtree roots, largest first (copy). */
  frontier(): Buffer[] {
    return this.nodes.slice();
  }

  /** Frontier as one byte string, for persisting next to the leaves. */
  toBytes(): Buffer {
    return Buffer.concat(this.nodes);
  }

  clone(): CompactRange {
    return new CompactRange(this.treeSize, this.nodes.slice());
  }

  /**
   * Appends one leaf hash. `onNode` sees every interior node completed by this append (level ≥ 1),
   * lowest first — callers persist a subset of them to answer proofs without rehashing leaves.
   */
  append(leafHash: Buffer, onNode?: (node: TreeNode) => void): void {
    let hash = leafHash;
    let level = 0;
    const position = this.treeSize;
    // Each trailing 1-bit of the old size is a left sibling waiting for this right subtree.
    while ((Math.floor(position / 2 ** level) & 1) === 1) {
      const left = this.nodes.pop() as Buffer;
      hash = hashChildren(left, hash);
      level++;
      if (onNode) onNode({ level, index: Math.floor(position / 2 ** level), hash });
    }
    this.nodes.push(hash);
    this.treeSize++;
  }

  /** Merkle tree hash of leaves [0, size): fold the subtree roots from the right (RFC 6962 MTH). */
  root(): Buffer {
    const n = this.nodes.length;
    if (n === 0) return EMPTY_ROOT;
    let hash = this.nodes[n - 1];
    for (let i = n - 2; i >= 0; i--) hash = hashChildren(this.nodes[i], hash);
    return hash;
  }
}

function popCount(n: number): number {
  let count = 0;
  while (n > 0) {
    count += n % 2;
    n = Math.floor(n / 2);
  }
  return count;
}
