import * as grpc from '@grpc/grpc-js';

/**
 * The collector's answer to one export request, classified once (here) for every caller:
 * - ok: stored, except `rejectedSpans` a partial success names (OTLP: not to be retried);
 * - retryable: a condition of the channel or the collector that waiting (and a fix on the
 *   collector's side) cures — the records stay spooled and are sent again;
 * - deterministic: the collector refuses these records and will refuse them on every retry —
 *   the batch is halved until the record stands alone, and that record is set aside with a gap
 *   record carrying the reason, so one poisoned record never blocks the spool.
 */
export type ExportOutcome =
  | { ok: true; rejectedSpans: number; errorMessage: string }
  | { ok: false; code: grpc.status; details: string; retryable: boolean };

/**
 * Codes that say "this request is wrong", whatever the state of the collector: the record is at
 * fault, not the channel. INVALID_ARGUMENT (malformed, over a depth or size limit, unmasked data
 * the guard refuses), FAILED_PRECONDITION (a record the collector's rules refuse as it stands),
 * OUT_OF_RANGE (a value outside what the collector accepts — OTLP would retry it, but the same
 * record never comes back in range), ALREADY_EXISTS and NOT_FOUND (never sent by our collector
 * for a new record; treated as the record's fault rather than retried forever).
 *
 * Deliberately retried although deterministic for a while: PERMISSION_DENIED and UNAUTHENTICATED
 * (a certificate rotation or an identity-policy reload cures them; they concern the emitter's
 * identity, so every record would fail alike and setting records aside would turn a
 * misconfiguration into mass loss), UNIMPLEMENTED (a wrong address), INTERNAL, UNKNOWN, DATA_LOSS,
 * UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, CANCELLED, RESOURCE_EXHAUSTED (busy). Our records are
 * durable, so waiting costs disk, not data.
 */
const DETERMINISTIC = new Set<grpc.status>([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.OUT_OF_RANGE,
  grpc.status.ALREADY_EXISTS,
  grpc.status.NOT_FOUND,
]);

/**
 * RESOURCE_EXHAUSTED is "busy, come back later" — except when it says a limit was exceeded:
 * grpc-js' "Received message larger than max" (the request is over the collector's size limit)
 * and a collector saying a request exceeds a limit it names. Those fail the same way on every
 * retry, so the batch is halved until the record at fault stands alone.
 */
const OVER_A_LIMIT = /larger than max|exceeds? (the )?.*limit|too (large|many|deep)/i;

export function isRetryable(code: grpc.status, details = ''): boolean {
  if (code === grpc.status.RESOURCE_EXHAUSTED && OVER_A_LIMIT.test(details)) return false;
  return !DETERMINISTIC.has(code);
}

/** `INVALID_ARGUMENT: <collector's message>` trimmed, for gap records and logs. */
export function describeRefusal(code: grpc.status, details: string): string {
  const name = (grpc.status as unknown as Record<number, string>)[code] ?? String(code);
  return `${name}: ${details.replace(/\s+/g, ' ').slice(0, 300)}`;
}
