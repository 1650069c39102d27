import { diag, type Attributes, type Context } from '@opentelemetry/api';
import { ATTR_CALL_TYPE } from './attributes';
import type { RecordGate } from '../capture/record-gate';
import { recordWaiting } from '../capture/waiting-records';
import { Backoff } from './backoff';
import {
  resolveDeliveryOptions,
  type DeliveryLogger,
  type DurableExporterOptions,
  type DurableSpanProcessorOptions,
  type ResolvedDeliveryOptions,
} from './delivery-options';
import { DiskSpool } from './disk-spool';
import { EmitterState } from './emitter-state';
import type { GapReason } from './gap-reason';
import { gapSpan, isGapRecordPayload } from './gap-record';
import { LossTracker } from './loss-tracker';
import { describeRefusal, type ExportOutcome } from './export-outcome';
import { OtlpAuditExporter } from './otlp-audit-exporter';
import { encodeSpanRecord } from './otlp-span-encoder';
import type { ReadableSpanLike, SpanProcessorLike } from './readable-span';
import type { DeliveryStats } from './delivery-stats';
import { halveBatch, maxSeq, type Batch, type MemoryItem } from './export-batch';
import { RecordIdSource } from './record-ids';
import { restartAccounting } from './restart-accounting';
import { FRAME_HEADER_BYTES, BODY_PREFIX_BYTES } from './spool-frame';
import { SpoolError, SpoolFullError } from './spool-errors';
import type { SpoolEntry } from './spool-frame';

/** Re-exported: it was declared here before delivery-stats.ts. */
export type { DeliveryStats };



const SPOOL_RETRY_MS = 1000;
const MIN_RECORD_ESTIMATE = 1024;
const MAX_RECORD_ESTIMATE = 1024 * 1024;
/** A turn that ends this many records commits them at once instead of at the end of the turn. */
const GROUP_COMMIT_MAX_RECORDS = 512;


function defaultLogger(): DeliveryLogger {
  return {
    warn: (m, f) => diag.warn(m, f),
    error: (m, f) => diag.error(m, f),
  };
}

function grpcAuditSelector(span: ReadableSpanLike): boolean {
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  // Own spans, or instrumentation-grpc spans the interceptors enriched (enrich mode).
  return scope?.name === 'grpc-audit' || span.attributes[ATTR_CALL_TYPE] !== undefined;
}

/**
 * The durable processor, a SpanProcessor the application adds to its tracer provider: it composes
 * an OtlpAuditExporter (transport, retry classification, partial success) with the spool. The hot
 * path (`onEnd`) is synchronous and O(1): stage the record for this event-loop turn's group commit
 * ('write-ahead': numbered, encoded once and written to the spool with one write(2) per turn, at
 * the end of the turn) or number it and queue it in memory — never a promise per span. The sender
 * takes batches from the spool (oldest first) and the memory queue, waits up to
 * `scheduledDelayMs` for a fuller batch, keeps up to `maxExportsInFlight` OTLP/gRPC requests in
 * flight, retries with backoff and jitter, and advances the spool's ack cursor only on the
 * collector's answers, in order.
 *
 * No record disappears unaccounted: a record that can be kept neither on disk nor in memory is
 * counted, logged and reported to the collector as a `grpcaudit.gap` record with its sequence
 * range. As a RecordGate it tells fail-closed interceptors whether a record can be kept now.
 */
