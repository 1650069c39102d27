import type { Command } from 'commander';
import { postgresQuarantineStore, quarantineUnsignedRows, sqliteQuarantineStore, type QuarantineStore } from '../../ledger/quarantine';
import { loadVerifierKey } from '../../ledger/signing-key';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore, type LedgerRecordStore } from '../../store/open-record-store';
import { PostgresRecordStore } from '../../store/postgres-record-store';
import { SqliteRecordStore } from '../../store/sqlite-record-store';
import { VERIFY_KEY_ENV } from './verify';

/** Exit codes: 0 done (or nothing to do), 2 could not run. */
interface QuarantineFlags {
  db: string;
  pgUrl?: string;
  key?: string;
  out?: string;
}

/** `grpc-audit ledger quarantine`: move rows no signature covers out of a store (SQLite or PostgreSQL), into a JSON Lines file. */
export function register(program: Command): void {
  const ledger = program.command('ledger').description('ledger maintenance (stop the collector first)');
  ledger
    .command('quarantine')
    .description('move records that no valid signature covers (appended outside the collector) out of the store into a JSON Lines file, so the collector can start again')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db (password via PGPASSWORD or ~/.pgpass); stop every replica first')
    .option('--key <pubkey>', `trusted public key (PEM file or verifier key line; or ${VERIFY_KEY_ENV})`)
    .option('--out <file>', 'where the moved rows go (default: <db>.quarantine-<time>.jsonl, or ./quarantine-<time>.jsonl for --pg-url; never overwritten)')
    .action(async (flags: QuarantineFlags) => {
      process.exitCode = await runQuarantine(flags);
    });
}

async function runQuarantine(flags: QuarantineFlags): Promise<number> {
  const keySource = flags.key ?? process.env[VERIFY_KEY_ENV];
  if (!keySource) {
    process.stderr.write(`grpc-audit ledger quarantine: pass --key with the trusted public key (or set ${VERIFY_KEY_ENV})\n`);
    return 2;
  }
  const config = flags.pgUrl ? { type: 'postgres' as const, url: flags.pgUrl, maxConnections: 2 } : { type: 'sqlite' as const, path: flags.db };
  // The location without credentials: a URL's password never reaches the output.
  const where = describeStoreLocation(config);
  let store: LedgerRecordStore;
  try {
    store = await openRecordStore(config);
  } catch (err) {
    process.stderr.write(`grpc-audit ledger quarantine: cannot open ${where}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const origin = await store.getMeta('origin');
    if (origin === undefined) throw new Error(`${where} has no ledger (no origin recorded)`);
    const verifier = loadVerifierKey(origin, keySource);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const out = flags.out ?? (flags.pgUrl ? `quarantine-${stamp}.jsonl` : `${flags.db}.quarantine-${stamp}.jsonl`);
    let q: QuarantineStore;
    if (store instanceof SqliteRecordStore) q = sqliteQuarantineStore(store);
    else if (store instanceof PostgresRecordStore) q = postgresQuarantineStore(store);
    else throw new Error(`quarantine does not support this store (${where})`);
    const r = await quarantineUnsignedRows(q, verifier, out);
    if (r.moved === 0) process.stdout.write(`nothing to quarantine: all ${r.signedSize} records are covered by a valid signature\n`);
    else process.stdout.write(`moved ${r.moved} unsigned record(s) after leaf ${r.signedSize - 1} to ${r.file}; the store now ends at the signed tree of ${r.signedSize} leaves — run grpc-audit verify\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`grpc-audit ledger quarantine: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await store.close().catch(() => undefined);
  }
}
