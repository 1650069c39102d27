/** One consent decision as the guards hold it. */
export interface ConsentEntry {
  subjectRef: string;
  purpose: string;
  withdrawn: boolean;
}

/**
 * The guard's in-memory copy of the collector's consent registry: subject reference → purposes
 * whose consent is withdrawn. Only withdrawals are kept, since a call is refused only for one; a
 * grant removes the entry. A lookup is two Map reads.
 */
export class ConsentState {
  private withdrawn = new Map<string, Set<string>>();
  /** Resume token of the last message applied (see the consent feed); undefined before the first. */
  token: number | undefined;
  /** Time of the last snapshot or change applied (ms), 0 before any. */
  updatedAtMs = 0;

  isWithdrawn(subjectRef: string, purpose: string): boolean {
    const s = this.withdrawn.get(subjectRef);
    return s !== undefined && s.has(purpose);
  }

  /** Replaces the whole state (a snapshot). */
  replace(entries: readonly ConsentEntry[], token: number, now: number): void {
    this.withdrawn = new Map();
    this.applyAll(entries, token, now);
  }

  /** Applies changes in order. */
  applyAll(entries: readonly ConsentEntry[], token: number, now: number): void {
    for (const e of entries) {
      let s = this.withdrawn.get(e.subjectRef);
      if (e.withdrawn) {
        if (!s) this.withdrawn.set(e.subjectRef, (s = new Set()));
        s.add(e.purpose);
      } else if (s) {
        s.delete(e.purpose);
        if (s.size === 0) this.withdrawn.delete(e.subjectRef);
      }
    }
    this.token = token;
    this.updatedAtMs = now;
  }

  /** Subjects with at least one withdrawal (for tests and diagnostics). */
  size(): number {
    return this.withdrawn.size;
  }
}
