import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A subcommand module in `collector/cli/commands/` exports `register(program)`.
 * Discovering them by directory keeps this file free of edits as commands are added.
 */
export interface CommandModule {
  register(program: Command): void;
}

export function buildProgram(): Command {
  const program = new Command('grpc-audit')
    .description('Audit and privacy layer for gRPC: masked, decoded spans and a tamper-evident collector')
    .showHelpAfterError();
  const dir = path.join(__dirname, 'commands');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program);
  }
  return program;
}

export function main(argv: string[]): void {
  buildProgram()
    .parseAsync(argv)
    .catch((err: unknown) => {
      process.stderr.write(`grpc-audit: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
