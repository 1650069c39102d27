import * as crypto from 'node:crypto';

/** SHA-256 of the body's UTF-8 bytes, lowercase hex: what a leaf commits to instead of the body. */
export function bodyDigest(body: string): string {
  return crypto.createHash('sha256').update(body, 'utf8').digest('hex');
}
