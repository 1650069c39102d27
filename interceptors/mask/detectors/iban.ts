import type { Detector, Match, ScanContext } from './detector';
import { IBAN_LENGTHS } from './iban-check';

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when an IBAN may start at `i`: two letters and two digits, not glued to a letter or digit
 * before them. The text scanner's one pass finds these positions (a digit pair right after two
 * letters); `find` validates each.
 */
export function ibanStartAt(text: string, i: number): boolean {
  if (i < 0 || i + 4 > text.length) return false;
  if (!isDigitCode(text.charCodeAt(i + 2)) || !isDigitCode(text.charCodeAt(i + 3))) return false;
  if (!isLetter(text.charCodeAt(i)) || !isLetter(text.charCodeAt(i + 1))) return false;
  if (i > 0) {
    const p = text.charCodeAt(i - 1);
    if (isLetter(p) || isDigitCode(p)) return false;
  }
  return true;
}

/** End of a valid IBAN starting at candidate `i` (country length, mod 97), or -1. */
export function ibanEndAt(text: string, i: number): number {
  const country = text.slice(i, i + 2).toUpperCase();
  const len = IBAN_LENGTHS[country];
  if (len === undefined) return -1;
  // read up to the country's length of letters/digits; one or two spaces between groups allowed
  // (a double space is a common typing or template slip: 'FR76  1763 9779 …')
  let count = 4;
  let k = i + 4;
  while (count < len && k < text.length) {
    const c = text.charCodeAt(k);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) count++;
    else if (c === 32 && isAlnumCode(text.charCodeAt(k + 1))) {
      /* a space between groups */
    } else if (c === 32 && text.charCodeAt(k + 1) === 32 && isAlnumCode(text.charCodeAt(k + 2))) {
      k++; // two spaces between groups
    } else break;
    k++;
  }
  if (count !== len) return -1;
  const next = text.charCodeAt(k);
  if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return -1;
  return mod97At(text, i, k) === 1 ? k : -1;
}

/**
 * ISO 7064 mod 97-10 of the IBAN written in text[i, k) (letters of either case, single spaces),
 * read in place: the BBAN, then country and check digits — ibanMod97Valid without building the
 * compact string (the candidate was already read to the country's length, letters and digits only).
 */
function mod97At(text: string, i: number, k: number): number {
  let rem = 0;
  for (let p = i + 4; p < k; p++) rem = mod97Step(rem, text.charCodeAt(p));
  for (let p = i; p < i + 4; p++) rem = mod97Step(rem, text.charCodeAt(p));
  return rem;
}

function mod97Step(rem: number, c: number): number {
  if (c === 32) return rem;
  if (c <= 57) return (rem * 10 + (c - 48)) % 97;
  return (rem * 100 + ((c & ~32) - 55)) % 97; // 'A'/'a' = 10 … 'Z'/'z' = 35
}

/**
 * IBANs (either case), compact or in groups of four separated by single spaces, validated by country length
 * and ISO 7064 mod 97. The candidate is read to exactly the country's length, so a following
 * word (`… 8831 72 EUR`) is not swallowed; 22-character references that fail mod 97 stay.
 * Candidates (two letters + two digits at a word start) come from the scanner's one pass.
 */
export const ibanDetector: Detector = {
  category: 'iban',
  priority: 5,
  anchor: 'ibanStart',
  minLength: 15,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let from = 0;
    for (const i of ctx.ibanStarts()) {
      if (i < from) continue;
      const end = ibanEndAt(text, i);
      if (end < 0) continue;
      out.push({ start: i, end, category: 'iban', priority: this.priority });
      from = end;
    }
  },
};

function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
