import type { CollectorConfig } from '../config/collector-config';
import type { Logger } from '../log/logger';
import type { LedgerStorage, RecordStore } from '../store/record-store';
import { SqliteRecordStore } from '../store/sqlite-record-store';
import { runRetention } from './retention';

export interface RetentionSchedule {
  /** Runs one pass now (also what the timer does); passes never overlap. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The collector's scheduled retention job. It needs a writable handle: the PostgreSQL store's pool
 * is one; for SQLite, whose ledger may be written from a worker thread, it opens its own
 * connection to the same file (WAL; it only sets bodies to NULL, never touches the ledger).
 */
export function scheduleRetention(
  retention: NonNullable<CollectorConfig['rights']['retention']>,
  store: RecordStore & LedgerStorage,
  logger: Logger,
): RetentionSchedule {
  let own: SqliteRecordStore | undefined;
  const writable = (): RecordStore & LedgerStorage => {
    if (!(store instanceof SqliteRecordStore) || !store.db.readonly) return store;
    own ??= new SqliteRecordStore({ path: store.path });
    return own;
  };
  let running: Promise<void> | undefined;
  const runOnce = (): Promise<void> => {
    running ??= (async () => {
      try {
        const report = await runRetention(writable(), {
          policy: { classes: retention.classes, defaultClass: retention.defaultClass },
          nowMs: Date.now(),
          archiveDir: retention.archiveDir,
        });
        logger.info({ event: 'retention', ...report }, 'retention pass');
      } catch (err) {
        logger.error({ event: 'retention_failed', message: (err as Error).message }, 'retention pass failed; the next one retries');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runOnce(), retention.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
      await own?.close();
    },
  };
}
