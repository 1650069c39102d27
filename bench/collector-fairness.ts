/**
 * Collector fairness (issue 15): another workload's small Export latency while one identity sends
 * 4 MiB requests with 250k attributes, beside the same client's latency on an idle collector.
 * Target: loaded p99 ≤ 100 ms.
 *
 * The real `grpc-audit collector` runs in its own process (mTLS with development certificates,
 * SQLite store in a temporary directory); the heavy identity sends from a third process (so that
 * encrypting its 5 MiB requests never delays the light client's own clock). Two heavy shapes, each
 * sent from HEAVY_CONCURRENCY loops back to back while the light identity sends one-span Exports:
 * - `one-span-250k-attributes`: a single span carrying 250k attributes (refused on the wire by
 *   limits.maxAttributesPerSpan before it is decoded);
 * - `500-spans-x-500-attributes`: the same 250k attributes spread over 500 spans (~4.6 MiB),
 *   within every limit, so the collector decodes, maps, guards and stores all of it.
 *
 *   npx tsx bench/collector-fairness.ts [--quick]     (JSON on stdout)
 * Also called from bench/harness/extras.ts as `collector.fairness`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { writeDevCerts } from '../collector/authz/dev-certs';
import { encodeExportRequest, EXPORT_PATH } from '../collector/ingest/otlp-codec';
import type { OtlpKeyValue, OtlpSpan } from '../collector/ingest/otlp-types';

const REPO_ROOT = path.resolve(__dirname, '..');
const HEAVY_CONCURRENCY = 2;
const TARGET_P99_MS = 100;

export interface LatencySummary {
  calls: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FairnessLoadResult {
  heavyRequestBytes: number;
  heavyRequests: number;
  /** gRPC status names of the heavy requests and how often each came back. */
  heavyOutcomes: Record<string, number>;
  light: LatencySummary;
}

export interface CollectorFairnessResult {
  targetP99Ms: number;
  unloaded: LatencySummary;
  loaded: Record<string, FairnessLoadResult>;
  loadAverage: number[];
  cpus: number;
}

const Raw = grpc.makeGenericClientConstructor(
  { Export: { path: EXPORT_PATH, requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
  'RawTraceService',
);

let idCounter = 0;
/** Per process, so the light and heavy senders never reuse each other's ids (that would be a record-id conflict). */
const ID_PREFIX = crypto.randomBytes(4);
function span(attributes: OtlpKeyValue[]): OtlpSpan {
  const traceId = Buffer.alloc(16);
  ID_PREFIX.copy(traceId, 0);
  traceId.writeUInt32BE(++idCounter, 12);
  const spanId = Buffer.alloc(8);
  ID_PREFIX.copy(spanId, 0);
  spanId.writeUInt32BE(idCounter, 4);
  return {
    traceId,
    spanId,
    name: 'demo.v1.Shop/Buy',
    kind: 2,
    startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n + 1000n),
    attributes: [{ key: 'rpc.service', value: { stringValue: 'demo.v1.Shop' } }, { key: 'rpc.method', value: { stringValue: 'Buy' } }, ...attributes],
    status: { code: 0 },
  };
}

function body(service: string, spans: OtlpSpan[]): Buffer {
  return encodeExportRequest({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] });
}

function summarise(samples: number[], failed: number): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => (s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10 : NaN);
  return { calls: samples.length + failed, failed, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

function exportOnce(client: grpc.Client, bytes: Buffer): Promise<{ ms: number; code: number }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    (client as unknown as { Export(b: Buffer, cb: (err: grpc.ServiceError | null) => void): void }).Export(bytes, (err) => {
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code: err ? err.code : grpc.status.OK });
    });
  });
}

/** The light client: one-span Exports, one at a time, for `ms`. */
async function lightLoop(client: grpc.Client, ms: number): Promise<LatencySummary> {
  const samples: number[] = [];
  let failed = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const r = await exportOnce(client, body('light', [span([])]));
    if (r.code === grpc.status.OK) samples.push(r.ms);
    else failed++;
    await new Promise((res) => setTimeout(res, 10));
  }
  return summarise(samples, failed);
}

const SHAPES: Record<string, () => Buffer> = {
  'one-span-250k-attributes': () => body('heavy', [span(attributes250k())]),
  '500-spans-x-500-attributes': () => {
    const attrs = attributes250k();
    return body('heavy', Array.from({ length: 500 }, (_, s) => span(attrs.slice(s * 500, s * 500 + 500))));
  },
};

function attributes250k(): OtlpKeyValue[] {
  return Array.from({ length: 250_000 }, (_, i) => ({ key: `k${i}`, value: { stringValue: `v${i}` } }));
}

