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
  // One JSON.stringify of the array: the same bytes as encodeLeafEntryWithRefs (tested), but
  // V8 returns one flat string instead of a rope of 40 pieces that hashing must flatten first.
  return JSON.stringify([
    LEAF_ENTRY_VERSION, leafIndex, r.recordId, r.recordType, r.identity, r.service, r.method, r.kind, r.traceId, r.spanId,
    r.parentSpanId ?? null, r.emitterId ?? null, r.seq ?? null, r.startTimeUnixNano, r.endTimeUnixNano, r.grpcStatusCode ?? null,
    r.subjectRefs, r.receivedAtMs, bodySha256,
  ]);
}

/**
 * The same encoding with the subject references already serialised (`JSON.stringify(refs)`), so
 * `verify` can use the stored column text without parsing it. Each other element is serialised
 * on its own with JSON.stringify, which yields the very bytes `JSON.stringify([...])` would and
 * keeps element boundaries unambiguous whatever a damaged column holds. The caller must pass
 * canonical `subjectRefsJson` (see isCanonicalRefsJson).
 */
export function encodeLeafEntryWithRefs(
  leafIndex: number,
  r: Omit<LeafEntryFields, 'subjectRefs'>,
  subjectRefsJson: string,
  bodySha256: string,
): string {
  const j = JSON.stringify;
  return (
    `["${LEAF_ENTRY_VERSION}",${j(leafIndex)},${j(r.recordId)},${j(r.recordType)},${j(r.identity)},${j(r.service)},` +
    `${j(r.method)},${j(r.kind)},${j(r.traceId)},${j(r.spanId)},${j(r.parentSpanId ?? null)},${j(r.emitterId ?? null)},` +
    `${j(r.seq ?? null)},${j(r.startTimeUnixNano)},${j(r.endTimeUnixNano)},${j(r.grpcStatusCode ?? null)},` +
    `${subjectRefsJson},${j(r.receivedAtMs)},${j(bodySha256)}]`
  );
}

/** True when `text` is exactly JSON.stringify of an array of strings. */
export function isCanonicalRefsJson(text: string): boolean {
  if (text === '[]') return true;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') && JSON.stringify(v) === text;
  } catch {
    return false;
  }
}
