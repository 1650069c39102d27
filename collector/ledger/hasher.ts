import * as crypto from 'node:crypto';

/**
 * RFC 6962 §2.1 hashing (also RFC 9162 §2.1.1). Domain separation stops a leaf from being passed
 * off as an interior node (second-preimage attacks on the tree): every leaf hash is taken over
 * 0x00‖data and every interior node over 0x01‖left‖right.
 */
export const LEAF_HASH_PREFIX = 0x00;
export const NODE_HASH_PREFIX = 0x01;
/** SHA-256 output size; every hash in the ledger has this length. */
export const HASH_SIZE = 32;

const LEAF_PREFIX_BYTES = Buffer.from([LEAF_HASH_PREFIX]);
const NODE_PREFIX_BYTES = Buffer.from([NODE_HASH_PREFIX]);

/** Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1: MTH({}) = SHA-256()). */
export const EMPTY_ROOT: Buffer = crypto.createHash('sha256').digest();

/** Leaf hash of raw bytes: SHA-256(0x00 ‖ data). */
export function hashLeaf(data: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(LEAF_PREFIX_BYTES).update(data).digest();
}

/**
 * Leaf hash of a string's UTF-8 bytes without building an intermediate Buffer: the entry text is
 * fed straight to the hash after the prefix byte. Same value as `hashLeaf(Buffer.from(text))`.
 */
export function hashLeafText(text: string): Buffer {
  return crypto.createHash('sha256').update(LEAF_PREFIX_BYTES).update(text, 'utf8').digest();
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(NODE_PREFIX_BYTES).update(left).update(right).digest();
}
