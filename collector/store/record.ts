/**
 * The collector's unit of storage: one span (one side of one RPC) as accepted from an
 * authenticated workload, after masking happened in the emitting process. Produced by
 * collector/ingest from OTLP, persisted by a RecordStore, committed to by the ledger.
 */
export interface AuditRecord {
  /** Stable id from `grpcaudit.record.id`, else `<traceId>:<spanId>`. Unique: duplicates are ignored. */
  recordId: string;
  /** `grpcaudit.emitter.id` when the emitter numbers its records. */
  emitterId?: string;
  /** `grpcaudit.seq` (per-emitter monotonic). */
  seq?: number;
  /** SPIFFE ID (or CN, when configured) of the certificate that sent the record; 'insecure' in plaintext mode. */
  identity: string;
  /** Resource `service.name`. */
  service: string;
  /** '/pkg.Service/Method' (from rpc.service + rpc.method), '' if not an RPC span. */
  method: string;
  traceId: string; // 32 hex
  spanId: string; // 16 hex
  parentSpanId?: string;
  /** 'client' | 'server' | 'internal' | 'producer' | 'consumer' | 'unspecified'. */
  kind: string;
  /**
   * 'span' for an RPC record, 'gap' for an explicit loss report from an emitter, 'continuation'
   * for a further batch of a long call's messages (`grpcaudit.continuation`; not a call), 'admin'
   * for an action on the collector's admin API (collector/admin; never made from ingested spans).
   */
  recordType: 'span' | 'gap' | 'continuation' | 'admin';
  startTimeUnixNano: string; // decimal string: 64-bit
  endTimeUnixNano: string;
  /** gRPC status code (rpc.grpc.status_code), undefined when absent. */
  grpcStatusCode?: number;
  /** Pseudonymous subject references (`grpcaudit.subject_refs`). */
  subjectRefs: string[];
  /** Canonical JSON of the whole masked span: name, attributes, events, status, resource. */
  body: string;
  /** Milliseconds since epoch when the collector accepted it. */
  receivedAtMs: number;
}
