import { EMPTY_ROOT, hashChildren } from '../../collector/ledger/hasher';

/**
 * Naive RFC 6962 §2.1 reference, written straight from the recursive definitions (MTH, PATH,
 * PROOF/SUBPROOF) over an in-memory array of leaf hashes. Slow on purpose: it shares no code
 * with the ledger beyond the two hash primitives, so it can check it.
 */
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

export function refRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const split = k(leaves.length);
  return hashChildren(refRoot(leaves.slice(0, split)), refRoot(leaves.slice(split)));
}

export function refPath(m: number, leaves: Buffer[]): Buffer[] {
  const n = leaves.length;
  if (n === 1) return [];
  const split = k(n);
  if (m < split) return [...refPath(m, leaves.slice(0, split)), refRoot(leaves.slice(split))];
  return [...refPath(m - split, leaves.slice(split)), refRoot(leaves.slice(0, split))];
}

function refSubproof(m: number, leaves: Buffer[], b: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [refRoot(leaves)];
  const split = k(n);
  if (m <= split) return [...refSubproof(m, leaves.slice(0, split), b), refRoot(leaves.slice(split))];
  return [...refSubproof(m - split, leaves.slice(split), false), refRoot(leaves.slice(0, split))];
}

export function refConsistency(m: number, leaves: Buffer[]): Buffer[] {
  if (m === 0 || m === leaves.length) return [];
  return refSubproof(m, leaves, true);
}