export class DurableSpanProcessor implements SpanProcessorLike, RecordGate {
  readonly options: ResolvedDeliveryOptions;
  readonly emitterId: string;
  private readonly logger: DeliveryLogger;
  private readonly spool: DiskSpool | undefined;
  private readonly state: EmitterState;
  private readonly ids = new RecordIdSource();
  private readonly losses = new LossTracker();
  /** Transport, retry classification, partial success: given (composed form) or made from the flat options. */
  readonly exporter: OtlpAuditExporter;
  private readonly backoff: Backoff;
  private readonly select: (span: ReadableSpanLike) => boolean;
  private readonly queue: MemoryItem[] = [];
  private readonly gapQueue: MemoryItem[] = [];
  /** Spans ended in this event-loop turn, waiting for the group commit (write-ahead); numbered there. */
  private staged: ReadableSpanLike[] = [];
  private spooledWaiters: Array<() => void> = [];
  private readonly outstanding: Batch[] = [];
  private inFlight = 0;
  private readonly flightWaiters: Array<() => void> = [];
  private resource: { attributes: Attributes } | undefined;
  private spoolBrokenUntil = 0;
  private spoolProblem: string | undefined;
  private recordEstimate = MIN_RECORD_ESTIMATE;
  /** Whether the last export reached the collector: gap records are made then, so an outage's losses merge into one. */
  private collectorReachable = true;
  private stopping = false;
  private stopped = false;
  private pumpScheduled = false;
  private readonly pumpNow = (): void => this.pump();
  private readonly pumpSoon = (): void => {
    this.pumpScheduled = false;
    this.pump();
  };
  /** When the oldest record not yet taken into a batch was first seen (0: none waiting). */
  private unsentSince = 0;
  private gatherTimer: NodeJS.Timeout | undefined;
  private backoffUntil = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  private readonly lookTimer: NodeJS.Timeout;
  private readonly drainWaiters = new Set<() => void>();
  private shutdownPromise: Promise<void> | undefined;
  private readonly warned = new Set<string>();
  private readonly stats_: Omit<DeliveryStats, 'queued' | 'staged' | 'inFlight' | 'spoolEntries' | 'spoolBytes' | 'lost' | 'seqMarkPersistFailures'> = {
    records: 0,
    spooled: 0,
    delivered: 0,
    retries: 0,
    exportRequests: 0,
    rejectedPartial: 0,
    rejectedInvalid: 0,
    rejectedGapRecords: 0,
    gapRecords: 0,
    endedAfterShutdown: 0,
    gateDenials: 0,
  };

  /**
   * `new DurableSpanProcessor({ exporter, spool })` — our exporter and a spool, composed — or the
   * flat form with the collector's address and credentials (the processor makes the exporter).
   */
  constructor(options: DurableSpanProcessorOptions | DurableExporterOptions) {
    this.logger = options?.logger ?? defaultLogger();
    this.options = resolveDeliveryOptions(options, (m) => this.logger.warn(`grpc-audit delivery: ${m}`));
    const o = this.options;
    this.select = o.select === 'all' ? () => true : o.select === 'grpc-audit' ? grpcAuditSelector : o.select;
    this.backoff = new Backoff(o.initialBackoffMs, o.maxBackoffMs);

    let spool: DiskSpool | undefined;
    let state: EmitterState | undefined;
    if (o.spoolDir) {
      try {
        spool = DiskSpool.open({ dir: o.spoolDir, maxBytes: o.maxSpoolBytes, segmentBytes: o.segmentBytes, fsync: o.fsync });
        state = EmitterState.open(o.spoolDir, o.seqBlockSize, o.fsync !== 'never');
      } catch (err) {
        // Fail-open start: records still flow from memory; the gate answers false (nothing durable).
        spool?.close();
        spool = undefined;
        this.spoolProblem = (err as Error).message;
        this.logger.error('grpc-audit delivery: spool unusable; records are kept in memory only and fail-closed calls are rejected', {
          spoolDir: o.spoolDir,
          error: (err as Error).message,
        });
      }
    }
    this.spool = spool;
    this.state = state ?? EmitterState.ephemeral(o.seqBlockSize);
    this.emitterId = this.state.emitterId;
    this.resource = o.resource;
    if (spool && state) this.recoverLosses(spool, state);
    // What a previous run left in the spool has waited long enough: send it at once.
    if (spool?.hasUnsent()) this.unsentSince = 1;

    this.exporter = o.exporter ? new OtlpAuditExporter(o.exporter) : (options as DurableSpanProcessorOptions).exporter;
    // Periodic look even without new records: a broken spool may have healed, losses may wait.
    this.lookTimer = setInterval(this.pumpNow, SPOOL_RETRY_MS);
    this.lookTimer.unref();
    // Let the constructor return (and the app register us) before the first look.
    this.wake();
  }

  // ---------------------------------------------------------------- SpanProcessor

