/**
 * grpc-audit/collector — the collector half, for embedding it in a process of your own (the
 * `grpc-audit collector` command is the usual way to run it). Curated exports by name: the
 * server and its configuration, the record stores, the tamper-evident ledger and the gap queries.
 * Loading this entry loads the store drivers (better-sqlite3, pg); the interceptors (`grpc-audit`)
 * and the verification core (`grpc-audit/verify`) do not.
 */

// Server and configuration.
export { startCollector, type CollectorDeps, type CollectorHandle } from './server';
export { loadCollectorConfig, parseCollectorConfig, type CollectorFlags, type LoadOptions } from './config/load-config';
export type { CollectorConfig, CollectorConfigInput, TlsConfig } from './config/collector-config';
export { openConfiguredSink } from './ingest/open-sink';
export { writeDevCerts, type DevCertsOptions, type DevCertsResult } from './authz/dev-certs';

// Stores.
export {
  SqliteRecordStore,
  PostgresRecordStore,
  openRecordStore,
  describeStoreLocation,
  InvalidRecordError,
  StoreClosedError,
  StoreError,
  DEFAULT_DB_PATH,
} from './store';
export type { AuditRecord, LedgerRecordStore, RecordStoreConfig, SqliteRecordStoreOptions, PostgresRecordStoreOptions } from './store';

// Ledger: appending, checkpoints, full verification of a store.
export { AuditLog, Checkpointer, verifyLog, keyPathsFor, loadVerifierKey, parseVerifierKey, formatVerifierKey } from './ledger';
export type { VerifyOptions, VerifyProblem, VerifyProblemKind, VerifyReport, NoteVerifierKey, SignedCheckpoint } from './ledger';
export type { LedgerOptions, SharedAuditLogOptions } from './ledger/audit-log';
export { openSqliteAuditLog, type SqliteAuditLogOptions } from './compose/sqlite-audit-log';

// Delivery accounting: sequence gaps and client/server completeness.
export { findSequenceGaps, completenessReport } from './delivery';
export type { GapReport, EmitterSequence, DeclaredGap, CompletenessReport } from './delivery';
