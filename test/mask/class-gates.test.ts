import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Category } from '../../interceptors/mask/categories';
import { DETECTORS, TEXT_CLASS } from '../../interceptors/mask/detectors';
import { DEFAULT_PHONE_REGIONS } from '../../interceptors/mask/policy-schema';
import type { Strategy } from '../../interceptors/mask/strategies/apply-action';
import { TextScanner } from '../../interceptors/mask/text-scanner';
import { anyPlanted } from './pii-generators';

/**
 * The class gates (Detector.needs) skip a detector for strings holding none of the character
 * classes it declares. They must only save time: every finding with the gates must be a finding
 * without them, and the other way round. Held on every string of every labelled corpus, and on
 * variants of each that drop one class at a time (lower-cased, without digits, without markup,
 * ASCII only) — the strings where a gate actually skips something — and on generated lower-case
 * prose around planted values.
 */

const REPO = path.resolve(__dirname, '..', '..');
/** Every category any detector reports: a category without a strategy would leave its detectors out. */
const ALL: Category[] = [...new Set(DETECTORS.flatMap((d) => [d.category, ...(d.also ?? [])]))];
const strategies = new Map<Category, Strategy>(ALL.map((c) => [c, (v: string) => `<${c}:${v.length}>`] as const));
const gated = new TextScanner(DETECTORS, strategies, DEFAULT_PHONE_REGIONS);
const ungated = new TextScanner(DETECTORS, strategies, DEFAULT_PHONE_REGIONS, false);

function corpusFiles(): string[] {
  const dir = path.join(REPO, 'test', 'fixtures');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f));
  const shared = path.join(REPO, '..', 'shared', 'corpus', 'pii-public.jsonl');
  if (fs.existsSync(shared)) files.push(shared);
  return files;
}

/** Every string leaf and key of a decoded message. */
function strings(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') out.add(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      strings(x, out);
    }
  }
}

const STRUCTURE_CHARS = /[\t\n\r"#%&'()*+/:;<=>@[\\\]^_`{|}~]/g;

/** The string and its variants without one class each, and without all of them. */
function variants(s: string): string[] {
  const lower = s.toLowerCase();
  const noDigits = s.replace(/\d/g, '');
  const noStructure = s.replace(STRUCTURE_CHARS, ' ');
  const ascii = s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const plain = ascii.toLowerCase().replace(/\d/g, '').replace(STRUCTURE_CHARS, ' ');
  return [s, lower, noDigits, noStructure, ascii, plain, lower.replace(STRUCTURE_CHARS, ' '), noDigits.replace(STRUCTURE_CHARS, ' ')];
}

function same(text: string): void {
  const a = gated.find(text);
  const b = ungated.find(text);
  assert.deepEqual(a, b, `findings differ with the class gates on ${JSON.stringify(text.slice(0, 200))}`);
}

describe('class gates (Detector.needs)', () => {
  it('declare only TEXT_CLASS bits', () => {
    assert.ok(ALL.includes('person_name') && ALL.includes('postal_address') && ALL.includes('email'));
    const all = Object.values(TEXT_CLASS).reduce((a, b) => a | b, 0);
    for (const d of DETECTORS) if (d.needs !== undefined) assert.ok(d.needs > 0 && (d.needs & ~all) === 0, `${d.category} detector declares needs ${d.needs}`);
    // the gates are in use: most detectors declare one
    assert.ok(DETECTORS.filter((d) => d.needs !== undefined).length >= 30);
  });

  it('change no finding on any corpus string, nor on its variants without digits, capitals, markup or non-ASCII', function () {
    this.timeout(120_000);
    const all = new Set<string>();
    for (const f of corpusFiles()) {
      for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        strings((JSON.parse(line) as { msg: unknown }).msg, all);
      }
    }
    assert.ok(all.size > 5000, `only ${all.size} corpus strings`);
    let checked = 0;
    let skippedSomething = 0;
    for (const s of all) {
      for (const v of new Set(variants(s))) {
        same(v);
        checked++;
        if (v.length >= 12 && !/[\dA-Z\t\n\r"#%&'()*+/:;<=>@[\\\]^_`{|}~]|[^\x00-\x7f]/.test(v)) skippedSomething++;
      }
    }
    // the variants reach the gates: many strings hold none of the classes
    assert.ok(skippedSomething > 1000, `only ${skippedSomething} of ${checked} strings had no gated class`);
  });

  it('change no finding on generated lower-case prose around planted values', () => {
    const words = fc.constantFrom('my', 'name', 'is', 'this', 'calling', 'dot', 'at', 'address', 'born', 'on', 'call', 'me', 'at', 'street', 'road', 'thanks', 'jane', 'doe', 'maria', 'rossi', 'mr', 'dear', 'regards', 'ssn', 'card', 'iban', 'password', 'is', 'token', 'values', 'insert', 'into');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), fc.array(words, { maxLength: 12 }), anyPlanted, fc.boolean(), (before, after, p, lower) => {
        const value = lower ? p.value.toLowerCase() : p.value;
        const text = `${before.join(' ')} ${'prefix' in p && p.prefix ? p.prefix : ''}${value} ${after.join(' ')}`;
        same(text);
        same(before.concat(after).join(' '));
      }),
      { numRuns: 3000 },
    );
  });
});
