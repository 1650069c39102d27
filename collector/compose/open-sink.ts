import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditLog } from '../ledger/audit-log';
import { ThreadedAuditLog } from '../ledger/threaded-audit-log';
import { openSqliteAuditLog } from './sqlite-audit-log';
import type { CollectorConfig } from '../config/collector-config';
import { ConfigError } from '../config/config-error';
import { describeStoreLocation, openRecordStore } from '../store/open-record-store';
import type { Logger } from '../log/logger';
import type { ManagedSink } from '../ingest/sink-lifecycle';

/**
 * The composition root of storage: the only place that picks a store type and a key source
 * for the ledger. Opens the record sink named by `store` in the configuration: the ledger-backed AuditLog over
 * the embedded SQLite file (default) or over PostgreSQL, which several collector replicas may
 * share (one signing key for all of them). Checkpoints are driven by the collector's
 * `checkpoint.intervalMs` timer and at shutdown, so the log's own timer is off; the log still
 * signs every N records.
 */
/** Ledger settings from outside `store` (the `checkpoint` section). */
export interface LedgerSinkOptions {
  /** checkpoint.publishDir: append-only directory receiving a copy of every checkpoint. */
  publishDir?: string;
}

export async function openConfiguredSink(store: CollectorConfig['store'], logger: Logger, ledger: LedgerSinkOptions = {}): Promise<ManagedSink> {
  const publishDir = ledger.publishDir;
  if (store.type === 'postgres') {
    let signingKey: crypto.KeyObject;
    try {
      signingKey = crypto.createPrivateKey(fs.readFileSync(store.signingKeyFile));
    } catch (err) {
      throw new ConfigError('store.signingKeyFile', `cannot read an Ed25519 private key (PKCS#8 PEM): ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    if (signingKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('store.signingKeyFile', 'must hold an Ed25519 private key');
    const pg = await openRecordStore({ type: 'postgres', url: store.url, maxConnections: store.maxConnections });
    const log = await AuditLog.openOn(pg, { signingKey, checkpointIntervalMs: 0, publishDir });
    logger.info({ event: 'store_opened', type: store.type, location: describeStoreLocation(store), treeSize: log.size(), origin: log.origin }, 'record store opened');
    return log;
  }
  if (store.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(store.path)), { recursive: true, mode: 0o700 });
  const log = store.writerThread && store.path !== ':memory:'
    ? await ThreadedAuditLog.open({ path: store.path, checkpointIntervalMs: 0, publishDir })
    : await openSqliteAuditLog({ path: store.path, checkpointIntervalMs: 0, publishDir });
  logger.info({ event: 'store_opened', type: store.type, path: store.path, treeSize: log.size(), origin: log.origin, writerThread: log instanceof ThreadedAuditLog }, 'record store opened');
  return log;
}
