/**
 * Messages between the orchestrator (bench/run.ts) and the worker processes over the
 * child_process IPC channel. Every request carries an `id`; the worker answers with the same id.
 */

/** Configurations, in the order they are reported. */
export const CONFIG_NAMES = ['bare', 'otel', 'meta', 'full', 'full-export'] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

export const WORKLOAD_NAMES = ['unary-1', 'unary-64', 'stream'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export const PAYLOAD_KINDS = ['pii', 'clean'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

export type Role = 'client' | 'server';

/** Passed to a worker through its environment (BENCH_WORKER = JSON). */
export interface WorkerSpec {
  role: Role;
  config: ConfigName;
  /** Client only: the server's 127.0.0.1 port. */
  port?: number;
  /** full-export only: where the collector listens and the files the exporter needs. */
  exportTarget?: ExportTarget;
  /** grpc-audit's `recordingDomain` for full and full-export (see bench/README.md). */
  recordingDomain?: string;
}

export interface ExportTarget {
  /** 'host:port' of the collector's OTLP endpoint. */
  endpoint: string;
  /** Directory for this worker's durable spool. */
  spoolDir: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** resource service.name the collector's identity policy allows for this worker. */
  serviceName: string;
}

export interface Workload {
  name: WorkloadName;
  payload: PayloadKind;
}

export type Request =
  | { id: number; type: 'start'; workload: Workload }
  | { id: number; type: 'mark' }
  | { id: number; type: 'stop' }
  | { id: number; type: 'flush' }
  /** CPU profiling of the measured windows only (node:inspector), written as a .cpuprofile. */
  | { id: number; type: 'profile-start' }
  | { id: number; type: 'profile-stop'; file: string }
  | { id: number; type: 'exit' };

/** A snapshot taken at a mark: counters since the process started, CPU since it started. */
export interface MarkSnapshot {
  /** Client: completed unary calls (or streams). */
  calls: number;
  /** Client: messages received on streams. */
  messages: number;
  errors: number;
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  /** Wall clock in ms (performance.now()). */
  t: number;
  /** Peak RSS since the process started (kernel high-water mark) and peak heap used since the previous mark (sampled each second), bytes. */
  peakRss: number;
  peakHeapUsed: number;
  rss: number;
  heapUsed: number;
  /** Client: latency (ms) of the calls (streams) completed since the previous mark. */
  latency?: { n: number; p50: number; p99: number };
  /** Spans handed to the discarding exporter so far, and a sample of what they carried. */
  spans: SpanTally;
  /** full-export: the durable exporter's counters (records, spooled, delivered, lost …). */
  delivery?: Record<string, unknown>;
}

export interface SpanTally {
  exported: number;
  /** rpc.message events seen on exported spans. */
  messageEvents: number;
  /** grpcaudit.payload attributes seen on those events. */
  payloadEvents: number;
  /** Events without a payload because the peer records it (grpcaudit.payload.recorded_by = 'peer'). */
  peerEvents?: number;
  /** Raw PII markers (from payloads.ts) found in any exported attribute or event: must stay 0. */
  leaks: number;
  /** Leaks by kind of marker (email, card, phone, name). */
  leakKinds?: Record<string, number>;
  /** One exported span, abbreviated, for the record. */
  sample?: { name: string; attributes: string[]; events: number; payload?: string };
}

export type Reply =
  | { id: number; type: 'ok' }
  | { id: number; type: 'mark'; snapshot: MarkSnapshot }
  | { id: number; type: 'error'; message: string };

/** Sent once, unsolicited, when the worker has set itself up. */
export type Hello = { type: 'ready'; port?: number } | { type: 'unavailable'; reason: string };
