import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditLog } from '../ledger/audit-log';
import type { CollectorConfig } from '../config/collector-config';
import type { Logger } from '../log/logger';
import type { ManagedSink } from './sink-lifecycle';

/**
 * Opens the record sink named by `store` in the configuration: the ledger-backed SQLite
 * AuditLog (collector/ledger). Checkpoints are driven by the collector's `checkpoint.intervalMs`
 * timer and at shutdown, so the log's own timer is off; the log still signs every N records.
 */
export async function openConfiguredSink(store: CollectorConfig['store'], logger: Logger): Promise<ManagedSink> {
  if (store.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(store.path)), { recursive: true, mode: 0o700 });
  const log = await AuditLog.open({ path: store.path, checkpointIntervalMs: 0 });
  logger.info({ event: 'store_opened', type: store.type, path: store.path, treeSize: log.size(), origin: log.origin }, 'record store opened');
  return log;
}
