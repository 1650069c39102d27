import type { AuditRecord } from '../store/record';

/**
 * What one ledger leaf commits to. A leaf's data is the UTF-8 text of a JSON array in a fixed
 * order; because it holds only strings, safe integers, null and an array of strings, JavaScript's
 * `JSON.stringify` produces exactly the RFC 8785 (JCS) canonical form, so any language can
 * rebuild the bytes. Layout (version 1):
 *
 *   ["grpcaudit.leaf.v1", leafIndex, recordId, recordType, identity, service, method, kind,
 *    traceId, spanId, parentSpanId|null, emitterId|null, seq|null,
 *    startTimeUnixNano, endTimeUnixNano, grpcStatusCode|null, [subjectRefs...],
 *    receivedAtMs, bodySha256]
 *
 * Why these choices:
 * - The body enters as its SHA-256 (lowercase hex), not verbatim. The body already holds the
 *   masked payload and the ciphertext of encrypted fields, so destroying a subject's key
 *   (crypto-shredding) changes no stored byte; and retention may later drop a body (store NULL)
 *   while its digest — and so every proof — stays valid.
 * - The leaf index is inside the entry: a row moved to another position no longer matches its
 *   own leaf hash, so `verify` reports "reordered at index i" instead of only "root differs".
 * - Every column a query filters on is committed, so a changed service, time or status is caught.
 */
export const LEAF_ENTRY_VERSION = 'grpcaudit.leaf.v1';

/** The record fields a leaf commits to besides the body digest (an AuditRecord or StoredRecord fits). */
export type LeafEntryFields = Omit<AuditRecord, 'body'>;

/**
 * Canonical leaf data (as text; hash its UTF-8 bytes) for record `r` at position `leafIndex`,
 * whose body has SHA-256 `bodySha256` (lowercase hex, see store/body-digest.ts).
 */
export function encodeLeafEntry(leafIndex: number, r: LeafEntryFields, bodySha256: string): string {
  return JSON.stringify([
    LEAF_ENTRY_VERSION,
    leafIndex,
    r.recordId,
    r.recordType,
    r.identity,
    r.service,
    r.method,
    r.kind,
    r.traceId,
    r.spanId,
    r.parentSpanId ?? null,
    r.emitterId ?? null,
    r.seq ?? null,
    r.startTimeUnixNano,
    r.endTimeUnixNano,
    r.grpcStatusCode ?? null,
    r.subjectRefs,
    r.receivedAtMs,
    bodySha256,
  ]);
}
