import * as crypto from 'node:crypto';

/** SHA-256 of the body's UTF-8 bytes, lowercase hex: what a leaf commits to instead of the body. */
export function bodyDigest(body: string | Uint8Array): string {
  return crypto.hash('sha256', body, 'hex');
}