  onStart(_span: unknown, _parentContext: Context): void {}

  /** Hot path: stage the record for the group commit, where it is numbered (or number and queue it). Never throws, never awaits. */
  onEnd(span: ReadableSpanLike): void {
    // While shutdown drains, calls still in flight end and are recorded like any other; only
    // spans ending after the final persist are not (counted and logged, like OTel processors).
    if (this.stopped) {
      this.stats_.endedAfterShutdown++;
      this.warnOnce('after-shutdown', 'grpc-audit delivery: spans ended after shutdown are not recorded');
      return;
    }
    try {
      if (!this.select(span)) return;
    } catch {
      return; // a throwing user predicate selects nothing
    }
    if (this.resource === undefined) this.resource = span.resource;
    this.stats_.records++;
    if (this.options.persistence === 'write-ahead') {
      // Ended spans are read-only: numbering, encoding and writing happen once for the whole turn,
      // numbering in the same synchronous step as the write — so a number is never used without
      // the spool (or, on a failure path, the `assignedTo` mark) knowing it: a restart's gap
      // report is then exact (recoverLosses).
      this.staged.push(span);
      if (!this.options.groupCommit || this.staged.length >= GROUP_COMMIT_MAX_RECORDS) this.flushStaged();
      this.wake();
      return;
    }
    this.enqueue({ seq: this.state.nextSeq(), span, recordId: this.ids.next() });
  }

  /**
   * Flush barrier of the group commit: resolves once every record ended before the call is in the
   * spool (its write(2) returned — it survives `kill -9` of the process from then on) or, when the
   * disk refused it, in the memory queue or declared lost. Never rejects.
   */
  whenSpooled(): Promise<void> {
    if (this.staged.length === 0) return Promise.resolve();
    this.wake();
    return new Promise((resolve) => this.spooledWaiters.push(resolve));
  }

  /** Resolves when everything ended so far is acknowledged, or after the shutdown timeout (then what is in memory is spooled). */
  async forceFlush(): Promise<void> {
    if (this.stopped) return;
    // Calls whose sent messages are still to be recorded off the call path end their spans now.
    recordWaiting();
    const drained = await this.waitDrained(this.options.shutdownTimeoutMs);
    if (!drained) {
      this.flushStaged();
      this.spillAll('flush');
    }
  }

  /**
   * Idempotent. Refuses new fail-closed calls (the gate says no), keeps recording calls that end
   * meanwhile, tries to deliver everything within `shutdownTimeoutMs`,
   * then writes whatever is left (memory queue, unsent gap reports) to the spool for the next
   * run and releases it. Nothing is dropped silently: what cannot be persisted either is
   * declared as a 'shutdown' gap that the next run reports.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  // ---------------------------------------------------------------- RecordGate

  /**
   * Can a record of this call be kept now? 'write-ahead'/'overflow': the spool is writable and has
   * room for a record of the largest size seen, besides the records staged for this turn's group
   * commit (memory alone is not durable, so it does not count); 'memory': the queue has room.
   * Asked at the start of a fail-closed call; a record that fails to fit later anyway is still
   * reported as a gap.
   */
  canRecord(_methodPath: string): boolean {
    let ok: boolean;
    if (this.stopping) ok = false;
    else if (this.options.persistence === 'memory') ok = this.queue.length < this.options.maxQueueSize;
    else ok = this.spoolUsable() && this.spool!.hasRoomFor((this.staged.length + 1) * (this.recordEstimate + FRAME_HEADER_BYTES + BODY_PREFIX_BYTES));
    if (!ok) this.stats_.gateDenials++;
    return ok;
  }

  // ---------------------------------------------------------------- introspection

  stats(): DeliveryStats {
    return {
      ...this.stats_,
      lost: { ...this.losses.totals },
      seqMarkPersistFailures: this.state.persistFailures,
      queued: this.queue.length + this.gapQueue.length,
      staged: this.staged.length,
      inFlight: this.inFlight,
      spoolEntries: this.spool?.pendingEntries ?? 0,
      spoolBytes: this.spool?.pendingBytes ?? 0,
    };
  }

