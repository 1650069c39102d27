import type { Detector, Match, ScanContext } from './detector';
import { IBAN_LENGTHS, ibanMod97Valid } from './iban-check';

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
  // read up to the country's length of letters/digits, single spaces between groups allowed
  let count = 4;
  let k = i + 4;
  while (count < len && k < text.length) {
    const c = text.charCodeAt(k);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) count++;
    else if (c === 32 && k + 1 < text.length && text.charCodeAt(k + 1) !== 32) {
      /* single space between groups */
    } else break;
    k++;
  }
  if (count !== len) return -1;
  const next = text.charCodeAt(k);
  if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return -1;
  const raw = text.slice(i, k);
  const compact = (k - i === len ? raw : raw.replace(/ /g, '')).toUpperCase();
  if (!ibanMod97Valid(compact)) return -1;
  return k;
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
