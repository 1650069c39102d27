import { diag, type Attributes, type Context } from '@opentelemetry/api';
import { ATTR_CALL_TYPE } from './attributes';
import type { RecordGate } from '../capture/record-gate';
import { Backoff } from './backoff';
import {
  resolveDeliveryOptions,
  type DeliveryLogger,
  type DurableExporterOptions,
  type ResolvedDeliveryOptions,
} from './delivery-options';
import { DiskSpool, type SpoolBatch } from './disk-spool';
import { EmitterState } from './emitter-state';
import type { GapReason } from './gap-reason';
import { gapSpan, type SeqGap } from './gap-record';
import { LossTracker } from './loss-tracker';
import { encodeSpanRecord, frameExportRequest } from './otlp-span-encoder';
import { OtlpGrpcTransport, type ExportOutcome } from './otlp-grpc-transport';
import type { ReadableSpanLike, SpanProcessorLike } from './readable-span';
import { RecordIdSource } from './record-ids';
import { FRAME_HEADER_BYTES, BODY_PREFIX_BYTES } from './spool-frame';
import { SpoolError, SpoolFullError } from './spool-errors';

/** Counters an application can read (and export as metrics). Every record is in exactly one bucket eventually. */
export interface DeliveryStats {
  /** Spans selected as records (each got a sequence number). */
  records: number;
  /** Records written to the disk spool (incl. spilled from memory and gap records). */
  spooled: number;
  /** Records the collector acknowledged. */
  delivered: number;
  /** Export requests that failed and were retried. */
  retries: number;
  /** Records the collector reported rejected in a partial success (not retried, per OTLP). */
  rejectedPartial: number;
  /** Records dropped after the collector refused them alone as invalid ('rejected' gaps). */
  rejectedInvalid: number;
  /** Sequence numbers declared lost, by reason (sent as gap records). */
  lost: Record<GapReason, number>;
  /** Gap records handed to the pipeline. */
  gapRecords: number;
  /** Spans that ended after shutdown() finished draining (not records; counted so nothing vanishes unseen). */
  endedAfterShutdown: number;
  /** canRecord() answers of false. */
  gateDenials: number;
  /** Times the sequence high-water mark could not be persisted (see docs/delivery.md "Limits"). */
  seqMarkPersistFailures: number;
  /** Records in the memory queue now. */
  queued: number;
  /** Unacknowledged records/bytes in the spool now. */
  spoolEntries: number;
  spoolBytes: number;
}

interface MemoryItem {
  seq: number;
  /** Encoded ResourceSpans, or the span to encode when it is sent (overflow/memory persistence). */
  bytes?: Buffer;
  span?: ReadableSpanLike;
  recordId?: string;
  /** Set for gap records, so an unsendable one can be turned back into a range at shutdown. */
  gap?: SeqGap;
}

type Work =
  | { kind: 'spool'; batch: SpoolBatch; lastSeq: number }
  | { kind: 'memory'; items: MemoryItem[]; payloads: Buffer[]; lastSeq: number };

const SPOOL_RETRY_MS = 1000;
const MIN_RECORD_ESTIMATE = 1024;
const MAX_RECORD_ESTIMATE = 1024 * 1024;

