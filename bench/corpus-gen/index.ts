/**
 * The labelled corpus generator: thousands of M2M messages in many shapes, naming styles,
 * languages and encodings, with every planted personal or secret value labelled and clean
 * look-alikes listed — the format of ../shared/corpus/README.md, so `pii-score.ts` scores it.
 * A fixed seed gives the same corpus everywhere.
 *
 *   node --import tsx bench/corpus-gen/index.ts [--seed N] [--count N] [--out FILE]
 *
 * The vocabularies (names, streets, templates) are this generator's own; detectors must not
 * read them, so recall measured here is recall on data no rule was written against.
 */
import * as fs from 'node:fs';
import { scoreLine, strings, type CorpusLine, type PiiLabel } from '../pii-score';
import { applyStyle, Plant, type NamingStyle } from './plant';
import { Rng } from './rng';
import { SHAPES, type Shape } from './shapes';
import { LOCALES, type Locale } from './vocab';

export interface GeneratedLine extends CorpusLine {
  /** Where it came from (not part of the scored format; ignored by the scorer). */
  meta: { shape: string; domain: Shape['domain']; locale: Locale; style: NamingStyle };
}

export interface GenerateOptions {
  seed?: number;
  count?: number;
  /** Only these shapes (by name). */
  shapes?: readonly string[];
}

export const DEFAULT_SEED = 20251;
export const DEFAULT_COUNT = 3000;

const STYLES: ReadonlyArray<readonly [number, NamingStyle]> = [
  [10, 'camel'],
  [5, 'snake'],
  [2, 'pascal'],
  [2, 'kebab'],
  [1, 'upperSnake'],
];

/** The message with every labelled value replaced, in keys and values: what a perfect masker returns. */
function perfectlyMasked(msg: unknown, labels: readonly PiiLabel[]): unknown {
  const values = [...new Set(labels.map((l) => l.value))].sort((a, b) => b.length - a.length);
  const scrub = (s: string): string => {
    let out = s;
    for (const v of values) if (out.includes(v)) out = out.split(v).join('▮');
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x)]));
    return v;
  };
  return walk(msg);
}

/**
 * Why a generated line cannot be scored fairly, or undefined: every label must occur in the
 * message; the message unmasked must leak every label; a perfect masker (every labelled value
 * replaced) must leak none and alter no clean value. A name that happens to be a substring of a
 * clean value, or a clean number that contains a phone's digits, fails here and the line is
 * drawn again.
 */
export function lineProblem(line: CorpusLine): string | undefined {
  const texts = strings(line.msg, []);
  const raw = scoreLine(line, line.msg);
  if (raw.leaks.length !== line.pii.length) return 'a label does not occur in the message';
  if (raw.altered.length !== 0) return 'scorer sees clean values altered in the unmasked message';
  const perfect = scoreLine(line, perfectlyMasked(line.msg, line.pii));
  if (perfect.leaks.length > 0) return `perfect mask still leaks ${perfect.leaks[0].category} ${JSON.stringify(perfect.leaks[0].value)}`;
  if (perfect.altered.length > 0) return `clean value ${JSON.stringify(perfect.altered[0])} overlaps a label`;
  if (texts.length === 0) return 'empty message';
  return undefined;
}

export function generateCorpus(options: GenerateOptions = {}): GeneratedLine[] {
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const count = options.count ?? DEFAULT_COUNT;
  const shapes = options.shapes ? SHAPES.filter((s) => options.shapes!.includes(s.name)) : SHAPES;
  if (shapes.length === 0) throw new Error(`corpus-gen: no shape named ${options.shapes?.join(', ')}`);
  const out: GeneratedLine[] = [];
  let rejected = 0;
  while (out.length < count) {
    const shape = shapes[out.length % shapes.length === 0 ? rng.int(0, shapes.length - 1) : rng.int(0, shapes.length - 1)];
    const locale = rng.pick(LOCALES);
    const style: NamingStyle = shape.standard ? 'camel' : rng.weighted(STYLES);
    const plant = new Plant(rng, locale);
    const msg = applyStyle(shape.build(plant), style, plant);
    const line: GeneratedLine = { msg, pii: plant.pii, clean: [...new Set(plant.clean)], meta: { shape: shape.name, domain: shape.domain, locale, style } };
    if (lineProblem(line)) {
      if (++rejected > count) throw new Error(`corpus-gen: too many rejected lines (last: ${shape.name}: ${lineProblem(line)})`);
      continue;
    }
    out.push(line);
  }
  return out;
}

function main(argv: string[]): void {
  let seed = DEFAULT_SEED;
  let count = DEFAULT_COUNT;
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (k === '--seed') seed = Number(v);
    else if (k === '--count') count = Number(v);
    else if (k === '--out') file = v;
    else throw new Error(`corpus-gen: unknown argument ${k}`);
    if ((k === '--seed' || k === '--count') && !Number.isInteger(Number(v))) throw new Error(`corpus-gen: ${k} needs an integer, got ${v}`);
  }
  const lines = generateCorpus({ seed, count });
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  if (file) fs.writeFileSync(file, text);
  else process.stdout.write(text);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
