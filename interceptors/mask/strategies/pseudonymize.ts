import { createHmac } from 'node:crypto';
import type { KeyMaterial, Keyring } from '../keyring/keyring';

/** Most pseudonyms remembered per key; the memo is emptied when full (no per-entry bookkeeping). */
const MEMO_LIMIT = 4096;
/** Longer values are computed every time: rarely repeated, and they would make the memo large. */
const MEMO_MAX_VALUE_LENGTH = 256;

/**
 * Keyed pseudonyms: HMAC-SHA-256 under the keyring's current key, truncated to 128 bits,
 * `hmac:<keyId>:<base64url>`. Stable for a key, so equal values join across records; never a
 * plain hash, which anyone could recompute from a guessed value. Also used for subject refs.
 *
 * Values repeat (a customer id in every message of a stream, the same e-mail in each record), and
 * an HMAC costs microseconds on a cold path, so the pseudonyms of the current key are memoised:
 * a bounded, private map from value to pseudonym that belongs to one key — when the current key
 * changes (rotation) the memo is replaced, so a pseudonym made under one key is never returned
 * under another. Output is identical with or without the memo.
 */
export class Pseudonymizer {
  private memoKey: KeyMaterial | undefined;
  private memo = new Map<string, string>();

  constructor(private readonly keyring: Keyring) {}

  pseudonym(value: string): string {
    const k = this.keyring.currentHmacKey();
    if (k !== this.memoKey) this.switchMemo(k);
    if (value.length > MEMO_MAX_VALUE_LENGTH) return compute(k, value);
    let p = this.memo.get(value);
    if (p === undefined) {
      p = compute(k, value);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(value, p);
    }
    return p;
  }

  /** Recomputes a pseudonym under the key it names (for lookups after rotation); undefined if the key is unknown. */
  pseudonymUnder(keyId: string, value: string): string | undefined {
    const k = this.keyring.hmacKey(keyId);
    if (!k) return undefined;
    return compute(k, value);
  }

  /** True when `pseudonym` is `value` under the key it names. */
  matches(pseudonym: string, value: string): boolean {
    const parts = pseudonym.split(':');
    return parts.length === 3 && parts[0] === 'hmac' && this.pseudonymUnder(parts[1], value) === pseudonym;
  }

  /** The memo belongs to one key: same id and same bytes keep it, anything else starts a new one. */
  private switchMemo(k: KeyMaterial): void {
    const same = this.memoKey !== undefined && this.memoKey.id === k.id && this.memoKey.key.equals(k.key);
    if (!same) this.memo = new Map();
    this.memoKey = k;
  }
}

function compute(k: KeyMaterial, value: string): string {
  return `hmac:${k.id}:${createHmac('sha256', k.key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url')}`;
}
