import { HASH_SIZE, hashChildren } from './hasher';
import { ProofVerificationError } from './proof-errors';

/**
 * Pure verifiers for RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency). They need nothing
 * but hashes and sizes; each throws ProofVerificationError with the evidence and returns nothing
 * on success. Sizes and indexes must be safe non-negative integers.
 */

/** Root implied by an inclusion proof for `leafHash` at `leafIndex` in a tree of `treeSize`. */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  checkCount('leafIndex', leafIndex);
  checkCount('treeSize', treeSize);
  checkHash('leafHash', leafHash);
  proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
  if (leafIndex >= treeSize) {
    throw new ProofVerificationError('bad-input', `leaf index ${leafIndex} is not below tree size ${treeSize}`);
  }
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) {
      throw new ProofVerificationError(
        'bad-proof-length',
        `inclusion proof for leaf ${leafIndex} of ${treeSize} has too many hashes (${proof.length})`,
      );
    }
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) {
    throw new ProofVerificationError(
      'bad-proof-length',
      `inclusion proof for leaf ${leafIndex} of ${treeSize} has too few hashes (${proof.length})`,
    );
  }
  return r;
}

/** Checks that `leafHash` is leaf `leafIndex` of the tree of `treeSize` whose root is `root`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash('root', root);
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!computed.equals(root)) {
    throw new ProofVerificationError(
      'root-mismatch',
      `inclusion proof for leaf ${leafIndex} of ${treeSize} leads to root ${hex(computed)}, expected ${hex(root)}`,
      hex(root),
      hex(computed),
    );
  }
}

/**
 * Checks that the tree of `size1` with root `root1` is a prefix of the tree of `size2` with root
 * `root2`. Size 0 is a prefix of everything (empty proof); equal sizes need equal roots and an
 * empty proof.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  checkCount('size1', size1);
  checkCount('size2', size2);
  checkHash('root1', root1);
  checkHash('root2', root2);
  proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
  if (size2 < size1) {
    throw new ProofVerificationError('bad-input', `size1 ${size1} is larger than size2 ${size2}`);
  }
  if (size1 === size2) {
    if (proof.length !== 0) {
      throw new ProofVerificationError('bad-proof-length', `equal sizes need an empty proof, got ${proof.length} hashes`);
    }
    if (!Buffer.from(root1).equals(root2)) {
      throw new ProofVerificationError(
        'root-mismatch',
        `two trees of size ${size1} have different roots ${hex(root1)} and ${hex(root2)}`,
        hex(root1),
        hex(root2),
      );
    }
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) {
      throw new ProofVerificationError('bad-proof-length', `size1 0 needs an empty proof, got ${proof.length} hashes`);
    }
    return;
  }
  if (proof.length === 0) {
    throw new ProofVerificationError('bad-proof-length', `consistency ${size1} → ${size2} needs a non-empty proof`);
  }
  // §2.1.4.2 step 2: when size1 is a power of two its root is itself the first node of the path.
  const path: Uint8Array[] = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) {
      throw new ProofVerificationError(
        'bad-proof-length',
        `consistency proof ${size1} → ${size2} has too many hashes (${proof.length})`,
      );
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) {
    throw new ProofVerificationError(
      'bad-proof-length',
      `consistency proof ${size1} → ${size2} has too few hashes (${proof.length})`,
    );
  }
  if (!fr.equals(root1)) {
    throw new ProofVerificationError(
      'root-mismatch',
      `consistency proof ${size1} → ${size2} leads to first root ${hex(fr)}, expected ${hex(root1)}`,
      hex(root1),
      hex(fr),
    );
  }
  if (!sr.equals(root2)) {
    throw new ProofVerificationError(
      'root-mismatch',
      `consistency proof ${size1} → ${size2} leads to second root ${hex(sr)}, expected ${hex(root2)}`,
      hex(root2),
      hex(sr),
    );
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.floor(Math.log2(n)) === n;
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ProofVerificationError('bad-input', `${name} must be a non-negative safe integer, got ${n}`);
  }
}

function checkHash(name: string, h: Uint8Array): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new ProofVerificationError('bad-input', `${name} must be ${HASH_SIZE} bytes`);
  }
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
