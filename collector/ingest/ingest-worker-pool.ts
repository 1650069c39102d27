import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IngestWorkerError } from './ingest-errors';
import type { MappedRequest, MappedSpan, MapperLimits, RequestMapper } from './request-mapper';
import { packRecordWithDigest, unpackAndRemember } from '../store/record-pack';
import type { TrustedPolicyRule } from './trusted-policies';

/** What an ingest worker needs to map requests as the receiving thread would: limits and guard settings (plain data). */
export interface IngestWorkerSettings {
  limits: MapperLimits;
  guard: {
    /** ingest.unmaskedData */
    mode: 'mask' | 'reject';
    trustedPolicies: readonly TrustedPolicyRule[];
    sampleRate: number;
    maxPayloadDepth: number;
  };
}

export interface IngestWorkerRequest {
  id: number;
  bytes: Uint8Array;
  identity: string;
  receivedAtMs: number;
}

/**
 * A MappedRequest as it crosses from the worker: each record packed into one string
 * (store/record-pack.ts, body digest included) instead of an object cloned field by field.
 */
export type WireMappedRequest =
  | Exclude<MappedRequest, { kind: 'mapped' }>
  | { kind: 'mapped'; rejected: Extract<MappedRequest, { kind: 'mapped' }>['rejected']; spans: Array<{ packed: string; guard: MappedSpan['guard'] }> };

export type IngestWorkerReply = { id: number; result: WireMappedRequest; error?: undefined } | { id: number; error: { name: string; message: string }; result?: undefined };

/** Worker side: packs the records of a mapped request (and digests their bodies there, off the writer). */
export function toWire(result: MappedRequest): WireMappedRequest {
  if (result.kind !== 'mapped') return result;
  return { kind: 'mapped', rejected: result.rejected, spans: result.spans.map((s) => ({ packed: packRecordWithDigest(s.record), guard: s.guard })) };
}

/** Receiving side: the records back as objects; each keeps its packed string for the writer thread. */
export function fromWire(result: WireMappedRequest): MappedRequest {
  if (result.kind !== 'mapped') return result;
  return { kind: 'mapped', rejected: result.rejected, spans: result.spans.map((s) => ({ record: unpackAndRemember(s.packed), guard: s.guard })) };
}

interface Job {
  resolve: (r: MappedRequest) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Set once it failed or exited: takes no more jobs. */
  dead: boolean;
}

/**
 * RequestMapper that maps in worker threads: the receiving thread hands each request's raw
 * protobuf bytes over (transferred, not copied, when the request owns its memory) and gets
 * finished records back — one message each way per request, and no decoded object tree, no
 * per-attribute garbage and no 5 MiB decode ever on the thread that serves every caller (issues
 * 10 and 15). Each job goes to the thread with the fewest jobs in progress.
 *
 * A thread that dies (crash, out of memory) fails only its jobs in progress, with
 * IngestWorkerError (UNAVAILABLE: the sender retries; nothing of those requests was stored), and
 * is replaced at once for the next request.
 */
export class IngestWorkerPool implements RequestMapper {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;
  /** Threads started after one died (exposed for metrics and tests). */
  restarts = 0;

  constructor(
    private readonly settings: IngestWorkerSettings,
    /** Worker threads (default 1). */
    size = 1,
    private readonly onThreadFailure?: (err: Error) => void,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.threads.push(this.start());
  }

  map(bytes: Buffer, identity: string, receivedAtMs: number): Promise<MappedRequest> {
    if (this.closed) return Promise.reject(new IngestWorkerError('ingest workers are stopped'));
    let t = this.threads[0];
    for (const x of this.threads) if (x.jobs.size < t.jobs.size) t = x;
    const id = this.nextId++;
    // Transfer the request's memory when it owns all of it (large requests do); copy a slice of a shared pool.
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const payload = owned ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : copyOf(bytes);
    return new Promise<MappedRequest>((resolve, reject) => {
      t.jobs.set(id, { resolve, reject });
      t.worker.postMessage({ id, bytes: payload, identity, receivedAtMs } satisfies IngestWorkerRequest, [payload.buffer as ArrayBuffer]);
    });
  }

  /** Thread ids of the running workers (for tests that need to stop one). */
  get workers(): readonly Worker[] {
    return this.threads.map((t) => t.worker);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => this.stop(t, new IngestWorkerError('ingest workers are stopped'))));
  }

  private start(): Thread {
    const worker = startThread(this.settings);
    const t: Thread = { worker, jobs: new Map(), dead: false };
    worker.on('message', (reply: IngestWorkerReply) => {
      const job = t.jobs.get(reply.id);
      if (!job) return;
      t.jobs.delete(reply.id);
      if (reply.error) {
        const err = new Error(reply.error.message);
        Object.defineProperty(err, 'name', { value: reply.error.name });
        job.reject(err);
      } else {
        let mapped: MappedRequest;
        try {
          mapped = fromWire(reply.result);
        } catch (err) {
          job.reject(err as Error);
          return;
        }
        job.resolve(mapped);
      }
    });
    const failed = (why: string): void => {
      if (t.dead) return;
      const err = new IngestWorkerError(`ingest worker ${why}; retry`);
      void this.stop(t, err);
      if (this.closed) return;
      this.onThreadFailure?.(err);
      const i = this.threads.indexOf(t);
      if (i >= 0) {
        this.threads[i] = this.start();
        this.restarts++;
      }
    };
    worker.on('error', (e) => failed(`failed (${e.name}: ${e.message})`));
    worker.on('exit', (code) => failed(`exited (${code})`));
    // Idle workers must not keep the process alive.
    worker.unref();
    return t;
  }

  private async stop(t: Thread, err: Error): Promise<void> {
    t.dead = true;
    for (const job of t.jobs.values()) job.reject(err);
    t.jobs.clear();
    await t.worker.terminate();
  }
}

function startThread(settings: IngestWorkerSettings): Worker {
  // Under tsx (sources) the worker must load the TypeScript hook first; compiled builds load JS.
  const isTs = __filename.endsWith('.ts');
  const file = path.join(__dirname, `ingest-worker${isTs ? '.ts' : '.js'}`);
  const code = `${isTs ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : ''}require(${JSON.stringify(file)});`;
  // A request's decoded spans stay alive while it is mapped, so with V8's default young
  // generation every scavenge copies them: a larger one lets most die young instead (mapping
  // 100-span requests in a loop: 31 → 26 µs per span with 64 MiB semi-spaces; the collector's
  // ingest thread spent ~25 % of its time in GC under the bench's load).
  return new Worker(code, { eval: true, workerData: settings, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/** Young generation of an ingest thread (V8 splits it into semi-spaces; the memory is only touched as used). */
const YOUNG_GENERATION_MB = 96;

/**
 * A copy of `bytes` in memory of its own (transferable). `new Uint8Array(buffer)` takes V8's
 * generic element-by-element path for a Buffer source (51 µs for 59 KB here, against 5.6 µs for
 * an allocation and `set`, which copies the bytes in one go).
 */
function copyOf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}
