import { randomBytes } from 'node:crypto';
import type { KeyMaterial, Keyring } from './keyring';

/** Serializable state shared by the in-memory and the file keyring. */
export interface KeyringState {
  version: 1;
  current: string;
  hmacKeys: Record<string, string>;
  /** data key id → { subject, key (base64) } */
  dataKeys: Record<string, { subject: string; key: string; created: string }>;
  /** subject ref → current data key id */
  subjects: Record<string, string>;
}

export function newKeyringState(): KeyringState {
  return { version: 1, current: 'k1', hmacKeys: { k1: randomBytes(32).toString('base64') }, dataKeys: {}, subjects: {} };
}

/**
 * Keys held in memory only: for tests and for processes that need stable pseudonyms only while
 * they run. Everything is lost with the process (which also erases every encrypted value).
 */
export class MemoryKeyring implements Keyring {
  protected state: KeyringState;
  private readonly cache = new Map<string, KeyMaterial>();

  constructor(state?: KeyringState) {
    this.state = state ?? newKeyringState();
  }

  /** Called after every change; the file keyring persists here. */
  protected changed(): void {}

  currentHmacKey(): KeyMaterial {
    return this.hmacKey(this.state.current)!;
  }

  hmacKey(id: string): KeyMaterial | undefined {
    const cached = this.cache.get('h:' + id);
    if (cached) return cached;
    const b64 = this.state.hmacKeys[id];
    if (b64 === undefined) return undefined;
    const km = { id, key: Buffer.from(b64, 'base64') };
    this.cache.set('h:' + id, km);
    return km;
  }

  /** Ids of every pseudonymisation key, current and retired (to find a subject's refs under each). */
  hmacKeyIds(): string[] {
    return Object.keys(this.state.hmacKeys);
  }

  rotate(): KeyMaterial {
    let n = Object.keys(this.state.hmacKeys).length + 1;
    while (this.state.hmacKeys['k' + n]) n++;
    const id = 'k' + n;
    this.state.hmacKeys[id] = randomBytes(32).toString('base64');
    this.state.current = id;
    this.changed();
    return this.currentHmacKey();
  }

  subjectKey(subjectRef: string): KeyMaterial {
    const existing = this.state.subjects[subjectRef];
    if (existing) {
      const km = this.dataKey(existing);
      if (km) return km;
    }
    const id = 'dk-' + randomBytes(9).toString('base64url');
    this.state.dataKeys[id] = { subject: subjectRef, key: randomBytes(32).toString('base64'), created: new Date().toISOString() };
    this.state.subjects[subjectRef] = id;
    this.changed();
    return this.dataKey(id)!;
  }

  dataKey(id: string): KeyMaterial | undefined {
    const cached = this.cache.get('d:' + id);
    if (cached) return cached;
    const entry = this.state.dataKeys[id];
    if (!entry) return undefined;
    const km = { id, key: Buffer.from(entry.key, 'base64') };
    this.cache.set('d:' + id, km);
    return km;
  }

  destroySubjectKeys(subjectRef: string): number {
    let n = 0;
    for (const [id, entry] of Object.entries(this.state.dataKeys)) {
      if (entry.subject !== subjectRef) continue;
      const cached = this.cache.get('d:' + id);
      if (cached) cached.key.fill(0);
      this.cache.delete('d:' + id);
      delete this.state.dataKeys[id];
      n++;
    }
    delete this.state.subjects[subjectRef];
    if (n > 0) this.changed();
    return n;
  }
}
