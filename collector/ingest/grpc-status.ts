import { status, type StatusObject, Metadata } from '@grpc/grpc-js';
import { DecodeError, IdentityQuotaError, IngestWorkerError, QueueFullError, RequestLimitError, ShuttingDownError, SinkError } from './ingest-errors';

/**
 * The single mapping from ingest failures to gRPC statuses. Retryable conditions become
 * UNAVAILABLE (the OTLP exporter's signal to retry with backoff; the sink de-duplicates by record
 * id, so a retry after a lost response stores nothing twice). Details never carry payload data.
 */
export function toGrpcStatus(err: unknown): StatusObject {
  const s = (code: status, details: string): StatusObject => ({ code, details, metadata: new Metadata() });
  if (err instanceof DecodeError || err instanceof RequestLimitError) return s(status.INVALID_ARGUMENT, err.message);
  if (err instanceof QueueFullError || err instanceof IdentityQuotaError) return s(status.RESOURCE_EXHAUSTED, err.message);
  if (err instanceof SinkError || err instanceof ShuttingDownError || err instanceof IngestWorkerError) return s(status.UNAVAILABLE, err.message);
  return s(status.INTERNAL, 'internal collector error');
}

export function statusName(code: status): string {
  return status[code] ?? String(code);
}
