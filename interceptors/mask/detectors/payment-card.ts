import type { Detector, Match, ScanContext } from './detector';
import { gapIs, overlapsAny } from './digit-runs';
import { isCardNumber } from './luhn';

/**
 * Payment cards: 13–19 digits, plain or grouped by single spaces, dashes or dots, with a known issuer
 * prefix and a valid Luhn check. A 16-digit order number that fails Luhn stays.
 */
export const paymentCardDetector: Detector = {
  category: 'credit_card',
  priority: 8,
  anchor: 'digitRun',
  minLength: 13,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (const run of ctx.digitRuns()) {
      if (run.digitCount < 13) continue;
      if (coveredBy(out, run.start, run.end)) continue;
      const g = run.groups;
      for (let i = 0; i < g.length; i++) {
        // digits written after '+' are an international phone number ('+49 151 …', at most 15 digits), not a card
        const afterPlus = text.charCodeAt(g[i].start - 1) === 43;
        let digits = '';
        let found = -1;
        for (let j = i; j < g.length; j++) {
          if (j > i && !gapIs(text, g[j - 1], g[j], ' -.')) break;
          digits += text.slice(g[j].start, g[j].end);
          if (digits.length > 19) break;
          if (digits.length >= (afterPlus ? 16 : 13) && isCardNumber(digits)) found = j;
        }
        if (found >= 0 && overlapsAny(out, g[i].start, g[found].end)) found = -1;
        if (found >= 0) {
          out.push({ start: g[i].start, end: g[found].end, category: 'credit_card', priority: this.priority });
          i = found;
        }
      }
    }
  },
};

/** A match already found spans the whole run (an IBAN's digits, say): nothing here is a card. */
function coveredBy(found: readonly Match[], start: number, end: number): boolean {
  for (const m of found) if (m.start <= start && m.end >= end) return true;
  return false;
}
