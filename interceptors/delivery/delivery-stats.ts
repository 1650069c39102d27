import type { GapReason } from './gap-reason';

/** Counters an application can read (and export as metrics). Every record is in exactly one bucket eventually. */
export interface DeliveryStats {
  /** Spans selected as records (each gets a sequence number: in 'write-ahead' at the group commit). */
  records: number;
  /** Records written to the disk spool (incl. spilled from memory and gap records). */
  spooled: number;
  /** Records the collector acknowledged. */
  delivered: number;
  /** Export requests that failed and were retried. */
  retries: number;
  /** Export requests sent (retries included): delivered ÷ this is the mean batch the collector sees. */
  exportRequests: number;
  /** Records the collector reported rejected in a partial success (not retried, per OTLP). */
  rejectedPartial: number;
  /**
   * Records set aside after the collector refused them alone with a deterministic error
   * (export-outcome.ts: INVALID_ARGUMENT, FAILED_PRECONDITION, …): 'rejected' gaps.
   */
  rejectedInvalid: number;
  /** Of those, gap records (not reported again, to avoid an endless chain): their ranges stay open. */
  rejectedGapRecords: number;
  /** Sequence numbers declared lost, by reason (sent as gap records). */
  lost: Record<GapReason, number>;
  /** Gap records handed to the pipeline. */
  gapRecords: number;
  /** Spans that ended after shutdown() finished draining (not records; counted so nothing vanishes unseen). */
  endedAfterShutdown: number;
  /** canRecord() answers of false. */
  gateDenials: number;
  /** Times the sequence high-water mark could not be persisted (see docs/delivery.md "Limits"). */
  seqMarkPersistFailures: number;
  /** Records in the memory queue now. */
  queued: number;
  /** Records ended and waiting for this turn's group commit to the spool. */
  staged: number;
  /** Export requests in flight now. */
  inFlight: number;
  /** Unacknowledged records/bytes in the spool now. */
  spoolEntries: number;
  spoolBytes: number;
}
