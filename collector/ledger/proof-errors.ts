/**
 * Why a proof did not verify. Every error carries the evidence a human (or a test) needs to see
 * what disagreed; hashes are lowercase hex.
 */
export type ProofFailure =
  /** The inputs break a precondition (index ≥ size, size1 > size2, wrong hash length…). */
  | 'bad-input'
  /** The proof has the wrong number of hashes for the sizes involved. */
  | 'bad-proof-length'
  /** The proof is well formed but the recomputed root differs from the expected one. */
  | 'root-mismatch';

export class ProofVerificationError extends Error {
  override readonly name = 'ProofVerificationError';
  constructor(
    readonly failure: ProofFailure,
    message: string,
    /** Root the caller trusted (e.g. from a signed checkpoint). */
    readonly expectedRoot?: string,
    /** Root the proof leads to. */
    readonly computedRoot?: string,
  ) {
    super(message);
  }
}
