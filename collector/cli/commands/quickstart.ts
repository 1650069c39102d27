import type { Command } from 'commander';
import { loadExample } from './dev-only';

interface QuickstartModule {
  runQuickstart(opts: { dir: string; out: NodeJS.WritableStream; printSpans: boolean }): Promise<{ verified: boolean; records: number; leaks: string[] }>;
}

/** `grpc-audit quickstart` (what `npm start` runs): the whole chain on the embedded default. */
export function register(program: Command): void {
  program
    .command('quickstart')
    .description('run a collector (mTLS, SQLite ledger) and a sample service whose masked spans are stored, queried and verified')
    .option('--dir <dir>', 'working directory, wiped first', '.grpc-audit/quickstart')
    .option('--quiet', 'do not print every span', false)
    .action(async (flags: { dir: string; quiet: boolean }) => {
      // Loaded on use: the quickstart pulls in the SDK, which other commands do not need.
      const { runQuickstart } = loadExample<QuickstartModule>('quickstart', 'examples/quickstart/quickstart');
      const result = await runQuickstart({ dir: flags.dir, out: process.stdout, printSpans: !flags.quiet });
      process.exitCode = result.verified && result.records > 0 && result.leaks.length === 0 ? 0 : 1;
    });
}
