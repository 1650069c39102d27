/**
 * Typed errors inside the ingest pipeline; `grpc-status.ts` is the one place that turns them
 * into gRPC status codes (house rule 6).
 */

/** The request bytes are not an ExportTraceServiceRequest. → INVALID_ARGUMENT */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** One span cannot become a record (bad ids, duplicate keys, bad grpcaudit.* types). Rejected alone. */
export class MalformedSpanError extends Error {
  override readonly name = 'MalformedSpanError';
}

/** The pending queue is full; the client should back off. → RESOURCE_EXHAUSTED */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(readonly pending: number, readonly limit: number) {
    super(`collector is busy: ${pending} records pending (limit ${limit}); retry later`);
  }
}

/** The sink failed to store a batch; nothing of it was acknowledged. Retryable. → UNAVAILABLE */
export class SinkError extends Error {
  override readonly name = 'SinkError';
  constructor(override readonly cause: unknown) {
    super('records could not be stored; retry');
  }
}

/** The collector is shutting down and takes no new records. Retryable. → UNAVAILABLE */
export class ShuttingDownError extends Error {
  override readonly name = 'ShuttingDownError';
  constructor() {
    super('collector is shutting down; retry against another replica or later');
  }
}

/**
 * The request breaks a fixed limit (attributes per span, nesting depth, spans per request) and can
 * never succeed as sent; the message names the limit. Deterministic: not to be retried. → INVALID_ARGUMENT
 */
export class RequestLimitError extends Error {
  override readonly name = 'RequestLimitError';
}

/** One identity holds more than its share (concurrent calls, pending records). Retryable later. → RESOURCE_EXHAUSTED */
export class IdentityQuotaError extends Error {
  override readonly name = 'IdentityQuotaError';
}

/** An ingest worker thread died while mapping the request; nothing of it was stored. Retryable. → UNAVAILABLE */
export class IngestWorkerError extends Error {
  override readonly name = 'IngestWorkerError';
}
