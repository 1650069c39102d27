/**
 * One benchmark process: the gRPC server or the gRPC client of one configuration.
 * Forked by the orchestrator with `--import tsx`; its spec comes in BENCH_WORKER (JSON).
 * Set-up order matters (see instrument.ts): tracing, then instrumentation-grpc, then grpc-js.
 *
 * The client drives a workload continuously from `start` to `stop`; `mark` snapshots counters,
 * CPU and peak memory, so the orchestrator measures the window between two marks on both sides.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Grpc from '@grpc/grpc-js';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CHUNKS_PER_STREAM, chunks, echoRequests, echoResponses, piiMarkers } from './payloads';
import { BENCH_PROTO_FILE, LOADER_OPTIONS, SERVICE_PATH } from './bench-proto';
import { installOtel, isTraced, loadAudit, loadExportProcessor, type ExportProcessor, type Instrumentation } from './instrument';
import type { Hello, MarkSnapshot, Reply, Request, SpanTally, Workload, WorkerSpec } from './protocol';
import type { MessageCheck } from './report';
import { setupTracing, type Tracing } from './tracing';
import { SERVICE_NAMES } from './collector-process';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const spec: WorkerSpec = JSON.parse(process.env.BENCH_WORKER ?? '{}');
const send = (m: Reply | Hello): void => {
  process.send?.(m);
};

// ---------------------------------------------------------------- memory sampling
// Peak RSS is the kernel's high-water mark (free to read); heap is sampled once a second
// (process.memoryUsage() walks the heap spaces: sampling it often showed up in profiles).
let peakHeap = 0;
function sampleMemory(): void {
  const used = process.memoryUsage().heapUsed;
  if (used > peakHeap) peakHeap = used;
}
setInterval(sampleMemory, 1000).unref();
const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

// ---------------------------------------------------------------- client load
let calls = 0;
let messages = 0;
let errors = 0;
let latencies: number[] = [];
let running = false;
let inFlight = 0;
let drained: (() => void) | undefined;

function settle(): void {
  inFlight--;
  if (inFlight === 0 && drained) drained();
}

type EchoClient = Grpc.Client & {
  Echo(req: unknown, cb: (err: Grpc.ServiceError | null, res?: unknown) => void): Grpc.ClientUnaryCall;
  Download(req: unknown): Grpc.ClientReadableStream<unknown>;
};

function runUnary(client: EchoClient, w: Workload, concurrency: number): void {
  const requests = echoRequests(w.payload);
  let n = 0;
  const one = (): void => {
    const t0 = performance.now();
    const req = { ...requests[n % requests.length], request_id: `r${n}` };
    n++;
    client.Echo(req, (err) => {
      if (err) errors++;
      else {
        calls++;
        latencies.push(performance.now() - t0);
      }
      if (running) one();
      else settle();
    });
  };
  for (let i = 0; i < concurrency; i++) {
    inFlight++;
    one();
  }
}

function runStream(client: EchoClient, w: Workload): void {
  const req = { count: CHUNKS_PER_STREAM, pii: w.payload === 'pii' };
  const one = (): void => {
    const t0 = performance.now();
    const call = client.Download(req);
    let done = false;
    call.on('data', () => {
      messages++;
    });
    call.on('error', () => {
      // 'status' follows and settles the call.
    });
    call.on('status', (s: Grpc.StatusObject) => {
      if (done) return;
      done = true;
      if (s.code !== 0) errors++;
      else {
        calls++;
        latencies.push(performance.now() - t0);
      }
      if (running) one();
      else settle();
    });
  };
  inFlight++;
  one();
}

// ---------------------------------------------------------------- server handlers
function serverHandlers(): Grpc.UntypedServiceImplementation {
  const responses = { pii: echoResponses('pii'), clean: echoResponses('clean') };
  const streams = { pii: chunks('pii'), clean: chunks('clean') };
  let n = 0;
  return {
    Echo(call: Grpc.ServerUnaryCall<{ request_id: string; pii: boolean }, unknown>, cb: Grpc.sendUnaryData<unknown>) {
      const set = call.request.pii ? responses.pii : responses.clean;
      cb(null, { ...set[n++ % set.length], request_id: call.request.request_id, processed_at_ms: Date.now() });
    },
    Download(call: Grpc.ServerWritableStream<{ count: number; pii: boolean }, unknown>) {
      const list = call.request.pii ? streams.pii : streams.clean;
      const count = call.request.count;
      let i = 0;
      const pump = (): void => {
        while (i < count) {
          const ok = call.write(list[i % list.length]);
          i++;
          if (!ok) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      };
      pump();
    },
  };
}

// ---------------------------------------------------------------- message completeness
/**
 * Checks, per call, that every message is recorded exactly once: the `rpc.message` events of the
 * call span and of its continuation records (`grpcaudit.continuation`, which end before it) must
 * hold each `message.id` 1..n of each direction once, n being what the workload really sent and
 * received (Echo: 1 and 1; Download: 1 request, CHUNKS_PER_STREAM responses). Runs synchronously
 * in onEnd, before any batching processor could drop a span; failed calls are left to the
 * "no failed calls" check. Allocates only for calls that have continuations.
 */
