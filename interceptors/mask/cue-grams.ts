/**
 * Letter trigrams of a string, found in one pass and shared by every detector of a scan: the
 * cheap answer to "can this detector's cue words be in here at all?" (Detector.cues).
 *
 * Why: on ordinary prose (`order shipped, awaiting pickup`) the detectors that can match lower-case
 * text — names after a role word, self-introductions, e-mails spelled with `dot`, numbers read out
 * in words — each ran a native alternation regex over the whole string to look for their cue
 * words, 1–2 µs per KiB each. One walk over the string here records which letter trigrams it
 * holds; a detector whose cue literals are all absent is skipped without touching the text again.
 *
 * The test is a necessary condition, never more. Text is read as symbols: an ASCII letter
 * (case-blind), or a separator for every other ASCII character (space, digit, '_', punctuation),
 * and the string is taken to start and end with a separator. A cue literal holds letters and
 * separators (written ' ' or '#'); it "may be present" when every trigram of its symbols is in
 * the set. A string holding a character above U+007F is never refused (its letters and
 * separators are not told apart here). Collisions are impossible (each trigram has its own slot);
 * a literal's trigrams may come from different places, which only lets more strings through.
 */

import { TEXT_CLASS } from './detectors/detector';

/** Separator 0, 'a'–'z' 1–26: five bits a symbol, a trigram is fifteen bits. */
const BITS = 5;
const MASK = (1 << (3 * BITS)) - 1;

/** Symbol of an ASCII code unit. */
const SYMBOL = new Uint8Array(128);
for (let c = 65; c <= 90; c++) SYMBOL[c] = c - 64;
for (let c = 97; c <= 122; c++) SYMBOL[c] = c - 96;

/** TEXT_CLASS bits of an ASCII code unit (the same pass answers ScanContext.hasAnyClass). */
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = TEXT_CLASS.digit;
for (let c = 65; c <= 90; c++) CLASS[c] = TEXT_CLASS.upper;
for (const ch of '\t\n\r"#%&\'()*+/:;<=>@[\\]^_`{|}~') CLASS[ch.charCodeAt(0)] = TEXT_CLASS.structure;

/** A cue list compiled to trigram slots: one Int32Array per literal. */
export type CompiledCues = readonly Int32Array[];

/** Compiles cue literals (letters, and ' ' or '#' for a separator); throws on a literal that cannot be tested. */
export function compileCues(literals: readonly string[]): CompiledCues {
  return literals.map((lit) => {
    const syms: number[] = [];
    for (let i = 0; i < lit.length; i++) {
      const c = lit.charCodeAt(i);
      if (c >= 128) throw new Error(`cue ${JSON.stringify(lit)}: ASCII only (a string with other characters is never refused anyway)`);
      syms.push(SYMBOL[c]);
    }
    if (syms.length < 3) throw new Error(`cue ${JSON.stringify(lit)}: at least three symbols (add ' ' for a word boundary)`);
    const slots = new Int32Array(syms.length - 2);
    for (let i = 0; i + 2 < syms.length; i++) slots[i] = (syms[i] << (2 * BITS)) | (syms[i + 1] << BITS) | syms[i + 2];
    return slots;
  });
}

/**
 * The trigram set of the current string. Slots hold the generation that last saw them, so a new
 * string costs no clearing (the table is wiped once every 255 strings). The walk costs ~1.8 µs
 * per KiB on this project's 2-core VM — about one native regex pass, for all cue tests of a scan.
 */
export class CueGrams {
  private readonly seen = new Uint8Array(MASK + 1);
  private gen = 0;
  /** The string holds a character above U+007F: every cue may be present. */
  private wide = false;
  /** TEXT_CLASS bits of the string. */
  classes = 0;

  fill(text: string): void {
    if (++this.gen === 256) {
      this.seen.fill(0);
      this.gen = 1;
    }
    const classes = fillGrams(text, this.seen, this.gen);
    this.classes = classes;
    this.wide = (classes & TEXT_CLASS.nonAscii) !== 0;
  }

  /** True when one of the literals may be in the string (see the module comment). */
  any(cues: CompiledCues): boolean {
    if (this.wide) return true;
    const seen = this.seen;
    const gen = this.gen;
    for (let k = 0; k < cues.length; k++) {
      const slots = cues[k];
      let all = true;
      for (let i = 0; i < slots.length; i++) {
        if (seen[slots[i]] !== gen) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }
}

/**
 * Marks the trigrams of `text` with `gen` and returns its TEXT_CLASS bits. At a character above
 * U+007F the trigrams stop (the string is never refused) and only the classes are read on.
 */
function fillGrams(text: string, seen: Uint8Array, gen: number): number {
  // the last three symbols; the string starts after a separator (zeros) …
  let h = 0;
  let classes = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return classesFrom(text, i + 1, classes | TEXT_CLASS.nonAscii);
    classes |= CLASS[c];
    h = ((h << BITS) | SYMBOL[c]) & MASK;
    seen[h] = gen;
  }
  // … and ends before one (and two: a one-letter last word)
  h = (h << BITS) & MASK;
  seen[h] = gen;
  seen[(h << BITS) & MASK] = gen;
  return classes;
}

function classesFrom(text: string, from: number, classes: number): number {
  const all = TEXT_CLASS.digit | TEXT_CLASS.upper | TEXT_CLASS.structure | TEXT_CLASS.nonAscii;
  for (let i = from; i < text.length && classes !== all; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) classes |= CLASS[c];
  }
  return classes;
}
