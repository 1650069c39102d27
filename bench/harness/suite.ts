/**
 * Runs the measurement plan: one (server, client) process pair per configuration, all started
 * up front and warmed up, then rounds in which every (workload, payload) cell is measured on
 * every configuration in a rotating order, so that drift on a shared machine spreads evenly.
 * Only one pair carries load at a time; the others sit idle.
 */
import * as path from 'node:path';
import type { ConfigName, ExportTarget, MarkSnapshot, PayloadKind, WorkloadName, Workload } from './protocol';
import { rotate } from './stats';
import { delay, WorkerHandle } from './worker-handle';

export interface SuiteOptions {
  configs: ConfigName[];
  workloads: WorkloadName[];
  payloads: PayloadKind[];
  rounds: number;
  /** Per process and workload, before the first round. */
  warmupMs: number;
  /** Load runs this long before the first mark of each measurement. */
  settleMs: number;
  measureMs: number;
  /** Extra node flags per process. */
  execArgv?: (config: ConfigName, role: 'client' | 'server') => string[];
  /** Configurations whose measured windows are CPU-profiled, and where the profiles go. */
  profile?: { configs: ConfigName[]; dir: string };
  /** For full-export: the collector the durable exporter delivers to. */
  exportTarget?: (role: 'client' | 'server') => ExportTarget | undefined;
  /** full and full-export: both processes in this recording domain (each payload recorded once); undefined records every payload on both sides. */
  recordingDomain?: string;
  /** For full-export: the collector process's CPU time so far (µs), read at each mark. */
  collectorCpuMicros?: () => number | undefined;
  log(line: string): void;
}

/** One measurement window of one cell. */
export interface Sample {
  round: number;
  /** Position of the configuration within its round's order. */
  slot: number;
  elapsedS: number;
  /** Calls (unary) or messages (stream) completed in the window. */
  ops: number;
  /** ops per second. */
  throughput: number;
  clientCpuUsPerOp: number;
  serverCpuUsPerOp: number;
  /** full-export only: CPU µs per op of the collector process (all its threads), which shares the cores. */
  collectorCpuUsPerOp?: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  client: { peakRss: number; peakHeapUsed: number };
  server: { peakRss: number; peakHeapUsed: number };
}

export interface Pair {
  server: WorkerHandle;
  client: WorkerHandle;
}

export interface SuiteRun {
  unavailable: Partial<Record<ConfigName, string>>;
  /** Keyed `<config>/<workload>/<payload>`. */
  samples: Record<string, Sample[]>;
  /** Cumulative counters of each process at the end (after a flush), for the integrity checks. */
  finals: Partial<Record<ConfigName, { client: MarkSnapshot; server: MarkSnapshot }>>;
  pairs: Partial<Record<ConfigName, Pair>>;
}

export function cellKey(config: ConfigName, workload: WorkloadName, payload: PayloadKind): string {
  return `${config}/${workload}/${payload}`;
}

async function startPair(config: ConfigName, opts: SuiteOptions): Promise<Pair | { unavailable: string }> {
  const target = config === 'full-export' ? opts.exportTarget : undefined;
  const s = await WorkerHandle.spawn({ role: 'server', config, exportTarget: target?.('server'), recordingDomain: opts.recordingDomain }, opts.execArgv?.(config, 'server'));
  if (s.hello.type === 'unavailable') {
    await s.handle.close();
    return { unavailable: s.hello.reason };
  }
  const c = await WorkerHandle.spawn({ role: 'client', config, port: s.hello.port, exportTarget: target?.('client'), recordingDomain: opts.recordingDomain }, opts.execArgv?.(config, 'client'));
  if (c.hello.type === 'unavailable') {
    await Promise.all([c.handle.close(), s.handle.close()]);
    return { unavailable: c.hello.reason };
  }
  return { server: s.handle, client: c.handle };
}

