import { PostgresRecordStore } from './postgres-record-store';
import type { LedgerStorage, RecordStore } from './record-store';
import type { RecordSql } from './record-sql';
import { SqliteRecordStore } from './sqlite-record-store';
import { StoreError } from './store-errors';

/** Which store to open: the embedded SQLite file or the PostgreSQL cluster store. */
export type RecordStoreConfig =
  | {
      type: 'sqlite';
      /** Database file (see default-paths.ts). */
      path: string;
      readonly?: boolean;
    }
  | {
      type: 'postgres';
      /**
       * `postgresql://user@host:port/database[?sslmode=…]`. Keep the password out of config
       * files: libpq's PGPASSWORD / PGPASSFILE (~/.pgpass) are honoured by the driver.
       */
      url: string;
      /** Pool size per collector replica (default 4). */
      maxConnections?: number;
      readonly?: boolean;
    };

/** A store the ledger can run over: records plus the ledger's own tables, and SQL for reports. */
export type LedgerRecordStore = RecordStore & LedgerStorage & RecordSql;

/**
 * Opens (creating and migrating unless read-only) the store a configuration names. The caller
 * owns the result: run the ledger over it with `AuditLog.openOn(store, { signingKey })` — for
 * PostgreSQL every replica must use the same signing key — or query it directly.
 */
export async function openRecordStore(config: RecordStoreConfig): Promise<LedgerRecordStore> {
  switch (config.type) {
    case 'sqlite':
      return new SqliteRecordStore({ path: config.path, readonly: config.readonly });
    case 'postgres':
      return PostgresRecordStore.open({ url: config.url, maxConnections: config.maxConnections, readonly: config.readonly });
    default:
      throw new StoreError(`unknown store type "${(config as { type: unknown }).type}" (expected sqlite or postgres)`);
  }
}

/** The store's location for logs: a PostgreSQL URL with any password replaced by '***'. */
export function describeStoreLocation(config: RecordStoreConfig): string {
  if (config.type === 'sqlite') return config.path;
  try {
    const u = new URL(config.url);
    if (u.password) u.password = '***';
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '<unparsable postgres url>';
  }
}
