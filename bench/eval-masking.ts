/**
 * `npm run eval:masking [-- --corpus PATH] [--policy FILE] [--json] [--verbose]`
 *
 * Runs the labelled corpus through the real `grpc-audit mask` command (a child process, JSON
 * Lines over pipes) and scores the output by the corpus README's rules: leaks per category and
 * the false-positive rate. Exit code 0 when the goal is met (0 leaks, < 2 % false positives),
 * 1 when not, 2 when the corpus or the command is missing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseCorpus, scoreCorpus, type CorpusLine } from './pii-score';

const REPO = path.resolve(__dirname, '..');
const DEFAULT_CORPUS = path.resolve(REPO, '../shared/corpus/pii-public.jsonl');

interface Args {
  corpus: string;
  policy?: string;
  json: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { corpus: DEFAULT_CORPUS, json: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--corpus') a.corpus = path.resolve(argv[++i] ?? '');
    else if (k === '--policy') a.policy = path.resolve(argv[++i] ?? '');
    else if (k === '--json') a.json = true;
    else if (k === '--verbose') a.verbose = true;
    else {
      process.stderr.write(`eval-masking: unknown argument ${k}\n`);
      process.exit(2);
    }
  }
  return a;
}

/** Streams the lines through `node bin/grpc-audit.js mask` and returns one parsed output per input line. */
async function runMaskCommand(lines: CorpusLine[], policy?: string): Promise<{ outputs: unknown[]; millis: number; stderr: string }> {
  const args = [path.join(REPO, 'bin/grpc-audit.js'), 'mask'];
  if (policy) args.push('--policy', policy);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const outputs: unknown[] = [];
  const rl = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const l of rl) outputs.push(JSON.parse(l));
  })();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (const line of lines) {
    if (!child.stdin.write(JSON.stringify(line.msg) + '\n')) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  await reading;
  const code = await exited;
  if (code !== 0) throw new Error(`grpc-audit mask exited with ${code}: ${stderr.trim()}`);
  return { outputs, millis: Number(process.hrtime.bigint() - started) / 1e6, stderr };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.corpus)) {
    process.stderr.write(
      `eval-masking: corpus not found at ${args.corpus}\n` +
        `  pass --corpus PATH (the labelled JSON Lines file described in ../shared/corpus/README.md)\n`,
    );
    process.exit(2);
  }
  const lines = parseCorpus(fs.readFileSync(args.corpus, 'utf8'));
  const run = await runMaskCommand(lines, args.policy);
  if (run.outputs.length !== lines.length) {
    process.stderr.write(`eval-masking: ${lines.length} lines in, ${run.outputs.length} out — order cannot be trusted\n`);
    process.exit(1);
  }
  const score = scoreCorpus(lines, run.outputs);
  const leaks = score.leaks.length;
  const ok = leaks === 0 && score.falsePositiveRate < 0.02;
  if (args.json) {
    process.stdout.write(JSON.stringify({ corpus: args.corpus, ok, millis: Math.round(run.millis), ...score }, null, 2) + '\n');
  } else {
    const out: string[] = [];
    out.push(`corpus: ${args.corpus} (${score.lines} messages, ${score.piiTotal} labelled values, ${score.cleanTotal} clean values)`);
    out.push(`command: node bin/grpc-audit.js mask${args.policy ? ' --policy ' + args.policy : ''} (${Math.round(run.millis)} ms wall, incl. start-up)`);
    out.push('');
    out.push('category          labelled  leaked');
    for (const cat of Object.keys(score.piiByCategory).sort()) {
      out.push(`${cat.padEnd(18)}${String(score.piiByCategory[cat]).padStart(8)}${String(score.leaksByCategory[cat] ?? 0).padStart(8)}`);
    }
    out.push(`${'total'.padEnd(18)}${String(score.piiTotal).padStart(8)}${String(leaks).padStart(8)}`);
    out.push('');
    out.push(`false positives: ${score.altered.length} of ${score.cleanTotal} clean values altered = ${(score.falsePositiveRate * 100).toFixed(2)} %`);
    out.push(`goal (0 leaks, < 2 % false positives): ${ok ? 'MET' : 'NOT MET'}`);
    if (args.verbose) {
      for (const l of score.leaks) out.push(`  leak  line ${l.line}  ${l.category}`);
      for (const a of score.altered) out.push(`  fp    line ${a.line}  ${JSON.stringify(a.value)}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`eval-masking: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
