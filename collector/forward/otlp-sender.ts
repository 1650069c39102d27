/** What one export attempt came to. `retryable` failures are tried again after a backoff. */
export type SendOutcome =
  | { ok: true; rejectedSpans: number }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/**
 * Sends one encoded ExportTraceServiceRequest to one backend. Implementations never throw:
 * every failure is an outcome. `reason` is a short fixed phrase plus a status code, never a
 * header value or a payload.
 */
export interface OtlpSender {
  send(request: Buffer): Promise<SendOutcome>;
  /** Releases connections; idempotent. */
  close(): void;
}
