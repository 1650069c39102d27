import type { AuditRecord } from '../store/record';
import type { RecordIdConflict } from '../store/record-store';

/** Outcome of appending a batch: how many records were new and how many were already stored. */
export interface AppendResult {
  /** Records newly stored (and committed to the ledger). */
  accepted: number;
  /** Records whose recordId was already stored by the same identity; ignored (idempotent ingest). */
  duplicates: number;
  /**
   * Ledger position of each appended record, in input order; -1 for a duplicate. Reported by
   * sinks that know positions (the ledger), for consumers of stored batches (forwarding).
   */
  leafIndexes?: readonly number[];
  /** Records refused: their recordId is owned by another identity (see StoreAppendResult.conflicts). */
  conflicts?: RecordIdConflict[];
}

/**
 * Where the ingest pipeline hands accepted records. Implemented by the ledger-backed store
 * (collector/ledger); the receiver knows nothing else about storage.
 */
export interface RecordSink {
  /** Stores a batch atomically (one transaction, one fsync) and commits each new record to the ledger. */
  append(records: AuditRecord[]): Promise<AppendResult>;
}
