import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { keyPathsFor, loadVerifierKey, parseVerifierKey, type NoteVerifierKey } from '../../ledger/signing-key';
import { verifyLog, type VerifyReport } from '../../ledger/verify-log';
import { runBundleCheck } from '../bundle-check';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore, type LedgerRecordStore } from '../../store/open-record-store';

/** Exit codes: 0 verified, 1 a problem was found in the ledger, 2 verify could not run. */
export const EXIT_VERIFIED = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_CANNOT_VERIFY = 2;

interface VerifyFlags {
  db: string;
  pgUrl?: string;
  key?: string;
  format: string;
  workers?: string;
  bundle?: string;
}

/** `grpc-audit verify`: recompute the ledger from the store and check it against every signed checkpoint. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('recompute the Merkle ledger from the stored records, check every checkpoint signature and root, report the first altered, missing, reordered or extra record')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db (password via PGPASSWORD or ~/.pgpass); pass --key')
    .option('--key <pubkey>', 'trusted public key: PEM file or verifier key line (default: <db>.ed25519.pub, then the key recorded in the database)')
    .option('--format <format>', 'text | json', 'text')
    .option('--bundle <file>', 'check a subject export bundle (grpc-audit subject export) offline instead of a store; needs --key')
    .option('--workers <n>', 'worker threads recomputing leaf hashes for logs of 100k+ records (default: CPU count, at most 4; 0 = none)')
    .action(async (flags: VerifyFlags) => {
      if (flags.bundle !== undefined) {
        process.exitCode = runBundleCheck(flags.bundle, flags.key, flags.format);
        return;
      }
      process.exitCode = await runVerify(flags);
    });
}

async function runVerify(flags: VerifyFlags): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') {
    process.stderr.write(`grpc-audit verify: --format must be text or json, got "${flags.format}"\n`);
    return EXIT_CANNOT_VERIFY;
  }
  const workers = flags.workers === undefined ? Math.min(4, os.availableParallelism()) : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    process.stderr.write(`grpc-audit verify: --workers must be an integer 0..64, got "${flags.workers}"\n`);
    return EXIT_CANNOT_VERIFY;
  }
  let store: LedgerRecordStore;
  const where = flags.pgUrl ? describeStoreLocation({ type: 'postgres', url: flags.pgUrl }) : flags.db;
  try {
    store = await openRecordStore(flags.pgUrl ? { type: 'postgres', url: flags.pgUrl, readonly: true, maxConnections: 2 } : { type: 'sqlite', path: flags.db, readonly: true });
  } catch (err) {
    process.stderr.write(`grpc-audit verify: cannot open ${where}: ${(err as Error).message}\n`);
    return EXIT_CANNOT_VERIFY;
  }
  try {
    const origin = await store.getMeta('origin');
    if (origin === undefined) {
      process.stderr.write(`grpc-audit verify: ${where} has no ledger (no origin recorded)\n`);
      return EXIT_CANNOT_VERIFY;
    }
    let verifier: NoteVerifierKey;
    const notes: string[] = [];
    try {
      verifier = await chooseKey(flags, origin, store, notes);
    } catch (err) {
      process.stderr.write(`grpc-audit verify: ${(err as Error).message}\n`);
      return EXIT_CANNOT_VERIFY;
    }
    const started = process.hrtime.bigint();
    const report = await verifyLog(store, { verifier, origin, parallel: workers > 1 && !flags.pgUrl ? { dbPath: flags.db, workers } : undefined });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    report.warnings.unshift(...notes);
    print(flags, report, seconds);
    return report.ok ? EXIT_VERIFIED : EXIT_PROBLEM;
  } finally {
    await store.close();
  }
}

async function chooseKey(flags: VerifyFlags, origin: string, store: LedgerRecordStore, notes: string[]): Promise<NoteVerifierKey> {
  if (flags.key !== undefined) return loadVerifierKey(origin, flags.key);
  const pub = keyPathsFor(flags.db).publicKey;
  if (!flags.pgUrl && fs.existsSync(pub)) return loadVerifierKey(origin, pub);
  const recorded = await store.getMeta('verifier_key');
  if (recorded === undefined) throw new Error(`no public key: pass --key (no ${pub} and none recorded in the database)`);
  notes.push('using the public key recorded in the database itself; pass --key with an independently kept copy for a check that a full rewrite cannot pass');
  return parseVerifierKey(recorded);
}

function print(flags: VerifyFlags, report: VerifyReport, seconds: number): void {
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...report, seconds }, null, 2)}\n`);
    return;
  }
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  if (report.ok) {
    process.stdout.write(
      `OK: ${report.leaves} records, ${report.checkpoints} signed checkpoints (latest covers ${report.checkpointedSize}), root ${report.root} (${seconds.toFixed(2)} s)\n`,
    );
    return;
  }
  const p = report.problem!;
  process.stdout.write(`FAILED: ${p.kind}: ${p.message}\n`);
  if (p.leafIndex !== undefined) process.stdout.write(`  leaf index: ${p.leafIndex}\n`);
  if (p.recordId !== undefined) process.stdout.write(`  record id:  ${p.recordId}\n`);
  if (p.checkpointId !== undefined) process.stdout.write(`  checkpoint: #${p.checkpointId}\n`);
  if (p.expected !== undefined) process.stdout.write(`  expected:   ${p.expected}\n`);
  if (p.actual !== undefined) process.stdout.write(`  actual:     ${p.actual}\n`);
  process.stdout.write(`  (${report.leaves} records verified before the problem)\n`);
}
