import type { LeafEntryFields } from '../ledger/leaf-entry';

/**
 * The portable export of one data subject's records (Art. 15/20): JSON that a third party checks
 * offline with the collector's public key (`grpc-audit verify --bundle FILE --key PUB`).
 *
 * Each record carries exactly what its ledger leaf commits to (the leaf-entry fields, the body as
 * stored and its SHA-256), an inclusion proof against the bundle's signed checkpoint, and a
 * readable `view` of the body in which the subject's own encrypted values are decrypted. The view
 * is for the reader; verification never trusts it.
 */
export const BUNDLE_FORMAT = 'grpcaudit.subject-bundle.v1';

export interface SubjectBundle {
  format: typeof BUNDLE_FORMAT;
  generatedAtMs: number;
  /** Ledger origin (the checkpoint's first line, also the signing key's name). */
  origin: string;
  /** The collector's verifier key line, for information: verify with a copy kept elsewhere. */
  verifierKey: string;
  /** The subject's pseudonymous references the records were found by. */
  subjectRefs: string[];
  /** Signed checkpoint every proof leads to. */
  checkpoint: { note: string; treeSize: number; rootHash: string };
  records: BundleRecord[];
  /** Records about the subject appended after the checkpoint (not provable yet, not included). */
  recordsAfterCheckpoint: number;
}

export interface BundleRecord {
  leafIndex: number;
  /** Everything the leaf commits to except the body. */
  fields: LeafEntryFields;
  /** Body as stored (masked canonical JSON with ciphertexts), null once pruned by retention. */
  body: string | null;
  bodySha256: string;
  /** Inclusion proof (hex hashes) of leafIndex in the checkpoint's tree. */
  inclusionProof: string[];
  /** The body parsed, nested JSON payloads expanded, the subject's encrypted values decrypted. */
  view: unknown;
  /** The subject's encrypted values in this record and what became of each. */
  encrypted: { decrypted: number; erased: number; unreadable: number };
}
