/**
 * `npm run bench [-- options]`: the overhead benchmark of grpc-audit (issue 4).
 * See bench/README.md for what it measures and how to read bench/results/latest.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { REPO_ROOT } from './harness/bench-proto';
import { renderMarkdown } from './harness/markdown';
import { profileGroups, profileMarkdown, summariseProfiles } from './harness/profile-summary';
import { CONFIG_NAMES, PAYLOAD_KINDS, WORKLOAD_NAMES, type ConfigName, type PayloadKind, type WorkloadName } from './harness/protocol';
import { buildReport, machineInfo } from './harness/report';
import { runExtras } from './harness/extras';
import { closeAll, runSuite, type SuiteRun } from './harness/suite';
import { CollectorProcess } from './harness/collector-process';
import { probeExporter } from './harness/instrument';

const MODES = {
  quick: { rounds: 1, warmupMs: 200, settleMs: 100, measureMs: 400 },
  full: { rounds: 5, warmupMs: 1000, settleMs: 300, measureMs: 1500 },
};

function list<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const i of items) if (!allowed.includes(i as T)) throw new Error(`--${name}: '${i}' is not one of ${allowed.join(', ')}`);
    return items as T[];
  };
}
const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('grpc-audit overhead benchmark: bare grpc-js vs instrumentation-grpc vs grpc-audit')
    .option('--quick', 'CI smoke mode: 1 short round (< ~60 s in all)')
    .option('--out <file>', 'where to write the JSON (the .md goes next to it)', path.join(REPO_ROOT, 'bench', 'results', 'latest.json'))
    .option('--configs <list>', `subset of ${CONFIG_NAMES.join(',')} (bare is always included)`, list('configs', CONFIG_NAMES))
    .option('--workloads <list>', `subset of ${WORKLOAD_NAMES.join(',')}`, list('workloads', WORKLOAD_NAMES))
    .option('--payloads <list>', `subset of ${PAYLOAD_KINDS.join(',')}`, list('payloads', PAYLOAD_KINDS))
    .option('--rounds <n>', 'interleaved rounds', int('rounds'))
    .option('--measure-ms <n>', 'measured window per cell', int('measure-ms'))
    .option('--settle-ms <n>', 'load before the window opens', int('settle-ms'))
    .option('--warmup-ms <n>', 'warm-up per process and cell', int('warmup-ms'))
    .option('--cpu-prof <configs>', 'CPU-profile the measured windows of these configurations (client and server) and summarise', list('cpu-prof', CONFIG_NAMES))
    .option('--recording-domain <name>', "grpc-audit's recordingDomain for full and full-export ('none': every payload recorded on both sides)", 'bench-fleet')
    .option('--no-extras', 'skip the backpressure, collector and delivery sections')
    .parse(['node', 'bench', ...process.argv.slice(2)]);
  const o = program.opts<{
    quick?: boolean;
    out: string;
    configs?: ConfigName[];
    workloads?: WorkloadName[];
    payloads?: PayloadKind[];
    rounds?: number;
    measureMs?: number;
    settleMs?: number;
    warmupMs?: number;
    cpuProf?: ConfigName[];
    recordingDomain: string;
    extras: boolean;
  }>();
  const mode = o.quick ? 'quick' : 'full';
  const d = MODES[mode];
  const settings = {
    rounds: o.rounds ?? d.rounds,
    warmupMs: o.warmupMs ?? d.warmupMs,
    settleMs: o.settleMs ?? d.settleMs,
    measureMs: o.measureMs ?? d.measureMs,
    configs: o.configs ? CONFIG_NAMES.filter((c) => c === 'bare' || o.configs!.includes(c)) : [...CONFIG_NAMES],
    workloads: o.workloads ?? [...WORKLOAD_NAMES],
    payloads: o.payloads ?? [...PAYLOAD_KINDS],
    unaryConcurrency: { 'unary-1': 1, 'unary-64': 64 },
    streamMessagesPerCall: 200,
    streamsInFlight: 1,
    messageBytes: '~1 KiB (see bench/harness/payloads.ts)',
    recordingDomain: o.recordingDomain === 'none' ? undefined : o.recordingDomain,
  };
  const startedAt = new Date();
  const machine = machineInfo();
  const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  log(`${mode} mode on ${machine.cpus}× ${machine.cpuModel}, load ${machine.loadAvgStart.join('/')}`);

  const profDir = path.join(REPO_ROOT, 'bench', 'results', 'profiles', startedAt.toISOString().replace(/[:.]/g, '-'));

  let run: SuiteRun | undefined;
  let collector: CollectorProcess | undefined;
  // Interrupted (Ctrl-C, a test's timeout): take the child processes down with us.
  const abort = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping workers and collector`);
    if (run) for (const p of Object.values(run.pairs)) for (const h of [p!.client, p!.server]) h.kill();
    collector?.kill();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const sections: Record<string, unknown> = {};
  try {
    if (settings.configs.includes('full-export') && 'ok' in probeExporter()) {
      log('starting a live collector for full-export');
      collector = await CollectorProcess.prepare();
      await collector.start();
    }
    const exportTarget = collector ? (role: 'client' | 'server') => collector!.target(role) : undefined;
    run = await runSuite({ ...settings, log, exportTarget, collectorCpuMicros: collector ? () => collector!.cpuMicros() : undefined, profile: o.cpuProf?.length ? { configs: o.cpuProf, dir: profDir } : undefined });
    if (o.extras) Object.assign(sections, await runExtras({ run, quick: mode === 'quick', collector, log }));
  } finally {
    if (run) await closeAll(run);
    if (collector) {
      if (run?.pairs['full-export']) sections.collectorStore = { recordsStoredByTheLiveCollector: collector.storedRecords() ?? null };
      await collector.dispose();
    }
  }
  if (o.cpuProf?.length) {
    const summaries = [...profileGroups(profDir)].map(([label, files]) => summariseProfiles(label, files, REPO_ROOT));
    const headline = summaries.filter((x) => x.file.endsWith(`-${settings.payloads.includes('pii') ? 'pii' : settings.payloads[0]}`));
    sections.profile = { dir: path.relative(REPO_ROOT, profDir), summaries, markdown: profileMarkdown(headline) };
  }
  const report = buildReport({ mode, argv: ['npm run bench --', ...process.argv.slice(2)], settings, machine, run, payloads: settings.payloads, sections, startedAt });
  const out = path.resolve(o.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  const md = renderMarkdown(report as never);
  fs.writeFileSync(out.replace(/\.json$/, '') + '.md', md);
  process.stdout.write(md + '\n');
  log(`wrote ${path.relative(process.cwd(), out)} and its .md`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
