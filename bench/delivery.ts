/**
 * Delivery benchmark (issue 7 "Measures"): the durable exporter's own figures.
 *
 *   node --import tsx bench/delivery.ts [--quick] [--in-flight N] [--delay MS] [--batch N] [--guard full]
 *                                                       prints JSON + a Markdown table
 *
 * 1. hot path: cost of `onEnd` per span (synchronous loop of span.end(), so the figure is what a
 *    call pays) for each persistence mode, against a no-op processor in the same run; and the
 *    process CPU per span including the work deferred to the end of the turn (the group commit:
 *    encoding and the write), measured up to the flush barrier;
 * 2. saturation: spans/s offered to a write-ahead exporter delivering to a live collector process
 *    (real CLI, mTLS, SQLite ledger), step by step up the ladder until the spool grows; the spool
 *    "grows" at a rate when more than a quarter of a window's records are still unacknowledged at
 *    its end. `ceilingPerSec`: the highest offered rate below the first growing step that the
 *    emitter really produced (≥ 90 %) and that was delivered without growth;
 * 3. recovery: the collector is stopped, N records are spooled, the collector is started again;
 *    time from "listening again" to "spool empty".
 * Figures depend on the machine and its load (2 shared cores here): compare within one run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, type Context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CollectorProcess, defaultPolicyVersion } from './harness/collector-process';
import { DurableSpanProcessor } from '../interceptors/delivery/durable-span-processor';
import type { DurableExporterOptions, Persistence } from '../interceptors/delivery/delivery-options';
import { EXPORT_METHOD_PATH } from '../interceptors/delivery/otlp-grpc-transport';

export interface DeliveryBenchOptions {
  quick?: boolean;
  /** Exporter settings for A/B runs (defaults: the exporter's own). */
  maxExportsInFlight?: number;
  scheduledDelayMs?: number;
  maxExportBatchSize?: number;
  /** Only the ladder against the null server (`--sink-only`): a quick A/B of exporter settings. */
  sinkOnly?: boolean;
  /** Offered rates of the ladder(s) instead of the default steps (`--rates 8000,12000`). */
  rates?: number[];
  /**
   * 'sampled' (default): records carry the policy version the collector trusts from this emitter,
   * as the interceptors' records do; 'full' (`--guard full`): a version it does not trust, so the
   * collector re-scans every record.
   */
  guard?: 'sampled' | 'full';
}

export interface HotPathFigure {
  mode: 'noop' | Persistence;
  usPerSpan: number;
  /** Extra µs per span over the no-op processor of the same run. */
  overheadUs: number;
  /** Process CPU per span until the flush barrier (includes the group commit deferred to the end of the turn). */
  cpuUsPerSpan: number;
  cpuOverheadUs: number;
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
  /** This (emitting + exporting) process's CPU during the window, % of one core. */
  emitterCpuPct: number;
  /** Export requests answered during the window and records per request. */
  requests: number;
  recordsPerRequest: number;
  /** Time from sending an export request to its answer, ms (requests answered in the window). */
  requestMs: { p50: number; p90: number; max: number };
  /** Event-loop delay of the emitting process during the window (what an application's calls would wait). */
  eventLoopDelayMs: { p99: number; max: number };
  /** Longest group commit (one appendBatch: encode excluded, write(2) included) during the window. */
  spoolAppendMsMax: number;
}

export interface DeliveryBenchResult {
  quick: boolean;
  /** How the collector guarded the emitter's records (see DeliveryBenchOptions.guard). */
  guard: 'sampled' | 'full';
  cpus: number;
  loadavg: number[];
  spanBytes: number;
  hotPath: HotPathFigure[];
  saturation: SaturationStep[];
  /** Lowest offered rate at which the spool grew (null: it kept up at every step). */
  spoolGrowsAtPerSec: number | null;
  /** Highest offered rate delivered without the spool growing (see above). */
  ceilingPerSec: number | null;
  /** The same ladder against a null OTLP server in its own process: the exporter's own ceiling. */
  sink: { saturation: SaturationStep[]; ceilingPerSec: number | null };
  exporter: { maxExportsInFlight: number; scheduledDelayMs: number; maxExportBatchSize: number };
  recovery: { records: number; recoveryMs: number; recordsPerSec: number; collectorRestartMs: number };
}

const PAYLOAD = JSON.stringify({ order: { id: 'o-123', items: Array.from({ length: 12 }, (_, i) => ({ sku: `sku-${i}`, qty: i, price: '12.50' })), email: '[email]', card: '****1111' } });

/**
 * The emitter stamps its records with the default policy's version, as the interceptors do, so
 * the collector (which trusts that policy from this identity, as collector-process.ts configures
 * it) sample-scans them as it would a deployed workload's. `--guard full` stamps a version nobody
 * trusts instead: every record is then re-scanned in full.
 */
