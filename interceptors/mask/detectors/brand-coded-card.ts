import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { overlapsAny } from './digit-runs';
import { isCardNumber } from './luhn';

/**
 * A card number glued to its two-letter brand code, as airline and GDS forms of payment write it
 * (`FOP CC AX378287270025775`, `FP CCVI4111111111111111/0127`, `CAMC5500000000000004`): the digits
 * start right after letters, so the digit runs of free text do not offer them as a card. The code
 * must be a brand's (AX, VI, CA, MC, DC, JC, DS, TP, UP), optionally after `CC`, and the number must
 * pass Luhn with its issuer prefix; the text must hold `FOP`, `FP ` or `CC`, as those forms do.
 */
const BRAND_CODED = /(?<![A-Za-z0-9])(?:CC)?(?:AX|VI|CA|MC|DC|JC|DS|TP|UP)(\d{13,19})(?![0-9])/g;

export const brandCodedCardDetector: Detector = {
  category: 'credit_card',
  priority: 8,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 15,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // forms of payment say so (`FOP`, `FP`, `CC`): three indexOf keep the regex off other text
    if (text.indexOf('FOP') < 0 && text.indexOf('FP ') < 0 && text.indexOf('CC') < 0) return;
    BRAND_CODED.lastIndex = 0;
    for (let m = BRAND_CODED.exec(text); m; m = BRAND_CODED.exec(text)) {
      if (!isCardNumber(m[1])) continue;
      const start = m.index + m[0].length - m[1].length;
      const end = m.index + m[0].length;
      if (!overlapsAny(out, start, end)) out.push({ start, end, category: 'credit_card', priority: 8 });
    }
  },
};
