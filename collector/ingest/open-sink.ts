import type { CollectorConfig } from '../config/collector-config';
import { ConfigError } from '../config/config-error';
import type { Logger } from '../log/logger';
import type { ManagedSink } from './sink-lifecycle';

/**
 * Opens the record sink named by `store` in the configuration. The ledger-backed SQLite sink is
 * built in collector/store + collector/ledger; until it is part of this build the collector
 * refuses to start rather than pretend to store.
 */
export async function openConfiguredSink(store: CollectorConfig['store'], _logger: Logger): Promise<ManagedSink> {
  throw new ConfigError('store.type', `'${store.type}' store is not available in this build yet`);
}
