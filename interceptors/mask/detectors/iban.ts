import type { Detector, Match, ScanContext } from './detector';
import { IBAN_LENGTHS, ibanMod97Valid } from './iban-check';

const START = /(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})(?=[ ]?[A-Za-z0-9])/g;

/**
 * IBANs (either case), compact or in groups of four separated by single spaces, validated by country length
 * and ISO 7064 mod 97. The candidate is read to exactly the country's length, so a following
 * word (`… 8831 72 EUR`) is not swallowed; 22-character references that fail mod 97 stay.
 */
export const ibanDetector: Detector = {
  category: 'iban',
  priority: 5,
  gate: (text) => text.length >= 15,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    START.lastIndex = 0;
    for (let m = START.exec(text); m; m = START.exec(text)) {
      const country = m[1].toUpperCase();
      const len = IBAN_LENGTHS[country];
      if (len === undefined) continue;
      let compact = country + m[2];
      let k = m.index + 4;
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
      out.push({ start: m.index, end: k, category: 'iban', priority: this.priority });
      START.lastIndex = k;
    }
  },
};
