/**
 * Masking cost per KiB: `node --import tsx bench/mask-micro.ts [--iterations N]`
 *
 * Measures the masker alone (no gRPC, no spans) on the shapes the hot path sees:
 * a free-text string field with no personal data (M2M text with digits, then plain words), the same
 * field with personal data in it, a field decided by its name (no regex at all), and a whole
 * corpus-like message through maskUntyped (no schema: every string scanned, keys as hints).
 * Reports the median of 5 rounds of CPU time, in µs per call and µs per KiB of input. The PII
 * case repeats the same five values, so phone verdicts come from the small validation cache after
 * the first round; the corpus case has 400 distinct messages. The 1 KiB texts are longer than
 * what a free-text site remembers, so every call scans. The texts are bench/text-scan.ts's, which
 * reports the scan alone per KiB. A benchmark, not a test: nothing here asserts a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMasker, newMaskScope, type FieldSite } from '../interceptors/mask';
import { cleanText, piiText, plainWordsText } from './text-scan';

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 20_000;

const masker = createMasker();
const site = (fieldName: string): FieldSite => ({ methodPath: '/bench.v1.Svc/Call', typeName: 'bench.v1.Msg', fieldPath: fieldName, fieldName, kind: 'string' });

const corpusFile = path.resolve(__dirname, '../../shared/corpus/pii-public.jsonl');
const fallbackFile = path.resolve(__dirname, '../test/fixtures/pii-cases.jsonl');
const messages = fs
  .readFileSync(fs.existsSync(corpusFile) ? corpusFile : fallbackFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { msg: unknown }).msg);
const messageBytes = messages.reduce<number>((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0);

interface Case {
  name: string;
  bytesPerCall: number;
  run: () => void;
}

const freeText = masker.compileField(site('note'))!;
const hinted = masker.compileField(site('email'))!;
let mi = 0;
const cases: Case[] = [
  { name: 'free-text field, 1 KiB, no PII (M2M: SKUs, times, ids)', bytesPerCall: 1024, run: () => void freeText(cleanText, newMaskScope()) },
  { name: 'free-text field, 1 KiB, plain words', bytesPerCall: 1024, run: () => void freeText(plainWordsText, newMaskScope()) },
  { name: 'free-text field, 1 KiB, ~20 PII values', bytesPerCall: 1024, run: () => void freeText(piiText, newMaskScope()) },
  { name: "field named 'email' (decided by name, no scan), 24 B", bytesPerCall: 24, run: () => void hinted('jane.doe@example.com', newMaskScope()) },
  {
    name: `maskUntyped, corpus messages (avg ${Math.round(messageBytes / messages.length)} B)`,
    bytesPerCall: messageBytes / messages.length,
    run: () => void masker.maskUntyped(messages[mi++ % messages.length], newMaskScope()),
  },
];

/** CPU time (user + system) per call in µs: less disturbed than wall time on a shared machine. */
function round(c: Case): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) c.run();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / iterations;
}

console.log(`masking micro-benchmark: node ${process.version}, ${iterations} iterations x 5 rounds, median CPU time`);
for (const c of cases) {
  for (let i = 0; i < Math.min(iterations, 2000); i++) c.run(); // warm-up (JIT, lazy phone metadata)
  const rounds = [round(c), round(c), round(c), round(c), round(c)].sort((a, b) => a - b);
  const us = rounds[2];
  console.log(`  ${c.name.padEnd(58)} ${us.toFixed(2).padStart(8)} µs/call ${((us * 1024) / c.bytesPerCall).toFixed(2).padStart(8)} µs/KiB`);
}
