import type { AuditRecord } from '../store/record';
import { QueueFullError, ShuttingDownError, SinkError } from './ingest-errors';
import type { AppendResult, RecordSink } from './record-sink';

export interface BatcherOptions {
  /** Flush as soon as this many records are queued. */
  maxRecords: number;
  /** Flush at the latest this long after the first record of a batch was queued. */
  maxDelayMs: number;
  /** Queued plus in-flight records; beyond this `submit` throws QueueFullError. */
  maxPendingRecords: number;
}

export interface BatchObserver {
  /** After a batch is durably appended; `stored` is the batch itself (read it, never keep or change it). */
  onBatch(records: number, seconds: number, result: AppendResult, stored: readonly AuditRecord[]): void;
  onBatchError(records: number, err: unknown): void;
}

/** What happened to one submitted request's records. */
export interface SubmitOutcome {
  /** Records refused because another identity owns their record id (not stored). */
  conflicts: number;
}

const NO_CONFLICTS: SubmitOutcome = Object.freeze({ conflicts: 0 });

/** Records per queue entry; larger requests are queued as several entries (a request's records may then span transactions). */
const ENTRY_RECORDS = 64;
/**
 * Body characters per batch (besides maxRecords): bounds the transaction that a record arriving
 * meanwhile has to wait for, whoever filled it. Larger batches are cheaper per record — random
 * keys (trace ids) dirty one index page each, and a page dirtied by several records of one
 * transaction is written once: 4 KB records in a store micro-benchmark cost 42.7 / 37.1 / 31.0 µs
 * of CPU and 21.5 / 15.1 / 11.3 KB written each in batches of 250 / 500 / 1000. 2 MiB makes ~500
 * of the ~4 KB records a payload-carrying span becomes, a transaction of ~20–25 ms.
 */
const MAX_BATCH_CHARS = 2 * 1024 * 1024;

interface Entry {
  records: AuditRecord[];
  /** Sender of the request (every record of one request has the same identity). */
  identity: string;
  /** Body characters of its records: a batch of several identities is also bounded by size. */
  bytes: number;
  resolve: (outcome: SubmitOutcome) => void;
  reject: (err: Error) => void;
}

/**
 * Groups records from many Export calls into one `RecordSink.append` (one transaction, one fsync)
 * and answers each call only after its records are durably appended: a successful Export
 * response means "stored". Appends run one at a time; ledger order is arrival order per identity,
 * and identities take turns (takeBatch) so that none waits behind another's backlog.
 *
 * The queue is bounded and accounts for every record: each one is either appended (its promise
 * resolves), or its caller gets an error (QueueFullError up front, SinkError if the append
 * failed, ShuttingDownError after close) — nothing is dropped silently.
 */
