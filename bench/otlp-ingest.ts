/**
 * Collector ingest over OTLP/gRPC with mTLS, ledger on (issue 10: ≥ 20,000 spans/s).
 *
 * The real collector (`bin/grpc-audit.js collector`, SQLite store + Merkle ledger, as
 * bench/harness/collector-process.ts starts it) runs in its own process; a load generator in
 * another process sends pre-encoded ExportTraceServiceRequests of realistic spans (RPC semconv and
 * grpcaudit.* attributes, two `rpc.message` events each holding a ~1 KiB masked payload) with
 * several requests in flight. Every span gets a fresh trace id and record id (patched into the
 * pre-encoded bytes), so every span is a new ledger leaf. spans/s counts spans acknowledged by the
 * collector (an OK answer means durably stored) during the measured window.
 *
 *   node --import tsx bench/otlp-ingest.ts                 # 2 s warm-up, 10 s measured
 *   node --import tsx bench/otlp-ingest.ts --quick         # 1 s + 3 s
 *   node --import tsx bench/otlp-ingest.ts --guard full    # no trusted policy: every span scanned
 *   node --import tsx bench/otlp-ingest.ts --cpu-prof DIR  # collector CPU profile into DIR
 *
 * `runOtlpIngestBench(opts)` returns `{ spansPerSec, … }` for `npm run bench`
 * (`collector.otlpIngest.spansPerSec`).
 */
import * as crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordIdSource } from '../interceptors/delivery/record-ids';

const REPO_ROOT = path.resolve(__dirname, '..');
const TRUST_DOMAIN = 'otlp-bench.grpc-audit.test';
const SERVICE = 'otlp-bench';
const POLICY_VERSION = 'bench-policy-v1';

