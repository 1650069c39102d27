import type { Command } from 'commander';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore } from '../../store/open-record-store';
import { runRetention, type RetentionPolicy } from '../../rights/retention';

interface RetentionFlags {
  db: string;
  pgUrl?: string;
  class: string[];
  defaultClass?: string;
  archive?: string;
  dryRun?: boolean;
  now?: string;
  format: string;
}

/** `grpc-audit retention run`: one retention pass over a store (see docs/rights.md). */
export function register(program: Command): void {
  const retention = program.command('retention').description('retention classes and legal holds (Art. 5(1)(e))');
  retention
    .command('run')
    .description('remove the bodies of records whose retention period has run out, except those under a legal hold; proofs and verify stay valid')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--class <name=days>', 'a retention class and its period in days (repeat)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--default-class <name>', 'class of records that name none (default: such records are kept)')
    .option('--archive <dir>', 'first write the removed bodies with inclusion proofs as gzip JSON Lines here')
    .option('--dry-run', 'report what would be removed; change nothing')
    .option('--now <iso>', 'evaluate periods as of this time (default: now)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: RetentionFlags) => {
      const policy: RetentionPolicy = { classes: {}, defaultClass: flags.defaultClass };
      for (const c of flags.class) {
        const m = /^([A-Za-z0-9_.-]+)=(\d+)$/.exec(c);
        if (!m) throw new Error(`--class must be NAME=DAYS, got "${c}"`);
        policy.classes[m[1]] = Number(m[2]);
      }
      if (Object.keys(policy.classes).length === 0) throw new Error('give at least one --class NAME=DAYS');
      if (policy.defaultClass !== undefined && policy.classes[policy.defaultClass] === undefined) throw new Error(`--default-class ${policy.defaultClass} is not one of the --class names`);
      const nowMs = flags.now === undefined ? Date.now() : Date.parse(flags.now);
      if (Number.isNaN(nowMs)) throw new Error(`--now must be an ISO 8601 time, got "${flags.now}"`);
      const config = flags.pgUrl ? { type: 'postgres' as const, url: flags.pgUrl, maxConnections: 2, readonly: flags.dryRun } : { type: 'sqlite' as const, path: flags.db, readonly: flags.dryRun };
      const store = await openRecordStore(config).catch((err: Error) => {
        throw new Error(`cannot open ${describeStoreLocation(config)}: ${err.message}`);
      });
      try {
        const report = await runRetention(store, { policy, nowMs, dryRun: flags.dryRun, archiveDir: flags.archive });
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          process.stdout.write(
            `${report.dryRun ? 'dry run: ' : ''}${report.scanned} records scanned, ${report.expired} expired, ${report.held} kept under legal hold, ` +
              `${report.uncheckpointed} wait for a checkpoint, ${report.dryRun ? report.expired - report.held - report.uncheckpointed + ' would be' : report.pruned} removed` +
              `${report.archiveFile ? `, archived to ${report.archiveFile}` : ''}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
