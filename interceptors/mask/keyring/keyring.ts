/** A symmetric key with its id; ids appear in pseudonyms and ciphertexts so old values stay verifiable after rotation. */
export interface KeyMaterial {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * Where masking keys live. Two kinds of key:
 * - pseudonymisation keys (HMAC-SHA-256): one current, older ones kept after rotation so
 *   pseudonyms made before can still be recomputed and matched;
 * - per-subject data keys (AES-256-GCM): one per data subject, so destroying it erases every
 *   value encrypted for that subject (crypto-shredding) without touching the records.
 */
export interface Keyring {
  /** The key new pseudonyms are made with. */
  currentHmacKey(): KeyMaterial;
  /** A pseudonymisation key by id, current or retired; undefined if unknown. */
  hmacKey(id: string): KeyMaterial | undefined;
  /** Makes a new current pseudonymisation key; the previous one is kept for verification. */
  rotate(): KeyMaterial;
  /** The subject's current data key, created on first use (also after an erasure: new data, new key). */
  subjectKey(subjectRef: string): KeyMaterial;
  /** A data key by id (from a ciphertext); undefined once destroyed. */
  dataKey(id: string): KeyMaterial | undefined;
  /** Destroys every data key of the subject; returns how many were destroyed. */
  destroySubjectKeys(subjectRef: string): number;
}
