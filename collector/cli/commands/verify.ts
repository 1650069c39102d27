import type { Command } from 'commander';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPublishedCheckpoints } from '../../ledger/checkpoint-publisher';
import { keyPathsFor, loadVerifierKey, type NoteVerifierKey } from '../../ledger/signing-key';
import { verifyLog, type VerifyReport } from '../../ledger/verify-log';
import { runBundleCheck } from '../bundle-check';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore, type LedgerRecordStore } from '../../store/open-record-store';

/**
 * Exit codes: 0 verified, 1 a problem was found in the ledger, 2 verify could not run (no trusted
 * key, unreadable store or checkpoint), 3 records covered by no valid signature (appended outside
 * the collector; see `grpc-audit ledger quarantine`).
 */
export const EXIT_VERIFIED = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_CANNOT_VERIFY = 2;
export const EXIT_UNSIGNED = 3;

/** Environment variable naming the trusted public key when --key is not given. */
export const VERIFY_KEY_ENV = 'GRPC_AUDIT_VERIFY_KEY';

interface VerifyFlags {
  db: string;
  pgUrl?: string;
  key?: string;
  since?: string;
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
    .option('--key <pubkey>', `trusted public key, kept outside the store: PEM file or verifier key line (or ${VERIFY_KEY_ENV}); required — verify never trusts a key the store holds`)
    .option('--since <checkpoint>', 'a signed checkpoint kept earlier (note file, or a directory of published checkpoints): prove the current log extends it')
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
    let external: Array<{ label: string; note: string }> | undefined;
    try {
      verifier = chooseKey(flags, origin);
      if (flags.since !== undefined) {
        external = readPublishedCheckpoints(flags.since).map((c) => ({ label: path.basename(c.file), note: c.note }));
        if (external.length === 0) throw new Error(`--since ${flags.since}: no checkpoint-*.note files in that directory`);
      }
    } catch (err) {
      process.stderr.write(`grpc-audit verify: ${(err as Error).message}\n`);
      return EXIT_CANNOT_VERIFY;
    }
    const started = process.hrtime.bigint();
    const report = await verifyLog(store, { verifier, origin, external, parallel: workers > 1 && !flags.pgUrl ? { dbPath: flags.db, workers } : undefined });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    print(flags, report, seconds);
    if (report.ok) return EXIT_VERIFIED;
    return report.problem?.kind === 'unsigned' ? EXIT_UNSIGNED : EXIT_PROBLEM;
  } finally {
    await store.close();
  }
}

/**
 * The trusted key comes from outside the store, always: a log rewritten together with its key
 * (in the database or in the `.pub` file beside it) proves nothing, so there is no fallback.
 */
function chooseKey(flags: VerifyFlags, origin: string): NoteVerifierKey {
  const source = flags.key ?? process.env[VERIFY_KEY_ENV];
  if (source === undefined || source === '') {
    throw new Error(
      `no trusted public key: pass --key <PEM file or verifier key line> (or set ${VERIFY_KEY_ENV}) with a copy kept outside the store; ` +
        `the collector writes one beside a SQLite store at ${keyPathsFor(flags.db).publicKey} when it creates the ledger`,
    );
  }
  return loadVerifierKey(origin, source);
}

function print(flags: VerifyFlags, report: VerifyReport, seconds: number): void {
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...report, seconds }, null, 2)}\n`);
    return;
  }
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  if (report.ok) {
    const since = report.externalCheckpoints > 0 ? `, consistent with ${report.externalCheckpoints} published checkpoint(s)` : '';
    process.stdout.write(
      `OK: ${report.leaves} records, all covered by signatures (${report.checkpoints} checkpoints, signed size ${report.signedSize})${since}, root ${report.root} (${seconds.toFixed(2)} s)\n`,
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
