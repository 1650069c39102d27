import type { Attributes } from '@opentelemetry/api';
import { ConfigError } from '../config/config-error';
import type { FsyncPolicy } from './disk-spool';
import { resolveExporterOptions, type OtlpAuditExporter, type OtlpAuditExporterOptions, type ResolvedExporterOptions } from './otlp-audit-exporter';
import type { ReadableSpanLike } from './readable-span';

/**
 * Where a record lives between the end of its span and the collector's acknowledgement:
 * - 'write-ahead' (default): written to the disk spool by a group commit at the end of the
 *   event-loop turn in which its span ended (one write(2) for all the turn's records, no fsync
 *   unless fsync is 'always'), so a record survives `kill -9` of the process from the end of that
 *   turn (`whenSpooled()` is the barrier; `groupCommit: false` writes inside `onEnd` instead).
 *   The memory queue is only a fallback while the disk refuses writes.
 * - 'overflow': kept in a bounded memory queue and sent from there; spooled when the queue is
 *   full, when an export fails, and at shutdown. Cheaper per span; a crash loses what is queued
 *   (it is declared at the next start as a 'restart' gap, never silently).
 * - 'memory': no disk at all; records beyond the queue bound are lost and reported as gaps.
 */
export type Persistence = 'write-ahead' | 'overflow' | 'memory';

/** Which ended spans are records: 'grpc-audit' (default: spans of the grpc-audit interceptors), 'all', or a predicate. */
export type SpanSelector = 'grpc-audit' | 'all' | ((span: ReadableSpanLike) => boolean);

export interface DeliveryLogger {
  warn(message: string, fields?: Record<string, string | number | boolean>): void;
  error(message: string, fields?: Record<string, string | number | boolean>): void;
}

/** Where the spool lives and how it is bounded (the `spool` of DurableSpanProcessorOptions). */
export interface SpoolConfig {
  /** Spool directory: emitter identity, sequence mark, segments, ack cursor. One per process. */
  dir: string;
  /** 'always' | 'never' | interval in ms (default 100). */
  fsync?: 'always' | 'never' | number;
  /** Bound on the spool's bytes on disk (default 256 MiB). */
  maxBytes?: number;
  /** Segment size (default 8 MiB, at most maxBytes / 4). */
  segmentBytes?: number;
}

/** Options of the processor that do not concern the transport or the spool's place. */
export type DeliveryTuning = Omit<DurableExporterOptions, 'address' | 'credentials' | 'exportTimeoutMs' | 'initialBackoffMs' | 'maxBackoffMs' | 'channelOptions' | 'spoolDir' | 'fsync' | 'maxSpoolBytes' | 'segmentBytes'>;

/**
 * The OpenTelemetry-shaped form: `new DurableSpanProcessor({ exporter, spool })` — our exporter
 * (transport, retry classification, partial success) and a spool, composed by the processor. The
 * retry backoff is the exporter's. `spool` is required unless `persistence` is 'memory'.
 */
export interface DurableSpanProcessorOptions extends DeliveryTuning {
  exporter: OtlpAuditExporter;
  spool?: SpoolConfig;
}

/** The flat form (everything in one object; the processor makes its exporter). */
export interface DurableExporterOptions extends OtlpAuditExporterOptions {
  /** Spool directory: emitter identity, sequence mark, segments, ack cursor. Required unless persistence is 'memory'. */
  spoolDir?: string;
  persistence?: Persistence;
  /** 'always' | 'never' | interval in ms (default 100). */
  fsync?: 'always' | 'never' | number;
  /** Bound on the spool's bytes on disk (default 256 MiB). */
  maxSpoolBytes?: number;
  /** Segment size (default 8 MiB, at most maxSpoolBytes / 4). */
  segmentBytes?: number;
  /** Records held in memory (default 2048). */
  maxQueueSize?: number;
  /** Records per export request (default 512). */
  maxExportBatchSize?: number;
  /** Bytes per export request (default 3 MiB; the collector accepts 4 MiB by default). */
  maxExportBatchBytes?: number;
  /** How long new records are gathered before a request is sent, unless a full batch is waiting (default 200 ms). */
  scheduledDelayMs?: number;
  /**
   * Export requests in flight at once on the collector connection (default 2: the collector maps
   * one request while it stores the previous one; see docs/delivery.md "Several requests in flight").
   */
  maxExportsInFlight?: number;
  /**
   * 'write-ahead' only. true (default): records ended in one event-loop turn are written with one
   * write(2) at the end of the turn. false: each record is written inside `onEnd` (on disk when
   * `onEnd` returns; costs a write(2) per span on the call path).
   */
  groupCommit?: boolean;
  /** How long shutdown() tries to deliver before it persists the rest (default 5 s). */
  shutdownTimeoutMs?: number;
  /** Sequence numbers reserved per persisted high-water mark (default 10 000; the background lookahead grows beyond it at high rates). */
  seqBlockSize?: number;
  select?: SpanSelector;
  /**
   * Resource (service.name) for gap reports made before any span ended in this run — e.g. the
   * 'restart' declaration. Default: the resource of the first span that ends.
   */
  resource?: { attributes: Attributes };
  /** Default: OpenTelemetry diag. Never receives payloads. */
  logger?: DeliveryLogger;
}

