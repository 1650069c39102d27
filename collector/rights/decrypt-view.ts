import type { KeyMaterial } from '../../interceptors/mask/keyring/keyring';
import { DecryptError, SubjectCipher } from '../../interceptors/mask/strategies/subject-cipher';

/** Marker put in place of a value whose subject key was destroyed (crypto-shredded). */
export const ERASED_MARKER = '[erased]';
/** Marker for a value of the subject that does not decrypt (altered, or an unknown key). */
export const UNREADABLE_MARKER = '[unreadable]';

const TOKEN = /enc:([A-Za-z0-9_-]+):(hmac:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+):([A-Za-z0-9_-]+)/g;

export interface ViewCounts {
  decrypted: number;
  erased: number;
  unreadable: number;
}

/**
 * Builds the readable view of a stored body for a subject export: parses it, expands strings that
 * hold JSON (payloads are canonical JSON inside an attribute), and replaces each encrypted value
 * of one of `refs` with its plaintext — or ERASED_MARKER when its key is gone. Values encrypted
 * for other subjects and every masked value stay exactly as stored.
 *
 * `keys` holds the data keys found for the ciphertexts (loaded beforehand, since a keyring lookup
 * may be asynchronous); a missing id means destroyed.
 */
export function decryptView(body: string | null, refs: ReadonlySet<string>, keys: ReadonlyMap<string, KeyMaterial>, counts: ViewCounts): unknown {
  if (body === null) return null;
  const cipher = new SubjectCipher({
    dataKey: (id: string) => keys.get(id),
    currentHmacKey: () => { throw new Error('not used'); },
    hmacKey: () => undefined,
    rotate: () => { throw new Error('not used'); },
    subjectKey: () => { throw new Error('not used'); },
    destroySubjectKeys: () => 0,
  });
  const fixString = (s: string): unknown => {
    const c = s.charCodeAt(0);
    if (c === 123 || c === 91) {
      try {
        return walk(JSON.parse(s));
      } catch {
        // not JSON after all: treat as text
      }
    }
    if (!s.includes('enc:')) return s;
    return s.replace(TOKEN, (token: string, _keyId: string, ref: string) => {
      if (!refs.has(ref)) return token;
      try {
        const plain = cipher.decrypt(token);
        counts.decrypted++;
        return plain;
      } catch (err) {
        if (err instanceof DecryptError && err.erased) {
          counts.erased++;
          return ERASED_MARKER;
        }
        counts.unreadable++;
        return UNREADABLE_MARKER;
      }
    });
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fixString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return fixString(body);
}

/** Data key ids of the subject's ciphertexts in `body` (to load them before decryptView). */
export function subjectKeyIds(body: string | null, refs: ReadonlySet<string>, into: Set<string>): void {
  if (body === null || !body.includes('enc:')) return;
  for (const m of body.matchAll(TOKEN)) if (refs.has(m[2])) into.add(m[1]);
}
