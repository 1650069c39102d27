/**
 * Maximal runs of digits and number separators (space, '-', '.', '/', '(', ')', '+') in a string,
 * split into digit groups. Cards, SSNs and phone numbers are all searched inside these runs, so
 * a string is walked once for the three of them.
 *
 * A run glued to a letter or digit through non-space separators (`SKU-7268-RED`, `pod-13638`,
 * `v3.9.0`, the digit groups of a UUID or a hex digest) is part of an identifier and flagged
 * `attached`; such runs are never personal numbers on their own.
 */
export interface DigitGroup {
  start: number;
  end: number;
}

export interface DigitRun {
  /** Start of the first group, or of a '+' / '(' directly before it. */
  start: number;
  end: number;
  groups: DigitGroup[];
  digitCount: number;
  attached: boolean;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isSeparator(c: number): boolean {
  // space, NBSP, ( ) + - . /
  return c === 32 || c === 160 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46 || c === 47;
}

function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c) || (c > 127 && !isWidePunctuation(c));
}

/**
 * Kana, CJK ideographs and Hangul: scripts written without spaces, so a number touches the words
 * around it (`不在の場合は090-3685-4625へ連絡`) without being part of them.
 */
/** ( ) [ ] " ' and their full-width forms: they close a word without joining the next one. */
function isBracketOrQuote(c: number): boolean {
  return c === 40 || c === 41 || c === 91 || c === 93 || c === 34 || c === 39 || c === 0xff08 || c === 0xff09;
}

function isUnspacedScript(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xff66 && c <= 0xff9f);
}

/**
 * Punctuation outside ASCII that ends a word as a space or '.' would: general punctuation
 * (— “ ” …), CJK punctuation (。、「」【】) and the full-width forms of ASCII punctuation (：，！).
 * A number before '。' is a number in a sentence, not part of an identifier.
 */
function isWidePunctuation(c: number): boolean {
  return (
    (c >= 0x2000 && c <= 0x206f) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65)
  );
}

/**
 * True when, walking from `i` in direction `step` over non-space separators, a word character is
 * reached. A character of a script written without spaces (CJK, kana, Hangul) right at the run
 * does not glue it: those scripts put words right against numbers.
 */
/** Hebrew one-letter prefixes: ב ה ו כ ל מ ש. */
function isHebrewPrefix(c: number): boolean {
  return c === 0x05d1 || c === 0x05d4 || c === 0x05d5 || c === 0x05db || c === 0x05dc || c === 0x05de || c === 0x05e9;
}

/** At `k` ends a word of one to three Hebrew prefix letters standing alone (after a space, a quote or the start). */
function isHebrewPrefixWord(text: string, k: number): boolean {
  let p = k;
  while (p >= 0 && k - p < 3 && isHebrewPrefix(text.charCodeAt(p))) p--;
  if (p === k) return false;
  const b = text.charCodeAt(p);
  return p < 0 || b === 32 || b === 160 || b === 10 || b === 34 || b === 40 || b === 58;
}

function gluedTo(text: string, i: number, step: number): boolean {
  let bracketsOnly = true;
  for (let k = i; k >= 0 && k < text.length; k += step) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 160) return false;
    if (isSeparator(c)) {
      if (!isBracketOrQuote(c)) bracketsOnly = false;
      continue;
    }
    // a script written without spaces puts words right against numbers (`電話は09075892916です`),
    // also past a bracket or quote (`（長男 080-6144-8164）にも`): no glue
    if (bracketsOnly && isUnspacedScript(c)) return false;
    // Hebrew writes its one-letter prefixes (to, in, from, and, that, the, as) before a number
    // with a hyphen (`ל-054.772.3180`, `וב-03-6481234`): a word of its own, no glue
    if (step < 0 && isHebrewPrefixWord(text, k)) return false;
    return isWordChar(c);
  }
  return false;
}


function hasSpaceBetween(text: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 160) return true;
  }
  return false;
}

