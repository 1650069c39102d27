import type { Command } from 'commander';
import { quarantineUnsignedRows } from '../../ledger/quarantine';
import { loadVerifierKey } from '../../ledger/signing-key';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { SqliteRecordStore } from '../../store/sqlite-record-store';
import { VERIFY_KEY_ENV } from './verify';

/** Exit codes: 0 done (or nothing to do), 2 could not run. */
interface QuarantineFlags {
  db: string;
  key?: string;
  out?: string;
}

/** `grpc-audit ledger quarantine`: move rows no signature covers out of a SQLite store, into a JSON Lines file. */
export function register(program: Command): void {
  const ledger = program.command('ledger').description('ledger maintenance (stop the collector first)');
  ledger
    .command('quarantine')
    .description('move records that no valid signature covers (appended outside the collector) out of the store into a JSON Lines file, so the collector can start again')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--key <pubkey>', `trusted public key (PEM file or verifier key line; or ${VERIFY_KEY_ENV})`)
    .option('--out <file>', 'where the moved rows go (default: <db>.quarantine-<time>.jsonl; never overwritten)')
    .action((flags: QuarantineFlags) => {
      process.exitCode = runQuarantine(flags);
    });
}

function runQuarantine(flags: QuarantineFlags): number {
  const keySource = flags.key ?? process.env[VERIFY_KEY_ENV];
  if (!keySource) {
    process.stderr.write(`grpc-audit ledger quarantine: pass --key with the trusted public key (or set ${VERIFY_KEY_ENV})\n`);
    return 2;
  }
  let store: SqliteRecordStore;
  try {
    store = new SqliteRecordStore({ path: flags.db });
  } catch (err) {
    process.stderr.write(`grpc-audit ledger quarantine: cannot open ${flags.db}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const origin = store.db.prepare("SELECT value FROM ledger_meta WHERE key = 'origin'").pluck().get() as string | undefined;
    if (origin === undefined) throw new Error(`${flags.db} has no ledger (no origin recorded)`);
    const verifier = loadVerifierKey(origin, keySource);
    const out = flags.out ?? `${flags.db}.quarantine-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    const r = quarantineUnsignedRows(store, verifier, out);
    if (r.moved === 0) process.stdout.write(`nothing to quarantine: all ${r.signedSize} records are covered by a valid signature\n`);
    else process.stdout.write(`moved ${r.moved} unsigned record(s) after leaf ${r.signedSize - 1} to ${r.file}; the store now ends at the signed tree of ${r.signedSize} leaves — run grpc-audit verify\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`grpc-audit ledger quarantine: ${(err as Error).message}\n`);
    return 2;
  } finally {
    void store.close();
  }
}
