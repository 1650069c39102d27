/**
 * Delivery benchmark (issue 7 "Measures"): the durable exporter's own figures.
 *
 *   node --import tsx bench/delivery.ts [--quick]      prints JSON + a Markdown table
 *
 * 1. hot path: cost of `onEnd` per span (synchronous loop of span.end(), so the figure is what a
 *    call pays) for each persistence mode, against a no-op processor in the same run;
 * 2. saturation: spans/s offered to a write-ahead exporter delivering to a live collector process
 *    (real CLI, mTLS, SQLite ledger), step by step; the spool "grows" at a rate when more than a
 *    quarter of a window's records are still unacknowledged at its end;
 * 3. recovery: the collector is stopped, N records are spooled, the collector is started again;
 *    time from "listening again" to "spool empty".
 * Figures depend on the machine and its load (2 shared cores here): compare within one run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, type Context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CollectorProcess } from './harness/collector-process';
import { DurableSpanProcessor } from '../interceptors/export/durable-span-processor';
import type { DurableExporterOptions, Persistence } from '../interceptors/export/delivery-options';

export interface DeliveryBenchOptions {
  quick?: boolean;
}

export interface HotPathFigure {
  mode: 'noop' | Persistence;
  usPerSpan: number;
  /** Extra µs per span over the no-op processor of the same run. */
  overheadUs: number;
}

export interface SaturationStep {
  offeredPerSec: number;
  /** Spans actually emitted per second (timer granularity). */
  emittedPerSec: number;
  /** Records acknowledged per second during the window. */
  deliveredPerSec: number;
  /** Unacknowledged records at the end of the window. */
  backlogAtEnd: number;
  growing: boolean;
}

export interface DeliveryBenchResult {
  quick: boolean;
  cpus: number;
  loadavg: number[];
  spanBytes: number;
  hotPath: HotPathFigure[];
  saturation: SaturationStep[];
  /** Lowest offered rate at which the spool grew (null: it kept up at every step). */
  spoolGrowsAtPerSec: number | null;
  recovery: { records: number; recoveryMs: number; recordsPerSec: number; collectorRestartMs: number };
}

const PAYLOAD = JSON.stringify({ order: { id: 'o-123', items: Array.from({ length: 12 }, (_, i) => ({ sku: `sku-${i}`, qty: i, price: '12.50' })), email: '[email]', card: '****1111' } });

function emitter(provider: BasicTracerProvider): (n: number) => void {
  const tracer = provider.getTracer('grpc-audit', '0.1.0');
  return (n) => {
    for (let i = 0; i < n; i++) {
      const span = tracer.startSpan('grpc.demo.v1.Shop/Buy', {
        kind: SpanKind.CLIENT,
        attributes: {
          'rpc.system': 'grpc',
          'rpc.service': 'demo.v1.Shop',
          'rpc.method': 'Buy',
          'rpc.grpc.status_code': 0,
          'server.address': '127.0.0.1',
          'server.port': 50051,
          'grpcaudit.call.type': 'unary',
          'grpcaudit.record.level': 'full',
          'grpcaudit.policy.version': 'v1',
          'grpcaudit.subject_refs': ['h:8f3a', 'h:1c2d'],
          'grpcaudit.masked.count': 2,
        },
      });
      span.addEvent('rpc.message', { 'message.type': 'SENT', 'message.id': 1, 'message.uncompressed_size': PAYLOAD.length, 'grpcaudit.payload': PAYLOAD });
      span.addEvent('rpc.message', { 'message.type': 'RECEIVED', 'message.id': 1, 'message.uncompressed_size': 40, 'grpcaudit.payload': '{"ok":true}' });
      span.end();
    }
  };
}

const quietLogger = { warn: () => undefined, error: () => undefined };

class NoopProcessor implements SpanProcessor {
  onStart(_s: Span, _c: Context): void {}
  onEnd(_s: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

async function hotPath(dir: string, spans: number): Promise<HotPathFigure[]> {
  const modes: Array<'noop' | Persistence> = ['noop', 'write-ahead', 'overflow', 'memory'];
  const out: HotPathFigure[] = [];
  const perMode = new Map<string, number[]>();
  // Interleaved rounds, so drift in machine load hits every mode alike.
  for (let round_ = 0; round_ < 3; round_++) {
    for (const mode of modes) {
      const processor =
        mode === 'noop'
          ? new NoopProcessor()
          : new DurableSpanProcessor({
              address: '127.0.0.1:1', // nothing listens: the sender only backs off, the figure is onEnd alone
              credentials: grpc.credentials.createInsecure(),
              spoolDir: path.join(dir, `hot-${mode}-${round_}`),
              persistence: mode,
              maxQueueSize: spans + 10, // overflow/memory: measure queueing, not spilling
              maxSpoolBytes: 1024 * 1024 * 1024,
              logger: quietLogger,
            });
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'bench' }), spanProcessors: [processor as SpanProcessor] });
      const emit = emitter(provider);
      emit(200); // warm-up
      let ns = 0n;
      for (let done = 0; done < spans; done += 500) {
        const t0 = process.hrtime.bigint();
        emit(500);
        ns += process.hrtime.bigint() - t0;
        await tick();
      }
      perMode.set(mode, [...(perMode.get(mode) ?? []), Number(ns) / 1000 / spans]);
      await processor.shutdown().catch(() => undefined);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(perMode.get('noop')!);
  for (const mode of modes) {
    const us = median(perMode.get(mode)!);
    out.push({ mode, usPerSpan: round(us), overheadUs: round(us - base) });
  }
  return out;
}

