import { StoreError } from '../store/store-errors';

/**
 * The store holds rows no signature of this log covers. The collector signs the tree with every
 * batch it commits, so such rows were written by something else (or by a build from before
 * per-batch signing that crashed): the ledger refuses to open rather than sign over them.
 */
export class UnsignedRowsError extends StoreError {
  constructor(
    detail: string,
    /** Leaves the store holds. */
    readonly storedSize: number,
    /** Leaves covered by the last valid signature. */
    readonly signedSize: number,
  ) {
    super(
      `ledger refuses to open: ${detail}. Inspect with \`grpc-audit verify --key <trusted public key>\`; ` +
        'move the unsigned rows aside (kept in a JSON Lines file) with `grpc-audit ledger quarantine --db <file> (or --pg-url <url>) --key <trusted public key>`',
    );
    // StoreError fixes `name` as a literal; the thread boundary and logs carry this one.
    Object.defineProperty(this, 'name', { value: 'UnsignedRowsError' });
  }
}