function emitter(provider: BasicTracerProvider, policyVersion: string): (n: number) => void {
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
          'grpcaudit.policy.version': policyVersion,
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

export async function hotPath(dir: string, spans: number): Promise<HotPathFigure[]> {
  const modes: Array<'noop' | Persistence> = ['noop', 'write-ahead', 'overflow', 'memory'];
  const out: HotPathFigure[] = [];
  const perMode = new Map<string, number[]>();
  const cpuPerMode = new Map<string, number[]>();
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
      const emit = emitter(provider, defaultPolicyVersion());
      emit(200); // warm-up
      // The flush barrier of the group commit (absent in exporters without one: their writes are synchronous).
      const spooled = (processor as { whenSpooled?: () => Promise<void> }).whenSpooled;
      const barrier = (): Promise<void> => (spooled ? spooled.call(processor) : Promise.resolve());
      await barrier();
      let ns = 0n;
      let cpu = 0;
      for (let done = 0; done < spans; done += 500) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        emit(500);
        ns += process.hrtime.bigint() - t0;
        await barrier();
        const c = process.cpuUsage(c0);
        cpu += c.user + c.system;
        await tick();
      }
      perMode.set(mode, [...(perMode.get(mode) ?? []), Number(ns) / 1000 / spans]);
      cpuPerMode.set(mode, [...(cpuPerMode.get(mode) ?? []), cpu / spans]);
      await processor.shutdown().catch(() => undefined);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(perMode.get('noop')!);
  const cpuBase = median(cpuPerMode.get('noop')!);
  for (const mode of modes) {
    const us = median(perMode.get(mode)!);
    const cpu = median(cpuPerMode.get(mode)!);
    out.push({ mode, usPerSpan: round(us), overheadUs: round(us - base), cpuUsPerSpan: round(cpu), cpuOverheadUs: round(cpu - cpuBase) });
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

function exporterOptions(collector: CollectorProcess, spoolDir: string, o: DeliveryBenchOptions): DurableExporterOptions {
  const t = collector.target('client');
  return {
    maxExportsInFlight: o.maxExportsInFlight,
    scheduledDelayMs: o.scheduledDelayMs,
    maxExportBatchSize: o.maxExportBatchSize,
    address: t.endpoint,
    credentials: grpc.credentials.createSsl(fs.readFileSync(t.caFile!), fs.readFileSync(t.keyFile!), fs.readFileSync(t.certFile!)),
    spoolDir,
    persistence: 'write-ahead',
    initialBackoffMs: 20,
    maxBackoffMs: 250,
    logger: quietLogger,
  };
}

interface Ladder {
  steps: SaturationStep[];
  emit: (n: number) => void;
}

/** Offered rate steps until the spool grows (see the header); leaves the processor drained. */
async function ladder(p: DurableSpanProcessor, serviceName: string, quick: boolean, policyVersion: string, only?: number[]): Promise<Ladder> {
  // Requests answered (each export's answer settles one batch): counted by wrapping the transport.
  // The transport sits inside the processor's OtlpAuditExporter (interceptors/delivery/otlp-audit-exporter.ts).
  const transport = (p.exporter as unknown as { transport: { export: (b: Buffer) => Promise<unknown> } }).transport;
  let requests = 0;
  let latencies: number[] = [];
  const exportFn = transport.export.bind(transport);
  transport.export = (b: Buffer) => {
    const t = performance.now();
    return exportFn(b).finally(() => {
      requests++;
      latencies.push(performance.now() - t);
    });
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [p as unknown as SpanProcessor],
  });
  const emit = emitter(provider, policyVersion);
  emit(1); // connect once before measuring
  await p.forceFlush();

  const rates = only ?? (quick ? [1000, 4000, 8000, 12_000, 16_000, 24_000, 32_000] : [500, 1000, 2000, 4000, 6000, 8000, 10_000, 12_000, 16_000, 20_000, 24_000, 32_000]);
  const windowMs = quick ? 2000 : 4000;
  const steps: SaturationStep[] = [];
  let grownSteps = 0;
  for (const rate of rates) {
    // Full mode goes one step past the first growing one (what it delivers while growing); quick stops there.
    if (!only && grownSteps >= (quick ? 1 : 2)) break;
    await waitUntil(() => p.stats().spoolEntries === 0, 60_000);
    const d0 = p.stats().delivered;
    const r0 = p.stats().records;
    const q0 = requests;
    latencies = [];
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const spool = (p as unknown as { spool?: { appendBatch: (...a: unknown[]) => unknown } }).spool;
    const appendBatch = spool?.appendBatch;
    let appendMsMax = 0;
    if (spool && appendBatch) {
      spool.appendBatch = (...a: unknown[]) => {
        const t = performance.now();
        const r = appendBatch.apply(spool, a);
        appendMsMax = Math.max(appendMsMax, performance.now() - t);
        return r;
      };
    }
    const c0 = process.cpuUsage();
    const t0 = Date.now();
    // Emit what the clock says is due (not a fixed amount per 10 ms step), so a late timer under
    // load makes a bigger step instead of a lower offered rate.
    let sent = 0;
    while (Date.now() - t0 < windowMs) {
      const step = Date.now();
      const due = Math.floor((rate * (step - t0)) / 1000);
      emit(due - sent);
      sent = due;
      await sleep(Math.max(0, 10 - (Date.now() - step)));
    }
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    loop.disable();
    if (spool && appendBatch) spool.appendBatch = appendBatch;
    const s = p.stats();
    const emitted = s.records - r0;
    const backlog = s.spoolEntries + (s.staged ?? 0);
    const reqs = requests - q0;
    const growing = backlog > emitted / 4;
    if (growing) grownSteps++;
    steps.push({
      offeredPerSec: rate,
      emittedPerSec: Math.round(emitted / elapsed),
      deliveredPerSec: Math.round((s.delivered - d0) / elapsed),
      backlogAtEnd: backlog,
      growing,
      emitterCpuPct: Math.round((cpu.user + cpu.system) / 10 / (elapsed * 1000)),
      requests: reqs,
      recordsPerRequest: reqs ? Math.round((s.delivered - d0) / reqs) : 0,
      requestMs: percentiles(latencies),
      eventLoopDelayMs: { p99: round(loop.percentile(99) / 1e6, 1), max: round(loop.max / 1e6, 1) },
      spoolAppendMsMax: round(appendMsMax, 1),
    });
  }
  await waitUntil(() => p.stats().spoolEntries === 0, 120_000);
  return { steps, emit };
}

function percentiles(xs: number[]): { p50: number; p90: number; max: number } {
  const v = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => (v.length ? round(v[Math.min(v.length - 1, Math.floor(q * v.length))], 1) : 0);
  return { p50: at(0.5), p90: at(0.9), max: v.length ? round(v[v.length - 1], 1) : 0 };
}

/** Highest offered rate below the first growing step that was really emitted (≥ 90 %) and kept up with. */
function ceiling(steps: SaturationStep[]): number | null {
  const growing = steps.find((s) => s.growing);
  const kept = steps.filter((s) => !s.growing && (!growing || s.offeredPerSec < growing.offeredPerSec) && s.emittedPerSec >= 0.9 * s.offeredPerSec);
  return kept.length ? Math.max(...kept.map((s) => s.offeredPerSec)) : null;
}

/** A null OTLP/gRPC server over the collector's mTLS certificates, in its own process (`--sink-server`). */
class SinkProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  static async start(collector: CollectorProcess): Promise<SinkProcess> {
    const certDir = path.join(collector.dir, 'certs');
    const pick = (re: RegExp): string => path.join(certDir, fs.readdirSync(certDir).find((x) => re.test(x))!);
    const cfg = { ca: pick(/^ca\.(crt|pem)$/), cert: pick(/^(collector|server)\.(crt|pem)$/), key: pick(/^(collector|server)\.key$/) };
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--sink-server', JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /sink listening (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`sink exited (${code}): ${out}`)));
    });
    return new SinkProcess(child, endpoint);
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function runSinkServer(cfg: { ca: string; cert: string; key: string }): void {
  const pass = (b: Buffer): Buffer => b;
  const empty = Buffer.alloc(0);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
  server.addService(
    { Export: { path: EXPORT_METHOD_PATH, requestStream: false, responseStream: false, requestSerialize: pass, requestDeserialize: pass, responseSerialize: pass, responseDeserialize: pass } },
    { Export: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, empty) },
  );
  const creds = grpc.ServerCredentials.createSsl(fs.readFileSync(cfg.ca), [{ private_key: fs.readFileSync(cfg.key), cert_chain: fs.readFileSync(cfg.cert) }], true);
  server.bindAsync('127.0.0.1:0', creds, (err, port) => {
    if (err) throw err;
    process.stdout.write(`sink listening 127.0.0.1:${port}\n`);
  });
}