/**
 * Runs with at least `minDigits` digits. When a run is glued to a word at one end, the
 * space-delimited piece at that end is dropped (it belongs to the identifier) and the rest kept:
 * `pod-13638 415 555 0100` still yields the phone number. Walks the whole text; the text scanner
 * finds the same runs from its one pass (`digitRunAt` on each long stretch).
 */
export function findDigitRuns(text: string, minDigits: number): DigitRun[] {
  const runs: DigitRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isDigit(text.charCodeAt(i))) i++;
    if (i >= n) break;
    // first pass: extent and digit count only (most runs are short: no allocation)
    let j = i;
    let total = 0;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) total++;
      else if (!isSeparator(c)) break;
      j++;
    }
    if (total >= minDigits) {
      const run = digitRunAt(text, i, j, minDigits);
      if (run) runs.push(run);
    }
    i = Math.max(j, i + 1);
  }
  return runs;
}

/**
 * The run of the stretch [i, j): `i` its first digit, `j` the first character after it that is
 * neither a digit nor a separator. Undefined when fewer than `minDigits` digits are left once
 * the pieces glued to a word are dropped.
 */
export function digitRunAt(text: string, i: number, j: number, minDigits: number): DigitRun | undefined {
  let lastEnd = j;
  while (!isDigit(text.charCodeAt(lastEnd - 1))) lastEnd--;
  // a '+' opens an international number whatever touches it (`ל-+972-52-…`, `+61412576555-M`, `…7253입니다`)
  const plus = text.charCodeAt(leadingStart(text, i)) === 43;
  const leftGlued = !plus && gluedTo(text, leadingStart(text, i) - 1, -1);
  const rightGlued = !plus && gluedTo(text, lastEnd, 1);
  // glued with no space inside: every group belongs to the identifier (`2025-03-14T…`, `AA1012…`)
  if ((leftGlued || rightGlued) && !hasSpaceBetween(text, i, lastEnd)) return undefined;
  let groups: DigitGroup[] = [];
  for (let k = i; k < lastEnd; ) {
    if (isDigit(text.charCodeAt(k))) {
      const gs = k;
      while (k < lastEnd && isDigit(text.charCodeAt(k))) k++;
      groups.push({ start: gs, end: k });
    } else k++;
  }
  let attached = false;
  let first = 0;
  let last = groups.length; // exclusive
  if (leftGlued) {
    attached = true;
    let k = 1;
    while (k < last && !hasSpaceBetween(text, groups[k - 1].end, groups[k].start)) k++;
    first = k;
  }
  if (rightGlued && last > first) {
    attached = true;
    let k = last - 1;
    while (k > first && !hasSpaceBetween(text, groups[k - 1].end, groups[k].start)) k--;
    last = k;
  }
  if (first > 0 || last < groups.length) groups = groups.slice(first, Math.max(first, last));
  let digitCount = 0;
  for (const g of groups) digitCount += g.end - g.start;
  if (groups.length === 0 || digitCount < minDigits) return undefined;
  return { start: leadingStart(text, groups[0].start), end: groups[groups.length - 1].end, groups, digitCount, attached };
}

/** Includes a '+', '(' or '+(' written directly before the first digit. */
function leadingStart(text: string, i: number): number {
  let start = i;
  const before = text.charCodeAt(i - 1);
  if (i > 0 && (before === 43 || before === 40)) start = i - 1;
  if (start > 0 && text.charCodeAt(start - 1) === 43 && text.charCodeAt(start) === 40) start--;
  return start;
}

/** True when the gap between two groups is exactly one of the given separator characters. */
export function gapIs(text: string, a: DigitGroup, b: DigitGroup, allowed: string): boolean {
  return b.start - a.end === 1 && allowed.includes(text[a.end]);
}

/** True when [start, end) overlaps a match already found by a higher-priority detector. */
export function overlapsAny(found: readonly { start: number; end: number }[], start: number, end: number): boolean {
  for (const m of found) if (start < m.end && m.start < end) return true;
  return false;
}

export function digitsOf(text: string, groups: readonly DigitGroup[], from: number, to: number): string {
  let s = '';
  for (let k = from; k <= to; k++) s += text.slice(groups[k].start, groups[k].end);
  return s;
}
