import { parentPort } from 'node:worker_threads';
import { SqliteRecordStore } from '../store/sqlite-record-store';
import type { RowIssue } from './verify-scan';
import { scanSqliteChunk } from './verify-sqlite-scan';

/** A chunk of leaves for a verify worker: a power-of-two aligned range (see verify-chunk.ts). */
export interface VerifyTask {
  id: number;
  dbPath: string;
  from: number;
  to: number;
  pageSize: number;
  /** Checkpoint sizes in (from, to] whose frontier the caller needs. */
  cuts: number[];
}

/** What a worker sends back; each frontier is a transferred buffer of 32-byte subtree roots of [from, size). */
export interface VerifyTaskResult {
  id: number;
  from: number;
  next: number;
  cuts: Array<{ size: number; frontier: ArrayBuffer }>;
  pruned: number;
  lastRecordId?: string;
  issue?: RowIssue;
  error?: string;
}

// Worker entry: one read-only connection per worker, reused for every chunk it is given.
if (parentPort) {
  const port = parentPort;
  let store: SqliteRecordStore | undefined;
  port.on('message', (task: VerifyTask | 'close') => {
    if (task === 'close') {
      void store?.close();
      port.close();
      return;
    }
    try {
      store ??= new SqliteRecordStore({ path: task.dbPath, readonly: true });
      const scan = scanSqliteChunk(store, task.from, task.to, task.pageSize, task.cuts);
      // Standalone ArrayBuffers (toBytes may hand out pooled slices) so they can be transferred.
      const cuts = scan.cuts.map((c) => ({ size: c.size, frontier: new Uint8Array(c.frontier).buffer }));
      const result: VerifyTaskResult = { id: task.id, from: task.from, next: scan.next, cuts, pruned: scan.pruned, lastRecordId: scan.lastRecordId, issue: scan.issue };
      port.postMessage(result, cuts.map((c) => c.frontier));
    } catch (err) {
      port.postMessage({ id: task.id, from: task.from, next: task.from, cuts: [], pruned: 0, error: (err as Error).message });
    }
  });
}
