import type { StoredRecord } from '../store/record-store';
import type { LegalHold } from '../store/retention-store';

/** Active holds indexed for one retention run: a record is checked with a few map lookups. */
export class HoldIndex {
  private readonly traces = new Map<string, number>();
  private readonly services = new Map<string, number>();
  private readonly subjects = new Map<string, number>();
  private readonly ranges: LegalHold[] = [];

  constructor(holds: readonly LegalHold[]) {
    for (const h of holds) {
      if (h.releasedAtMs !== undefined) continue;
      if (h.scope === 'trace') this.traces.set(h.value!, h.id);
      else if (h.scope === 'service') this.services.set(h.value!, h.id);
      else if (h.scope === 'subject') this.subjects.set(h.value!, h.id);
      else this.ranges.push(h);
    }
  }

  /** Id of a hold that covers the record, undefined when none does. */
  holdOn(r: Pick<StoredRecord, 'traceId' | 'service' | 'subjectRefs' | 'startTimeUnixNano'>): number | undefined {
    const byTrace = this.traces.get(r.traceId);
    if (byTrace !== undefined) return byTrace;
    const byService = this.services.get(r.service);
    if (byService !== undefined) return byService;
    for (const ref of r.subjectRefs) {
      const bySubject = this.subjects.get(ref);
      if (bySubject !== undefined) return bySubject;
    }
    if (this.ranges.length > 0) {
      const start = BigInt(r.startTimeUnixNano);
      for (const h of this.ranges) {
        if ((h.fromUnixNano === undefined || start >= h.fromUnixNano) && (h.toUnixNano === undefined || start < h.toUnixNano)) return h.id;
      }
    }
    return undefined;
  }
}
