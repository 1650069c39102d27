import type { RecordSql } from '../store/record-sql';
import type { RecordSink } from './record-sink';

/**
 * Optional capabilities a RecordSink may have beyond `append`; the collector uses each one when
 * present (duck-typed, so the RecordSink contract stays minimal).
 */
export interface SinkLifecycle {
  /** Signs a checkpoint of the ledger now (called on the checkpoint interval and at shutdown). */
  checkpoint?(): Promise<unknown> | unknown;
  /** Makes everything appended so far durable. */
  flush?(): Promise<void> | void;
  /** Releases files and handles; called once at shutdown when the collector opened the sink. */
  close?(): Promise<void> | void;
  /** Leaves in the ledger, for the ledger-size gauge. */
  size?(): number | bigint;
  /**
   * Read-only SQL over the stored records, for reports computed while the collector runs (the
   * open-gap gauges); absent for sinks without a queryable store. Same on SQLite and PostgreSQL.
   */
  readonly reports?: RecordSql;
}

export type ManagedSink = RecordSink & SinkLifecycle;
