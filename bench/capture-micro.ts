/**
 * Micro-benchmark of the capture stage's per-call cost, without a network: the client and server
 * interceptors of `createGrpcAudit({ record: 'full' })` driven through grpc-js's own
 * InterceptingCall / ServerInterceptingCall over stand-in calls that answer at once, with the
 * bench's Echo messages (~1 KiB each way) and the bench's tracer setup (BatchSpanProcessor over
 * a discarding exporter, AsyncLocalStorage context manager, W3C propagator).
 *
 *   node --import tsx bench/capture-micro.ts [calls-per-round] [--payload pii|clean] [--only full|pass|meta]
 *     [--rounds n] [--in-flight n] [--against <other checkout>] [--heap-prof <file>]
 *
 * Reports CPU µs per unary call (process.cpuUsage, user + system, all threads) for the client
 * and the server side separately, `full` minus a pass-through interceptor in the same round
 * (rounds interleaved, median). What grpc-js, http2 and the socket cost is not in these figures:
 * this is what our interceptors add (plus the OTel SDK work they cause and its GC).
 * `--against <dir>` loads a second copy of the interceptors from another checkout (e.g. a
 * `git archive` of an older commit with node_modules linked) into the same process and
 * interleaves its rounds with ours: an A/B that a busy shared machine disturbs much less than
 * two separate runs.
 * A benchmark, not a test: nothing here asserts on time.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import * as grpc from '@grpc/grpc-js';
import * as loader from '@grpc/proto-loader';
import { BENCH_PROTO_FILE, ECHO_PATH, INCLUDE_DIRS, LOADER_OPTIONS } from './harness/bench-proto';
import { echoRequests, echoResponses } from './harness/payloads';
import * as path from 'node:path';
import * as ours from '../interceptors';

class DiscardExporter implements SpanExporter {
  spans = 0;
  events = 0;
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.spans += spans.length;
    for (const s of spans) this.events += s.events.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const perRound = Number(args.find((a) => /^\d+$/.test(a)) ?? 4000);
const payload = (flag('--payload') ?? 'pii') as 'pii' | 'clean';
const only = flag('--only');
const rounds = Number(flag('--rounds') ?? 7);
/** `--heap-prof <file>`: sampled allocations (including objects already collected) of the measured rounds. */
const heapProf = flag('--heap-prof');
const against = flag('--against');

const exporter = new DiscardExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(provider);

const def = loader.loadSync(BENCH_PROTO_FILE, LOADER_OPTIONS);
const echo = (def['benchsvc.v1.BenchService'] as loader.ServiceDefinition).Echo as unknown as grpc.MethodDefinition<object, object>;
type Api = typeof ours;
function makeAudit(api: Api, record: 'full' | 'metadata' = 'full'): ReturnType<Api['createGrpcAudit']> {
  const registry = new api.SchemaRegistry().addProtoFiles(BENCH_PROTO_FILE, INCLUDE_DIRS);
  return api.createGrpcAudit({ tracerProvider: provider, record, masker: api.createMasker(), registry });
}
const audit = makeAudit(ours);
const metaAudit = makeAudit(ours, 'metadata');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const other = against ? makeAudit(require(path.resolve(against, 'interceptors')) as Api) : undefined;

const requests = echoRequests(payload).map((r, i) => ({ ...r, request_id: `r${i}` }));
const responses = echoResponses(payload).map((r) => ({ ...r, processed_at_ms: Date.now() }));
// What each side receives: proto-loader's deserialized objects.
const wireRequests = requests.map((r) => echo.requestDeserialize(echo.requestSerialize(r)));
const wireResponses = responses.map((r) => echo.responseDeserialize(echo.responseSerialize(r)));

function responseHeaders(): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('content-type', 'application/grpc+proto');
  md.set('grpc-accept-encoding', 'identity,deflate,gzip');
  return md;
}
function requestHeaders(): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('user-agent', 'grpc-node-js/1.14.7');
  md.set('content-type', 'application/grpc');
  md.set('grpc-accept-encoding', 'identity,deflate,gzip');
  md.set('te', 'trailers');
  md.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  return md;
}