export interface OtlpIngestBenchOptions {
  quick?: boolean;
  /** Measured seconds (default 10; quick 3), after `warmupSeconds` (default 2; quick 1). */
  seconds?: number;
  warmupSeconds?: number;
  /** Spans per Export request (default 100). */
  spansPerRequest?: number;
  /** Requests in flight (default 8). */
  inFlight?: number;
  /** Approximate bytes of each `grpcaudit.payload` (default 1024). */
  payloadBytes?: number;
  /**
   * 'sampled' (default): the load generator's identity and policy version are trusted
   * (guard.trustedPolicies) and sample-scanned at guard.sampleRate; 'full': every span scanned.
   */
  guard?: 'sampled' | 'full';
  sampleRate?: number;
  /** Write the collector's V8 CPU profile (node --cpu-prof) into this directory. */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

export interface OtlpIngestBenchResult {
  spansPerSec: number;
  requestsPerSec: number;
  spans: number;
  /** Length of the measured window (the bench harness adds its own `seconds`, the whole section's time). */
  measuredSeconds: number;
  spansPerRequest: number;
  inFlight: number;
  requestBytes: number;
  guard: 'sampled' | 'full';
  sampleRate: number;
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU seconds per second of the measured window (1.0 = one core busy). */
  collectorCpuCores: number;
  loadgenCpuCores: number;
  /** Records in the store after shutdown; must equal every acknowledged span (warm-up included). */
  stored: number;
  acknowledged: number;
  loadAverage: number;
}

interface LoadgenArgs {
  endpoint: string;
  ca: string;
  cert: string;
  key: string;
  warmupSeconds: number;
  seconds: number;
  spansPerRequest: number;
  inFlight: number;
  payloadBytes: number;
}

interface LoadgenResult {
  spans: number;
  requests: number;
  seconds: number;
  errors: number;
  firstError?: string;
  acknowledged: number;
  requestBytes: number;
  latencies: number[];
  cpuSeconds: number;
}

// ---------------------------------------------------------------- load generator (child process)

/** A masked ~1 KiB message as the interceptors render it (canonical JSON, masked values). */
function payload(bytes: number, i: number): string {
  const base = {
    orderId: `ord-${(1_000_000 + i).toString(36)}`,
    customer: { email: '[REDACTED:email]', name: 'hmac:9f2c1a7e4b', phone: '+44 *** *** 0123', tier: 'GOLD' },
    items: [
      { sku: 'SKU-1234-BLUE', quantity: 2, unitPrice: { currencyCode: 'EUR', units: '19', nanos: 990000000 } },
      { sku: 'SKU-9876-RED', quantity: 1, unitPrice: { currencyCode: 'EUR', units: '5', nanos: 0 } },
    ],
    shipping: { street: '[REDACTED]', city: 'Lyon', postalCode: '69002', country: 'FR' },
    note: '',
  };
  const pad = Math.max(0, bytes - JSON.stringify(base).length);
  const words = 'please deliver to the back entrance between nine and five and ring twice ';
  base.note = words.repeat(Math.ceil(pad / words.length)).slice(0, pad);
  return JSON.stringify(base);
}

/**
 * Pre-encoded request of `spansPerRequest` realistic spans and a function that returns a copy with
 * fresh trace ids and record ids (so every span is a new ledger leaf). Exported for in-process
 * profiling of the receive path.
 */
export function requestFactory(spansPerRequest: number, payloadBytes: number): { template: Buffer; next: () => Buffer } {
  const args = { spansPerRequest, payloadBytes };
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { encodeExportRequest } = require('../collector/ingest/otlp-codec') as typeof import('../collector/ingest/otlp-codec');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const kv = (key: string, value: string | number | string[]): { key: string; value: Record<string, unknown> } =>
    Array.isArray(value)
      ? { key, value: { arrayValue: { values: value.map((s) => ({ stringValue: s })) } } }
      : typeof value === 'string'
        ? { key, value: { stringValue: value } }
        : { key, value: { intValue: String(value) } };
  // Sentinels patched per send: a 16-byte trace id and a 32-hex-digit record id per span.
  const traceSentinel = (k: number): Buffer => Buffer.from(`TRACE${k.toString().padStart(5, '0')}#####!`.slice(0, 16), 'latin1');
  const recordSentinel = (k: number): string => `RECID${k.toString().padStart(5, '0')}`.padEnd(32, 'Z');
  const now = BigInt(Date.now()) * 1_000_000n;
  // Start and end times (fixed64) and the emitter's sequence number (a varint of fixed length in
  // [2^42, 2^49)) are patched per send too: a real emitter's clock and counter move on, and
  // repeating the same 100 values in every request made each index on them take every insert in
  // the middle of its run of equal keys — a page written per record per index (2026-12-04).
  const startSentinel = (k: number): bigint => 0x5a5a5a5a00000000n + (BigInt(k) << 8n) + 0x11n;
  const endSentinel = (k: number): bigint => 0x5a5a5a5a00000000n + (BigInt(k) << 8n) + 0x22n;
  const seqSentinel = (k: number): number => 2 ** 42 + 0x5a5a5a00 + k;
  const spans = [];
  for (let k = 0; k < args.spansPerRequest; k++) {
    const start = now + BigInt(k) * 1000n;
    const spanId = Buffer.alloc(8, 0);
    spanId.writeUInt32BE(k + 1, 4);
    spanId[0] = 0x5a;
    spans.push({
      traceId: traceSentinel(k),
      spanId,
      name: 'shop.v1.Orders/PlaceOrder',
      kind: k % 2 ? 2 : 3,
      startTimeUnixNano: startSentinel(k).toString(),
      endTimeUnixNano: endSentinel(k).toString(),
      attributes: [
        kv('rpc.system', 'grpc'),
        kv('rpc.service', 'shop.v1.Orders'),
        kv('rpc.method', 'PlaceOrder'),
        kv('rpc.grpc.status_code', 0),
        kv('server.address', 'orders.shop.svc.cluster.local'),
        kv('server.port', 8443),
        kv('grpcaudit.record.id', recordSentinel(k)),
        kv('grpcaudit.emitter.id', 'otlp-bench-emitter-1'),
        kv('grpcaudit.seq', seqSentinel(k)),
        kv('grpcaudit.policy.version', POLICY_VERSION),
        kv('grpcaudit.purpose', 'order-fulfilment'),
        kv('grpcaudit.lawful_basis', 'contract'),
        kv('grpcaudit.subject_refs', ['hmac:3b9d0c4e1f2a8d7c']),
        kv('grpcaudit.masked.count', 4),
        kv('grpcaudit.metadata.request.user-agent', 'grpc-node-js/1.14.7'),
      ],
      events: ['SENT', 'RECEIVED'].map((type, m) => ({
        name: 'rpc.message',
        timeUnixNano: (start + BigInt(m + 1) * 400_000n).toString(),
        attributes: [kv('message.type', type), kv('message.id', m + 1), kv('message.uncompressed_size', args.payloadBytes), kv('grpcaudit.payload', payload(args.payloadBytes, k + m))],
      })),
      status: { code: 0 },
    });
  }
  const template = encodeExportRequest({
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv('service.name', SERVICE),
            kv('service.version', '1.4.2'),
            kv('telemetry.sdk.name', 'opentelemetry'),
            kv('telemetry.sdk.language', 'nodejs'),
            kv('telemetry.sdk.version', '2.0.1'),
            kv('host.name', os.hostname()),
            kv('process.pid', process.pid),
          ],
        },
        scopeSpans: [{ scope: { name: '@grpc-audit/interceptors', version: '0.1.0' }, spans }],
      },
    ],
  } as never);
  const traceAt: number[] = [];
  const recordAt: number[] = [];
  const startAt: number[] = [];
  const endAt: number[] = [];
  const seqAt: number[] = [];
  const fixed64 = (v: bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    return b;
  };
  for (let k = 0; k < args.spansPerRequest; k++) {
    const t = template.indexOf(traceSentinel(k));
    const r = template.indexOf(Buffer.from(recordSentinel(k), 'latin1'));
    const st = template.indexOf(fixed64(startSentinel(k)));
    const en = template.indexOf(fixed64(endSentinel(k)));
    const sq = template.indexOf(varint(seqSentinel(k)));
    if (t < 0 || r < 0 || st < 0 || en < 0 || sq < 0) throw new Error('load generator: sentinel not found in the encoded request');
    traceAt.push(t);
    recordAt.push(r);
    startAt.push(st);
    endAt.push(en);
    seqAt.push(sq);
  }
  let seq = 2 ** 42;
  // As in production: trace ids are random (W3C, made by the SDK) and record ids come from our
  // emitter's RecordIdSource (clock first). Both matter to the store: each random key dirties its
  // own index page. (Until 2026-12-03 both were a counter, which flattered the store.)
  const ids = new RecordIdSource();
  const traceIds = Buffer.allocUnsafe(16 * args.spansPerRequest);
  const next = (): Buffer => {
    const b = Buffer.allocUnsafe(template.length);
    template.copy(b);
    crypto.randomFillSync(traceIds);
    const at = BigInt(Date.now()) * 1_000_000n;
    for (let k = 0; k < args.spansPerRequest; k++) {
      traceIds.copy(b, traceAt[k], 16 * k, 16 * k + 16);
      b.write(ids.next(), recordAt[k], 32, 'latin1');
      const start = at + BigInt(k) * 1000n;
      b.writeBigUInt64LE(start, startAt[k]);
      b.writeBigUInt64LE(start + 1_250_000n, endAt[k]);
      varint(seq++).copy(b, seqAt[k]);
    }
    return b;
  };
  return { template, next };
}

