/**
 * Sidecar overhead (issue 13): throughput of calls through the recording sidecar against direct
 * calls to the same server, in the same run, unary and streaming.
 *
 *   nice node --import tsx bench/sidecar.ts [--quick]      prints JSON + a Markdown table
 *
 * Processes: the application (grpc-js, bench proto, no interceptors), two sidecars in front of
 * it — 'relay' (record: none: the HTTP/2 proxying alone) and 'record' (record: full: decode,
 * mask, one span per call; spans are ended into a processor that drops them, so export is not
 * measured here — bench/delivery.ts does) — and the client in this process. Workloads:
 * unary-64 (64 calls in flight, ~1 KiB each way) and stream (4 concurrent server streams of
 * 200 × ~1 KiB messages). Cells are interleaved round by round so drift hits every mode alike;
 * the ratio is throughput over direct's in the same round (median over rounds).
 * Figures depend on the machine and its load (2 shared cores here): compare within one run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Context } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BENCH_PROTO_FILE, DOWNLOAD_PATH, ECHO_PATH, INCLUDE_DIRS, LOADER_OPTIONS, SERVICE_PATH } from './harness/bench-proto';
import { chunks, echoRequests, echoResponses } from './harness/payloads';
import { SchemaRegistry } from '../interceptors/decode';
import { parseSidecarConfig } from '../mesh/sidecar-config';
import { startSidecar } from '../mesh/sidecar';

export interface SidecarBenchOptions {
  quick?: boolean;
}

type Mode = 'direct' | 'relay' | 'record';
type Workload = 'unary-64' | 'stream';

export interface SidecarBenchRow {
  workload: Workload;
  mode: Mode;
  /** calls/s (unary) or messages/s (stream), median over rounds. */
  throughput: number;
  /** Median over rounds of this mode's throughput / direct's in the same round. */
  ratio: number;
  /** CPU of the sidecar process per call or message, µs (median over rounds); 0 for direct. Robust to machine load, unlike throughput. */
  sidecarCpuUsPerUnit: number;
  /** CPU of the application process per call or message, µs: the same work in every mode, a yardstick. */
  appCpuUsPerUnit: number;
  errors: number;
}

export interface SidecarBenchResult {
  seconds: number;
  rounds: number;
  rows: SidecarBenchRow[];
  loadAverage: number[];
}

const MODES: Mode[] = ['direct', 'relay', 'record'];
const WORKLOADS: Workload[] = ['unary-64', 'stream'];

function serviceDefinition(): grpc.ServiceDefinition {
  const def = protoLoader.loadSync(BENCH_PROTO_FILE, LOADER_OPTIONS);
  return def[SERVICE_PATH] as unknown as grpc.ServiceDefinition;
}

