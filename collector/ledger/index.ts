/** Public surface of the tamper-evident ledger. */
export { EMPTY_ROOT, HASH_SIZE, LEAF_HASH_PREFIX, NODE_HASH_PREFIX, hashChildren, hashLeaf } from './hasher';
export { LEAF_ENTRY_VERSION, encodeLeafEntry, type LeafEntryFields } from './leaf-entry';
export { leafHashOf } from './leaf-hash';
export { CompactRange, type TreeNode } from './compact-range';
export type { NodeSource } from './node-source';
export { consistencyProof, inclusionProof, rangeHash } from './proof';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof-verify';
export { ProofVerificationError, type ProofFailure } from './proof-errors';
export { CheckpointParseError, marshalCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint';
export { NoteError, openNote, signNote } from './signed-note';
export {
  SigningKeyError,
  formatVerifierKey,
  keyPathsFor,
  loadVerifierKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifierKey,
} from './signing-key';
export { Checkpointer, type SignedCheckpoint } from './checkpointer';
export {
  AuditLog,
  DEFAULT_CHECKPOINT_EVERY_RECORDS,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_ORIGIN,
  type LedgerOptions,
  type SigningKeySource,
  type LedgerStore,
  type SharedAuditLogOptions,
  type InclusionProof,
} from './audit-log';
export { verifyLog, type VerifyOptions, type VerifyProblem, type VerifyProblemKind, type VerifyReport } from './verify-log';
