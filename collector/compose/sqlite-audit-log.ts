import * as crypto from 'node:crypto';
import { AuditLog, type LedgerOptions } from '../ledger/audit-log';
import { keyPathsFor, loadOrCreateSigningKey, signerFromPrivateKey, type NoteSigner } from '../ledger/signing-key';
import { SqliteRecordStore } from '../store/sqlite-record-store';

/** The embedded ledger's options: a SQLite file, and the key files beside it. */
export interface SqliteAuditLogOptions extends LedgerOptions {
  /** SQLite file (default layout: see store/default-paths.ts); ':memory:' for tests. */
  path: string;
  /** Signing key; by default `<path>.ed25519.key` (created 0600 on first start, public key beside it). */
  signingKey?: crypto.KeyObject;
  /** See SqliteRecordStoreOptions.synchronous (default 'full'). */
  synchronous?: 'full' | 'normal';
}

/**
 * Composition of the embedded ledger: a SqliteRecordStore file, the signing key kept beside it,
 * and the store-agnostic AuditLog run over them as the file's only writer. The ledger itself
 * knows no store type; this is where SQLite is chosen (and collector/compose/open-sink.ts where
 * the configuration chooses between it and PostgreSQL).
 */
export async function openSqliteAuditLog(options: SqliteAuditLogOptions): Promise<AuditLog<SqliteRecordStore>> {
  const store = new SqliteRecordStore({ path: options.path, synchronous: options.synchronous });
  return AuditLog.openOn(store, { ...options, signingKey: (origin, mayCreate) => resolveSigner(options, origin, mayCreate), writers: 'single' });
}

function resolveSigner(options: SqliteAuditLogOptions, origin: string, mayCreate: boolean): NoteSigner {
  if (options.signingKey) return signerFromPrivateKey(origin, options.signingKey);
  if (options.path === ':memory:') return signerFromPrivateKey(origin, crypto.generateKeyPairSync('ed25519').privateKey);
  const paths = keyPathsFor(options.path);
  // Never mint a fresh key for a ledger that already has one: its checkpoints would stop verifying.
  return loadOrCreateSigningKey(origin, paths.privateKey, paths.publicKey, mayCreate).signer;
}
