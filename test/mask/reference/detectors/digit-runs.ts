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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSeparator(c: number): boolean {
  // space, NBSP, ( ) + - . /
  return c === 32 || c === 160 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46 || c === 47;
}

function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c) || (c > 127 && !isWidePunctuation(c));
}

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

/** True when, walking from `i` in direction `step` over non-space separators, a word character is reached. */
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
    // mirrored: a script written without spaces (CJK, kana, Hangul) at the run, or past brackets and quotes only, does not glue it
    if (bracketsOnly && isUnspacedScript(c)) return false;
    // Hebrew writes its one-letter prefixes (to, in, from, and, that, the, as) before a number
    // with a hyphen (`ל-054.772.3180`, `וב-03-6481234`): a word of its own, no glue
    if (step < 0 && isHebrewPrefixWord(text, k)) return false;
    return isWordChar(c);
  }
  return false;
}

/** ( ) [ ] " ' and their full-width forms: they close a word without joining the next one. */
function isBracketOrQuote(c: number): boolean {
  return c === 40 || c === 41 || c === 91 || c === 93 || c === 34 || c === 39 || c === 0xff08 || c === 0xff09;
}

function isUnspacedScript(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xff66 && c <= 0xff9f);
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
 * `pod-13638 415 555 0100` still yields the phone number.
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
    let groups: DigitGroup[] = [];
    if (total >= minDigits) {
      for (let k = i; k < j; ) {
        if (isDigit(text.charCodeAt(k))) {
          const gs = k;
          while (k < j && isDigit(text.charCodeAt(k))) k++;
          groups.push({ start: gs, end: k });
        } else k++;
      }
    }
    const next = Math.max(j, i + 1);
    if (total >= minDigits) {
      const firstStart = groups[0].start;
      const plus = text.charCodeAt(leadingStart(text, firstStart)) === 43;
      const leftGlued = !plus && gluedTo(text, leadingStart(text, firstStart) - 1, -1);
      const rightGlued = !plus && gluedTo(text, groups[groups.length - 1].end, 1);
      let attached = false;
      if (leftGlued) {
        attached = true;
        let k = 1;
        while (k < groups.length && !hasSpaceBetween(text, groups[k - 1].end, groups[k].start)) k++;
        groups = groups.slice(k);
      }
      if (rightGlued && groups.length > 0) {
        attached = true;
        let k = groups.length - 1;
        while (k > 0 && !hasSpaceBetween(text, groups[k - 1].end, groups[k].start)) k--;
        groups = groups.slice(0, k);
      }
      let digitCount = 0;
      for (const g of groups) digitCount += g.end - g.start;
      if (groups.length > 0 && digitCount >= minDigits) {
        runs.push({ start: leadingStart(text, groups[0].start), end: groups[groups.length - 1].end, groups, digitCount, attached });
      }
    }
    i = next;
  }
  return runs;
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
