import type { Command } from 'commander';
import { once } from 'node:events';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ConfigError } from '../../../interceptors/config/config-error';
import { createMasker, FileKeyring, loadPolicyFile, newMaskScope, type PolicyMasker } from '../../../interceptors/mask';
import { describeJsonParseError } from '../../../interceptors/mask/json-parse-error';

export interface MaskLinesOptions {
  masker: PolicyMasker;
  /** Method path given to rules (`--method`); '' when unknown. */
  methodPath?: string;
}

export interface MaskLinesResult {
  lines: number;
  masked: number;
  malformed: number;
  skipped: number;
  /** Sum of MaskScope.count over all lines. */
  values: number;
}

async function write(out: Writable, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

/**
 * JSON Lines in, masked JSON Lines out, streaming: one output line per non-blank input line, in
 * order. A blank line is skipped (no output). A malformed line (not JSON, or not a JSON object)
 * yields `{"error": "line N: …"}` in its place and a message on `errors`; the error text never
 * contains the line's content. Never buffers more than the current line.
 */
export async function maskJsonLines(input: Readable, output: Writable, errors: Writable, opts: MaskLinesOptions): Promise<MaskLinesResult> {
  const res: MaskLinesResult = { lines: 0, masked: 0, malformed: 0, skipped: 0, values: 0 };
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    res.lines++;
    if (line.trim().length === 0) {
      res.skipped++;
      continue;
    }
    let value: unknown;
    let problem: string | undefined;
    try {
      value = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problem = `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
      }
    } catch (err) {
      problem = describeJsonParseError(err, line);
    }
    if (problem) {
      res.malformed++;
      const message = `line ${res.lines}: ${problem}`;
      await write(errors, `grpc-audit mask: ${message}\n`);
      await write(output, JSON.stringify({ error: message }) + '\n');
      continue;
    }
    const scope = newMaskScope();
    const masked = opts.masker.maskUntyped(value, scope, opts.methodPath ?? '');
    res.values += scope.count;
    res.masked++;
    await write(output, JSON.stringify(masked) + '\n');
  }
  return res;
}

/** `grpc-audit mask [--policy FILE]`: the masking engine over JSON Lines on stdin. */
export function register(program: Command): void {
  program
    .command('mask')
    .description(
      'mask JSON Lines from stdin to stdout (one decoded message per line) with the default policy or --policy; ' +
        'blank lines are skipped; a malformed line becomes {"error": "..."} and the command goes on (exit code 1 at the end)',
    )
    .option('--policy <file>', 'masking policy (YAML or JSON); default: the built-in default policy')
    .option('--keyring <file>', 'keyring file for hash/encrypt (created with mode 0600 if missing); default: random keys for this run')
    .option('--method <path>', "method path the lines belong to, for policy rules (e.g. '/shop.v1.Checkout/Pay')", '')
    .option('--stats', 'print a summary (lines, masked values, policy version) to stderr at the end', false)
    .action(async (opts: { policy?: string; keyring?: string; method: string; stats: boolean }) => {
      let masker: PolicyMasker;
      try {
        const policy = opts.policy ? loadPolicyFile(opts.policy) : undefined;
        const keyring = opts.keyring ? FileKeyring.open(opts.keyring, { create: true }) : undefined;
        masker = createMasker(policy, { keyring });
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`grpc-audit mask: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); // reader went away (e.g. `| head`)
        throw err;
      });
      const res = await maskJsonLines(process.stdin, process.stdout, process.stderr, { masker, methodPath: opts.method });
      if (opts.stats) {
        process.stderr.write(
          `grpc-audit mask: ${res.lines} lines, ${res.masked} masked, ${res.malformed} malformed, ${res.skipped} blank; ` +
            `${res.values} values masked under policy ${masker.policyVersion}\n`,
        );
      }
      if (res.malformed > 0) process.exitCode = 1;
    });
}
