/**
 * Sections that depend on pieces other developers build: memory under backpressure (needs the
 * durable exporter and a collector), collector ingest (bench/collector-ingest.ts) and delivery
 * (bench/delivery.ts). Each is run if its piece exists, else reported as unavailable with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './bench-proto';
import type { CollectorProcess } from './collector-process';
import type { MarkSnapshot } from './protocol';
import { max, round } from './stats';
import type { SuiteRun } from './suite';
import { delay } from './worker-handle';

export interface ExtrasOptions {
  run: SuiteRun;
  quick: boolean;
  /** The live collector of full-export, when it runs. */
  collector?: CollectorProcess;
  log(line: string): void;
}

export async function runExtras(opts: ExtrasOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.memory = { backpressure: await backpressure(opts) };
  out.textScan = await optionalSection(opts, 'text-scan.ts', 'runTextScanBench', 'text scan micro-benchmark');
  out.collector = await collectorSection(opts);
  const otlp = await optionalSection(opts, 'otlp-ingest.ts', 'runOtlpIngestBench', 'collector OTLP ingest from another process');
  if (out.collector && typeof out.collector === 'object') (out.collector as Record<string, unknown>).otlpIngest = otlp;
  const fairness = await optionalSection(opts, 'collector-fairness.ts', 'runCollectorFairnessBench', 'collector fairness: small Export p99 beside 4 MiB / 250k-attribute requests');
  if (out.collector && typeof out.collector === 'object') (out.collector as Record<string, unknown>).fairness = fairness;
  out.delivery = await optionalSection(opts, 'delivery.ts', 'runDeliveryBench', 'delivery benchmark');
  out.mesh = { sidecar: await optionalSection(opts, 'sidecar.ts', 'runSidecarBench', 'sidecar proxy overhead') };
  return out;
}

/**
 * A bench module's `run…({ quick })` function, if it exists: its result (plus the seconds it took
 * and, when the module has a `format…` function, its Markdown), or why it is unavailable.
 */
