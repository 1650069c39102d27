import type { LeafRow, PositionedRecord, StoredRecord } from './record-store';
import type { AuditRecord } from './record';

/**
 * The column list every store SELECTs records with, and the mapping of such a row to the
 * store-agnostic types. Shared by the SQLite and PostgreSQL stores so their rows cannot drift;
 * only the body column's type differs (a BLOB cast in SQLite, text in PostgreSQL), hence the
 * `bodyBytes` converter.
 */
export const RECORD_COLUMNS = `leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind,
  trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, grpc_status_code,
  subject_refs, received_at_ms, body, body_sha256, leaf_hash`;

export function toStoredRecord(row: readonly unknown[]): StoredRecord {
  const r: StoredRecord = {
    leafIndex: row[0] as number,
    recordId: row[1] as string,
    recordType: row[2] as AuditRecord['recordType'],
    identity: row[5] as string,
    service: row[6] as string,
    method: row[7] as string,
    kind: row[8] as string,
    traceId: row[9] as string,
    spanId: row[10] as string,
    startTimeUnixNano: row[12] as string,
    endTimeUnixNano: row[13] as string,
    subjectRefs: parseSubjectRefs(row[15] as string),
    receivedAtMs: row[16] as number,
    body: row[17] as string | null,
    bodySha256: row[18] as string,
    leafHash: row[19] as Buffer | null,
  };
  if (row[3] !== null) r.emitterId = row[3] as string;
  if (row[4] !== null) r.seq = row[4] as number;
  if (row[11] !== null) r.parentSpanId = row[11] as string;
  if (row[14] !== null) r.grpcStatusCode = row[14] as number;
  return r;
}

export function toLeafRow(row: readonly unknown[], bodyBytes: (column: unknown) => Buffer | null): LeafRow {
  const r: LeafRow = {
    leafIndex: row[0] as number,
    recordId: row[1] as string,
    recordType: row[2] as AuditRecord['recordType'],
    identity: row[5] as string,
    service: row[6] as string,
    method: row[7] as string,
    kind: row[8] as string,
    traceId: row[9] as string,
    spanId: row[10] as string,
    startTimeUnixNano: row[12] as string,
    endTimeUnixNano: row[13] as string,
    subjectRefsJson: row[15] as string,
    receivedAtMs: row[16] as number,
    bodyBytes: bodyBytes(row[17]),
    bodySha256: row[18] as string,
    leafHash: row[19] as Buffer | null,
  };
  if (row[3] !== null) r.emitterId = row[3] as string;
  if (row[4] !== null) r.seq = row[4] as number;
  if (row[11] !== null) r.parentSpanId = row[11] as string;
  if (row[14] !== null) r.grpcStatusCode = row[14] as number;
  return r;
}

export function parseSubjectRefs(text: string): string[] {
  if (text === '[]') return [];
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v as string[];
  } catch {
    // fall through: a damaged column must not stop verify; the leaf hash will not match.
  }
  return [`<unparsable subject_refs: ${text.slice(0, 40)}>`];
}

/**
 * One row for INSERT INTO records, in the column order both stores declare: the record's columns,
 * `start_time_ns` (the indexed start time, typed per driver) and the ledger's leaf hash.
 */
export function insertRowValues(p: PositionedRecord, startTimeNs: bigint | string, leafHash: Buffer | null): unknown[] {
  const r = p.record;
  return [
    p.leafIndex,
    r.recordId,
    r.recordType,
    r.emitterId ?? null,
    r.seq ?? null,
    r.identity,
    r.service,
    r.method,
    r.kind,
    r.traceId,
    r.spanId,
    r.parentSpanId ?? null,
    r.startTimeUnixNano,
    r.endTimeUnixNano,
    startTimeNs,
    r.grpcStatusCode ?? null,
    JSON.stringify(r.subjectRefs),
    r.receivedAtMs,
    r.body,
    p.bodySha256,
    leafHash,
  ];
}
