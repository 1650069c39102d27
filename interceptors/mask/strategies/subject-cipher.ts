import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from '../keyring/keyring';

/** Thrown when a value cannot be decrypted; `erased` when its subject key was destroyed. */
export class DecryptError extends Error {
  constructor(message: string, readonly erased: boolean) {
    super(message);
    this.name = 'DecryptError';
  }
}

const PREFIX = 'enc:';

/**
 * AES-256-GCM under the data subject's own key: `enc:<dataKeyId>:<subjectRef>:<base64url(iv|ct|tag)>`.
 * The key id and subject ref are bound as associated data, so a ciphertext cannot be moved to
 * another subject. Destroying the subject's keys (Keyring.destroySubjectKeys) makes every such
 * value unreadable — erasure without rewriting the append-only record.
 */
export class SubjectCipher {
  constructor(private readonly keyring: Keyring) {}

  encrypt(plaintext: string, subjectRef: string): string {
    const k = this.keyring.subjectKey(subjectRef);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k.key, iv);
    cipher.setAAD(Buffer.from(`${k.id}:${subjectRef}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const blob = Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url');
    return `${PREFIX}${k.id}:${subjectRef}:${blob}`;
  }

  /** Decrypts a value made by `encrypt` (for a subject's data export). */
  decrypt(token: string): string {
    const parsed = parseEncrypted(token);
    if (!parsed) throw new DecryptError('not an encrypted grpc-audit value', false);
    const k = this.keyring.dataKey(parsed.keyId);
    if (!k) throw new DecryptError(`data key ${parsed.keyId} does not exist (subject erased?)`, true);
    const raw = Buffer.from(parsed.blob, 'base64url');
    if (raw.length < 12 + 16) throw new DecryptError('ciphertext too short', false);
    const decipher = createDecipheriv('aes-256-gcm', k.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${parsed.keyId}:${parsed.subjectRef}`, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptError('ciphertext does not authenticate (altered, or wrong key)', false);
    }
  }
}

/** Splits `enc:<keyId>:<subjectRef>:<blob>`; the subject ref may itself contain ':'. */
export function parseEncrypted(token: string): { keyId: string; subjectRef: string; blob: string } | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const rest = token.slice(PREFIX.length);
  const first = rest.indexOf(':');
  const last = rest.lastIndexOf(':');
  if (first <= 0 || last <= first + 1) return undefined;
  return { keyId: rest.slice(0, first), subjectRef: rest.slice(first + 1, last), blob: rest.slice(last + 1) };
}

export function isEncrypted(value: string): boolean {
  return parseEncrypted(value) !== undefined;
}