export class Batcher {
  private queue: Entry[] = [];
  private queued = 0;
  /** Body characters queued (a batch is also full at MAX_BATCH_CHARS). */
  private queuedChars = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly opts: BatcherOptions,
    private readonly observer?: BatchObserver,
  ) {}

  /** Records accepted and not yet durably stored. */
  get pending(): number {
    return this.queued + this.inFlight;
  }

  /**
   * Resolves once all `records` are appended (or refused as id conflicts, counted in the outcome);
   * rejects with a typed ingest error otherwise.
   */
  submit(records: AuditRecord[]): Promise<SubmitOutcome> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    if (records.length === 0) return Promise.resolve(NO_CONFLICTS);
    // A single request larger than the bound is still taken when the queue is empty, so that a
    // limit smaller than one request cannot wedge a sender forever.
    if (this.pending > 0 && this.pending + records.length > this.opts.maxPendingRecords) {
      return Promise.reject(new QueueFullError(this.pending, this.opts.maxPendingRecords));
    }
    if (records.length <= ENTRY_RECORDS) return this.enqueue(records);
    // A large request goes in as several entries, so that when several identities are queued a
    // batch can take part of it and leave room for the others (takeBatch). Its outcome is theirs combined.
    const parts: Array<Promise<SubmitOutcome>> = [];
    for (let i = 0; i < records.length; i += ENTRY_RECORDS) parts.push(this.enqueue(records.slice(i, i + ENTRY_RECORDS)));
    return Promise.all(parts).then((outcomes) => {
      const conflicts = outcomes.reduce((n, o) => n + o.conflicts, 0);
      return conflicts === 0 ? NO_CONFLICTS : { conflicts };
    });
  }

  private enqueue(records: AuditRecord[]): Promise<SubmitOutcome> {
    let bytes = 0;
    for (const r of records) bytes += r.body.length;
    return new Promise<SubmitOutcome>((resolve, reject) => {
      this.queue.push({ records, identity: records[0].identity, bytes, resolve, reject });
      this.queued += records.length;
      this.queuedChars += bytes;
      if (this.queued >= this.opts.maxRecords || this.queuedChars >= MAX_BATCH_CHARS) this.kick();
      else if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.kick();
        }, this.opts.maxDelayMs);
      }
    });
  }

  /** Appends everything queued now and waits for it. Safe to call any time, any number of times. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      this.kick();
      await this.running;
    }
  }

  /** Stops taking records, then flushes. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) {
        // Group commit: what arrived during that append has waited for it already, so it goes
        // now rather than after another maxDelayMs — waiting here left the writer idle between
        // batches whenever bodies were large enough that MAX_BATCH_CHARS, not maxRecords, filled
        // them. The delay only applies when a record finds the writer idle.
        this.kick();
      }
    });
  }

  /**
   * The next batch: in arrival order while one identity is queued; with several, one request per
   * identity in turn (each identity's own requests stay in order), so a workload sending large
   * requests cannot make another's small ones wait behind all of its records.
   */
  private takeBatch(): { batch: Entry[]; n: number } {
    const batch: Entry[] = [];
    let n = 0;
    const max = this.opts.maxRecords;
    const first = this.queue[0].identity;
    if (this.queue.every((e) => e.identity === first)) {
      let chars = 0;
      while (this.queue.length > 0 && (n === 0 || (n + this.queue[0].records.length <= max && chars + this.queue[0].bytes <= MAX_BATCH_CHARS))) {
        const e = this.queue.shift()!;
        batch.push(e);
        n += e.records.length;
        chars += e.bytes;
      }
      return { batch, n };
    }
    const lanes = new Map<string, Entry[]>();
    for (const e of this.queue) {
      const lane = lanes.get(e.identity);
      if (lane) lane.push(e);
      else lanes.set(e.identity, [e]);
    }
    const taken = new Set<Entry>();
    let chars = 0;
    // Smallest waiting entry first: an entry of a large request may alone fill the batch's size
    // budget, and when it went first every other identity's entry was left out of every batch
    // until that request was all stored (a one-record Export waited ~250 ms behind 5 MiB ones).
    const order = [...lanes.values()].sort((x, y) => x[0].bytes - y[0].bytes);
    for (let progress = true; progress; ) {
      progress = false;
      for (const lane of order) {
        const e = lane[0];
        if (e === undefined || (n > 0 && (n + e.records.length > max || chars + e.bytes > MAX_BATCH_CHARS))) continue;
        lane.shift();
        batch.push(e);
        taken.add(e);
        n += e.records.length;
        chars += e.bytes;
        progress = true;
      }
    }
    this.queue = this.queue.filter((e) => !taken.has(e));
    return { batch, n };
  }

  private async drain(): Promise<void> {
    const { batch, n } = this.takeBatch();
    this.queued -= n;
    for (const e of batch) this.queuedChars -= e.bytes;
    this.inFlight += n;
    const records = batch.length === 1 ? batch[0].records : batch.flatMap((e) => e.records);
    const started = process.hrtime.bigint();
    try {
      const result = await this.sink.append(records);
      this.observer?.onBatch(n, Number(process.hrtime.bigint() - started) / 1e9, result, records);
      if (!result.conflicts?.length) for (const e of batch) e.resolve(NO_CONFLICTS);
      else {
        const refused = new Set(result.conflicts.map((c) => `${c.identity}\u0000${c.recordId}`));
        for (const e of batch) {
          let n = 0;
          for (const r of e.records) if (refused.has(`${r.identity}\u0000${r.recordId}`)) n++;
          e.resolve(n === 0 ? NO_CONFLICTS : { conflicts: n });
        }
      }
    } catch (err) {
      this.observer?.onBatchError(n, err);
      const wrapped = new SinkError(err);
      for (const e of batch) e.reject(wrapped);
    } finally {
      this.inFlight -= n;
    }
  }
}
