/** The orchestrator's side of one worker process: fork, wait for its hello, request/reply over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './bench-proto';
import type { Hello, Reply, Request, WorkerSpec } from './protocol';

type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const START_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 120_000;

export class WorkerHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private exited = false;

  private constructor(
    readonly spec: WorkerSpec,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: Reply | Hello) => {
      if (!('id' in m)) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.type === 'error') p.reject(new Error(`${spec.config} ${spec.role}: ${m.message}`));
      else p.resolve(m);
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`${spec.config} ${spec.role} exited (${code ?? signal})`));
      }
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Forks a worker; resolves with the handle and its hello (ready with port, or unavailable). */
  static spawn(spec: WorkerSpec, extraExecArgv: string[] = []): Promise<{ handle: WorkerHandle; hello: Hello }> {
    const child = fork(path.join(__dirname, 'worker.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', ...extraExecArgv, ...(process.env.BENCH_EXEC_ARGV ? process.env.BENCH_EXEC_ARGV.split(' ') : [])],
      env: { ...process.env, BENCH_WORKER: JSON.stringify(spec) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new WorkerHandle(spec, child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`${spec.config} ${spec.role} did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const onHello = (m: Reply | Hello): void => {
        if ('id' in m) return;
        clearTimeout(timer);
        child.off('message', onHello);
        child.off('exit', onExit);
        resolve({ handle, hello: m });
      };
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`${spec.config} ${spec.role} exited (${code}) before it was ready`));
      };
      child.on('message', onHello);
      child.once('exit', onExit);
    });
  }

  request<T extends Reply['type']>(body: RequestBody, expect: T): Promise<Extract<Reply, { type: T }>> {
    if (this.exited) return Promise.reject(new Error(`${this.spec.config} ${this.spec.role} has exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.spec.config} ${this.spec.role}: no reply to ${body.type} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (r) => (r.type === expect ? resolve(r as Extract<Reply, { type: T }>) : reject(new Error(`unexpected reply ${r.type}`))),
        reject,
        timer,
      });
      this.child.send({ ...body, id } as Request);
    });
  }

  /** Asks the worker to flush and exit; kills it if it does not go within 10 s. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request({ type: 'exit' }, 'ok'), delay(10_000)]);
    } catch {
      // fall through to the kill below
    }
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