async function optionalSection(opts: ExtrasOptions, fileName: string, fn: string, what: string): Promise<unknown> {
  const file = path.join(REPO_ROOT, 'bench', fileName);
  if (!fs.existsSync(file)) return { unavailable: `bench/${fileName} is not built yet` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file);
  if (typeof mod[fn] !== 'function') return { unavailable: `bench/${fileName} exports no ${fn}` };
  opts.log(`${what} (bench/${fileName} ${fn})`);
  try {
    const t0 = Date.now();
    const result = await mod[fn]({ quick: opts.quick });
    const fmt = Object.keys(mod).find((k) => /^format/.test(k) && typeof mod[k] === 'function');
    return { function: fn, ...result, seconds: round((Date.now() - t0) / 1000, 1), ...(fmt ? { markdown: mod[fmt](result) } : {}) };
  } catch (err) {
    return { unavailable: `${fn} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const mib = (b: number): number | null => round(b / 2 ** 20, 1);

/**
 * full-export under unary-64 (pii) with the collector stopped: what memory does while records
 * cannot be delivered, and whether the calls keep their pace (export must never block a call).
 * Memory is sampled once a second in both processes; then the collector is started again.
 */
async function backpressure(opts: ExtrasOptions): Promise<unknown> {
  const why = opts.run.unavailable['full-export'];
  const pair = opts.run.pairs['full-export'];
  if (!pair) return { unavailable: `needs full-export: ${why ?? 'not selected'}` };
  if (!opts.collector) return { unavailable: 'no collector process' };
  const seconds = opts.quick ? 2 : 15;
  opts.log(`backpressure: collector stopped, full-export unary-64 for ${seconds} s`);
  await opts.collector.stop();
  const series: { t: number; calls: number; client: { rssMiB: number | null; heapMiB: number | null }; server: { rssMiB: number | null; heapMiB: number | null } }[] = [];
  let first: MarkSnapshot | undefined;
  let last: MarkSnapshot | undefined;
  let lastServer: MarkSnapshot | undefined;
  let peak = { client: { rss: 0, heap: 0 }, server: { rss: 0, heap: 0 } };
  await pair.client.request({ type: 'start', workload: { name: 'unary-64', payload: 'pii' } }, 'ok');
  try {
    for (let i = 0; i <= seconds; i++) {
      if (i > 0) await delay(1000);
      const [c, s] = await Promise.all([pair.client.request({ type: 'mark' }, 'mark'), pair.server.request({ type: 'mark' }, 'mark')]);
      first ??= c.snapshot;
      last = c.snapshot;
      lastServer = s.snapshot;
      peak = {
        client: { rss: max([peak.client.rss, c.snapshot.peakRss]), heap: max([peak.client.heap, c.snapshot.peakHeapUsed]) },
        server: { rss: max([peak.server.rss, s.snapshot.peakRss]), heap: max([peak.server.heap, s.snapshot.peakHeapUsed]) },
      };
      series.push({
        t: round((c.snapshot.t - first.t) / 1000, 2) ?? 0,
        calls: c.snapshot.calls - first.calls,
        client: { rssMiB: mib(c.snapshot.rss), heapMiB: mib(c.snapshot.heapUsed) },
        server: { rssMiB: mib(s.snapshot.rss), heapMiB: mib(s.snapshot.heapUsed) },
      });
    }
  } finally {
    await pair.client.request({ type: 'stop' }, 'ok');
    await opts.collector.start();
  }
  const elapsed = (last!.t - first!.t) / 1000;
  const calls = last!.calls - first!.calls;
  const normal = opts.run.samples['full-export/unary-64/pii'];
  const withCollector = normal ? normal.map((x) => x.throughput).sort((a, b) => a - b)[normal.length >> 1] : NaN;
  const d0 = first!.delivery ?? {};
  const d1 = last!.delivery ?? {};
  const spool = {
    spoolEntriesStart: d0.spoolEntries ?? null,
    spoolEntriesEnd: d1.spoolEntries ?? null,
    spoolBytesEnd: d1.spoolBytes ?? null,
    queuedEnd: d1.queued ?? null,
    lostEnd: d1.lost ?? null,
  };
  const g = (a: number | null, b: number | null): number | null => round((b ?? 0) - (a ?? 0), 1);
  const growth = {
    clientRssMiB: g(series[0].client.rssMiB, series[series.length - 1].client.rssMiB),
    clientHeapMiB: g(series[0].client.heapMiB, series[series.length - 1].client.heapMiB),
    serverRssMiB: g(series[0].server.rssMiB, series[series.length - 1].server.rssMiB),
    serverHeapMiB: g(series[0].server.heapMiB, series[series.length - 1].server.heapMiB),
  };
  const markdown =
    `${round(elapsed, 1)} s of unary-64 (pii) with the collector stopped: ${round(calls / elapsed, 0)} calls/s ` +
    `(${round(withCollector, 0)} with it running), ${last!.errors - first!.errors} failed calls. ` +
    `Client spool ${spool.spoolEntriesStart ?? '?'} → ${spool.spoolEntriesEnd ?? '?'} records (${spool.spoolBytesEnd === null ? '?' : round(Number(spool.spoolBytesEnd) / 2 ** 20, 1)} MiB), ` +
    `memory queue ${spool.queuedEnd ?? '?'}. Peak RSS/heap: client ${mib(peak.client.rss)}/${mib(peak.client.heap)} MiB, server ${mib(peak.server.rss)}/${mib(peak.server.heap)} MiB; ` +
    `growth over the window: client RSS ${growth.clientRssMiB} MiB, heap ${growth.clientHeapMiB} MiB; server RSS ${growth.serverRssMiB} MiB, heap ${growth.serverHeapMiB} MiB. ` +
    `(Server-side records spool the same way; its counters are in the JSON.)`;
  return {
    markdown,
    spool,
    serverDeliveryEnd: lastServer?.delivery ?? null,
    workload: 'unary-64/pii',
    seconds: round(elapsed, 1),
    calls,
    callsPerS: round(calls / elapsed, 1),
    callsPerSWithCollector: round(withCollector, 1),
    errors: last!.errors - first!.errors,
    peak: {
      client: { rssMiB: mib(peak.client.rss), heapUsedMiB: mib(peak.client.heap) },
      server: { rssMiB: mib(peak.server.rss), heapUsedMiB: mib(peak.server.heap) },
    },
    growth,
    series,
  };
}

async function collectorSection(opts: ExtrasOptions): Promise<unknown> {
  const file = path.join(REPO_ROOT, 'bench', 'collector-ingest.ts');
  if (!fs.existsSync(file)) return { unavailable: 'bench/collector-ingest.ts (runCollectorBench) is not built yet' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file);
  if (typeof mod.runCollectorBench !== 'function') return { unavailable: 'bench/collector-ingest.ts does not export runCollectorBench yet' };
  opts.log('collector ingest benchmark (bench/collector-ingest.ts)');
  try {
    const t0 = Date.now();
    // Quick mode is a smoke test of the whole suite: the smallest sizes that still exercise each path.
    // Full mode verifies 100k and 1M-record ledgers (issue 10: verify of 1M in < 10 s).
    const result = await mod.runCollectorBench(opts.quick ? { quick: true, records: 3000, verifySizes: [5000] } : { verifySizes: [100_000, 1_000_000] });
    const markdown =
      (typeof mod.formatCollectorBench === 'function' ? mod.formatCollectorBench(result) : '```json\n' + JSON.stringify(result, null, 2) + '\n```') +
      '\nSQLite only: this run has no PostgreSQL section (runCollectorBench measures the SQLite store).';
    return { ...result, seconds: round((Date.now() - t0) / 1000, 1), markdown };
  } catch (err) {
    return { unavailable: `runCollectorBench failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
