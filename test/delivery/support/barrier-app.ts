/**
 * Crash-test helper for the group commit: an emitter whose process is killed with SIGKILL at a
 * point the test chooses. argv[2]: JSON { spoolDir, spans, unflushed }.
 *
 * 1. ends `spans` spans in one turn, awaits the flush barrier (`whenSpooled()`), prints 'spooled';
 * 2. ends `unflushed` more spans, prints 'staged', and then never yields the event loop again (a
 *    busy loop), so the end-of-turn group commit of those spans never runs before the kill.
 * The collector address is a closed port: nothing is delivered, everything stays in the spool.
 */
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DurableSpanProcessor } from '../../../interceptors/delivery/durable-span-processor';

const cfg = JSON.parse(process.argv[2]) as { spoolDir: string; spans: number; unflushed: number };
const p = new DurableSpanProcessor({
  address: '127.0.0.1:1',
  credentials: grpc.credentials.createInsecure(),
  spoolDir: cfg.spoolDir,
  seqBlockSize: 100,
  logger: { warn: () => undefined, error: () => undefined },
});
const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] });
const tracer = provider.getTracer('grpc-audit');
const emit = (n: number): void => {
  for (let i = 0; i < n; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', i } }).end();
};

async function main(): Promise<void> {
  emit(cfg.spans);
  await p.whenSpooled();
  process.stdout.write(`spooled ${JSON.stringify({ emitterId: p.emitterId, ...p.stats() })}\n`);
  emit(cfg.unflushed);
  process.stdout.write(`staged ${p.stats().staged}\n`);
  // Never yield again: the end-of-turn group commit cannot run before SIGKILL arrives.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

void main();