/** The heavy sender, in its own process: sends `shape` from HEAVY_CONCURRENCY loops until SIGTERM, then prints its counts. */
async function heavyWorker(address: string, shape: string, certDir: string): Promise<void> {
  const creds = grpc.credentials.createSsl(fs.readFileSync(path.join(certDir, 'ca.crt')), fs.readFileSync(path.join(certDir, 'heavy.key')), fs.readFileSync(path.join(certDir, 'heavy.crt')));
  const heavy = new Raw(address, creds, { 'grpc.max_send_message_length': -1 });
  const bodies = [SHAPES[shape](), SHAPES[shape](), SHAPES[shape](), SHAPES[shape]()];
  let stop = false;
  let heavyRequests = 0;
  const heavyOutcomes: Record<string, number> = {};
  process.once('SIGTERM', () => (stop = true));
  const loop = async (k: number): Promise<void> => {
    for (let i = k; !stop; i += HEAVY_CONCURRENCY) {
      const r = await exportOnce(heavy, bodies[i % bodies.length]);
      heavyRequests++;
      const code = grpc.status[r.code] ?? String(r.code);
      heavyOutcomes[code] = (heavyOutcomes[code] ?? 0) + 1;
    }
  };
  process.stdout.write('sending\n');
  await Promise.all(Array.from({ length: HEAVY_CONCURRENCY }, (_, k) => loop(k)));
  heavy.close();
  process.stdout.write(`${JSON.stringify({ heavyRequestBytes: bodies[0].length, heavyRequests, heavyOutcomes })}\n`);
}

async function runHeavy(address: string, shape: string, certDir: string, during: () => Promise<LatencySummary>): Promise<FairnessLoadResult> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, '--heavy-worker', address, shape, certDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  while (!out.includes('sending')) {
    if (child.exitCode !== null) throw new Error(`heavy sender exited: ${out}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  await new Promise((res) => setTimeout(res, 1000)); // the heavy load is under way
  const light = await during();
  child.kill('SIGTERM');
  await exited;
  const counts = JSON.parse(out.trim().split('\n').pop()!) as Omit<FairnessLoadResult, 'light'>;
  return { ...counts, light };
}

async function startCollector(dir: string): Promise<{ child: ChildProcess; address: string; certDir: string; certs: { ca: Buffer; light: [Buffer, Buffer] } }> {
  const certDir = path.join(dir, 'certs');
  const made = await writeDevCerts({ outDir: certDir, trustDomain: 'fairness.bench.test', workloads: ['heavy', 'light'], force: true });
  const pair = (n: string): [Buffer, Buffer] => {
    const w = made.workloads.find((x) => x.name === n)!;
    return [fs.readFileSync(w.keyFile), fs.readFileSync(w.certFile)];
  };
  const config = path.join(dir, 'collector.yaml');
  fs.writeFileSync(
    config,
    ['listen: 127.0.0.1:0', 'tls:', `  certFile: ${certDir}/collector.crt`, `  keyFile: ${certDir}/collector.key`, `  caFile: ${certDir}/ca.crt`,
      'identity:', `  policyFile: ${certDir}/policy.yaml`, 'store:', `  path: ${path.join(dir, 'audit.db')}`,
      'limits:', '  maxReceiveMessageBytes: 8388608', 'metrics:', '  listen: false', 'log:', '  level: warn', ''].join('\n'),
  );
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'grpc-audit.js'), 'collector', '--config', config], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`collector exited (${code}): ${out}`)));
  });
  return { child, address, certDir, certs: { ca: fs.readFileSync(path.join(certDir, 'ca.crt')), light: pair('light') } };
}

export async function runCollectorFairnessBench(opts: { quick?: boolean } = {}): Promise<CollectorFairnessResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-fairness-'));
  const { child, address, certDir, certs } = await startCollector(dir);
  const light = new Raw(address, grpc.credentials.createSsl(certs.ca, ...certs.light));
  const seconds = opts.quick ? 4 : 15;
  try {
    await lightLoop(light, 1000); // warm-up: connections, code paths
    const unloaded = await lightLoop(light, seconds * 1000);

    const loaded: Record<string, FairnessLoadResult> = {};
    for (const shape of Object.keys(SHAPES)) loaded[shape] = await runHeavy(address, shape, certDir, () => lightLoop(light, seconds * 1000));
    return { targetP99Ms: TARGET_P99_MS, unloaded, loaded, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), cpus: os.cpus().length };
  } finally {
    light.close();
    child.kill('SIGTERM');
    await new Promise((res) => child.once('exit', res));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCollectorFairnessBench(r: CollectorFairnessResult): string {
  const row = (what: string, l: LatencySummary, extra = ''): string => `| ${what} | ${l.calls} | ${l.failed} | ${l.p50Ms} | ${l.p99Ms} | ${l.maxMs} | ${extra} |`;
  return [
    `Small Export latency of another identity (target p99 ≤ ${r.targetP99Ms} ms; load average ${r.loadAverage.join(' / ')}, ${r.cpus} CPUs)`,
    '',
    '| heavy identity sends | light calls | failed | p50 ms | p99 ms | max ms | heavy requests (outcomes) |',
    '|---|---|---|---|---|---|---|',
    row('nothing (unloaded)', r.unloaded),
    ...Object.entries(r.loaded).map(([name, l]) =>
      row(`${name} (${(l.heavyRequestBytes / 2 ** 20).toFixed(1)} MiB, ${HEAVY_CONCURRENCY} in flight)`, l.light, `${l.heavyRequests} (${Object.entries(l.heavyOutcomes).map(([c, n]) => `${c} ${n}`).join(', ')})`),
    ),
  ].join('\n');
}

if (require.main === module && process.argv[2] === '--heavy-worker') {
  void heavyWorker(process.argv[3], process.argv[4], process.argv[5]);
} else if (require.main === module) {
  runCollectorFairnessBench({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n${formatCollectorFairnessBench(r)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`collector-fairness: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
