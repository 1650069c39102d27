import type { KeyMaterial } from '../../interceptors/mask/keyring/keyring';
import { FileKeyring } from '../../interceptors/mask/keyring/file-keyring';
import { PostgresKeyring } from '../../interceptors/mask/keyring/postgres-keyring';
import { Pseudonymizer } from '../../interceptors/mask/strategies/pseudonymize';

/**
 * The keyring as the rights functions need it: find a subject's pseudonymous references, read
 * data keys to decrypt an export, destroy a subject's keys. Implemented over the file keyring
 * (re-read on every operation, since emitting processes change it) and the PostgreSQL keyring.
 */
export interface SubjectKeys {
  /** The subject's reference under every pseudonymisation key, current and retired. */
  refsOf(subjectId: string): Promise<string[]>;
  /** A data key by id; undefined once destroyed (or never known). */
  dataKey(id: string): Promise<KeyMaterial | undefined>;
  /** Destroys every data key of the reference; returns how many there were. */
  erase(subjectRef: string): Promise<number>;
  close(): Promise<void>;
}

/** Where the keyring is: the file of FileKeyring or a PostgreSQL database. */
export type KeyringLocation = { type: 'file'; path: string } | { type: 'postgres'; url: string };

/** A reference as the masker makes it (`hmac:<keyId>:<base64url>`). */
export const SUBJECT_REF = /^hmac:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;

export async function openSubjectKeys(where: KeyringLocation): Promise<SubjectKeys> {
  if (where.type === 'file') return new FileSubjectKeys(where.path);
  return new PostgresSubjectKeys(await PostgresKeyring.open({ url: where.url, listen: false }));
}

function refsUnderEveryKey(ring: FileKeyring | PostgresKeyring, subjectId: string): string[] {
  const p = new Pseudonymizer(ring);
  // The current key first: a consent recorded by raw id is keyed by its reference, which is what
  // emitters (and consent guards) compute now.
  const current = ring.currentHmacKey().id;
  const refs: string[] = [];
  for (const id of [current, ...ring.hmacKeyIds().filter((k) => k !== current)]) {
    const ref = p.pseudonymUnder(id, subjectId);
    if (ref) refs.push(ref);
  }
  return refs;
}

class FileSubjectKeys implements SubjectKeys {
  constructor(private readonly file: string) {}

  private ring(): FileKeyring {
    return FileKeyring.open(this.file);
  }

  async refsOf(subjectId: string): Promise<string[]> {
    return refsUnderEveryKey(this.ring(), subjectId);
  }

  async dataKey(id: string): Promise<KeyMaterial | undefined> {
    return this.ring().dataKey(id);
  }

  async erase(subjectRef: string): Promise<number> {
    return this.ring().destroySubjectKeys(subjectRef);
  }

  async close(): Promise<void> {}
}

class PostgresSubjectKeys implements SubjectKeys {
  constructor(private readonly ring: PostgresKeyring) {}

  async refsOf(subjectId: string): Promise<string[]> {
    return refsUnderEveryKey(this.ring, subjectId);
  }

  dataKey(id: string): Promise<KeyMaterial | undefined> {
    return this.ring.loadDataKey(id);
  }

  erase(subjectRef: string): Promise<number> {
    return this.ring.eraseSubject(subjectRef);
  }

  close(): Promise<void> {
    return this.ring.close();
  }
}