/** Child: the application server. */
async function serveApp(): Promise<void> {
  const server = new grpc.Server();
  const responses = echoResponses('pii');
  const stream = chunks('pii');
  let n = 0;
  server.addService(serviceDefinition(), {
    Echo: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => cb(null, responses[n++ % responses.length]),
    Download: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      let i = 0;
      const next = (): void => {
        while (i < stream.length) {
          if (!call.write(stream[i++])) return void call.once('drain', next);
        }
        call.end();
      };
      next();
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  process.stdout.write(JSON.stringify({ address: `127.0.0.1:${port}` }) + '\n');
  answerCpuQueries();
}

/** Ends spans into nothing: the recording is measured, not the export. */
class DropProcessor implements SpanProcessor {
  ended = 0;
  onStart(_span: Span, _ctx: Context): void {}
  onEnd(_span: ReadableSpan): void {
    this.ended++;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Child: a sidecar in front of `upstream`, recording ('record') or not ('relay'). */
async function serveSidecar(upstream: string, mode: 'relay' | 'record'): Promise<void> {
  const registry = new SchemaRegistry().addProtoFiles(BENCH_PROTO_FILE, INCLUDE_DIRS);
  const config = parseSidecarConfig({ listen: '127.0.0.1:0', upstream, application: { serviceName: 'bench' }, audit: { record: mode === 'record' ? 'full' : 'none' } });
  const provider = new BasicTracerProvider({ spanProcessors: [new DropProcessor()] });
  const handle = await startSidecar(config, { tracerProvider: provider, registry, logger: { warn: () => undefined } });
  process.stdout.write(JSON.stringify({ address: handle.address }) + '\n');
  answerCpuQueries();
}

/** Child side of the CPU probe: each 'cpu' line on stdin is answered with this process's CPU time (µs). */
function answerCpuQueries(): void {
  readline.createInterface({ input: process.stdin }).on('line', () => {
    const u = process.cpuUsage();
    process.stdout.write(JSON.stringify({ cpuUs: u.user + u.system }) + '\n');
  });
}

interface Child {
  proc: ChildProcess;
  address: string;
  /** The child's CPU time so far, µs. */
  cpu(): Promise<number>;
}

function child(args: string[]): Promise<Child> {
  // SIDECAR_BENCH_PROF=DIR: CPU profiles of the sidecar children (written when they are stopped).
  const prof = process.env.SIDECAR_BENCH_PROF && args[1] !== 'app' ? ['--cpu-prof', '--cpu-prof-dir', process.env.SIDECAR_BENCH_PROF] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', __filename, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: proc.stdout! });
  const waiting: Array<(line: string) => void> = [];
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited (${code})`)));
    lines.on('line', (line) => {
      const w = waiting.shift();
      if (w) return w(line);
      resolve({
        proc,
        address: (JSON.parse(line) as { address: string }).address,
        cpu: () =>
          new Promise<number>((res) => {
            waiting.push((l) => res((JSON.parse(l) as { cpuUs: number }).cpuUs));
            proc.stdin!.write('cpu\n');
          }),
      });
    });
  });
}

type BenchClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

function client(address: string): BenchClient {
  const Ctor = grpc.makeGenericClientConstructor(serviceDefinition(), SERVICE_PATH);
  return new Ctor(address, grpc.credentials.createInsecure()) as unknown as BenchClient;
}

/** Runs a workload for `ms`; returns completed units (calls or messages) per second and errors. */
async function drive(c: BenchClient, workload: Workload, ms: number): Promise<{ perSec: number; units: number; errors: number }> {
  const requests = echoRequests('pii');
  const until = Date.now() + ms;
  const t0 = process.hrtime.bigint();
  let units = 0;
  let errors = 0;
  let i = 0;
  const unaryLoop = async (): Promise<void> => {
    while (Date.now() < until) {
      await new Promise<void>((resolve) =>
        (c.Echo as Function).call(c, requests[i++ % requests.length], (err: Error | null) => {
          if (err) errors++;
          else units++;
          resolve();
        }),
      );
    }
  };
  const streamLoop = async (): Promise<void> => {
    while (Date.now() < until) {
      await new Promise<void>((resolve) => {
        const call = (c.Download as Function).call(c, { count: 200, pii: true }) as grpc.ClientReadableStream<unknown>;
        call.on('data', () => units++);
        call.on('error', () => {
          errors++;
          resolve();
        });
        call.on('end', resolve);
      });
    }
  };
  const loops = workload === 'unary-64' ? Array.from({ length: 64 }, unaryLoop) : Array.from({ length: 4 }, streamLoop);
  await Promise.all(loops);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSec: units / seconds, units, errors };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export async function runSidecarBench(opts: SidecarBenchOptions = {}): Promise<SidecarBenchResult> {
  const seconds = opts.quick ? 1.5 : 5;
  const rounds = opts.quick ? 1 : 3;
  const procs: ChildProcess[] = [];
  try {
    const app = await child(['--child', 'app']);
    procs.push(app.proc);
    const relay = await child(['--child', 'relay', app.address]);
    procs.push(relay.proc);
    const record = await child(['--child', 'record', app.address]);
    procs.push(record.proc);
    const clients: Record<Mode, BenchClient> = { direct: client(app.address), relay: client(relay.address), record: client(record.address) };
    const sidecars: Record<Mode, Child | undefined> = { direct: undefined, relay, record };
    const samples = new Map<string, { perSec: number[]; ratio: number[]; sidecarCpu: number[]; appCpu: number[]; errors: number }>();
    for (const workload of WORKLOADS) {
      for (const mode of MODES) await drive(clients[mode], workload, 300); // warm-up: connections, plans, JIT
      for (let r = 0; r < rounds; r++) {
        let direct = NaN;
        for (const mode of MODES) {
          const sidecar = sidecars[mode];
          const [side0, app0] = await Promise.all([sidecar ? sidecar.cpu() : 0, app.cpu()]);
          const { perSec, units, errors } = await drive(clients[mode], workload, seconds * 1000);
          const [side1, app1] = await Promise.all([sidecar ? sidecar.cpu() : 0, app.cpu()]);
          if (mode === 'direct') direct = perSec;
          const key = `${workload}/${mode}`;
          const s = samples.get(key) ?? { perSec: [], ratio: [], sidecarCpu: [], appCpu: [], errors: 0 };
          s.perSec.push(perSec);
          s.ratio.push(perSec / direct);
          s.sidecarCpu.push((side1 - side0) / Math.max(1, units));
          s.appCpu.push((app1 - app0) / Math.max(1, units));
          s.errors += errors;
          samples.set(key, s);
        }
      }
    }
    for (const c of Object.values(clients)) c.close();
    const rows: SidecarBenchRow[] = [];
    for (const workload of WORKLOADS) {
      for (const mode of MODES) {
        const s = samples.get(`${workload}/${mode}`)!;
        rows.push({
          workload,
          mode,
          throughput: round(median(s.perSec), 0),
          ratio: round(median(s.ratio)),
          sidecarCpuUsPerUnit: round(median(s.sidecarCpu), 1),
          appCpuUsPerUnit: round(median(s.appCpu), 1),
          errors: s.errors,
        });
      }
    }
    return { seconds, rounds, rows, loadAverage: (await import('node:os')).loadavg().map((x) => round(x)) };
  } finally {
    for (const p of procs) p.kill();
  }
}

export function formatSidecarBench(r: SidecarBenchResult): string {
  const lines = [
    `Sidecar overhead: ${r.rounds} round(s) of ${r.seconds} s per cell, load average ${r.loadAverage.join(' / ')}. ` +
      'relay = proxying only (record: none); record = decode + mask + span per call (spans dropped, export not included).',
    '',
    '| workload | mode | throughput | ratio vs direct | sidecar CPU per unit | app CPU per unit | errors |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    const unit = row.workload === 'stream' ? 'msg' : 'call';
    lines.push(`| ${row.workload} | ${row.mode} | ${row.throughput} ${unit}/s | ${row.ratio.toFixed(2)}× | ${row.mode === 'direct' ? '–' : `${row.sidecarCpuUsPerUnit} µs`} | ${row.appCpuUsPerUnit} µs | ${row.errors} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.once('SIGTERM', () => process.exit(0)); // a clean exit writes the CPU profile, if any
    const run = args[1] === 'app' ? serveApp() : serveSidecar(args[2], args[1] as 'relay' | 'record');
    run.catch((err) => {
      process.stderr.write(`bench/sidecar child: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
  } else {
    runSidecarBench({ quick: args.includes('--quick') }).then(
      (r) => {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n\n' + formatSidecarBench(r) + '\n');
        process.exit(0);
      },
      (err) => {
        process.stderr.write(`bench/sidecar: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
      },
    );
  }
}
