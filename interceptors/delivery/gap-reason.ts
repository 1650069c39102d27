/**
 * Why an emitter reports a range of its own sequence numbers as not delivered (attribute
 * `grpcaudit.gap.reason` of a `grpcaudit.gap` record):
 * - 'spool_full'    the record did not fit under the spool's size bound (and the memory queue was full);
 * - 'spool_error'   the disk refused the write (ENOSPC, EACCES, EIO, …) or the record could not be encoded;
 * - 'spool_corrupt' entries in the spool became unreadable (disk corruption) before they were sent;
 * - 'rejected'      the collector refused the record as invalid (non-retryable), after bisecting the batch;
 * - 'restart'       numbers reserved by a previous run that are in neither the spool nor the
 *                   acknowledged range: never used, or (in 'memory' persistence only) lost in a crash;
 * - 'shutdown'      records still queued in memory when shutdown could neither send nor spool them.
 */
export type GapReason = 'spool_full' | 'spool_error' | 'spool_corrupt' | 'rejected' | 'restart' | 'shutdown';

export const GAP_REASONS: readonly GapReason[] = ['spool_full', 'spool_error', 'spool_corrupt', 'rejected', 'restart', 'shutdown'];
