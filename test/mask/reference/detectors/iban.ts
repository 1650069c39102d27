import type { Detector, Match, ScanContext } from './detector';
import { IBAN_LENGTHS, ibanMod97Valid } from './iban-check';

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * IBANs (either case), compact or in groups of four separated by single spaces, validated by country length
 * and ISO 7064 mod 97. The candidate is read to exactly the country's length, so a following
 * word (`… 8831 72 EUR`) is not swallowed; 22-character references that fail mod 97 stay.
 */
export const ibanDetector: Detector = {
  category: 'iban',
  priority: 5,
  gate: (text) => text.length >= 15,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // one pass over the text: two letters + two digits at a word start, then the country's length
    for (let i = 0; i + 4 <= text.length; i++) {
      if (!isDigitCode(text.charCodeAt(i + 2)) || !isDigitCode(text.charCodeAt(i + 3))) continue;
      if (!isLetter(text.charCodeAt(i)) || !isLetter(text.charCodeAt(i + 1))) continue;
      if (i > 0) {
        const p = text.charCodeAt(i - 1);
        if (isLetter(p) || isDigitCode(p)) continue;
      }
      const country = text.slice(i, i + 2).toUpperCase();
      const len = IBAN_LENGTHS[country];
      if (len === undefined) continue;
      let compact = country + text.slice(i + 2, i + 4);
      let k = i + 4;
      while (compact.length < len && k < text.length) {
        const c = text.charCodeAt(k);
        const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
        if (alnum) compact += text[k].toUpperCase();
        else if (c === 32 && k + 1 < text.length && text.charCodeAt(k + 1) !== 32) {
          /* single space between groups */
        } else break;
        k++;
      }
      if (compact.length !== len) continue;
      const next = text.charCodeAt(k);
      if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) continue;
      if (!ibanMod97Valid(compact)) continue;
      out.push({ start: i, end: k, category: 'iban', priority: this.priority });
      i = k - 1;
    }
  },
};
