import { splitSpoolBatch, type SpoolBatch } from './disk-spool';
import type { SeqGap } from './gap-record';
import type { ReadableSpanLike } from './readable-span';

/** A record waiting in memory (overflow/memory persistence, or the disk refused it). */
export interface MemoryItem {
  seq: number;
  /** Encoded ResourceSpans, or the span to encode when it is sent (overflow/memory persistence). */
  bytes?: Buffer;
  span?: ReadableSpanLike;
  recordId?: string;
  /** Set for gap records, so an unsendable one can be turned back into a range at shutdown. */
  gap?: SeqGap;
}

/**
 * One export request's worth of records, from the spool or from memory. Batches are kept in
 * `outstanding` in the order they were taken and acknowledged in that order, whatever order the
 * collector's answers arrive in: the spool's ack cursor never passes an unacknowledged entry.
 */
export interface Batch {
  spool?: SpoolBatch;
  items?: MemoryItem[];
  payloads: Buffer[];
  /** 'ready': to be sent (first time or again); 'sending': in flight; 'done': answered, awaiting in-order acknowledgement. */
  state: 'ready' | 'sending' | 'done';
  lastSeq: number;
  /** A half of a refused batch: halves go out one at a time, so refused records are found (and reported) in order. */
  probe?: boolean;
}

/** Memory batches need not be in number order (put back after failures): use the largest. */
export function maxSeq(items: readonly MemoryItem[]): number {
  let m = 0;
  for (const i of items) if (i.seq > m) m = i.seq;
  return m;
}

/** Halves of a batch the collector refuses as a whole (bisection to the refused record); sent one at a time. */
export function halveBatch(batch: Batch): [Batch, Batch] {
  const k = Math.ceil(batch.payloads.length / 2);
  if (batch.spool) {
    const [a, b] = splitSpoolBatch(batch.spool, k);
    return [
      { spool: a, payloads: batch.payloads.slice(0, k), state: 'ready', lastSeq: a.entries[a.entries.length - 1].seq, probe: true },
      { spool: b, payloads: batch.payloads.slice(k), state: 'ready', lastSeq: batch.lastSeq, probe: true },
    ];
  }
  const ia = batch.items!.slice(0, k);
  const ib = batch.items!.slice(k);
  return [
    { items: ia, payloads: batch.payloads.slice(0, k), state: 'ready', lastSeq: maxSeq(ia), probe: true },
    { items: ib, payloads: batch.payloads.slice(k), state: 'ready', lastSeq: maxSeq(ib), probe: true },
  ];
}
