import type { CollectorConfig } from '../config/collector-config';
import type { Logger } from '../log/logger';
import { openRecordStore, type LedgerRecordStore } from '../store/open-record-store';
import { runRetention, type RetentionTarget } from './retention-run';

export interface RetentionSchedule {
  /** Runs one pass now (also what the timer calls); resolves with nothing when a pass is already running. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The collector's retention timer (`retention.intervalMinutes`). It uses a connection of its own
 * to the configured store — pruning a body never touches the ledger's tree, so it needs no
 * coordination with the appending writer beyond the database's own locking — and logs counts
 * only, never record content. Passes never overlap; a failed pass is logged and retried at the
 * next tick.
 */
export function startRetentionSchedule(config: CollectorConfig, logger: Logger): RetentionSchedule | undefined {
  const policy = config.retention;
  if (policy.intervalMinutes <= 0 || Object.keys(policy.classes).length === 0) return undefined;
  const store = config.store;
  if (store.type === 'sqlite' && store.path === ':memory:') {
    logger.warn({ event: 'retention_disabled' }, 'retention is not scheduled for an in-memory store');
    return undefined;
  }
  let opened: LedgerRecordStore | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    if (running || stopped) return;
    running = (async () => {
      try {
        opened ??= await openRecordStore(store.type === 'postgres' ? { type: 'postgres', url: store.url, maxConnections: 1 } : { type: 'sqlite', path: store.path });
        const r = await runRetention(opened as unknown as RetentionTarget, { policy });
        const pruned = Object.values(r.byClass).reduce((n, c) => n + c.pruned, 0);
        logger.info(
          { event: 'retention_run', examined: r.examined, pruned, held: r.held, unclassified: r.unclassified, awaitingCheckpoint: r.awaitingCheckpoint, unknownClasses: Object.keys(r.unknownClass).length },
          `retention pass: ${pruned} bodies pruned, ${r.held} kept under legal hold`,
        );
      } catch (err) {
        logger.error({ event: 'retention_failed', err: (err as Error)?.name, message: (err as Error)?.message }, 'retention pass failed; retried at the next interval');
      } finally {
        running = undefined;
      }
    })();
    await running;
  };

  const timer = setInterval(() => void runOnce(), policy.intervalMinutes * 60_000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await opened?.close();
    },
  };
}