const OK_STATUS = (): grpc.StatusObject => ({ code: 0, details: 'OK', metadata: new grpc.Metadata() });

/** One client call through the interceptor over a stand-in channel call; returns what completes it. */
function clientCall(interceptor: grpc.Interceptor, i: number): () => void {
  let listener: grpc.InterceptingListener | undefined;
  const next = {
    cancelWithStatus() {},
    getPeer: () => 'ipv4:127.0.0.1:50051',
    start(_md: grpc.Metadata, l: grpc.InterceptingListener) {
      listener = l;
    },
    sendMessageWithContext() {},
    sendMessage() {},
    startRead() {},
    halfClose() {},
    getAuthContext: () => ({}),
  };
  const options = { method_definition: echo, deadline: Infinity } as unknown as grpc.InterceptorOptions;
  const call = interceptor(options, () => next as never);
  call.start(new grpc.Metadata(), {
    onReceiveMetadata() {},
    onReceiveMessage() {},
    onReceiveStatus() {},
  });
  call.sendMessageWithContext({}, requests[i % requests.length]);
  call.halfClose();
  return () => {
    listener!.onReceiveMetadata(responseHeaders());
    listener!.onReceiveMessage(wireResponses[i % wireResponses.length]);
    listener!.onReceiveStatus(OK_STATUS());
  };
}

const serverDescriptor = {
  path: ECHO_PATH,
  requestStream: false,
  responseStream: false,
  requestDeserialize: echo.requestDeserialize,
  responseSerialize: echo.responseSerialize,
} as unknown as grpc.ServerMethodDefinition<unknown, unknown>;

/** One server call through the interceptor over a stand-in server call; returns what completes it. */
function serverCall(interceptor: grpc.ServerInterceptor, i: number): () => void {
  let listener: Required<grpc.ServerListener> | undefined;
  const inner = {
    start(l: Required<grpc.ServerListener>) {
      listener = l;
    },
    sendMetadata() {},
    sendMessage(_m: unknown, cb: () => void) {
      cb();
    },
    sendStatus() {},
    startRead() {},
    getPeer: () => '127.0.0.1:40000',
    getDeadline: () => Infinity,
    getHost: () => '127.0.0.1:50051',
    getAuthContext: () => ({}),
    getConnectionInfo: () => ({ localAddress: '127.0.0.1', localPort: 50051, remoteAddress: '127.0.0.1', remotePort: 40000 }),
    getMetricsRecorder: () => ({}),
  };
  const call = interceptor(serverDescriptor, inner as never);
  call.start({
    onReceiveMetadata() {},
    onReceiveMessage() {},
    onReceiveHalfClose() {},
    onCancel() {},
  });
  listener!.onReceiveMetadata(requestHeaders(), () => {});
  listener!.onReceiveMessage(wireRequests[i % wireRequests.length], () => {});
  listener!.onReceiveHalfClose(() => {});
  return () => {
    call.sendMetadata(new grpc.Metadata());
    call.sendMessage(responses[i % responses.length], () => {});
    call.sendStatus({ code: 0, details: 'OK', metadata: new grpc.Metadata() });
    listener!.onCancel(); // grpc-js calls onCancel when the stream closes
  };
}

/**
 * `--in-flight n` (default 1): each call completes only after the next n−1 calls started, as in
 * the bench's unary-64 workload, so a call's objects live while other calls allocate (and the
 * garbage collector copies or promotes what is still referenced).
 */
const inFlight = Math.max(1, Number(flag('--in-flight') ?? 1));
function ring(begin: (i: number) => () => void): (i: number) => void {
  const pending: Array<(() => void) | undefined> = new Array(inFlight);
  return (i) => {
    const slot = i % inFlight;
    pending[slot]?.();
    pending[slot] = begin(i);
    if (inFlight === 1) {
      pending[slot]!();
      pending[slot] = undefined;
    }
  };
}