export interface ResolvedDeliveryOptions {
  /** Transport options of the exporter the processor makes (flat form); undefined when one was given. */
  exporter: ResolvedExporterOptions | undefined;
  spoolDir: string | undefined;
  persistence: Persistence;
  fsync: FsyncPolicy;
  maxSpoolBytes: number;
  segmentBytes: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  maxExportBatchBytes: number;
  scheduledDelayMs: number;
  maxExportsInFlight: number;
  groupCommit: boolean;
  initialBackoffMs: number;
  maxBackoffMs: number;
  shutdownTimeoutMs: number;
  seqBlockSize: number;
  select: SpanSelector;
  resource: { attributes: Attributes } | undefined;
}

function isComposed(o: DurableExporterOptions | DurableSpanProcessorOptions): o is DurableSpanProcessorOptions {
  return (o as DurableSpanProcessorOptions).exporter !== undefined;
}

/** The composed form, in the flat form's terms (so one validation serves both). */
function flatten(o: DurableSpanProcessorOptions): Omit<DurableExporterOptions, 'address' | 'credentials'> {
  const exporter = o.exporter as OtlpAuditExporter | { options?: unknown };
  if (!exporter || typeof exporter !== 'object' || typeof (exporter as OtlpAuditExporter).sendRecords !== 'function') {
    throw new ConfigError('exporter', 'must be an OtlpAuditExporter');
  }
  if (o.spool !== undefined && (typeof o.spool !== 'object' || o.spool === null)) throw new ConfigError('spool', 'must be { dir, fsync?, maxBytes?, segmentBytes? }');
  const e = (o.exporter as OtlpAuditExporter).options;
  return {
    ...o,
    spoolDir: o.spool?.dir,
    fsync: o.spool?.fsync,
    maxSpoolBytes: o.spool?.maxBytes,
    segmentBytes: o.spool?.segmentBytes,
    initialBackoffMs: e.initialBackoffMs,
    maxBackoffMs: e.maxBackoffMs,
  };
}

const MiB = 1024 * 1024;

function int(key: string, v: number | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ConfigError(key, `must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

/** Validates once, at construction; every error names its key. Warnings (clamps) go to `warn`. */
export function resolveDeliveryOptions(options: DurableExporterOptions | DurableSpanProcessorOptions, warn: (message: string) => void): ResolvedDeliveryOptions {
  if (!options || typeof options !== 'object') throw new ConfigError('options', 'must be an object');
  const exporter = isComposed(options) ? undefined : resolveExporterOptions(options);
  const o = isComposed(options) ? flatten(options) : options;
  const spoolKey = isComposed(options) ? 'spool' : 'spoolDir';
  const persistence = o.persistence ?? 'write-ahead';
  if (!['write-ahead', 'overflow', 'memory'].includes(persistence)) throw new ConfigError('persistence', "must be 'write-ahead', 'overflow' or 'memory'");
  if (persistence !== 'memory' && (typeof o.spoolDir !== 'string' || o.spoolDir === '')) {
    throw new ConfigError(spoolKey, `is required with persistence '${persistence}'`);
  }
  let fsync: FsyncPolicy;
  if (o.fsync === undefined) fsync = { intervalMs: 100 };
  else if (o.fsync === 'always' || o.fsync === 'never') fsync = o.fsync;
  else fsync = { intervalMs: int('fsync', o.fsync, 100, 1) };
  const maxSpoolBytes = int('maxSpoolBytes', o.maxSpoolBytes, 256 * MiB, 4096);
  let segmentBytes = int('segmentBytes', o.segmentBytes, 8 * MiB, 1024);
  if (segmentBytes > Math.floor(maxSpoolBytes / 4)) {
    const clamped = Math.max(1024, Math.floor(maxSpoolBytes / 4));
    if (o.segmentBytes !== undefined) warn(`segmentBytes ${segmentBytes} clamped to ${clamped} (maxSpoolBytes / 4)`);
    segmentBytes = clamped;
  }
  const select = o.select ?? 'grpc-audit';
  if (select !== 'grpc-audit' && select !== 'all' && typeof select !== 'function') throw new ConfigError('select', "must be 'grpc-audit', 'all' or a function");
  if (o.groupCommit !== undefined && typeof o.groupCommit !== 'boolean') throw new ConfigError('groupCommit', `must be a boolean, got ${String(o.groupCommit)}`);
  const groupCommit = o.groupCommit ?? true;
  return {
    exporter,
    spoolDir: persistence === 'memory' ? undefined : o.spoolDir,
    persistence,
    fsync,
    maxSpoolBytes,
    segmentBytes,
    maxQueueSize: int('maxQueueSize', o.maxQueueSize, 2048, 1),
    maxExportBatchSize: int('maxExportBatchSize', o.maxExportBatchSize, 512, 1),
    maxExportBatchBytes: int('maxExportBatchBytes', o.maxExportBatchBytes, 3 * MiB, 1024),
    scheduledDelayMs: int('scheduledDelayMs', o.scheduledDelayMs, 200, 0),
    maxExportsInFlight: int('maxExportsInFlight', o.maxExportsInFlight, 2, 1),
    groupCommit,
    initialBackoffMs: exporter?.initialBackoffMs ?? o.initialBackoffMs!,
    maxBackoffMs: exporter?.maxBackoffMs ?? o.maxBackoffMs!,
    shutdownTimeoutMs: int('shutdownTimeoutMs', o.shutdownTimeoutMs, 5000, 0),
    seqBlockSize: int('seqBlockSize', o.seqBlockSize, 10_000, 1),
    select,
    resource: o.resource,
  };
}