/** Protobuf varint of a non-negative safe integer (7 bytes for every value in [2^42, 2^49)). */
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

async function loadgen(args: LoadgenArgs): Promise<LoadgenResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const { EXPORT_PATH } = require('../collector/ingest/otlp-codec') as typeof import('../collector/ingest/otlp-codec');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { template, next: nextRequest } = requestFactory(args.spansPerRequest, args.payloadBytes);

  const Client = grpc.makeGenericClientConstructor(
    {
      Export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    'OtlpBenchTraceService',
  );
  const creds = grpc.credentials.createSsl(fs.readFileSync(args.ca), fs.readFileSync(args.key), fs.readFileSync(args.cert));
  const client = new Client(args.endpoint, creds, { 'grpc.max_send_message_length': -1 }) as unknown as {
    Export(b: Buffer, o: object, cb: (e: Error | null) => void): void;
    close(): void;
  };
  const send = (b: Buffer): Promise<Error | null> => new Promise((resolve) => client.Export(b, { deadline: Date.now() + 60_000 }, (e) => resolve(e)));

  const t0 = Date.now();
  const warmEnd = t0 + args.warmupSeconds * 1000;
  const end = warmEnd + args.seconds * 1000;
  let measuring = false;
  let spansIn = 0;
  let requests = 0;
  let errors = 0;
  let acknowledged = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  let cpuStart = process.cpuUsage();
  let tStart = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (Date.now() < end) {
      const b = nextRequest();
      const sent = process.hrtime.bigint();
      const err = await send(b);
      const done = Date.now();
      if (!measuring && done >= warmEnd) {
        measuring = true;
        cpuStart = process.cpuUsage();
        tStart = process.hrtime.bigint();
      }
      if (err) {
        errors++;
        firstError ??= err.message;
        continue;
      }
      acknowledged += args.spansPerRequest;
      if (measuring && done <= end) {
        spansIn += args.spansPerRequest;
        requests++;
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }
  };
  await Promise.all(Array.from({ length: args.inFlight }, lane));
  const seconds = Number(process.hrtime.bigint() - tStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  client.close();
  return { spans: spansIn, requests, seconds, errors, firstError, acknowledged, requestBytes: template.length, latencies, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// ---------------------------------------------------------------- collector + driver (parent)

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** utime + stime of a process in seconds (Linux /proc), undefined elsewhere. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function startCollector(dir: string, opts: Required<Pick<OtlpIngestBenchOptions, 'guard' | 'sampleRate' | 'inFlight'>> & { cpuProfDir?: string }): Promise<{ child: ChildProcess; endpoint: string; files: { ca: string; cert: string; key: string }; db: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeDevCerts } = require('../collector/authz/dev-certs') as typeof import('../collector/authz/dev-certs');
  const certDir = path.join(dir, 'certs');
  const certs = await writeDevCerts({ outDir: certDir, trustDomain: TRUST_DOMAIN, workloads: ['loadgen'], force: true });
  const w = certs.workloads[0];
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(policy, `rules:\n  - identity: ${w.spiffeId}\n    services: [${SERVICE}]\n`);
  const db = path.join(dir, 'audit.db');
  const config = path.join(dir, 'collector.yaml');
  fs.writeFileSync(
    config,
    [
      'listen: "127.0.0.1:0"',
      'tls:',
      `  certFile: ${JSON.stringify(path.join(certDir, 'collector.crt'))}`,
      `  keyFile: ${JSON.stringify(path.join(certDir, 'collector.key'))}`,
      `  caFile: ${JSON.stringify(path.join(certDir, 'ca.crt'))}`,
      'identity:',
      `  policyFile: ${JSON.stringify(policy)}`,
      'store:',
      `  path: ${JSON.stringify(db)}`,
      'metrics:',
      '  listen: false',
      'log:',
      '  level: warn',
      // The load generator stands in for a fleet with one identity: its requests in flight must
      // not be refused by the per-identity share (limits.perIdentity, 4 by default) that keeps
      // one workload from starving the others.
      'limits:',
      '  perIdentity:',
      `    maxConcurrentRequests: ${Math.max(4, opts.inFlight)}`,
      'guard:',
      `  sampleRate: ${opts.sampleRate}`,
      ...(opts.guard === 'sampled' ? ['  trustedPolicies:', `    - versions: [${POLICY_VERSION}]`, `      identities: [${JSON.stringify(w.spiffeId)}]`] : []),
      '',
    ].join('\n'),
  );
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  // BENCH_COLLECTOR_NODE_ARGS: extra node flags for the collector, as in bench/harness/collector-process.ts
  nodeArgs.push(...(process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin', 'grpc-audit.js'), 'collector', '--config', config], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start within 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+?:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/,$/, ''));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited (${code}) before listening: ${out}`));
    });
  });
  return { child, endpoint, files: { ca: path.join(certDir, 'ca.crt'), cert: w.certFile, key: w.keyFile }, db };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(t);
}

