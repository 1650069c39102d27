import type { AuditRecord } from '../store/record';
import type { AppendResult, RecordSink } from './record-sink';

/**
 * A RecordSink that keeps records in memory, de-duplicating by recordId like the real store
 * (a repeat from another identity is a conflict, not a duplicate).
 * For tests and demos of the ingest path; it proves nothing (no ledger) and survives nothing.
 * `failNext` makes the next appends throw, to exercise the retryable error path.
 */
export class InMemoryRecordSink implements RecordSink {
  readonly records: AuditRecord[] = [];
  readonly batches: number[] = [];
  private readonly ids = new Map<string, string>();
  failNext = 0;
  closed = false;

  async append(records: AuditRecord[]): Promise<AppendResult> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('in-memory sink: injected failure');
    }
    let accepted = 0;
    let duplicates = 0;
    const leafIndexes: number[] = new Array(records.length);
    const conflicts: AppendResult['conflicts'] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const owner = this.ids.get(r.recordId);
      if (owner !== undefined) {
        if (owner === r.identity) duplicates++;
        else conflicts.push({ recordId: r.recordId, identity: r.identity });
        leafIndexes[i] = -1;
        continue;
      }
      this.ids.set(r.recordId, r.identity);
      leafIndexes[i] = this.records.length;
      this.records.push(r);
      accepted++;
    }
    this.batches.push(records.length);
    return conflicts.length > 0 ? { accepted, duplicates, leafIndexes, conflicts } : { accepted, duplicates, leafIndexes };
  }

  size(): number {
    return this.records.length;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