/** Memory batches need not be in number order (put back after failures): use the largest. */
function maxSeq(items: readonly MemoryItem[]): number {
  let m = 0;
  for (const i of items) if (i.seq > m) m = i.seq;
  return m;
}

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
 * The durable exporter, as a SpanProcessor the application adds to its tracer provider. The hot
 * path (`onEnd`) is synchronous and O(1) amortised: number the record, and either write it to
 * the spool ('write-ahead') or queue it in memory — never a promise per span. A single sender
 * loop batches from the spool (oldest first) and the memory queue, exports OTLP/gRPC, retries
 * with backoff and jitter, and advances the spool's ack cursor only on the collector's answer.
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
  private readonly transport: OtlpGrpcTransport;
  private readonly backoff: Backoff;
  private readonly select: (span: ReadableSpanLike) => boolean;
  private readonly queue: MemoryItem[] = [];
  private readonly gapQueue: MemoryItem[] = [];
  private resource: { attributes: Attributes } | undefined;
  private spoolBrokenUntil = 0;
  private spoolProblem: string | undefined;
  private recordEstimate = MIN_RECORD_ESTIMATE;
  /** Whether the last export reached the collector: gap records are made then, so an outage's losses merge into one. */
  private collectorReachable = true;
  private bisectLimit = 0;
  private bisectUntilSeq = 0;
  private stopping = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeResolve: (() => void) | undefined;
  private sleepResolve: (() => void) | undefined;
  private readonly drainWaiters = new Set<() => void>();
  private readonly loopDone: Promise<void>;
  private shutdownPromise: Promise<void> | undefined;
  private readonly warned = new Set<string>();
  private readonly stats_: Omit<DeliveryStats, 'queued' | 'spoolEntries' | 'spoolBytes' | 'lost' | 'seqMarkPersistFailures'> = {
    records: 0,
    spooled: 0,
    delivered: 0,
    retries: 0,
    rejectedPartial: 0,
    rejectedInvalid: 0,
    gapRecords: 0,
    endedAfterShutdown: 0,
    gateDenials: 0,
  };

  constructor(options: DurableExporterOptions) {
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

    this.transport = new OtlpGrpcTransport({
      address: o.address,
      credentials: o.credentials,
      timeoutMs: o.exportTimeoutMs,
      maxReconnectBackoffMs: o.maxBackoffMs,
      channelOptions: o.channelOptions,
    });
    this.loopDone = this.run();
  }

  // ---------------------------------------------------------------- SpanProcessor

  onStart(_span: unknown, _parentContext: Context): void {}

  /** Hot path: number the record and keep it (spool or memory). Never throws, never awaits. */
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
    const seq = this.state.nextSeq();
    const recordId = this.ids.next();
    this.stats_.records++;
    if (this.options.persistence === 'write-ahead') {
      let bytes: Buffer;
      try {
        bytes = encodeSpanRecord(span, { emitterId: this.emitterId, seq, recordId });
      } catch (err) {
        this.lose(seq, seq, 'spool_error', `record could not be encoded: ${(err as Error).message}`);
        return;
      }
      this.noteSize(bytes.length);
      if (this.tryAppend(seq, bytes)) {
        this.wake();
        return;
      }
      this.enqueue({ seq, bytes });
      return;
    }
    this.enqueue({ seq, span, recordId });
  }

  /** Resolves when everything ended so far is acknowledged, or after the shutdown timeout (then what is in memory is spooled). */
  async forceFlush(): Promise<void> {
    if (this.stopped) return;
    const drained = await this.waitDrained(this.options.shutdownTimeoutMs);
    if (!drained) this.spillAll('flush');
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
   * room for a record of the largest size seen (memory alone is not durable, so it does not count);
   * 'memory': the queue has room. Asked at the start of a fail-closed call; a record that fails to
   * fit later anyway is still reported as a gap.
   */
  canRecord(_methodPath: string): boolean {
    let ok: boolean;
    if (this.stopping) ok = false;
    else if (this.options.persistence === 'memory') ok = this.queue.length < this.options.maxQueueSize;
    else ok = this.spoolUsable() && this.spool!.hasRoomFor(this.recordEstimate + FRAME_HEADER_BYTES + BODY_PREFIX_BYTES);
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

  /** Appends to the spool; false (with the failure accounted for) when it cannot. */
  private tryAppend(seq: number, bytes: Buffer): boolean {
    if (!this.spoolUsable()) return false;
    try {
      this.spool!.append(seq, bytes);
      this.stats_.spooled++;
      if (this.spoolProblem) {
        this.logger.warn('grpc-audit delivery: spool writable again', { spoolDir: this.options.spoolDir ?? '' });
        this.spoolProblem = undefined;
        this.warned.delete('spool');
      }
      return true;
    } catch (err) {
      const e = err as SpoolError;
      this.spoolProblem = e.message;
      if (!(err instanceof SpoolFullError)) this.spoolBrokenUntil = Date.now() + SPOOL_RETRY_MS;
      this.warnOnce('spool', 'grpc-audit delivery: cannot write to the spool; records go to the memory queue, then are reported lost', {
        reason: e.reason ?? 'spool_error',
        error: e.message,
      });
      return false;
    }
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

  /** Writes the oldest `n` queued records to the spool (overflow persistence / failed exports / shutdown). */
  private spill(n: number): number {
    let moved = 0;
    while (moved < n && this.queue.length > 0) {
      const item = this.queue[0];
      const bytes = this.encodeItem(item);
      if (bytes === undefined) {
        this.queue.shift();
        continue;
      }
      if (!this.tryAppend(item.seq, bytes)) break;
      this.queue.shift();
      moved++;
    }
    return moved;
  }

  private encodeItem(item: MemoryItem): Buffer | undefined {
    if (item.bytes) return item.bytes;
    try {
      item.bytes = encodeSpanRecord(item.span!, { emitterId: this.emitterId, seq: item.seq, recordId: item.recordId! });
      item.span = undefined;
      this.noteSize(item.bytes.length);
      return item.bytes;
    } catch (err) {
      this.lose(item.seq, item.seq, 'spool_error', `record could not be encoded: ${(err as Error).message}`);
      return undefined;
    }
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

  /** Declares what a previous run left unexplained: saved gaps, corrupt spool regions, unused reserved numbers. */
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
    let from = report.maxSeq + 1;
    const to = state.previousReservedTo;
    // Numbers already declared by saved gaps are not declared twice.
    const sorted = [...declared].sort((a, b) => a.from - b.from);
    for (const g of sorted) {
      if (g.to < from || g.from > to) continue;
      if (g.from > from) this.losses.add(from, Math.min(g.from - 1, to), 'restart');
      from = Math.max(from, g.to + 1);
    }
    this.losses.restore(declared);
    if (from <= to) this.losses.add(from, to, 'restart');
  }

  // ---------------------------------------------------------------- sender loop

  private wake(): void {
    if (this.wakeResolve && !this.wakeTimer) {
      // Gather records for scheduledDelayMs, unless a full batch is already waiting.
      const full = this.queue.length >= this.options.maxExportBatchSize || (this.spool?.pendingEntries ?? 0) >= this.options.maxExportBatchSize;
      const delay = full || this.stopping ? 0 : this.options.scheduledDelayMs;
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        const r = this.wakeResolve;
        this.wakeResolve = undefined;
        r?.();
      }, delay);
      this.wakeTimer.unref();
    }
  }

  private hasWork(): boolean {
    return this.gapQueue.length > 0 || this.queue.length > 0 || (this.spool?.hasUnread() ?? false) || (this.losses.size > 0 && this.resource !== undefined);
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeResolve = resolve;
      // Periodic look even without a wake: a broken spool may have healed.
      const t = setTimeout(() => {
        if (this.wakeResolve === resolve) {
          this.wakeResolve = undefined;
          resolve();
        }
      }, SPOOL_RETRY_MS);
      t.unref();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sleepResolve = undefined;
        resolve();
      }, ms);
      t.unref();
      this.sleepResolve = () => {
        clearTimeout(t);
        this.sleepResolve = undefined;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    // Let the constructor return (and the app register us) before the first look.
    await new Promise<void>((r) => setImmediate(r));
    while (!this.stopped) {
      this.materialiseGaps();
      const work = this.nextWork();
      if (!work) {
        this.notifyDrained();
        await this.idle();
        continue;
      }
      if (work.kind === 'spool' && work.batch.entries.length === 0) {
        this.spool!.ack(work.batch); // skipping an unreadable region (already logged)
        continue;
      }
      const payloads = work.kind === 'spool' ? work.batch.entries.map((e) => e.payload) : work.payloads;
      const outcome = await this.transport.export(frameExportRequest(payloads));
      await this.settle(work, outcome, payloads.length);
    }
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
      if (!this.tryAppend(seq, bytes)) this.gapQueue.push({ seq, bytes, gap });
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
    return this.bisectLimit > 0 ? this.bisectLimit : this.options.maxExportBatchSize;
  }

  private nextWork(): Work | undefined {
    const limit = this.batchLimit();
    const maxBytes = this.options.maxExportBatchBytes;
    // Gap reports first (small, and they explain what follows), then the spool (oldest), then memory.
    if (this.gapQueue.length > 0) {
      const items = this.gapQueue.splice(0, limit);
      return { kind: 'memory', items, payloads: items.map((i) => i.bytes!), lastSeq: maxSeq(items) };
    }
    if (this.spool) {
      const batch = this.spool.readBatch(limit, maxBytes);
      if (batch) return { kind: 'spool', batch, lastSeq: batch.entries.length ? batch.entries[batch.entries.length - 1].seq : 0 };
    }
    if (this.queue.length === 0) return undefined;
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
    if (items.length === 0) return undefined;
    return { kind: 'memory', items, payloads, lastSeq: maxSeq(items) };
  }

  private async settle(work: Work, outcome: ExportOutcome, n: number): Promise<void> {
    this.collectorReachable = outcome.ok || !outcome.retryable;
    if (outcome.ok) {
      this.backoff.reset();
      if (outcome.rejectedSpans > 0) {
        this.stats_.rejectedPartial += outcome.rejectedSpans;
        this.logger.warn('grpc-audit delivery: the collector rejected records of a batch (partial success); they are not retried and show as missing sequence numbers', {
          rejected: outcome.rejectedSpans,
          batch: n,
          collectorMessage: outcome.errorMessage.slice(0, 500),
        });
      }
      this.stats_.delivered += n - Math.min(n, outcome.rejectedSpans);
      this.acknowledge(work);
      if (this.bisectLimit > 0 && work.lastSeq >= this.bisectUntilSeq) this.bisectLimit = 0;
      this.notifyDrained();
      return;
    }
    if (!outcome.retryable) {
      if (n > 1) {
        // Find the record the collector refuses: halve the batch until it stands alone.
        this.bisectLimit = Math.ceil(n / 2);
        this.bisectUntilSeq = Math.max(this.bisectUntilSeq, work.lastSeq);
        this.putBack(work);
        return;
      }
      const seq = work.kind === 'spool' ? work.batch.entries[0].seq : work.items[0].seq;
      this.stats_.rejectedInvalid++;
      this.logger.error('grpc-audit delivery: the collector refused a record as invalid; it is dropped and reported as a gap', {
        seq,
        code: outcome.code,
        collectorMessage: outcome.details.slice(0, 500),
      });
      this.acknowledge(work);
      this.losses.add(seq, seq, 'rejected');
      return;
    }
    this.stats_.retries++;
    this.warnOnce('export', 'grpc-audit delivery: export failed; retrying with backoff (records stay queued/spooled)', {
      code: outcome.code,
      details: outcome.details.slice(0, 300),
    });
    this.putBack(work);
    if (work.kind === 'memory' && this.options.persistence !== 'memory') this.spillAll('retry');
    if (!this.stopped) await this.sleep(this.backoff.next());
  }

  private acknowledge(work: Work): void {
    if (work.kind === 'spool') this.spool!.ack(work.batch);
    else {
      this.spool?.noteDelivered(work.lastSeq);
      if (work.items.some((i) => i.gap) && this.spool) this.saveLosses();
    }
    this.warned.delete('export');
  }

  private putBack(work: Work): void {
    if (work.kind === 'spool') return; // still at the cursor
    const target = work.items[0].gap ? this.gapQueue : this.queue;
    target.unshift(...work.items);
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
    this.wake();
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
    });
  }

  private async doShutdown(): Promise<void> {
    this.stopping = true;
    const drained = await this.waitDrained(this.options.shutdownTimeoutMs);
    this.stopped = true;
    this.transport.close(); // fails an in-flight export fast; its records go back to queue/spool
    this.sleepResolve?.();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const w = this.wakeResolve;
    this.wakeResolve = undefined;
    w?.();
    await this.loopDone;
    if (!drained) {
      this.spillAll('shutdown');
      // What could not be spooled is declared; the next run reports it.
      for (const item of [...this.gapQueue, ...this.queue]) {
        if (item.gap) this.losses.add(item.gap.from, item.gap.to, item.gap.reason);
        this.losses.add(item.seq, item.seq, 'shutdown');
      }
      this.gapQueue.length = 0;
      this.queue.length = 0;
      this.logger.warn('grpc-audit delivery: shutdown before the collector acknowledged everything; the rest is in the spool for the next run', {
        spoolEntries: this.spool?.pendingEntries ?? 0,
        unreported: this.losses.size,
      });
    }
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
