import { parentPort } from 'node:worker_threads';
import type { AuditRecord } from '../store/record';
import { openSqliteAuditLog, type SqliteAuditLogOptions } from '../compose/sqlite-audit-log';
import type { AuditLog } from './audit-log';
import type { RecordIdConflict } from '../store/record-store';
import { unpackRecord } from '../store/record-pack';
import { rememberBodyDigest } from '../store/body-digest';

/**
 * Worker entry of ThreadedAuditLog: owns the SQLite AuditLog (the only writer of the file) and
 * runs one request at a time, in the order received. See threaded-audit-log.ts.
 */
export type ThreadRequest =
  | { id: number; op: 'open'; options: Omit<SqliteAuditLogOptions, 'signingKey' | 'now'> }
  /** Records packed by record-pack.ts (one string each: cloned as one copy, body digest included). */
  | { id: number; op: 'append'; packed: string[] }
  | { id: number; op: 'checkpoint' }
  | { id: number; op: 'close' };

export type ThreadReply =
  | { id: number; ok: true; size: number; accepted?: number; duplicates?: number; leafIndexes?: readonly number[]; conflicts?: RecordIdConflict[]; origin?: string; verifierKey?: string }
  | { id: number; ok: false; error: { name: string; message: string } };

if (parentPort) {
  const port = parentPort;
  let log: AuditLog | undefined;
  let chain: Promise<void> = Promise.resolve();
  const run = async (req: ThreadRequest): Promise<ThreadReply> => {
    switch (req.op) {
      case 'open':
        log = await openSqliteAuditLog(req.options);
        return { id: req.id, ok: true, size: log.size(), origin: log.origin, verifierKey: log.verifierKey() };
      case 'append': {
        const records: AuditRecord[] = new Array(req.packed.length);
        for (let i = 0; i < records.length; i++) {
          const { record, bodySha256 } = unpackRecord(req.packed[i]);
          if (bodySha256 !== undefined) rememberBodyDigest(record, bodySha256);
          records[i] = record;
        }
        const r = await log!.append(records);
        return { id: req.id, ok: true, size: log!.size(), accepted: r.accepted, duplicates: r.duplicates, leafIndexes: r.leafIndexes, conflicts: r.conflicts };
      }
      case 'checkpoint':
        await log!.checkpoint();
        return { id: req.id, ok: true, size: log!.size() };
      case 'close':
        await log?.close();
        return { id: req.id, ok: true, size: log?.size() ?? 0 };
    }
  };
  port.on('message', (req: ThreadRequest) => {
    chain = chain.then(async () => {
      let reply: ThreadReply;
      try {
        reply = await run(req);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        reply = { id: req.id, ok: false, error: { name: e.name, message: e.message } };
      }
      port.postMessage(reply);
      if (req.op === 'close') port.close();
    });
  });
}