/** Starts the workload, lets it settle, measures one window between two marks, stops it. */
export async function measure(
  pair: Pair,
  workload: Workload,
  settleMs: number,
  measureMs: number,
  collectorCpuMicros?: () => number | undefined,
): Promise<Omit<Sample, 'round' | 'slot'>> {
  await pair.client.request({ type: 'start', workload }, 'ok');
  try {
    await delay(settleMs);
    const [c1, s1] = await Promise.all([pair.client.request({ type: 'mark' }, 'mark'), pair.server.request({ type: 'mark' }, 'mark')]);
    const k1 = collectorCpuMicros?.();
    await delay(measureMs);
    const [c2, s2] = await Promise.all([pair.client.request({ type: 'mark' }, 'mark'), pair.server.request({ type: 'mark' }, 'mark')]);
    const k2 = collectorCpuMicros?.();
    const a = c1.snapshot;
    const b = c2.snapshot;
    const elapsedS = (b.t - a.t) / 1000;
    const ops = workload.name === 'stream' ? b.messages - a.messages : b.calls - a.calls;
    return {
      elapsedS,
      ops,
      throughput: ops / elapsedS,
      clientCpuUsPerOp: (b.cpuMicros - a.cpuMicros) / ops,
      serverCpuUsPerOp: (s2.snapshot.cpuMicros - s1.snapshot.cpuMicros) / ops,
      ...(k1 !== undefined && k2 !== undefined ? { collectorCpuUsPerOp: (k2 - k1) / ops } : {}),
      p50Ms: b.latency?.p50 ?? NaN,
      p99Ms: b.latency?.p99 ?? NaN,
      errors: b.errors - a.errors,
      client: { peakRss: b.peakRss, peakHeapUsed: b.peakHeapUsed },
      server: { peakRss: s2.snapshot.peakRss, peakHeapUsed: s2.snapshot.peakHeapUsed },
    };
  } finally {
    await pair.client.request({ type: 'stop' }, 'ok');
  }
}

/** `<dir>/<config>-<role>-<workload>-<payload>-r<round>.cpuprofile`; see profileGroups in profile-summary.ts. */
export function profileFile(dir: string, config: ConfigName, role: string, w: Workload, round: number): string {
  return path.join(dir, `${config}-${role}-${w.name}-${w.payload}-r${round}.cpuprofile`);
}

export async function runSuite(opts: SuiteOptions): Promise<SuiteRun> {
  const run: SuiteRun = { unavailable: {}, samples: {}, finals: {}, pairs: {} };
  opts.log(`starting ${opts.configs.length} process pairs: ${opts.configs.join(', ')}`);
  const started = await Promise.all(opts.configs.map(async (c) => [c, await startPair(c, opts)] as const));
  for (const [config, p] of started) {
    if ('unavailable' in p) {
      run.unavailable[config] = p.unavailable;
      opts.log(`  ${config}: unavailable — ${p.unavailable}`);
    } else run.pairs[config] = p;
  }
  if (!run.pairs.bare) {
    await closeAll(run);
    throw new Error(`the bare configuration could not start (${run.unavailable.bare}); no ratio can be measured`);
  }
  const live = opts.configs.filter((c) => run.pairs[c]);
  const cells: Workload[] = [];
  for (const name of opts.workloads) for (const payload of opts.payloads) cells.push({ name, payload });

  opts.log(`warm-up: ${opts.warmupMs} ms per process and cell`);
  for (const config of live) {
    for (const w of cells) await measure(run.pairs[config]!, w, opts.warmupMs, 0);
  }

  for (let r = 0; r < opts.rounds; r++) {
    const t0 = Date.now();
    for (let k = 0; k < cells.length; k++) {
      const w = cells[k];
      const order = rotate(live, r + k);
      for (let slot = 0; slot < order.length; slot++) {
        const config = order[slot];
        const pair = run.pairs[config]!;
        const profiled = opts.profile?.configs.includes(config);
        if (profiled) await Promise.all([pair.client.request({ type: 'profile-start' }, 'ok'), pair.server.request({ type: 'profile-start' }, 'ok')]);
        const s = await measure(pair, w, opts.settleMs, opts.measureMs, config === 'full-export' ? opts.collectorCpuMicros : undefined);
        if (profiled) {
          const file = (role: string): string => profileFile(opts.profile!.dir, config, role, w, r);
          await Promise.all([
            pair.client.request({ type: 'profile-stop', file: file('client') }, 'ok'),
            pair.server.request({ type: 'profile-stop', file: file('server') }, 'ok'),
          ]);
        }
        (run.samples[cellKey(config, w.name, w.payload)] ??= []).push({ round: r, slot, ...s });
      }
    }
    opts.log(`round ${r + 1}/${opts.rounds} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  // Flush every process so the span tallies cover every call made, then read the totals.
  for (const config of live) {
    const p = run.pairs[config]!;
    await Promise.all([p.client.request({ type: 'flush' }, 'ok'), p.server.request({ type: 'flush' }, 'ok')]);
    const [c, s] = await Promise.all([p.client.request({ type: 'mark' }, 'mark'), p.server.request({ type: 'mark' }, 'mark')]);
    run.finals[config] = { client: c.snapshot, server: s.snapshot };
  }
  return run;
}

export async function closeAll(run: SuiteRun): Promise<void> {
  await Promise.all(
    Object.values(run.pairs).map(async (p) => {
      await p!.client.close();
      await p!.server.close();
    }),
  );
}