async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

function exporterOptions(collector: CollectorProcess, spoolDir: string): DurableExporterOptions {
  const t = collector.target('client');
  return {
    address: t.endpoint,
    credentials: grpc.credentials.createSsl(fs.readFileSync(t.caFile!), fs.readFileSync(t.keyFile!), fs.readFileSync(t.certFile!)),
    spoolDir,
    persistence: 'write-ahead',
    initialBackoffMs: 20,
    maxBackoffMs: 250,
    logger: quietLogger,
  };
}

export async function runDeliveryBench(options: DeliveryBenchOptions = {}): Promise<DeliveryBenchResult> {
  const quick = options.quick === true;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-bench-delivery-'));
  const collector = await CollectorProcess.prepare();
  try {
    const hot = await hotPath(dir, quick ? 3000 : 20_000);

    await collector.start();
    const p = new DurableSpanProcessor(exporterOptions(collector, path.join(dir, 'sat')));
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': collector.target('client').serviceName }),
      spanProcessors: [p as unknown as SpanProcessor],
    });
    const emit = emitter(provider);
    emit(1); // connect once before measuring
    await p.forceFlush();

    const rates = quick ? [500, 2000, 8000] : [250, 500, 1000, 2000, 4000, 8000];
    const windowMs = quick ? 1500 : 4000;
    const saturation: SaturationStep[] = [];
    for (const rate of rates) {
      await waitUntil(() => p.stats().spoolEntries === 0, 30_000);
      const d0 = p.stats().delivered;
      const r0 = p.stats().records;
      const t0 = Date.now();
      let owed = 0;
      while (Date.now() - t0 < windowMs) {
        const step = Date.now();
        owed += (rate * 10) / 1000;
        const n = Math.floor(owed);
        owed -= n;
        emit(n);
        await sleep(Math.max(0, 10 - (Date.now() - step)));
      }
      const elapsed = (Date.now() - t0) / 1000;
      const s = p.stats();
      const emitted = s.records - r0;
      const backlog = s.spoolEntries;
      saturation.push({
        offeredPerSec: rate,
        emittedPerSec: Math.round(emitted / elapsed),
        deliveredPerSec: Math.round((s.delivered - d0) / elapsed),
        backlogAtEnd: backlog,
        growing: backlog > emitted / 4,
      });
    }
    await waitUntil(() => p.stats().spoolEntries === 0, 60_000);

    // Recovery after an outage of N records.
    const n = quick ? 2000 : 20_000;
    await collector.stop();
    for (let done = 0; done < n; done += 500) {
      emit(Math.min(500, n - done));
      await tick();
    }
    const bytesPerRecord = Math.round(p.stats().spoolBytes / Math.max(1, p.stats().spoolEntries));
    const restartT0 = Date.now();
    await collector.start();
    const listening = Date.now();
    await waitUntil(() => p.stats().spoolEntries === 0, 120_000);
    const recoveryMs = Date.now() - listening;
    await p.shutdown();
    await collector.stop();

    const growing = saturation.find((s) => s.growing);
    return {
      quick,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => round(x)),
      spanBytes: bytesPerRecord,
      hotPath: hot,
      saturation,
      spoolGrowsAtPerSec: growing ? growing.offeredPerSec : null,
      recovery: { records: n, recoveryMs, recordsPerSec: Math.round((n * 1000) / Math.max(1, recoveryMs)), collectorRestartMs: listening - restartT0 },
    };
  } finally {
    await collector.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(collector.dir, { recursive: true, force: true });
  }
}

export function formatDelivery(r: DeliveryBenchResult): string {
  const lines = [
    `### Delivery (durable exporter)${r.quick ? ' — quick' : ''}`,
    '',
    `${r.cpus} CPUs, load ${r.loadavg.join(' / ')}; one record ≈ ${r.spanBytes} bytes on the spool`,
    '',
    '| onEnd per span | µs | over no-op |',
    '|---|---|---|',
    ...r.hotPath.map((h) => `| ${h.mode} | ${h.usPerSpan} | ${h.overheadUs} |`),
    '',
    '| offered spans/s | emitted/s | delivered/s | backlog at end | spool growing |',
    '|---|---|---|---|---|',
    ...r.saturation.map((s) => `| ${s.offeredPerSec} | ${s.emittedPerSec} | ${s.deliveredPerSec} | ${s.backlogAtEnd} | ${s.growing ? 'yes' : 'no'} |`),
    '',
    `spool starts growing at: ${r.spoolGrowsAtPerSec === null ? 'not reached' : `${r.spoolGrowsAtPerSec} spans/s`}`,
    `recovery after an outage of ${r.recovery.records} records: ${r.recovery.recoveryMs} ms (${r.recovery.recordsPerSec} records/s) after the collector listened again (restart took ${r.recovery.collectorRestartMs} ms)`,
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  runDeliveryBench({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n\n${formatDelivery(r)}`);
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`bench/delivery failed: ${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
