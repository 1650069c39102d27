/**
 * Read access to the hashes of complete perfect subtrees of the ledger, so proofs can be built
 * without knowing where the tree lives. Node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level); level 0 is the leaf hash itself.
 */
export interface NodeSource {
  /** Hash of the complete subtree (level, index); the caller guarantees it lies inside the tree. */
  nodeHash(level: number, index: number): Promise<Buffer>;
}