export async function runDeliveryBench(options: DeliveryBenchOptions = {}): Promise<DeliveryBenchResult> {
  const quick = options.quick === true;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-bench-delivery-'));
  const collector = await CollectorProcess.prepare();
  const policyVersion = options.guard === 'full' ? 'untrusted-policy-v1' : defaultPolicyVersion();
  try {
    const hot = options.sinkOnly ? [] : await hotPath(dir, quick ? 3000 : 20_000);

    // The exporter's own ceiling: the same ladder against a null OTLP/gRPC server (mTLS, its own
    // process, answers without storing) — what delivery sustains when the collector is not the limit.
    const sink = await SinkProcess.start(collector);
    let sinkLadder: Ladder;
    try {
      const ps = new DurableSpanProcessor({ ...exporterOptions(collector, path.join(dir, 'sink'), options), address: sink.endpoint });
      sinkLadder = await ladder(ps, collector.target('client').serviceName, quick, policyVersion, options.rates);
      await ps.shutdown();
    } finally {
      sink.stop();
    }

    if (options.sinkOnly) {
      return { quick, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x)), sink: { saturation: sinkLadder.steps, ceilingPerSec: ceiling(sinkLadder.steps) } } as unknown as DeliveryBenchResult;
    }
    await collector.start();
    const p = new DurableSpanProcessor(exporterOptions(collector, path.join(dir, 'sat'), options));
    const { steps: saturation, emit } = await ladder(p, collector.target('client').serviceName, quick, policyVersion, options.rates);
    await waitUntil(() => p.stats().spoolEntries === 0, 120_000);

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
      guard: options.guard ?? 'sampled',
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => round(x)),
      spanBytes: bytesPerRecord,
      hotPath: hot,
      saturation,
      spoolGrowsAtPerSec: growing ? growing.offeredPerSec : null,
      ceilingPerSec: ceiling(saturation),
      sink: { saturation: sinkLadder.steps, ceilingPerSec: ceiling(sinkLadder.steps) },
      exporter: { maxExportsInFlight: p.options.maxExportsInFlight ?? 1, scheduledDelayMs: p.options.scheduledDelayMs, maxExportBatchSize: p.options.maxExportBatchSize },
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
    '| onEnd per span | µs | over no-op | CPU µs to the flush barrier | over no-op |',
    '|---|---|---|---|---|',
    ...r.hotPath.map((h) => `| ${h.mode} | ${h.usPerSpan} | ${h.overheadUs} | ${h.cpuUsPerSpan} | ${h.cpuOverheadUs} |`),
    '',
    `exporter: ${r.exporter.maxExportsInFlight} requests in flight, scheduledDelayMs ${r.exporter.scheduledDelayMs}, batch ≤ ${r.exporter.maxExportBatchSize}`,
    '',
    '| offered spans/s | emitted/s | delivered/s | backlog at end | spool growing | emitter CPU % | requests | records/request |',
    '|---|---|---|---|---|---|---|---|',
    ...r.saturation.map((s) => `| ${s.offeredPerSec} | ${s.emittedPerSec} | ${s.deliveredPerSec} | ${s.backlogAtEnd} | ${s.growing ? 'yes' : 'no'} | ${s.emitterCpuPct} | ${s.requests} | ${s.recordsPerRequest} |`),
    '',
    `spool starts growing at: ${r.spoolGrowsAtPerSec === null ? 'not reached' : `${r.spoolGrowsAtPerSec} spans/s`}; ceiling (delivered without growth): ${r.ceilingPerSec === null ? 'none' : `${r.ceilingPerSec} spans/s`}`,
    '',
    'Against a null OTLP server (mTLS, own process) — the exporter alone:',
    '',
    '| offered spans/s | emitted/s | delivered/s | backlog at end | spool growing | emitter CPU % | requests | records/request |',
    '|---|---|---|---|---|---|---|---|',
    ...r.sink.saturation.map((s) => `| ${s.offeredPerSec} | ${s.emittedPerSec} | ${s.deliveredPerSec} | ${s.backlogAtEnd} | ${s.growing ? 'yes' : 'no'} | ${s.emitterCpuPct} | ${s.requests} | ${s.recordsPerRequest} |`),
    '',
    `exporter ceiling against the null server: ${r.sink.ceilingPerSec === null ? 'none' : `${r.sink.ceilingPerSec} spans/s`}`,
    `recovery after an outage of ${r.recovery.records} records: ${r.recovery.recoveryMs} ms (${r.recovery.recordsPerSec} records/s) after the collector listened again (restart took ${r.recovery.collectorRestartMs} ms)`,
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module && process.argv.includes('--sink-server')) {
  runSinkServer(JSON.parse(process.argv[process.argv.indexOf('--sink-server') + 1]));
} else if (require.main === module) {
  const flag = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runDeliveryBench({ quick: process.argv.includes('--quick'), maxExportsInFlight: flag('--in-flight'), scheduledDelayMs: flag('--delay'), maxExportBatchSize: flag('--batch'), sinkOnly: process.argv.includes('--sink-only'),
    rates: process.argv.includes('--rates') ? process.argv[process.argv.indexOf('--rates') + 1].split(',').map(Number) : undefined,
    guard: process.argv.includes('--guard') ? (process.argv[process.argv.indexOf('--guard') + 1] as 'sampled' | 'full') : undefined,
  }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n\n${r.hotPath ? formatDelivery(r) : ''}`);
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`bench/delivery failed: ${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