function runLoadgen(args: LoadgenArgs): Promise<LoadgenResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--loadgen', JSON.stringify(args)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(line) as LoadgenResult);
      } catch (err) {
        reject(new Error(`load generator failed (${(err as Error).message}): ${out.slice(-500)}`));
      }
    });
  });
}

export async function runOtlpIngestBench(opts: OtlpIngestBenchOptions = {}): Promise<OtlpIngestBenchResult> {
  const quick = opts.quick === true;
  const guard = opts.guard ?? 'sampled';
  const sampleRate = opts.sampleRate ?? 0.02;
  const log = opts.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-otlp-bench-'));
  let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
  try {
    collector = await startCollector(dir, { guard, sampleRate, inFlight: opts.inFlight ?? 8, cpuProfDir: opts.cpuProfDir });
    const args: LoadgenArgs = {
      endpoint: collector.endpoint,
      ...collector.files,
      warmupSeconds: opts.warmupSeconds ?? (quick ? 1 : 2),
      seconds: opts.seconds ?? (quick ? 3 : 10),
      spansPerRequest: opts.spansPerRequest ?? 100,
      inFlight: opts.inFlight ?? 8,
      payloadBytes: opts.payloadBytes ?? 1024,
    };
    log(`  collector on ${collector.endpoint} (guard ${guard}, sample rate ${sampleRate}); load generator: ${args.spansPerRequest} spans/request, ${args.inFlight} in flight, ${args.warmupSeconds}+${args.seconds} s`);
    const pid = collector.child.pid!;
    let cpu0: number | undefined;
    let t0 = 0;
    // Collector CPU over the measured window: sampled when the warm-up ends and when the run ends.
    const warm = setTimeout(() => {
      cpu0 = processCpuSeconds(pid);
      t0 = Date.now();
    }, args.warmupSeconds * 1000);
    const r = await runLoadgen(args);
    clearTimeout(warm);
    const cpu1 = processCpuSeconds(pid);
    const collectorCpuCores = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / ((Date.now() - t0) / 1000) : NaN;
    await stopProcess(collector.child);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3');
    const db = new Database(collector.db, { readonly: true, fileMustExist: true });
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
    db.close();
    const result: OtlpIngestBenchResult = {
      spansPerSec: r.spans / r.seconds,
      requestsPerSec: r.requests / r.seconds,
      spans: r.spans,
      measuredSeconds: r.seconds,
      spansPerRequest: args.spansPerRequest,
      inFlight: args.inFlight,
      requestBytes: r.requestBytes,
      guard,
      sampleRate,
      errors: r.errors,
      latencyMs: { p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99), max: Math.max(...r.latencies) },
      collectorCpuCores,
      loadgenCpuCores: r.cpuSeconds / r.seconds,
      stored,
      acknowledged: r.acknowledged,
      loadAverage: os.loadavg()[0],
    };
    if (r.firstError) log(`  first error: ${r.firstError}`);
    log(`  ${Math.round(result.spansPerSec).toLocaleString('en-US')} spans/s, stored ${stored} of ${r.acknowledged} acknowledged`);
    return result;
  } finally {
    if (collector) await stopProcess(collector.child);
    if (process.env.BENCH_KEEP_COLLECTOR_DB) log(`  collector database kept: ${path.join(dir, 'audit.db')}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatOtlpIngestBench(r: OtlpIngestBenchResult): string {
  const f = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  return (
    `OTLP/gRPC + mTLS into the collector (SQLite + ledger), load generator in another process: ` +
    `**${f(r.spansPerSec)} spans/s** (${f(r.requestsPerSec, 1)} requests/s of ${r.spansPerRequest} spans, ${f(r.requestBytes / 1024)} KiB each, ${r.inFlight} in flight), ` +
    `latency p50 ${f(r.latencyMs.p50, 1)} ms / p99 ${f(r.latencyMs.p99, 1)} ms / max ${f(r.latencyMs.max, 1)} ms, ${r.errors} errors; ` +
    `guard ${r.guard}${r.guard === 'sampled' ? ` at ${r.sampleRate}` : ''}; collector ${f(r.collectorCpuCores, 2)} cores, load generator ${f(r.loadgenCpuCores, 2)} cores; ` +
    `stored ${f(r.stored)} of ${f(r.acknowledged)} acknowledged spans; load average ${f(r.loadAverage, 1)}.\n`
  );
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv[0] === '--loadgen') {
    loadgen(JSON.parse(argv[1]) as LoadgenArgs).then(
      (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
      (err: unknown) => {
        process.stderr.write(`load generator failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exitCode = 1;
      },
    );
  } else {
    const num = (flag: string): number | undefined => (value(flag) === undefined ? undefined : Number(value(flag)));
    runOtlpIngestBench({
      quick: argv.includes('--quick'),
      seconds: num('--seconds'),
      warmupSeconds: num('--warmup'),
      spansPerRequest: num('--spans'),
      inFlight: num('--in-flight'),
      payloadBytes: num('--payload-bytes'),
      guard: value('--guard') as 'sampled' | 'full' | undefined,
      sampleRate: num('--sample-rate'),
      cpuProfDir: value('--cpu-prof') ? path.resolve(value('--cpu-prof')!) : undefined,
      log: (l) => process.stdout.write(`${l}\n`),
    }).then(
      (r) => process.stdout.write(`\n${formatOtlpIngestBench(r)}`),
      (err: unknown) => {
        process.stderr.write(`otlp ingest bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
