import * as crypto from 'node:crypto';
import type { AuditRecord } from './record';

/** SHA-256 of the body's UTF-8 bytes, lowercase hex: what a leaf commits to instead of the body. */
export function bodyDigest(body: string | Uint8Array): string {
  return crypto.hash('sha256', body, 'hex');
}

/**
 * A digest computed before the record reached the store: the writer thread receives records
 * packed with their body digest (record-pack.ts, computed by an ingest worker from the same
 * string), so the single writer does not hash every body again. Kept on the record object as a
 * non-enumerable symbol property (invisible to comparisons and never cloned); not in a WeakMap,
 * whose many short-lived keys slow every garbage collection.
 */
const DIGEST = Symbol('grpcaudit.bodySha256');

export function rememberBodyDigest(record: AuditRecord, digest: string): void {
  Object.defineProperty(record, DIGEST, { value: digest });
}

/** The record's body digest: the one handed over with it, else computed now. */
export function recordBodyDigest(record: AuditRecord): string {
  return (record as { [DIGEST]?: string })[DIGEST] ?? bodyDigest(record.body);
}
