import type * as grpc from '@grpc/grpc-js';
import { ConfigError } from '../config/config-error';
import { Backoff } from './backoff';
import { newEmitterId } from './emitter-state';
import { describeRefusal, type ExportOutcome } from './export-outcome';
import { encodeSpanRecord, frameExportRequest } from './otlp-span-encoder';
import { OtlpGrpcTransport } from './otlp-grpc-transport';
import type { ReadableSpanLike } from './readable-span';
import { RecordIdSource } from './record-ids';
import { ExportResultCode, type ExportResult, type SpanExporterLike } from './span-exporter';

export interface OtlpAuditExporterOptions {
  /** Collector address, 'host:port'. */
  address: string;
  /** Channel credentials; for mTLS `grpc.credentials.createSsl(ca, key, cert)`. */
  credentials: grpc.ChannelCredentials;
  /** Deadline of one export request (default 10 s). */
  exportTimeoutMs?: number;
  /** Retry backoff: first cap and largest cap (defaults 100 ms, 5 s); also caps grpc-js' reconnect backoff. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * `export()` only (behind a processor of the application's own): how long one call keeps
   * retrying a retryable failure before it reports FAILED (default 30 s). The durable processor
   * retries on its own schedule and never waits on this.
   */
  retryTimeoutMs?: number;
  channelOptions?: grpc.ChannelOptions;
}

export interface ResolvedExporterOptions {
  address: string;
  credentials: grpc.ChannelCredentials;
  exportTimeoutMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  retryTimeoutMs: number;
  channelOptions: grpc.ChannelOptions | undefined;
}

function int(key: string, v: number | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ConfigError(key, `must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

export function resolveExporterOptions(o: OtlpAuditExporterOptions): ResolvedExporterOptions {
  if (!o || typeof o !== 'object') throw new ConfigError('options', 'must be an object');
  if (typeof o.address !== 'string' || !/^.+:\d+$/.test(o.address)) throw new ConfigError('address', `must be 'host:port', got ${JSON.stringify(o.address)}`);
  if (!o.credentials || typeof (o.credentials as { _isSecure?: unknown })._isSecure !== 'function') {
    throw new ConfigError('credentials', 'must be grpc ChannelCredentials (grpc.credentials.createSsl(ca, key, cert) for mTLS)');
  }
  const initialBackoffMs = int('initialBackoffMs', o.initialBackoffMs, 100, 1);
  const maxBackoffMs = int('maxBackoffMs', o.maxBackoffMs, 5000, 1);
  if (maxBackoffMs < initialBackoffMs) throw new ConfigError('maxBackoffMs', `must be ≥ initialBackoffMs (${initialBackoffMs})`);
  return {
    address: o.address,
    credentials: o.credentials,
    exportTimeoutMs: int('exportTimeoutMs', o.exportTimeoutMs, 10_000, 1),
    initialBackoffMs,
    maxBackoffMs,
    retryTimeoutMs: int('retryTimeoutMs', o.retryTimeoutMs, 30_000, 0),
    channelOptions: o.channelOptions,
  };
}

/**
 * The collector's OTLP/gRPC exporter: transport (one mTLS channel, tracing suppressed for its own
 * calls), the retry classification (export-outcome.ts) and partial success. Two doors:
 *
 * - `sendRecords(records)` — one attempt with records already encoded and numbered (what the
 *   DurableSpanProcessor sends from its spool; it keeps them durable and retries on its own
 *   schedule, so a retry never re-encodes and never blocks new records).
 * - `export(spans, cb)` — OpenTelemetry's SpanExporter, for an application that puts our exporter
 *   behind a processor of its own (e.g. BatchSpanProcessor). Spans are numbered here under an
 *   emitter identity of this exporter instance (new per process: there is no spool to keep it),
 *   retried with backoff and full jitter up to `retryTimeoutMs`; a partial success is SUCCESS (the
 *   collector stored the rest; OTLP says not to retry), a deterministic refusal FAILED at once.
 *   What such a processor drops is not reported as a gap — that needs the durable processor.
 */
export class OtlpAuditExporter implements SpanExporterLike {
  readonly options: ResolvedExporterOptions;
  /** Emitter id of records numbered by `export()` (the durable processor stamps its own). */
  readonly emitterId = newEmitterId();
  private readonly transport: OtlpGrpcTransport;
  private readonly ids = new RecordIdSource();
  private seq = 0;
  private stopped = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: OtlpAuditExporterOptions) {
    this.options = resolveExporterOptions(options);
    this.transport = new OtlpGrpcTransport({
      address: this.options.address,
      credentials: this.options.credentials,
      timeoutMs: this.options.exportTimeoutMs,
      maxReconnectBackoffMs: this.options.maxBackoffMs,
      channelOptions: this.options.channelOptions,
    });
  }

  /** One export request of encoded records (OTLP ResourceSpans each); never rejects. */
  sendRecords(records: readonly Buffer[]): Promise<ExportOutcome> {
    return this.track(this.transport.export(frameExportRequest(records)));
  }

  export(spans: ReadableSpanLike[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    let records: Buffer[];
    try {
      records = spans.map((span) => encodeSpanRecord(span, { emitterId: this.emitterId, seq: ++this.seq, recordId: this.ids.next() }));
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err as Error });
      return;
    }
    void this.track(this.sendWithRetries(records)).then(resultCallback);
  }

  private async sendWithRetries(records: Buffer[]): Promise<ExportResult> {
    const backoff = new Backoff(this.options.initialBackoffMs, this.options.maxBackoffMs);
    const giveUpAt = Date.now() + this.options.retryTimeoutMs;
    for (;;) {
      const outcome = await this.transport.export(frameExportRequest(records));
      if (outcome.ok) return { code: ExportResultCode.SUCCESS };
      const error = new Error(`collector refused the export: ${describeRefusal(outcome.code, outcome.details)}`);
      const delay = backoff.next();
      if (!outcome.retryable || this.stopped || Date.now() + delay > giveUpAt) return { code: ExportResultCode.FAILED, error };
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Cancels in-flight requests (their callers see a retryable CANCELLED) and closes the channel. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.transport.close();
    await Promise.all([...this.pending]);
  }
}
