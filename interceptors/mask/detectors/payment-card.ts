import type { Detector, Match, ScanContext } from './detector';
import { digitsOf, gapIs } from './digit-runs';
import { isCardNumber } from './luhn';

/**
 * Payment cards: 13–19 digits, plain or grouped by single spaces/dashes, with a known issuer
 * prefix and a valid Luhn check. A 16-digit order number that fails Luhn stays.
 */
export const paymentCardDetector: Detector = {
  category: 'credit_card',
  priority: 8,
  gate: (text) => text.length >= 13,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (const run of ctx.digitRuns()) {
      if (run.digitCount < 13) continue;
      const g = run.groups;
      for (let i = 0; i < g.length; i++) {
        let digits = 0;
        let found = -1;
        for (let j = i; j < g.length; j++) {
          if (j > i && !gapIs(text, g[j - 1], g[j], ' -')) break;
          digits += g[j].end - g[j].start;
          if (digits > 19) break;
          if (digits >= 13 && isCardNumber(digitsOf(text, g, i, j))) found = j;
        }
        if (found >= 0) {
          out.push({ start: g[i].start, end: g[found].end, category: 'credit_card', priority: this.priority });
          i = found;
        }
      }
    }
  },
};
