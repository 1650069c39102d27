/**
 * Crash-test helper: an emitter whose disk really refuses writes. Run under `ulimit -f` (a file
 * size limit enforced by the kernel) with SIGXFSZ ignored, so a write past the limit fails with
 * EFBIG — a genuine refused write at run time, like ENOSPC, not a simulated one.
 *
 * argv[2]: JSON { collector, caFile, certFile, keyFile, spoolDir, spans }. Protocol on stdio:
 * prints 'filled <stats>' after emitting; waits for a line 'flush' on stdin; prints 'done <stats>'.
 */
process.on('SIGXFSZ', () => undefined); // EFBIG instead of death
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DurableSpanProcessor } from '../../../interceptors/delivery/durable-span-processor';

const cfg = JSON.parse(process.argv[2]) as { collector: string; caFile: string; certFile: string; keyFile: string; spoolDir: string; spans: number };
const p = new DurableSpanProcessor({
  address: cfg.collector,
  credentials: grpc.credentials.createSsl(fs.readFileSync(cfg.caFile), fs.readFileSync(cfg.keyFile), fs.readFileSync(cfg.certFile)),
  spoolDir: cfg.spoolDir,
  segmentBytes: 4 * 1024 * 1024, // larger than the file size limit: the active segment hits it
  maxQueueSize: 10,
  initialBackoffMs: 20,
  maxBackoffMs: 200,
  scheduledDelayMs: 5,
  logger: { warn: () => undefined, error: () => undefined },
});
const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] });
const tracer = provider.getTracer('grpc-audit');
let gateClosedSeen = false;
async function fill(): Promise<void> {
  for (let i = 0; i < cfg.spans; i++) {
    tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', filler: 'f'.repeat(4000) } }).end();
    if (!p.canRecord('/demo.v1.Shop/Buy')) gateClosedSeen = true;
    // A few calls end per event-loop turn, as in a real service: each turn's records are one group commit.
    if (i % 5 === 4) await p.whenSpooled();
  }
  await p.whenSpooled();
}
void fill().then(() => process.stdout.write(`filled ${JSON.stringify({ ...p.stats(), gateClosedSeen, spoolStatus: p.spoolStatus ?? '' })}\n`));
process.stdin.once('data', async () => {
  await p.forceFlush();
  await p.forceFlush(); // the gap report is made once the collector answered
  await p.shutdown();
  process.stdout.write(`done ${JSON.stringify(p.stats())}\n`);
  process.exit(0);
});
