/**
 * Free-text scan cost per KiB: `node --import tsx bench/text-scan.ts [--quick] [--compare]`
 *
 * The content detectors over 1 KiB strings, through `PolicyMasker.scanText` (the text scanner
 * alone: no field decision, no value cache), default policy. Three texts:
 * - clean: realistic machine-to-machine text with nothing personal in it (SKUs, ISO timestamps,
 *   a tracking number, a version, an amount, a UUID, durations) — digits and ':' everywhere;
 * - pii: dense personal data (~20 values per KiB: e-mail, phone, card, IBAN, IPv4);
 * - plainWords: prose without digits or special characters.
 * Each text comes in 16 variants (rotated at word boundaries) used in turn. Figures are CPU time
 * (user + system) per KiB, median of rounds, after a warm-up, in this process. The phone
 * detector's verdict cache sees the same few numbers after the first round (as it would in a
 * stream repeating a customer's number); nothing else is cached between calls.
 *
 * `runTextScanBench({ quick })` is what bench/run.ts calls (textScan.usPerKiB.clean / .pii).
 * `--compare` also measures the per-detector scanner this one replaced (test/mask/reference),
 * in the same process, for a before/after in one run.
 */
import * as os from 'node:os';
import { createMasker, newMaskScope, type PolicyMasker } from '../interceptors/mask';

/** A flat string of `bytes` bytes, as JSON.parse or protobuf decoding would hand it over (not a rope). */
export function repeatTo(s: string, bytes: number): string {
  let out = '';
  while (Buffer.byteLength(out) < bytes) out += s;
  return JSON.parse(JSON.stringify(out.slice(0, bytes))) as string;
}

export const CLEAN_SENTENCE =
  'Order SKU-4412-BLU-M shipped on 2025-03-14T09:26:53Z from warehouse 7, tracking 1Z999AA10123456784, version 2.14.1, amount 129.99 EUR; request 3f2b8c1e-9a4d-4e7f-b2a1-0c9d8e7f6a5b handled in 12 ms. ';
export const PII_SENTENCE =
  'Customer jane.doe@example.com called from +1 (415) 867-5309 about card 4111 1111 1111 1111; refund to DE89 3704 0044 0532 0130 00 requested from 203.0.113.7 at 2025-03-14T09:26:53Z. ';
export const WORDS_SENTENCE =
  'The quick brown fox jumps over the lazy dog while the committee reviews the quarterly report and discusses a new shipping policy for customers in several regions. ';

export const cleanText = repeatTo(CLEAN_SENTENCE, 1024);
export const piiText = repeatTo(PII_SENTENCE, 1024);
export const plainWordsText = repeatTo(WORDS_SENTENCE, 1024);

/** `count` 1 KiB variants of a sentence: rotated to start at a different word each. */
function variants(sentence: string, count: number): string[] {
  const starts = [0];
  for (let i = sentence.indexOf(' '); i >= 0 && starts.length < count; i = sentence.indexOf(' ', i + 1)) starts.push(i + 1);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const s = starts[k % starts.length];
    out.push(repeatTo(sentence.slice(s) + sentence.slice(0, s), 1024));
  }
  return out;
}

export interface TextScanBenchOptions {
  quick?: boolean;
  /** Also measure the replaced per-detector scanner (test/mask/reference) in the same process. */
  compare?: boolean;
}

export interface TextScanFigures {
  clean: number;
  pii: number;
  plainWords: number;
}

export interface TextScanBenchResult {
  usPerKiB: TextScanFigures;
  /** The per-detector scanner this one replaced, same texts, same process (only with `compare`). */
  reference?: TextScanFigures;
  method: string;
  rounds: number;
  iterationsPerRound: number;
  loadAverage: number[];
  node: string;
}

type Scan = (text: string) => unknown;

/** CPU µs per call of one round of `iterations` calls over the texts in turn. */
function oneRound(scan: Scan, texts: readonly string[], iterations: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) scan(texts[i % texts.length]);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / iterations;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Median CPU µs per KiB for each scanner and text. With two scanners, their rounds alternate
 * (new, old, new, old …) so that a change in machine load touches both alike.
 */
function figures(scans: readonly Scan[], rounds: number, iterations: number): TextScanFigures[] {
  const sets = { clean: variants(CLEAN_SENTENCE, 16), pii: variants(PII_SENTENCE, 16), plainWords: variants(WORDS_SENTENCE, 16) };
  const out: TextScanFigures[] = scans.map(() => ({ clean: 0, pii: 0, plainWords: 0 }));
  for (const k of ['clean', 'pii', 'plainWords'] as const) {
    const texts = sets[k];
    for (const scan of scans) for (let i = 0; i < Math.min(iterations, 2000); i++) scan(texts[i % texts.length]); // warm-up
    const samples: number[][] = scans.map(() => []);
    for (let r = 0; r < rounds; r++) scans.forEach((scan, j) => samples[j].push(oneRound(scan, texts, iterations)));
    // every variant is 1024 bytes of ASCII: µs per call = µs per KiB
    scans.forEach((_, j) => (out[j][k] = round2(median(samples[j]))));
  }
  return out;
}

export async function runTextScanBench(opts: TextScanBenchOptions = {}): Promise<TextScanBenchResult> {
  const rounds = opts.quick ? 5 : 9;
  const iterations = opts.quick ? 1000 : 3000;
  const masker = createMasker() as PolicyMasker;
  const scan: Scan = (t) => masker.scanText(t, newMaskScope());
  const scans: Scan[] = [scan];
  if (opts.compare) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ref = require('../test/mask/reference/text-scanner') as typeof import('../test/mask/reference/text-scanner');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const refDetectors = (require('../test/mask/reference/detectors') as typeof import('../test/mask/reference/detectors')).DETECTORS;
    const strategies = (masker as unknown as { scanner: { strategies: ReadonlyMap<never, never> } }).scanner.strategies;
    const old = new ref.TextScanner(refDetectors, strategies, masker.policy.detectors.phoneRegions);
    scans.push((t) => old.mask(t, newMaskScope()));
  }
  const [usPerKiB, reference] = figures(scans, rounds, iterations);
  return {
    usPerKiB,
    ...(reference ? { reference } : {}),
    method: `PolicyMasker.scanText (default policy) over 16 rotated 1 KiB variants per text; CPU time (user+system) per KiB, median of rounds, warm, one process${reference ? '; rounds alternate with the per-detector reference' : ''}`,
    rounds,
    iterationsPerRound: iterations,
    loadAverage: os.loadavg().map(round2),
    node: process.version,
  };
}

export function formatTextScanBench(r: TextScanBenchResult): string {
  const rows = [`| text | µs per KiB |${r.reference ? ' before (per-detector) |' : ''}`, `|---|---|${r.reference ? '---|' : ''}`];
  for (const k of ['clean', 'pii', 'plainWords'] as const) rows.push(`| ${k} | ${r.usPerKiB[k]} |${r.reference ? ` ${r.reference[k]} |` : ''}`);
  return `${rows.join('\n')}\n\n${r.method}; ${r.rounds} rounds × ${r.iterationsPerRound}; load average ${r.loadAverage.join(' ')}; node ${r.node}.`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  void runTextScanBench({ quick: args.includes('--quick'), compare: args.includes('--compare') }).then((r) => {
    if (args.includes('--json')) console.log(JSON.stringify(r, null, 2));
    else console.log(formatTextScanBench(r));
  });
}