const passClient: grpc.Interceptor = (options, nextCall) => new grpc.InterceptingCall(nextCall(options));
const passServer: grpc.ServerInterceptor = (_d, call) => new grpc.ServerInterceptingCall(call);

function cpuOf(fn: () => void): number {
  const a = process.cpuUsage();
  fn();
  const b = process.cpuUsage(a);
  return b.user + b.system;
}

async function settle(): Promise<void> {
  // Let the batch processor export what piled up (its timer), outside the measured window.
  await provider.forceFlush();
}

async function main(): Promise<void> {
  const configs: Array<[string, () => void, (i: number) => void]> = [];
  const add = (name: string, c: grpc.Interceptor, s: grpc.ServerInterceptor): void => {
    configs.push([name + ' client', () => undefined, ring((i) => clientCall(c, i))]);
    configs.push([name + ' server', () => undefined, ring((i) => serverCall(s, i))]);
  };
  if (only !== 'full') add('pass', passClient, passServer);
  if (only !== 'pass') add('full', audit.clientInterceptor, audit.serverInterceptor);
  if (!only || only === 'meta') add('meta', metaAudit.clientInterceptor, metaAudit.serverInterceptor);
  if (other) add('other', other.clientInterceptor, other.serverInterceptor);
  const samples = new Map<string, number[]>(configs.map(([n]) => [n, []]));
  for (const [, , fn] of configs) for (let i = 0; i < 2000; i++) fn(i); // warm-up
  await settle();
  const session = heapProf ? new inspector.Session() : undefined;
  const post = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => session!.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  if (session) {
    session.connect();
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  let gcMs = 0;
  let gcCount = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  for (let r = 0; r < rounds; r++) {
    // Alternate the order every round so neither copy always runs right after the other.
    for (const [name, , fn] of r % 2 === 0 ? configs : [...configs].reverse()) {
      await settle();
      await new Promise((resolve) => setImmediate(resolve));
      const us = cpuOf(() => {
        for (let i = 0; i < perRound; i++) fn(i);
      });
      samples.get(name)!.push(us / perRound);
    }
  }
  await settle();
  await new Promise((resolve) => setTimeout(resolve, 50)); // GC entries are delivered asynchronously
  gcObserver.disconnect();
  if (session) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    fs.writeFileSync(heapProf!, JSON.stringify(profile));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; payload ${payload}; ${perRound} calls × ${rounds} rounds; CPU µs per call (median)`,
  );
  for (const [name] of configs) console.log(`${name.padEnd(14)} ${median(samples.get(name)!).toFixed(1).padStart(7)} µs`);
  if (!only) {
    for (const side of ['client', 'server']) {
      const added = samples.get(`full ${side}`)!.map((v, k) => v - samples.get(`pass ${side}`)![k]);
      console.log(`added ${side.padEnd(7)} ${median(added).toFixed(1).padStart(7)} µs  (full − pass, per round)`);
      if (other) {
        const addedOther = samples.get(`other ${side}`)!.map((v, k) => v - samples.get(`pass ${side}`)![k]);
        const ratio = samples.get(`full ${side}`)!.map((v, k) => v / samples.get(`other ${side}`)![k]);
        console.log(
          `  against ${against}: ${median(addedOther).toFixed(1)} µs; ours ÷ theirs per round ${median(ratio).toFixed(3)} (min ${Math.min(...ratio).toFixed(3)}, max ${Math.max(...ratio).toFixed(3)})`,
        );
      }
    }
  }
  console.log(`GC during the measured rounds (all configurations): ${gcCount} collections, ${gcMs.toFixed(0)} ms`);
  console.log(`spans exported ${exporter.spans}, events ${exporter.events}, recording errors ${audit.stats.recordingErrors}`);
  await provider.shutdown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
