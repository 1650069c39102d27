import { parentPort } from 'node:worker_threads';
import { SqliteRecordStore } from '../store/sqlite-record-store';
import { scanRange, type RowIssue } from './verify-scan';

/** A chunk of leaves for a verify worker to recompute. */
export interface VerifyTask {
  id: number;
  dbPath: string;
  from: number;
  to: number;
  pageSize: number;
}

/** What a worker sends back; `hashes` is a transferred buffer of 32-byte leaf hashes for [from, next). */
export interface VerifyTaskResult {
  id: number;
  from: number;
  next: number;
  hashes: ArrayBuffer;
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
      const s = store;
      void scanRange((a, b) => s.readLeafRowsSync(a, b), task.from, task.to, task.pageSize).then(
        (state) => {
          // Copy into a standalone ArrayBuffer (allocUnsafe may hand out a pooled slice).
          const hashes = new Uint8Array(state.hashes.subarray(0, (state.next - task.from) * 32)).buffer;
          const result: VerifyTaskResult = { id: task.id, from: task.from, next: state.next, hashes, pruned: state.pruned, lastRecordId: state.lastRecordId, issue: state.issue };
          port.postMessage(result, [hashes]);
        },
        (err: unknown) => port.postMessage({ id: task.id, from: task.from, next: task.from, hashes: new ArrayBuffer(0), pruned: 0, error: String(err) }),
      );
    } catch (err) {
      port.postMessage({ id: task.id, from: task.from, next: task.from, hashes: new ArrayBuffer(0), pruned: 0, error: (err as Error).message });
    }
  });
}
