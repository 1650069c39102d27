import { hashChildren } from './hasher';
import type { NodeSource } from './node-source';

/**
 * Proof construction, RFC 6962 §2.1.1 (PATH) and §2.1.2 (SUBPROOF), expressed over subtree
 * hashes fetched from a NodeSource. Every range the recursion visits starts at a multiple of a
 * power of two at least as large as its biggest complete subtree, so each range hash is a right
 * fold of at most log2(n) stored nodes — no leaf is rehashed beyond what the source chooses to.
 */

/** Audit path for leaf `leafIndex` in the tree of `treeSize` (leaf-most hash first). */
export async function inclusionProof(source: NodeSource, leafIndex: number, treeSize: number): Promise<Buffer[]> {
  if (!Number.isSafeInteger(treeSize) || !Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`inclusion proof: leaf index ${leafIndex} outside tree of size ${treeSize}`);
  }
  const out: Buffer[] = [];
  await path(source, leafIndex, 0, treeSize, out);
  return out;
}

/** Consistency proof from the tree of `size1` to the tree of `size2` (empty when size1 is 0 or equal). */
export async function consistencyProof(source: NodeSource, size1: number, size2: number): Promise<Buffer[]> {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) {
    throw new RangeError(`consistency proof: need 0 <= size1 <= size2, got ${size1}, ${size2}`);
  }
  const out: Buffer[] = [];
  if (size1 === 0 || size1 === size2) return out;
  await subproof(source, size1, 0, size2, true, out);
  return out;
}

/** Merkle tree hash of leaves [start, end) (end > start). */
export async function rangeHash(source: NodeSource, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let at = start;
  while (at < end) {
    // Largest aligned complete subtree starting at `at` that fits before `end`.
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    parts.push(await source.nodeHash(level, at / 2 ** level));
    at += 2 ** level;
  }
  let hash = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) hash = hashChildren(parts[i], hash);
  return hash;
}

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

async function path(source: NodeSource, m: number, start: number, end: number, out: Buffer[]): Promise<void> {
  const n = end - start;
  if (n === 1) return;
  const k = splitPoint(n);
  if (m < k) {
    await path(source, m, start, start + k, out);
    out.push(await rangeHash(source, start + k, end));
  } else {
    await path(source, m - k, start + k, end, out);
    out.push(await rangeHash(source, start, start + k));
  }
}

async function subproof(
  source: NodeSource,
  m: number,
  start: number,
  end: number,
  b: boolean,
  out: Buffer[],
): Promise<void> {
  const n = end - start;
  if (m === n) {
    if (!b) out.push(await rangeHash(source, start, end));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    await subproof(source, m, start, start + k, b, out);
    out.push(await rangeHash(source, start + k, end));
  } else {
    await subproof(source, m - k, start + k, end, false, out);
    out.push(await rangeHash(source, start, start + k));
  }
}
