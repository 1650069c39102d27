import type { AuditRecord } from './record';
import { InvalidRecordError } from './store-errors';

/**
 * A lone UTF-16 surrogate cannot be stored: SQLite keeps UTF-8 and would turn it into U+FFFD,
 * or write it as invalid UTF-8 (bodies do the latter), so the stored bytes would no longer be the
 * ones the leaf committed to and verify would raise a false alarm. (With the u flag, \p{Cs}
 * matches only unpaired surrogates.) Canonical JSON from JSON.stringify never contains one: it
 * escapes them as \udXXX text. The check is String.prototype.isWellFormed (native, ES2024, V8
 * 11.1+): the /\p{Cs}/u test it replaced walked a two-byte string code point by code point and took
 * ~20 % of the writer thread's time per 4 KB body (one '█' in a masked payload makes the whole body
 * two-byte); a one-byte string cannot hold a surrogate at all and costs nothing.
 */
function hasLoneSurrogate(s: string): boolean {
  return !(s as string & { isWellFormed(): boolean }).isWellFormed();
}

const DECIMAL_U64 = /^(0|[1-9][0-9]{0,19})$/;
const U64_MAX = 18446744073709551615n;
const INT64_MAX = 9223372036854775807n;

/**
 * Checks a batch against the AuditRecord contract before anything is written, so a bad record
 * rejects its batch with a message naming the field instead of storing something the ledger
 * would then commit to forever.
 */
export function validateRecords(records: readonly AuditRecord[]): void {
  records.forEach((r, i) => validateRecord(r, i));
}

function validateRecord(r: AuditRecord, i: number): void {
  if (r === null || typeof r !== 'object') throw new InvalidRecordError(i, 'record', 'is not an object');
  str(r.recordId, i, 'recordId', true);
  str(r.identity, i, 'identity');
  str(r.service, i, 'service');
  str(r.method, i, 'method');
  str(r.traceId, i, 'traceId');
  str(r.spanId, i, 'spanId');
  str(r.kind, i, 'kind');
  if (r.parentSpanId !== undefined) str(r.parentSpanId, i, 'parentSpanId');
  if (r.emitterId !== undefined) str(r.emitterId, i, 'emitterId');
  if (r.recordType !== 'span' && r.recordType !== 'gap' && r.recordType !== 'continuation' && r.recordType !== 'admin') {
    throw new InvalidRecordError(i, 'recordType', `must be 'span', 'gap', 'continuation' or 'admin'`);
  }
  nanos(r.startTimeUnixNano, i, 'startTimeUnixNano', true);
  nanos(r.endTimeUnixNano, i, 'endTimeUnixNano', false);
  if (r.seq !== undefined && (!Number.isSafeInteger(r.seq) || r.seq < 0)) {
    throw new InvalidRecordError(i, 'seq', 'must be a non-negative safe integer');
  }
  if (r.grpcStatusCode !== undefined && !Number.isSafeInteger(r.grpcStatusCode)) {
    throw new InvalidRecordError(i, 'grpcStatusCode', 'must be an integer');
  }
  if (!Array.isArray(r.subjectRefs) || r.subjectRefs.some((s) => typeof s !== 'string')) {
    throw new InvalidRecordError(i, 'subjectRefs', 'must be an array of strings');
  }
  for (const ref of r.subjectRefs) {
    if (hasLoneSurrogate(ref)) throw new InvalidRecordError(i, 'subjectRefs', 'contains an unpaired UTF-16 surrogate');
  }
  if (typeof r.body !== 'string') throw new InvalidRecordError(i, 'body', 'must be a string');
  if (hasLoneSurrogate(r.body)) throw new InvalidRecordError(i, 'body', 'contains an unpaired UTF-16 surrogate');
  if (!Number.isSafeInteger(r.receivedAtMs) || r.receivedAtMs < 0) {
    throw new InvalidRecordError(i, 'receivedAtMs', 'must be a non-negative safe integer');
  }
}

function str(v: unknown, i: number, field: string, nonEmpty = false): void {
  if (typeof v !== 'string') throw new InvalidRecordError(i, field, 'must be a string');
  if (nonEmpty && v.length === 0) throw new InvalidRecordError(i, field, 'must not be empty');
  if (hasLoneSurrogate(v)) throw new InvalidRecordError(i, field, 'contains an unpaired UTF-16 surrogate');
}

function nanos(v: unknown, i: number, field: string, indexed: boolean): void {
  if (typeof v !== 'string' || !DECIMAL_U64.test(v) || BigInt(v) > U64_MAX) {
    throw new InvalidRecordError(i, field, 'must be a decimal string of an unsigned 64-bit integer');
  }
  // The start time is also stored as a signed 64-bit INTEGER for range queries (nanoseconds until the year 2262).
  if (indexed && BigInt(v) > INT64_MAX) throw new InvalidRecordError(i, field, 'is beyond the year 2262');
}