const CONTINUATION_SPAN = 'grpcaudit.continuation';
const MAX_EXAMPLES = 5;

class MessageCheckProcessor implements SpanProcessor {
  readonly tally: MessageCheck = { calls: 0, continuations: 0, incompleteCalls: 0, expectedMessages: 0, foundMessages: 0, examples: [] };
  /** Continuation events per call span id: [direction SENT?, id] pairs, flattened. */
  private readonly pending = new Map<string, number[]>();
  private readonly scratch = { SENT: new Uint8Array(CHUNKS_PER_STREAM + 2), RECEIVED: new Uint8Array(CHUNKS_PER_STREAM + 2) };

  constructor(private readonly role: 'client' | 'server') {}

  onStart(_span: Span, _ctx: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (span.name === CONTINUATION_SPAN) {
      this.tally.continuations++;
      const of = String(span.attributes['grpcaudit.continuation.of']);
      let list = this.pending.get(of);
      if (!list) this.pending.set(of, (list = []));
      for (const e of span.events) if (e.name === 'rpc.message') list.push(e.attributes?.['message.type'] === 'SENT' ? 1 : 0, Number(e.attributes?.['message.id']));
      return;
    }
    if (span.attributes['grpcaudit.call.type'] === undefined) return;
    const id = span.spanContext().spanId;
    const more = this.pending.get(id);
    if (more) this.pending.delete(id);
    if (span.attributes['rpc.grpc.status_code'] !== 0) return;
    const method = span.attributes['rpc.method'];
    const responses = method === 'Download' ? CHUNKS_PER_STREAM : 1;
    const want = this.role === 'client' ? { SENT: 1, RECEIVED: responses } : { SENT: responses, RECEIVED: 1 };
    const t = this.tally;
    t.calls++;
    t.expectedMessages += want.SENT + want.RECEIVED;
    const { SENT, RECEIVED } = this.scratch;
    SENT.fill(0, 0, want.SENT + 2);
    RECEIVED.fill(0, 0, want.RECEIVED + 2);
    let bad = 0;
    const mark = (sent: boolean, n: number): void => {
      const limit = sent ? want.SENT : want.RECEIVED;
      if (!(n >= 1 && n <= limit)) bad++;
      else if ((sent ? SENT : RECEIVED)[n]++ === 0) t.foundMessages++;
      else bad++; // a duplicate
    };
    for (const e of span.events) if (e.name === 'rpc.message') mark(e.attributes?.['message.type'] === 'SENT', Number(e.attributes?.['message.id']));
    if (more) for (let i = 0; i < more.length; i += 2) mark(more[i] === 1, more[i + 1]);
    let missing = 0;
    for (let n = 1; n <= want.SENT; n++) if (SENT[n] === 0) missing++;
    for (let n = 1; n <= want.RECEIVED; n++) if (RECEIVED[n] === 0) missing++;
    if (missing > 0 || bad > 0 || span.droppedEventsCount > 0) {
      t.incompleteCalls++;
      if (t.examples.length < MAX_EXAMPLES) {
        t.examples.push(`${method}: ${missing} missing, ${bad} duplicate/out of range, ${span.droppedEventsCount} dropped by the span limit, ${more ? more.length / 2 : 0} in continuations`);
      }
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let messageCheck: MessageCheckProcessor | undefined;

// ---------------------------------------------------------------- snapshots
const EMPTY_TALLY: SpanTally = { exported: 0, messageEvents: 0, payloadEvents: 0, leaks: 0 };

let deliveryStats: (() => Record<string, unknown>) | undefined;

function snapshot(tracing: Tracing | undefined, withLatencies: boolean): MarkSnapshot {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const snap: MarkSnapshot & { messageCheck?: MessageCheck } = {
    calls,
    messages,
    errors,
    cpuMicros: cpu.user + cpu.system,
    t: performance.now(),
    peakRss: maxRss(),
    peakHeapUsed: Math.max(peakHeap, mem.heapUsed),
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    spans: tracing ? { ...tracing.exporter.tally, leakKinds: { ...tracing.exporter.tally.leakKinds } } : EMPTY_TALLY,
  };
  if (withLatencies) snap.latency = quantiles(latencies);
  if (deliveryStats) snap.delivery = deliveryStats();
  if (messageCheck) snap.messageCheck = { ...messageCheck.tally, examples: [...messageCheck.tally.examples] };
  latencies = [];
  peakHeap = mem.heapUsed;
  return snap;
}

function quantiles(values: number[]): { n: number; p50: number; p99: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

// ---------------------------------------------------------------- profiling
/** Sampling interval of the CPU profiler, µs (V8's default is 1000). */
const PROFILE_INTERVAL_US = 250;
let session: inspector.Session | undefined;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

async function profileStart(): Promise<void> {
  if (!session) {
    session = new inspector.Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
  }
  await post('Profiler.start');
}

async function profileStop(file: string): Promise<void> {
  const { profile } = await post<{ profile: object }>('Profiler.stop');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  let tracing: Tracing | undefined;
  let exporter: ExportProcessor | undefined;
  if (isTraced(spec.config)) {
    const extra: SpanProcessor[] = [];
    if (spec.config === 'meta' || spec.config === 'full' || spec.config === 'full-export') {
      messageCheck = new MessageCheckProcessor(spec.role);
      extra.push(messageCheck);
    }
    if (spec.config === 'full-export') {
      const exp = loadExportProcessor(spec.exportTarget);
      if ('unavailable' in exp) return send({ type: 'unavailable', reason: exp.unavailable });
      extra.push(exp.processor);
      exporter = exp;
      deliveryStats = exp.stats;
    }
    tracing = setupTracing(piiMarkers(), SERVICE_NAMES[spec.role], extra);
    if (spec.config === 'otel') installOtel(tracing.provider);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc: typeof Grpc = require('@grpc/grpc-js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const protoLoader: typeof import('@grpc/proto-loader') = require('@grpc/proto-loader');
  const loaded = loadAudit(spec.config, tracing?.provider as never, spec.recordingDomain);
  if ('unavailable' in loaded) return send({ type: 'unavailable', reason: loaded.unavailable });
  const inst: Instrumentation = loaded;

  const definition = protoLoader.loadSync(BENCH_PROTO_FILE, LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { benchsvc: { v1: { BenchService: Grpc.ServiceClientConstructor } } };
  const Service = pkg.benchsvc.v1.BenchService;
  if (!Service?.service?.Echo || Service.service.Echo.path !== `/${SERVICE_PATH}/Echo`) throw new Error(`${SERVICE_PATH} not found in ${BENCH_PROTO_FILE}`);

  let server: Grpc.Server | undefined;
  let client: EchoClient | undefined;
  if (spec.role === 'server') {
    server = new grpc.Server({ interceptors: inst.serverInterceptors });
    server.addService(Service.service, serverHandlers());
    const port = await new Promise<number>((resolve, reject) =>
      server!.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    send({ type: 'ready', port });
  } else {
    client = new Service(`127.0.0.1:${spec.port}`, grpc.credentials.createInsecure(), inst.clientOptions) as unknown as EchoClient;
    await new Promise<void>((resolve, reject) => client!.waitForReady(Date.now() + 10_000, (err) => (err ? reject(err) : resolve())));
    send({ type: 'ready' });
  }

  const flush = async (): Promise<void> => {
    await tracing?.provider.forceFlush();
  };

  process.on('message', (req: Request) => {
    const reply = (r: DistributiveOmit<Reply, 'id'>): void => send({ ...r, id: req.id } as Reply);
    const fail = (err: unknown): void => reply({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
    try {
      switch (req.type) {
        case 'start': {
          if (!client) throw new Error('start sent to a server');
          if (running || inFlight > 0) throw new Error('a workload is already running');
          running = true;
          latencies = [];
          if (req.workload.name === 'stream') runStream(client, req.workload);
          else runUnary(client, req.workload, req.workload.name === 'unary-64' ? 64 : 1);
          reply({ type: 'ok' });
          break;
        }
        case 'mark':
          reply({ type: 'mark', snapshot: snapshot(tracing, spec.role === 'client') });
          break;
        case 'stop': {
          running = false;
          const finish = (): void => {
            drained = undefined;
            reply({ type: 'ok' });
          };
          if (inFlight === 0) finish();
          else drained = finish;
          break;
        }
        case 'profile-start':
          profileStart().then(() => reply({ type: 'ok' }), fail);
          break;
        case 'profile-stop':
          profileStop(req.file).then(() => reply({ type: 'ok' }), fail);
          break;
        case 'flush':
          flush().then(() => reply({ type: 'ok' }), fail);
          break;
        case 'exit':
          Promise.resolve()
            .then(flush)
            .then(() => inst.shutdown())
            .then(() => exporter?.shutdown())
            .then(() => tracing?.provider.shutdown())
            .then(() => {
              client?.close();
              server?.forceShutdown();
              reply({ type: 'ok' });
              // Leave time for the reply; exiting normally lets --cpu-prof write its profile.
              setTimeout(() => process.exit(0), 50);
            }, fail);
          break;
      }
    } catch (err) {
      fail(err);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err) => {
  send({ type: 'unavailable', reason: `worker failed to start: ${err instanceof Error ? err.message : String(err)}` });
  setTimeout(() => process.exit(1), 50);
});