  /** Why the spool is not usable, if it is not. */
  get spoolStatus(): string | undefined {
    return this.spoolProblem;
  }

  // ---------------------------------------------------------------- intake

  private noteSize(n: number): void {
    if (n > this.recordEstimate) this.recordEstimate = Math.min(n, MAX_RECORD_ESTIMATE);
  }

  private spoolUsable(): boolean {
    if (!this.spool) return false;
    if (this.spoolBrokenUntil > 0) {
      if (Date.now() < this.spoolBrokenUntil) return false;
      this.spoolBrokenUntil = 0; // try the disk again
    }
    return true;
  }

  private encodeRecord(span: ReadableSpanLike, seq: number, recordId: string): Buffer | undefined {
    try {
      const bytes = encodeSpanRecord(span, { emitterId: this.emitterId, seq, recordId });
      this.noteSize(bytes.length);
      return bytes;
    } catch (err) {
      this.lose(seq, seq, 'spool_error', `record could not be encoded: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * The group commit: encodes the records staged in this turn (once each; the bytes are what the
   * export request carries) and writes them to the spool in one append. What the disk refuses goes
   * to the memory queue (then, if that is full, is reported lost). Resolves the flush barriers.
   */
  private flushStaged(): void {
    if (this.staged.length === 0) return;
    const staged = this.staged;
    this.staged = [];
    const entries: SpoolEntry[] = [];
    let seq = 0;
    for (const span of staged) {
      seq = this.state.nextSeq();
      const bytes = this.encodeRecord(span, seq, this.ids.next());
      if (bytes) entries.push({ seq, payload: bytes });
    }
    const written = this.appendNow(entries);
    // Numbers used without reaching the spool (unencodable, or the disk refused): the mark lets a
    // crash before they are delivered or reported still be accounted for at the restart.
    if (written < staged.length) this.state.markAssigned(seq);
    for (let i = written; i < entries.length; i++) this.enqueue({ seq: entries[i].seq, bytes: entries[i].payload });
    const waiters = this.spooledWaiters;
    this.spooledWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Appends entries to the spool in one group commit, after whatever is staged (so the spool holds
   * records in number order and a crash can only lose a suffix, which the restart declares).
   * Returns how many (a prefix) were written; the failure, if any, is accounted for.
   */
  private appendNow(entries: SpoolEntry[]): number {
    if (this.staged.length > 0) this.flushStaged();
    if (entries.length === 0 || !this.spoolUsable()) return 0;
    const r = this.spool!.appendBatch(entries);
    this.stats_.spooled += r.written;
    if (r.written > 0 && this.spoolProblem && !r.error) {
      this.logger.warn('grpc-audit delivery: spool writable again', { spoolDir: this.options.spoolDir ?? '' });
      this.spoolProblem = undefined;
      this.warned.delete('spool');
    }
    if (r.error) {
      const e = r.error;
      this.spoolProblem = e.message;
      if (!(e instanceof SpoolFullError)) this.spoolBrokenUntil = Date.now() + SPOOL_RETRY_MS;
      this.warnOnce('spool', 'grpc-audit delivery: cannot write to the spool; records go to the memory queue, then are reported lost', {
        reason: (e as SpoolError).reason ?? 'spool_error',
        error: e.message,
      });
    }
    return r.written;
  }

  /** Appends one record now; false (with the failure accounted for) when it cannot. */
  private tryAppend(seq: number, bytes: Buffer): boolean {
    return this.appendNow([{ seq, payload: bytes }]) === 1;
  }

  private enqueue(item: MemoryItem): void {
    if (this.queue.length >= this.options.maxQueueSize && this.options.persistence === 'overflow') this.spill(Math.ceil(this.options.maxQueueSize / 2));
    if (this.queue.length < this.options.maxQueueSize) {
      this.queue.push(item);
      this.wake();
      return;
    }
    const reason: GapReason = this.spoolProblem && !/full/.test(this.spoolProblem) ? 'spool_error' : 'spool_full';
    this.lose(item.seq, item.seq, reason, 'memory queue full and the record could not be spooled');
  }

  /** Writes the oldest `n` queued records to the spool in one append (overflow persistence / failed exports / shutdown). */
  private spill(n: number): number {
    const take: MemoryItem[] = [];
    const entries: SpoolEntry[] = [];
    while (take.length < n && this.queue.length > 0) {
      const item = this.queue.shift()!;
      const bytes = this.encodeItem(item);
      if (bytes === undefined) continue;
      take.push(item);
      entries.push({ seq: item.seq, payload: bytes });
    }
    const written = this.appendNow(entries);
    if (written < take.length) this.queue.unshift(...take.slice(written));
    return written;
  }

  private encodeItem(item: MemoryItem): Buffer | undefined {
    if (item.bytes) return item.bytes;
    const bytes = this.encodeRecord(item.span!, item.seq, item.recordId!);
    if (bytes) {
      item.bytes = bytes;
      item.span = undefined;
    }
    return bytes;
  }

  private lose(from: number, to: number, reason: GapReason, why: string): void {
    this.losses.add(from, to, reason);
    this.warnOnce(`lost:${reason}`, 'grpc-audit delivery: records lost; a gap record will report them to the collector', {
      reason,
      from,
      to,
      why,
    });
    this.wake();
  }

  /**
   * Declares what a previous run left unexplained: saved gaps, and numbers it used that are in
   * neither the spool nor the acknowledged range — exactly those in 'write-ahead'; in 'overflow'
   * (records live in memory, numbered in onEnd) all the reserved numbers beyond the spool, an
   * upper bound.
   */
  private recoverLosses(spool: DiskSpool, state: EmitterState): void {
    this.losses.load(this.options.spoolDir!);
    const report = spool.openReport;
    for (const c of report.corruptions) {
      this.logger.error('grpc-audit delivery: unreadable region in the spool; its records are reported lost', { segment: c.segment, offset: c.offset, detail: c.detail });
    }
    if (report.tornTailBytes > 0) {
      this.logger.warn('grpc-audit delivery: cut a torn write from the spool tail (a crash interrupted it before it returned)', { bytes: report.tornTailBytes });
    }
    const declared = this.losses.take();
    const exact = this.options.persistence === 'write-ahead';
    const r = restartAccounting({ persistedMax: report.maxSeq, assignedTo: state.previousAssignedTo, reservedTo: state.previousReservedTo, declared, exact });
    this.losses.restore(declared);
    for (const g of r.lost) this.losses.add(g.from, g.to, 'restart');
    if (r.resumeAfter !== undefined) state.resumeAfter(r.resumeAfter);
  }

  // ---------------------------------------------------------------- sender

  /** Runs the sender at the end of this turn (coalesced): group commit, then batches out. */
  private wake(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(this.pumpSoon);
  }

  /** Records not yet taken into a batch (gap reports count as urgent). */
  private hasUnsent(): boolean {
    return this.gapQueue.length > 0 || this.queue.length > 0 || (this.spool?.hasUnsent() ?? false);
  }

  private hasWork(): boolean {
    return (
      this.staged.length > 0 ||
      this.outstanding.length > 0 ||
      this.gapQueue.length > 0 ||
      this.queue.length > 0 ||
      (this.spool?.hasUnread() ?? false) ||
      (this.losses.size > 0 && this.resource !== undefined)
    );
  }

  /**
   * The sender: commits what is staged, turns losses into gap records, and fills the free export
   * slots — batches to resend first (oldest first), then new batches. A new batch goes out when it
   * is full, when its oldest record has waited `scheduledDelayMs`, or at once when a flush or
   * shutdown waits; otherwise a timer comes back when the wait is over.
   */
  private pump(): void {
    if (this.stopped) return;
    this.flushStaged();
    this.materialiseGaps();
    const now = Date.now();
    if (this.backoffUntil > now) {
      this.armBackoffTimer(this.backoffUntil - now);
    } else {
      while (this.inFlight < this.options.maxExportsInFlight) {
        const probing = this.outstanding.some((b) => b.probe && b.state === 'sending');
        let batch = this.outstanding.find((b) => b.state === 'ready' && !(b.probe && probing));
        if (!batch) {
          if (probing || !this.mayStartBatch(now)) break;
          batch = this.nextBatch();
          if (!batch) break;
          this.outstanding.push(batch);
          if (batch.payloads.length === 0) {
            batch.state = 'done'; // moves the cursor past an unreadable region (already logged)
            this.ackInOrder();
            continue;
          }
        }
        this.send(batch);
      }
    }
    this.notifyDrained();
  }

  private mayStartBatch(now: number): boolean {
    if (!this.hasUnsent()) {
      this.unsentSince = 0;
      return false;
    }
    const waiting = this.gapQueue.length > 0 ? Infinity : this.queue.length + (this.spool?.unsentEntries ?? 0);
    if (waiting >= this.batchLimit() || this.stopping || this.drainWaiters.size > 0 || this.options.scheduledDelayMs === 0) return true;
    if (this.unsentSince === 0) this.unsentSince = now;
    const due = this.unsentSince + this.options.scheduledDelayMs;
    if (now >= due) return true;
    if (!this.gatherTimer) {
      this.gatherTimer = setTimeout(() => {
        this.gatherTimer = undefined;
        this.pump();
      }, due - now);
      this.gatherTimer.unref();
    }
    return false;
  }

  private armBackoffTimer(ms: number): void {
    if (this.backoffTimer) return;
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = undefined;
      this.pump();
    }, ms);
    this.backoffTimer.unref();
  }

  private send(batch: Batch): void {
    // A record leaving from memory is not in the spool: its number must be known used first.
    if (batch.items && this.options.persistence === 'write-ahead') this.state.markAssigned(batch.lastSeq);
    batch.state = 'sending';
    this.inFlight++;
    this.stats_.exportRequests++;
    void this.exporter.sendRecords(batch.payloads).then((outcome) => {
      this.inFlight--;
      this.settle(batch, outcome);
      if (this.inFlight === 0) for (const w of this.flightWaiters.splice(0)) w();
      this.pump();
    });
  }

  /** Turns pending loss ranges into gap records (once a resource — service.name — is known). */
  private materialiseGaps(): void {
    if (this.losses.size === 0 || !this.resource || this.stopped) return;
    // During an outage, wait (so the outage's losses merge into one report) — unless the report is all there is to send.
    const otherWork = this.gapQueue.length > 0 || this.queue.length > 0 || (this.spool?.hasUnread() ?? false);
    if (!this.collectorReachable && otherWork) return;
    const gaps = this.losses.take();
    for (const gap of gaps) {
      const seq = this.state.nextSeq();
      const bytes = encodeSpanRecord(gapSpan(gap, this.resource, Date.now()), { emitterId: this.emitterId, seq, recordId: this.ids.next() });
      this.stats_.gapRecords++;
      this.logger.warn('grpc-audit delivery: reporting lost records to the collector', { from: gap.from, to: gap.to, count: gap.to - gap.from + 1, reason: gap.reason, gapSeq: seq });
      if (!this.tryAppend(seq, bytes)) {
        this.gapQueue.push({ seq, bytes, gap });
        if (this.options.persistence === 'write-ahead') this.state.markAssigned(seq);
      }
    }
    if (this.options.spoolDir && this.spool) this.saveLosses();
  }

  private saveLosses(): void {
    try {
      this.losses.save(this.options.spoolDir!, this.spool!.durable);
    } catch {
      // Unsaved: a crash now leaves these numbers as open (missing) ranges at the collector — still visible.
    }
  }

  private batchLimit(): number {
    return this.options.maxExportBatchSize;
  }

  private nextBatch(): Batch | undefined {
    const limit = this.batchLimit();
    const maxBytes = this.options.maxExportBatchBytes;
    // Gap reports first (small, and they explain what follows), then the spool (oldest), then memory.
    let batch: Batch | undefined;
    if (this.gapQueue.length > 0) {
      const items = this.gapQueue.splice(0, limit);
      batch = { items, payloads: items.map((i) => i.bytes!), state: 'ready', lastSeq: maxSeq(items) };
    } else {
      const sb = this.spool?.readNext(limit, maxBytes);
      if (sb) {
        batch = { spool: sb, payloads: sb.entries.map((e) => e.payload), state: 'ready', lastSeq: sb.entries.length ? sb.entries[sb.entries.length - 1].seq : 0 };
      } else if (this.queue.length > 0) {
        const items: MemoryItem[] = [];
        const payloads: Buffer[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && items.length < limit) {
          const item = this.queue[0];
          const b = this.encodeItem(item);
          this.queue.shift();
          if (!b) continue;
          if (items.length > 0 && bytes + b.length > maxBytes) {
            this.queue.unshift(item);
            break;
          }
          items.push(item);
          payloads.push(b);
          bytes += b.length;
        }
        if (items.length > 0) batch = { items, payloads, state: 'ready', lastSeq: maxSeq(items) };
      }
    }
    if (!this.hasUnsent()) this.unsentSince = 0;
    return batch;
  }

  private settle(batch: Batch, outcome: ExportOutcome): void {
    const n = batch.payloads.length;
    this.collectorReachable = outcome.ok || !outcome.retryable;
    if (outcome.ok) {
      this.backoff.reset();
      this.backoffUntil = 0;
      if (outcome.rejectedSpans > 0) {
        this.stats_.rejectedPartial += outcome.rejectedSpans;
        this.logger.warn('grpc-audit delivery: the collector rejected records of a batch (partial success); they are not retried and show as missing sequence numbers', {
          rejected: outcome.rejectedSpans,
          batch: n,
          collectorMessage: outcome.errorMessage.slice(0, 500),
        });
      }
      this.stats_.delivered += n - Math.min(n, outcome.rejectedSpans);
      batch.state = 'done';
      this.ackInOrder();
      return;
    }
    if (!outcome.retryable) {
      if (n > 1) {
        // Find the record the collector refuses: halve the batch until it stands alone.
        const i = this.outstanding.indexOf(batch);
        this.outstanding.splice(i, 1, ...halveBatch(batch));
        return;
      }
      // A deterministic refusal of this one record: set it aside and go on, so it never blocks
      // what follows. Its number is reported as a 'rejected' gap carrying the collector's reason.
      const seq = batch.spool ? batch.spool.entries[0].seq : batch.items![0].seq;
      const detail = describeRefusal(outcome.code, outcome.details);
      this.stats_.rejectedInvalid++;
      batch.state = 'done';
      if (batch.items?.[0].gap || isGapRecordPayload(batch.payloads[0])) {
        // A refused gap report is not reported by another (which the collector would refuse
        // alike, without end): its range and its own number stay open at the collector — visible.
        this.stats_.rejectedGapRecords++;
        this.logger.error('grpc-audit delivery: the collector refused a gap record; its range stays open (unexplained) at the collector', { seq, refusal: detail });
      } else {
        this.logger.error('grpc-audit delivery: the collector refused a record deterministically; it is set aside and reported as a gap', { seq, refusal: detail });
        this.losses.add(seq, seq, 'rejected', detail);
      }
      this.ackInOrder();
      return;
    }
    this.stats_.retries++;
    this.warnOnce('export', 'grpc-audit delivery: export failed; retrying with backoff (records stay queued/spooled)', {
      code: outcome.code,
      details: outcome.details.slice(0, 300),
    });
    if (batch.items && this.options.persistence !== 'memory') {
      // Records from memory are made durable now: back in front of their queue, then spooled.
      this.outstanding.splice(this.outstanding.indexOf(batch), 1);
      const target = batch.items[0].gap ? this.gapQueue : this.queue;
      target.unshift(...batch.items);
      this.spillAll('retry');
      this.ackInOrder();
    } else batch.state = 'ready'; // resent from memory, before anything newer
    if (!this.stopped && this.backoffUntil <= Date.now()) this.backoffUntil = Date.now() + this.backoff.next();
  }

  /** Acknowledges answered batches from the oldest on, stopping at the first still unanswered. */
  private ackInOrder(): void {
    while (this.outstanding.length > 0 && this.outstanding[0].state === 'done') this.acknowledge(this.outstanding.shift()!);
    this.notifyDrained();
  }

  private acknowledge(batch: Batch): void {
    if (batch.spool) this.spool!.ack(batch.spool);
    else {
      this.spool?.noteDelivered(batch.lastSeq);
      if (batch.items!.some((i) => i.gap) && this.spool) this.saveLosses();
    }
    this.warned.delete('export');
  }

  /** Moves every memory record (and unsent gap record) to the spool if it can; the rest stays queued. */
  private spillAll(why: string): void {
    if (this.options.persistence === 'memory') return;
    while (this.gapQueue.length > 0 && this.tryAppend(this.gapQueue[0].seq, this.gapQueue[0].bytes!)) this.gapQueue.shift();
    const before = this.queue.length;
    this.spill(this.queue.length);
    if (before > 0 && this.queue.length > 0) {
      this.warnOnce(`spill:${why}`, 'grpc-audit delivery: records could not be moved to the spool; they stay in memory', { remaining: this.queue.length });
    }
  }

  // ---------------------------------------------------------------- flush / shutdown

  private isDrained(): boolean {
    return !this.hasWork();
  }

  private notifyDrained(): void {
    if (this.drainWaiters.size === 0 || !this.isDrained()) return;
    for (const w of [...this.drainWaiters]) w();
  }

  private waitDrained(timeoutMs: number): Promise<boolean> {
    if (this.isDrained()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.drainWaiters.delete(onDrain);
        resolve(ok);
      };
      const onDrain = (): void => done(true);
      // Not unref'd: an app awaiting forceFlush()/shutdown() at exit must stay alive until it is
      // done (bounded by the timeout), or its last records would never be sent or persisted.
      const timer = setTimeout(() => done(false), timeoutMs);
      this.drainWaiters.add(onDrain);
      // A waiting flush sends at once (no gathering delay).
      if (this.gatherTimer) {
        clearTimeout(this.gatherTimer);
        this.gatherTimer = undefined;
      }
      this.wake();
    });
  }

  private async doShutdown(): Promise<void> {
    recordWaiting();
    this.stopping = true;
    const drained = await this.waitDrained(this.options.shutdownTimeoutMs);
    this.stopped = true;
    clearInterval(this.lookTimer);
    for (const t of [this.gatherTimer, this.backoffTimer]) if (t) clearTimeout(t);
    this.gatherTimer = undefined;
    this.backoffTimer = undefined;
    void this.exporter.shutdown(); // fails in-flight exports fast; their records go back to queue/spool
    if (this.inFlight > 0) await new Promise<void>((r) => this.flightWaiters.push(r));
    // Spans that ended while draining, and memory batches still unanswered, are kept like the rest.
    this.flushStaged();
    for (const b of this.outstanding.splice(0)) {
      if (!b.items || b.state === 'done') continue;
      const target = b.items[0].gap ? this.gapQueue : this.queue;
      target.unshift(...b.items);
    }
    if (!drained || this.queue.length > 0 || this.gapQueue.length > 0) {
      this.spillAll('shutdown');
      // What could not be spooled is declared; the next run reports it.
      for (const item of [...this.gapQueue, ...this.queue]) {
        if (item.gap) this.losses.add(item.gap.from, item.gap.to, item.gap.reason, item.gap.detail);
        this.losses.add(item.seq, item.seq, 'shutdown');
      }
      this.gapQueue.length = 0;
      this.queue.length = 0;
      this.logger.warn('grpc-audit delivery: shutdown before the collector acknowledged everything; the rest is in the spool for the next run', {
        spoolEntries: this.spool?.pendingEntries ?? 0,
        unreported: this.losses.size,
      });
    }
    for (const w of this.spooledWaiters.splice(0)) w();
    if (this.spool) {
      this.saveLosses();
      this.state.release();
      await this.spool.idle(); // let a background cursor write land before the final one
      await this.state.idle();
      this.spool.close();
    } else if (this.losses.size > 0) {
      this.logger.error('grpc-audit delivery: lost records could not be reported (no spool); they show as missing sequence numbers at the collector', {
        ranges: this.losses.size,
      });
    }
  }

  private warnOnce(key: string, message: string, fields?: Record<string, string | number | boolean>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(message, fields);
  }
}
