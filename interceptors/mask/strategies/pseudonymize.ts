import { createHmac } from 'node:crypto';
import type { Keyring } from '../keyring/keyring';

/**
 * Keyed pseudonyms: HMAC-SHA-256 under the keyring's current key, truncated to 128 bits,
 * `hmac:<keyId>:<base64url>`. Stable for a key, so equal values join across records; never a
 * plain hash, which anyone could recompute from a guessed value. Also used for subject refs.
 */
export class Pseudonymizer {
  constructor(private readonly keyring: Keyring) {}

  pseudonym(value: string): string {
    const k = this.keyring.currentHmacKey();
    return `hmac:${k.id}:${createHmac('sha256', k.key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url')}`;
  }

  /** Recomputes a pseudonym under the key it names (for lookups after rotation); undefined if the key is unknown. */
  pseudonymUnder(keyId: string, value: string): string | undefined {
    const k = this.keyring.hmacKey(keyId);
    if (!k) return undefined;
    return `hmac:${k.id}:${createHmac('sha256', k.key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url')}`;
  }

  /** True when `pseudonym` is `value` under the key it names. */
  matches(pseudonym: string, value: string): boolean {
    const parts = pseudonym.split(':');
    return parts.length === 3 && parts[0] === 'hmac' && this.pseudonymUnder(parts[1], value) === pseudonym;
  }
}
