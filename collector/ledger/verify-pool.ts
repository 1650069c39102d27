import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyTask, VerifyTaskResult } from './verify-worker';

/**
 * Worker threads that verify a SQLite ledger in power-of-two aligned chunks: each reads its rows
 * over its own read-only connection, checks body digests and leaf hashes, and builds the chunk's
 * subtree roots (plus the frontiers at checkpoint sizes inside it), so the main thread only folds
 * a few hashes per chunk. Results come back in leaf order.
 */
export async function* scanInWorkers(
  dbPath: string,
  end: number,
  options: { workers: number; chunkSize: number; pageSize: number; cutsIn: (from: number, to: number) => number[] },
): AsyncGenerator<VerifyTaskResult> {
  const workers = Array.from({ length: options.workers }, () => startWorker());
  const pending = new Map<number, Promise<VerifyTaskResult>>();
  const tasks: VerifyTask[] = [];
  for (let from = 0, id = 0; from < end; from += options.chunkSize, id++) {
    const to = Math.min(end, from + options.chunkSize);
    tasks.push({ id, dbPath, from, to, pageSize: options.pageSize, cuts: options.cutsIn(from, to) });
  }
  // Each worker takes the next task when it finishes one; at most 2 chunks per worker wait in memory.
  const waiting = new Map<number, (r: VerifyTaskResult) => void>();
  let nextTask = 0;
  const feed = (w: Worker): void => {
    if (nextTask >= tasks.length) return;
    const t = tasks[nextTask++];
    pending.set(t.id, new Promise((resolve) => waiting.set(t.id, resolve)));
    w.postMessage(t);
  };
  const failures: Error[] = [];
  for (const w of workers) {
    w.on('message', (r: VerifyTaskResult) => {
      waiting.get(r.id)?.(r);
      waiting.delete(r.id);
      if (!r.issue && !r.error) feed(w);
    });
    w.on('error', (err) => {
      failures.push(err);
      for (const resolve of waiting.values()) resolve({ id: -1, from: 0, next: 0, cuts: [], pruned: 0, error: err.message });
    });
    feed(w);
    feed(w);
  }
  try {
    for (let id = 0; id < tasks.length; id++) {
      const result = await pending.get(id);
      if (!result) throw new Error(`verify worker pool stalled at chunk ${id}`);
      pending.delete(id);
      if (result.error) throw new Error(`verify worker failed: ${result.error}`);
      yield result;
      if (result.issue) return;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(): Worker {
  // Under tsx (sources) the worker must load the TypeScript hook first; compiled builds load JS.
  const isTs = __filename.endsWith('.ts');
  const file = path.join(__dirname, `verify-worker${isTs ? '.ts' : '.js'}`);
  const code = `${isTs ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : ''}require(${JSON.stringify(file)});`;
  // Not unref'd: the pending chunk results must keep a CLI process alive until verify ends.
  return new Worker(code, { eval: true });
}
