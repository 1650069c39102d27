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
  clientInterceptors: Interceptor[];
  serverInterceptors: ServerInterceptor[];
  /** Flushes/stops what the instrumentation started (durable exporter). */
  shutdown(): Promise<void>;
}

export type Loaded = Instrumentation | { unavailable: string };

const NONE: Instrumentation = { clientInterceptors: [], serverInterceptors: [], shutdown: async () => {} };

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

/** Our interceptors, record level 'metadata' or 'full', with the masking engine and our schema registry. */
export function loadAudit(config: ConfigName, provider: TracerProvider): Loaded {
  if (config === 'bare' || config === 'otel') return NONE;
  if (!has('interceptors/index')) return { unavailable: 'interceptors/index.ts (createGrpcAudit) is not built yet' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(path.join(REPO_ROOT, 'interceptors'));
  if (typeof api.createGrpcAudit !== 'function') return { unavailable: 'interceptors/index.ts does not export createGrpcAudit yet' };
  const options: Record<string, unknown> = { tracerProvider: provider, record: config === 'meta' ? 'metadata' : 'full' };
  if (config !== 'meta') {
    const masker = loadMasker();
    if ('unavailable' in masker) return masker;
    options.masker = masker.masker;
    const registry = loadRegistry(api);
    if ('unavailable' in registry) return registry;
    options.registry = registry.registry;
  }
  const audit = api.createGrpcAudit(options);
  return {
    clientInterceptors: [audit.clientInterceptor],
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const decode = require(path.join(REPO_ROOT, 'interceptors', 'decode'));
  const Registry = (api.SchemaRegistry ?? decode.SchemaRegistry) as (new () => { addProtoFiles(f: string, dirs: string[]): unknown }) | undefined;
  if (typeof Registry !== 'function') return { unavailable: 'SchemaRegistry is not exported' };
  const registry = new Registry();
  registry.addProtoFiles(BENCH_PROTO_FILE, INCLUDE_DIRS);
  return { registry };
}

/** Whether the durable exporter exists (checked by the orchestrator before it starts a collector). */
export function probeExporter(): { ok: true } | { unavailable: string } {
  return { unavailable: 'the durable exporter (interceptors/export/) is not built yet' };
}

/** The durable exporter for `full-export`; the span processor goes into the shared tracer provider. */
export function loadExportProcessor(target: ExportTarget | undefined): { processor: SpanProcessor; shutdown(): Promise<void> } | { unavailable: string } {
  const probe = probeExporter();
  if ('unavailable' in probe) return probe;
  if (!target) return { unavailable: 'no live collector for the durable exporter' };
  return { unavailable: 'the durable exporter (interceptors/export/) is not wired into the benchmark yet' };
}
