import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendResult, RecordSink } from '../ingest/record-sink';
import type { AuditRecord } from '../store/record';
import { SqliteRecordStore } from '../store/sqlite-record-store';
import { StoreError } from '../store/store-errors';
import type { SqliteAuditLogOptions } from '../compose/sqlite-audit-log';
import type { ThreadReply, ThreadRequest } from './audit-log-thread';
import { packedForTransfer } from '../store/record-pack';

/**
 * The SQLite AuditLog run in a worker thread, as a RecordSink: the collector's event loop keeps
 * receiving, decoding, guarding and rendering spans while the worker writes the previous batch
 * (SQLite inserts, fsync, body digests, leaf hashes, tree) — on a 2-core node the two halves of
 * ingest run side by side instead of one after the other, and a large batch never blocks the
 * receive path for its whole transaction. Semantics are AuditLog's: one transaction per append,
 * appends applied in call order, `append` resolves once the batch is durable.
 *
 * `store` is a read-only connection to the same file for readers on the main thread (gap metrics).
 * An error inside the worker comes back as an Error with the same name and message.
 */
export class ThreadedAuditLog implements RecordSink {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: ThreadReply & { ok: true }) => void; reject: (e: Error) => void }>();
  private treeSize = 0;
  private closing: Promise<void> | undefined;
  private failed: Error | undefined;
  /** Read-only connection for main-thread readers; opened after the worker created the file. */
  store!: SqliteRecordStore;
  origin = '';

  private constructor() {
    this.worker = startThread();
    this.worker.on('message', (reply: ThreadReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) {
        this.treeSize = reply.size;
        w.resolve(reply);
      } else {
        const err = new StoreError(reply.error.message);
        if (reply.error.name !== 'Error') Object.defineProperty(err, 'name', { value: reply.error.name });
        w.reject(err);
      }
    });
    const fail = (err: Error): void => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (this.waiting.size > 0) fail(new StoreError(`audit log thread exited (${code})`));
    });
  }

  /** Opens (creating when absent) the log in its thread; rejects as AuditLog.open would. */
  static async open(options: Omit<SqliteAuditLogOptions, 'signingKey' | 'now'>): Promise<ThreadedAuditLog> {
    const log = new ThreadedAuditLog();
    try {
      const r = await log.call({ op: 'open', options });
      log.origin = r.origin ?? '';
      if (options.path !== ':memory:') log.store = new SqliteRecordStore({ path: options.path, readonly: true });
      return log;
    } catch (err) {
      await log.worker.terminate();
      throw err;
    }
  }

  async append(records: AuditRecord[]): Promise<AppendResult> {
    const r = await this.call({ op: 'append', packed: records.map(packedForTransfer) });
    const base = { accepted: r.accepted ?? 0, duplicates: r.duplicates ?? 0, leafIndexes: r.leafIndexes };
    return r.conflicts ? { ...base, conflicts: r.conflicts } : base;
  }

  async checkpoint(): Promise<void> {
    await this.call({ op: 'checkpoint' });
  }

  /** Appends are durable when append() resolves; nothing is buffered. */
  async flush(): Promise<void> {}

  /** Reports (gap metrics) read through the main thread's read-only connection. */
  get reports(): SqliteRecordStore | undefined {
    return this.store;
  }

  /** Leaves in the tree as of the last completed request. */
  size(): number {
    return this.treeSize;
  }

  /** Final checkpoint and close in the thread, then the thread ends. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.failed) await this.call({ op: 'close' });
      } finally {
        await this.store?.close();
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private call(req: DistributiveOmit<ThreadRequest, 'id'>): Promise<ThreadReply & { ok: true }> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closing && req.op !== 'close') return Promise.reject(new StoreError('audit log is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

function startThread(): Worker {
  // Under tsx (sources) the worker must load the TypeScript hook first; compiled builds load JS.
  const isTs = __filename.endsWith('.ts');
  const file = path.join(__dirname, `audit-log-thread${isTs ? '.ts' : '.js'}`);
  const code = `${isTs ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : ''}require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true });
}
