import type { Logger } from '../log/logger';
import type { AuditRecord } from '../store/record';
import type { ForwardExporterConfig } from './forward-config';
import type { DropReason, ForwardMetrics } from './forward-metrics';
import type { OtlpSender } from './otlp-sender';
import { encodeForwardRequest, type StoredForForward } from './record-to-otlp';

/** At most one `forward_dropped` log line per backend this often. */
const DROP_LOG_INTERVAL_MS = 10_000;

export interface ForwarderDeps {
  sender: OtlpSender;
  metrics: ForwardMetrics;
  logger: Logger;
  /** Uniform [0, 1) for backoff jitter. */
  random?: () => number;
}

/**
 * Forwards stored records to one OTLP backend: a bounded queue of its own (the oldest records
 * are dropped, counted, when the backend falls too far behind), batches of up to
 * `queue.maxBatchRecords` per export request, and retries with exponential backoff while the
 * backend is unavailable. `offer` only appends to the queue, so ingest never waits for a
 * backend; encoding and sending run later on the event loop. Every offered record is counted
 * once as sent or dropped (ForwardMetrics).
 */
export class Forwarder {
  private queue: StoredForForward[] = [];
  private head = 0;
  /** The batch being sent (or waiting to be retried). */
  private inFlight = 0;
  private pumping: Promise<void> | undefined;
  private scheduled = false;
  private stopped = false;
  private failing = false;
  private wakeUp: (() => void) | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private readonly random: () => number;
  private lastDropLogMs = -Infinity;
  private unloggedDrops = 0;

  constructor(
    readonly config: ForwardExporterConfig,
    private readonly deps: ForwarderDeps,
  ) {
    this.random = deps.random ?? Math.random;
  }

  get name(): string {
    return this.config.name;
  }

  /** Records waiting, including the batch in flight. */
  get pending(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  /**
   * Queues the newly stored records of one batch (`leafIndexes[i]` -1: a duplicate, already
   * forwarded when first stored). Never blocks, never throws.
   */
  offer(records: readonly AuditRecord[], leafIndexes: readonly number[] | undefined): void {
    if (this.stopped) return;
    let added = 0;
    for (let i = 0; i < records.length; i++) {
      const leafIndex = leafIndexes ? leafIndexes[i] : undefined;
      if (leafIndex === -1) continue;
      this.queue.push({ record: records[i], leafIndex });
      added++;
    }
    if (added === 0) return;
    const over = this.queue.length - this.head - this.config.queue.maxRecords;
    if (over > 0) {
      this.head += over;
      this.drop('queue_full', over);
    }
    this.compact();
    this.deps.metrics.queued.set({ exporter: this.name }, this.pending);
    this.schedule();
  }

  /** Resolves once everything queued was sent or dropped, or after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < until && !this.stopped) {
      this.schedule();
      this.wakeUp?.(); // a flush retries a waiting batch now
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Tries to deliver what is queued within `graceMs`, then drops the rest (counted) and closes. Idempotent. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.stopped) return;
    await this.flush(graceMs);
    this.stopped = true;
    this.wakeUp?.();
    // Closing first aborts a send still waiting on the network (HTTP) instead of waiting it out.
    this.deps.sender.close();
    await this.pumping;
    const left = this.queue.length - this.head;
    if (left > 0) this.drop('shutdown', left);
    this.queue = [];
    this.head = 0;
    this.deps.metrics.queued.set({ exporter: this.name }, 0);
  }

  private schedule(): void {
    if (this.pumping || this.scheduled || this.stopped) return;
    this.scheduled = true;
    // Off the caller's stack: the batcher's onBatch returns at once.
    setImmediate(() => {
      this.scheduled = false;
      if (this.pumping || this.stopped) return;
      this.pumping = this.pump().finally(() => {
        this.pumping = undefined;
        if (this.queue.length > this.head && !this.stopped) this.schedule();
      });
    });
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.queue.length > this.head) {
      const n = Math.min(this.config.queue.maxBatchRecords, this.queue.length - this.head);
      const batch = this.queue.slice(this.head, this.head + n);
      this.head += n;
      this.inFlight = n;
      this.compact();
      let unreadable = 0;
      const request = encodeForwardRequest(batch, () => unreadable++);
      if (unreadable > 0) this.drop('unreadable_body', unreadable);
      if (request) await this.deliver(request, n - unreadable);
      this.inFlight = 0;
      this.deps.metrics.queued.set({ exporter: this.name }, this.pending);
    }
  }

  /** Sends one request until it is taken, refused for good, or the forwarder stops. */
  private async deliver(request: Buffer, spans: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.deps.sender.send(request);
      if (out.ok) {
        const rejected = Math.min(spans, Math.max(0, out.rejectedSpans || 0));
        this.deps.metrics.sent.inc({ exporter: this.name }, spans - rejected);
        if (rejected > 0) this.drop('rejected_by_backend', rejected);
        if (this.failing) {
          this.failing = false;
          this.deps.logger.info({ event: 'forward_recovered', exporter: this.name, attempts: attempt }, 'forwarding backend reachable again');
        }
        return;
      }
      if (this.stopped) {
        this.drop('shutdown', spans);
        return;
      }
      this.deps.metrics.failedAttempts.inc({ exporter: this.name, retryable: String(out.retryable) });
      if (!out.retryable) {
        this.deps.logger.error({ event: 'forward_failed', exporter: this.name, reason: out.reason, records: spans }, 'backend refused a forwarded batch; records dropped for this backend (kept in the ledger)');
        this.drop('permanent_error', spans);
        return;
      }
      if (!this.failing) {
        this.failing = true;
        this.deps.logger.warn({ event: 'forward_retrying', exporter: this.name, reason: out.reason }, 'forwarding backend unavailable; retrying with backoff');
      }
      await this.sleep(this.backoff(attempt, out.retryAfterMs));
      if (this.stopped) {
        this.drop('shutdown', spans);
        return;
      }
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const { initialBackoffMs, maxBackoffMs } = this.config.retry;
    if (retryAfterMs !== undefined) return Math.min(maxBackoffMs, retryAfterMs);
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(attempt - 1, 30));
    return Math.round(ceiling * (0.5 + 0.5 * this.random()));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        if (this.backoffTimer) clearTimeout(this.backoffTimer);
        this.backoffTimer = undefined;
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      this.backoffTimer = setTimeout(done, ms);
      this.backoffTimer.unref();
    });
  }

  private drop(reason: DropReason, n: number): void {
    this.deps.metrics.dropped.inc({ exporter: this.name, reason }, n);
    if (reason !== 'queue_full') return;
    // A long outage drops on every batch: one log line per interval, with the count since the last.
    this.unloggedDrops += n;
    const now = Date.now();
    if (now - this.lastDropLogMs < DROP_LOG_INTERVAL_MS) return;
    this.deps.logger.warn({ event: 'forward_dropped', exporter: this.name, reason, records: this.unloggedDrops }, 'forwarding queue full; oldest records dropped for this backend (kept in the ledger)');
    this.lastDropLogMs = now;
    this.unloggedDrops = 0;
  }

  /** Reclaims the consumed front of the queue once it dominates. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
