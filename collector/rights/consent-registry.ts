/**
 * The lawful-basis registry: per subject reference and purpose, the last recorded consent
 * decision. Its source of truth is the ledger — each change is an admin record (SetConsent), and
 * the registry is the fold of those records in leaf order — so the registry is as tamper-evident
 * as the records and needs no table of its own. The leaf index of a change doubles as the resume
 * token of the consent feed.
 */
export type ConsentDecision = 'granted' | 'withdrawn';

export interface ConsentChange {
  subjectRef: string;
  purpose: string;
  state: ConsentDecision;
  source: string;
  changedAtMs: number;
  changedBy: string;
  /** Leaf index of the admin record holding the change. */
  leafIndex: number;
}

export type ConsentListener = (change: ConsentChange) => void;

/** How many recent changes are kept for resuming subscribers; older tokens get a snapshot. */
const DEFAULT_HISTORY = 10_000;

export class ConsentRegistry {
  private readonly bySubject = new Map<string, Map<string, ConsentChange>>();
  private readonly history: ConsentChange[] = [];
  private readonly listeners = new Set<ConsentListener>();
  /** Highest leaf index applied, -1 when none. */
  private head = -1;
  /** Leaf index of the newest change dropped from the history, -1 when none was. */
  private droppedUpTo = -1;

  constructor(private readonly historyLimit = DEFAULT_HISTORY) {}

  /**
   * Applies a change (idempotent; changes must arrive in leaf order, older ones are ignored) and
   * tells the listeners.
   */
  apply(change: ConsentChange): void {
    if (change.leafIndex <= this.head) return;
    this.head = change.leafIndex;
    let purposes = this.bySubject.get(change.subjectRef);
    if (!purposes) this.bySubject.set(change.subjectRef, (purposes = new Map()));
    purposes.set(change.purpose, change);
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.droppedUpTo = dropped[dropped.length - 1].leafIndex;
    }
    for (const l of this.listeners) l(change);
  }

  /** The subject's decisions, one per purpose. */
  of(subjectRef: string): ConsentChange[] {
    return [...(this.bySubject.get(subjectRef)?.values() ?? [])];
  }

  /** The current decision for every subject and purpose. */
  snapshot(): ConsentChange[] {
    const out: ConsentChange[] = [];
    for (const m of this.bySubject.values()) out.push(...m.values());
    return out.sort((a, b) => a.leafIndex - b.leafIndex);
  }

  /** Resume token after the latest change: its leaf index + 1 (0 when there is none). */
  headToken(): number {
    return this.head + 1;
  }

  /**
   * Changes at or after leaf `token` (a token from headToken or a feed message: one past the last
   * change seen), in order; undefined when the history no longer reaches back that far or the
   * token is from the future (another ledger) — the subscriber then needs a snapshot.
   */
  changesSince(token: number): ConsentChange[] | undefined {
    if (token <= this.droppedUpTo || token > this.head + 1) return undefined;
    if (token === this.head + 1) return [];
    return this.history.filter((c) => c.leafIndex >= token);
  }

  subscribe(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
