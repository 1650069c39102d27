import * as path from 'node:path';
import { readJsonFile, writeFileAtomic } from './atomic-file';
import { GAP_REASONS, type GapReason } from './gap-reason';
import type { SeqGap } from './gap-record';

const PENDING_FILE = 'pending-gaps.json';

/**
 * Sequence numbers that will never be delivered and are not yet reported to the collector.
 * Adjacent numbers with the same reason merge into one range, so a long outage with a full spool
 * costs one small gap record, not one per call. What is still unreported at shutdown is saved in
 * the spool directory and reported by the next run.
 */
export class LossTracker {
  private readonly gaps: SeqGap[] = [];
  /** Numbers ever recorded as lost, by reason (for stats). */
  readonly totals: Record<GapReason, number> = Object.fromEntries(GAP_REASONS.map((r) => [r, 0])) as Record<GapReason, number>;

  add(from: number, to: number, reason: GapReason): void {
    if (to < from) return;
    this.totals[reason] += to - from + 1;
    const last = this.gaps[this.gaps.length - 1];
    if (last && last.reason === reason && last.to + 1 === from) last.to = to;
    else this.gaps.push({ from, to, reason });
  }

  get size(): number {
    return this.gaps.length;
  }

  /** Removes and returns every pending gap (the caller puts back what it could not send). */
  take(): SeqGap[] {
    return this.gaps.splice(0);
  }

  /** Puts gaps back in front (sending failed). */
  restore(gaps: SeqGap[]): void {
    this.gaps.unshift(...gaps);
  }

  save(dir: string, durable: boolean): void {
    writeFileAtomic(path.join(dir, PENDING_FILE), JSON.stringify(this.gaps), durable);
  }

  /** Loads gaps a previous run saved; a garbled file yields nothing (its ranges still show as missing seqs). */
  load(dir: string): void {
    let raw: unknown;
    try {
      raw = readJsonFile(path.join(dir, PENDING_FILE));
    } catch {
      return;
    }
    if (!Array.isArray(raw)) return;
    for (const g of raw as Array<Partial<SeqGap>>) {
      if (Number.isSafeInteger(g.from) && Number.isSafeInteger(g.to) && GAP_REASONS.includes(g.reason as GapReason)) {
        this.gaps.push({ from: g.from!, to: g.to!, reason: g.reason as GapReason });
      }
    }
  }
}
