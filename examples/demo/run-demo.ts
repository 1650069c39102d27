import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, type AuditStats, type GrpcAuditOptions } from '../../interceptors';
import { runDemoClient, type DemoOutcome } from './demo-client';
import { startDemoServer } from './demo-server';
import { shopRegistry } from './shop-schema';
import { DemoSpanPrinter } from './span-printer';

export interface DemoOptions {
  /** Where the readable output goes; default stdout. */
  write?: (text: string) => void;
  /** More span processors (e.g. an exporter to the collector); spans also go to the printer. */
  spanProcessors?: SpanProcessor[];
  /** Extra grpc-audit options (masker, methods, …) on top of the demo's. */
  audit?: Partial<GrpcAuditOptions>;
  /** Print spans (default true). */
  print?: boolean;
}

export interface DemoResult {
  outcomes: DemoOutcome[];
  stats: AuditStats;
}

/**
 * The whole demo in one process: a tracer provider whose spans are printed, one grpc-audit
 * instance for both sides, the shop server on 127.0.0.1:0 and the client running all four
 * call kinds. Everything is shut down before it returns.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((t: string) => void process.stdout.write(t));
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.print !== false) processors.unshift(new SimpleSpanProcessor(new DemoSpanPrinter(write)));
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  const audit = createGrpcAudit({
    registry: shopRegistry(),
    tracerProvider: provider,
    metadataAllowlist: ['x-request-id', 'authorization', 'user-agent'],
    ...options.audit,
  });
  const server = await startDemoServer(audit);
  try {
    write(`grpc-audit demo: shop service on ${server.address}; every call below is recorded by the client and server interceptors.\n\n`);
    const outcomes = await runDemoClient(server.address, audit);
    await provider.forceFlush();
    write('\nWhat the application saw (unmasked, untouched by grpc-audit):\n');
    for (const o of outcomes) write(`  ${o.ok ? 'ok  ' : 'fail'} ${o.call}: ${o.summary}${o.ok ? '' : ` (code ${o.code})`}\n`);
    write(`\n${audit.stats.calls} spans recorded, ${audit.stats.recordingErrors} recording errors.\n`);
    return { outcomes, stats: { ...audit.stats } };
  } finally {
    await server.close();
    await audit.shutdown();
    await provider.shutdown();
  }
}
