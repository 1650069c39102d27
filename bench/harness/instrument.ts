/**
 * What differs between configurations: the instrumentation a worker installs. Each loader
 * either returns the interceptors to attach or says, in words, why the configuration cannot run
 * yet (a piece not built) — the report carries that reason instead of numbers.
 *
 * Order matters for `otel`: @opentelemetry/instrumentation-grpc patches grpc-js when it is
 * required, so `installOtel` must run before anything requires @grpc/grpc-js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Interceptor, ServerInterceptor } from '@grpc/grpc-js';
import type { TracerProvider } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BENCH_PROTO_FILE, INCLUDE_DIRS, REPO_ROOT } from './bench-proto';
import type { ConfigName, ExportTarget } from './protocol';

export interface Instrumentation {
  /** grpc-js client options carrying the instrumentation (for grpc-audit: `audit.clientOptions()`). */
  clientOptions: Record<string, unknown>;
  serverInterceptors: ServerInterceptor[];
  /** Stops what the instrumentation started. */
  shutdown(): Promise<void>;
}

export type Loaded = Instrumentation | { unavailable: string };

const NONE: Instrumentation = { clientOptions: {}, serverInterceptors: [], shutdown: async () => {} };

export function isTraced(config: ConfigName): boolean {
  return config !== 'bare';
}

/** Patches grpc-js for config `otel`; must precede the first require of @grpc/grpc-js. */
export function installOtel(provider: TracerProvider): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
  const instrumentation = new GrpcInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.enable();
}

function has(rel: string): boolean {
  return ['.ts', '/index.ts'].some((ext) => fs.existsSync(path.join(REPO_ROOT, rel + ext)));
}

/**
 * Our interceptors, as the README tells a user to attach them: `createGrpcAudit(...)`, the client
 * built with `audit.clientOptions()` (which also guards against per-call interceptor bypass), the
 * server with `interceptors: [audit.serverInterceptor]`. Record level 'metadata' for meta; 'full'
 * with the default masking policy (`createMasker()`) and our schema registry for full/full-export.
 */
export function loadAudit(config: ConfigName, provider: TracerProvider, recordingDomain?: string): Loaded {
  if (config === 'bare' || config === 'otel') return NONE;
  if (!has('interceptors/index')) return { unavailable: 'interceptors/index.ts (createGrpcAudit) is not built yet' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(path.join(REPO_ROOT, 'interceptors'));
  if (typeof api.createGrpcAudit !== 'function') return { unavailable: 'interceptors/index.ts does not export createGrpcAudit yet' };
  const options: Record<string, unknown> = { tracerProvider: provider, record: config === 'meta' ? 'metadata' : 'full' };
  const masker = loadMasker();
  if ('unavailable' in masker) return masker;
  options.masker = masker.masker;
  if (config !== 'meta') {
    const registry = loadRegistry(api);
    if ('unavailable' in registry) return registry;
    options.registry = registry.registry;
    if (recordingDomain !== undefined) options.recordingDomain = recordingDomain;
  }
  const audit = api.createGrpcAudit(options);
  return {
    clientOptions: typeof audit.clientOptions === 'function' ? audit.clientOptions() : { interceptors: [audit.clientInterceptor] },
    serverInterceptors: [audit.serverInterceptor],
    shutdown: async () => {
      if (typeof audit.shutdown === 'function') await audit.shutdown();
    },
  };
}

function loadMasker(): { masker: unknown } | { unavailable: string } {
  if (!has('interceptors/mask/index')) return { unavailable: 'interceptors/mask/index.ts (createMasker) is not built yet' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mask = require(path.join(REPO_ROOT, 'interceptors', 'mask'));
  if (typeof mask.createMasker !== 'function') return { unavailable: 'interceptors/mask does not export createMasker yet' };
  return { masker: mask.createMasker() };
}

/**
 * The registry is fed from the .proto file rather than proto-loader's package definition:
 * proto-loader drops field options, and the field annotations are what the masking plan uses.
 */
function loadRegistry(api: Record<string, unknown>): { registry: unknown } | { unavailable: string } {
  const Registry = api.SchemaRegistry as (new () => { addProtoFiles(f: string, dirs: string[]): unknown }) | undefined;
  if (typeof Registry !== 'function') return { unavailable: 'SchemaRegistry is not exported from interceptors/index.ts' };
  const registry = new Registry();
  registry.addProtoFiles(BENCH_PROTO_FILE, INCLUDE_DIRS);
  return { registry };
}

const EXPORTER_FILE = 'interceptors/delivery/durable-span-processor';

/** Whether the durable exporter exists (checked by the orchestrator before it starts a collector). */
export function probeExporter(): { ok: true } | { unavailable: string } {
  if (!has(EXPORTER_FILE)) return { unavailable: 'the durable exporter (interceptors/delivery/durable-span-processor.ts) is not built yet' };
  return { ok: true };
}

export interface ExportProcessor {
  processor: SpanProcessor;
  /** Delivery counters (records, spooled, delivered, lost …) for the report. */
  stats(): Record<string, unknown>;
  shutdown(): Promise<void>;
}

/**
 * The durable exporter for `full-export`: a DurableSpanProcessor (default persistence:
 * write-ahead spool) delivering over mTLS with this worker's SPIFFE certificate. It goes into the
 * shared tracer provider next to the discarding batch processor. Needs grpc-js, so it is only
 * loaded for full-export (where nothing patches grpc-js).
 */
function spec(): string {
  return process.env.BENCH_WORKER ? String((JSON.parse(process.env.BENCH_WORKER) as { role?: string }).role) : '';
}

export function loadExportProcessor(target: ExportTarget | undefined): ExportProcessor | { unavailable: string } {
  const probe = probeExporter();
  if ('unavailable' in probe) return probe;
  if (!target || !target.caFile || !target.certFile || !target.keyFile) return { unavailable: 'no live collector for the durable exporter' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(REPO_ROOT, EXPORTER_FILE));
  const Processor = mod.DurableSpanProcessor;
  if (typeof Processor !== 'function') return { unavailable: `${EXPORTER_FILE}.ts does not export DurableSpanProcessor` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc: typeof import('@grpc/grpc-js') = require('@grpc/grpc-js');
  const credentials = grpc.credentials.createSsl(fs.readFileSync(target.caFile), fs.readFileSync(target.keyFile), fs.readFileSync(target.certFile));
  // BENCH_EXPORT_OPTIONS: JSON of extra DurableSpanProcessor options, for A/B runs of delivery settings
  const extra = process.env.BENCH_EXPORT_OPTIONS ? (JSON.parse(process.env.BENCH_EXPORT_OPTIONS) as Record<string, unknown>) : {};
  const processor = new Processor({ address: target.endpoint, credentials, spoolDir: target.spoolDir, ...extra });
  if (process.env.BENCH_EXPORT_STATS) process.on('exit', () => console.error(`[bench] ${spec()} delivery ${JSON.stringify(processor.stats())}`));
  return {
    processor,
    stats: () => (typeof processor.stats === 'function' ? processor.stats() : {}),
    shutdown: () => processor.shutdown(),
  };
}
