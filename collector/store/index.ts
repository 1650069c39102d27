/** Public surface of the record store. */
export type { AuditRecord } from './record';
export type {
  AppendCommitter,
  AppendContext,
  CheckpointRow,
  LedgerStorage,
  LedgerWrite,
  PositionedRecord,
  QueryOptions,
  RecordFilter,
  RecordStore,
  StoreAppendResult,
  StoredNode,
  StoredRecord,
} from './record-store';
export { isRecordSql, type RecordSql, type SqlDialect, type SqlParam } from './record-sql';
export { recordFilterSql, type FilterSql } from './record-filter-sql';
export { SqliteRecordStore, type SqliteRecordStoreOptions } from './sqlite-record-store';
export { PostgresRecordStore, type PostgresRecordStoreOptions, type RecordPartition } from './postgres-record-store';
export { describeStoreLocation, openRecordStore, type LedgerRecordStore, type RecordStoreConfig } from './open-record-store';
export { InvalidRecordError, StoreClosedError, StoreError } from './store-errors';
export { bodyDigest } from './body-digest';
export { DEFAULT_DB_PATH } from './default-paths';
