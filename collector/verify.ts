/**
 * grpc-audit/verify — the ledger's pure verification core: what an auditor needs to check a
 * checkpoint, an inclusion proof or a consistency proof handed to them, without a store, a
 * database driver or a network. Values in, values (or typed errors carrying the evidence) out;
 * loading it loads neither better-sqlite3 nor pg (the package test checks that).
 */
export { EMPTY_ROOT, HASH_SIZE, LEAF_HASH_PREFIX, NODE_HASH_PREFIX, hashChildren, hashLeaf } from './ledger/hasher';
export { LEAF_ENTRY_VERSION, encodeLeafEntry, type LeafEntryFields } from './ledger/leaf-entry';
export { leafHashOf } from './ledger/leaf-hash';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './ledger/proof-verify';
export { ProofVerificationError, type ProofFailure } from './ledger/proof-errors';
export { CheckpointParseError, marshalCheckpoint, parseCheckpoint, type Checkpoint } from './ledger/checkpoint';
export { NoteError, openNote } from './ledger/signed-note';
export { SigningKeyError, formatVerifierKey, loadVerifierKey, parseVerifierKey, type NoteVerifierKey } from './ledger/signing-key';
