import type { Detector, Match, ScanContext } from './detector';
import { countAsciiDigits } from '../digit-count';

/**
 * Phone numbers in the contact elements of two message formats, where the element says what the
 * number is, so no numbering-plan check is needed (the numbers are often national, of any
 * country, or written with the international prefix 00):
 * - UN/EDIFACT `COM` (communication contact): `COM+0031652652515:TE'`; the qualifier after ':'
 *   is the channel: TE telephone, FX fax, AL cellular, AJ alternate telephone, TL telex;
 * - Amadeus/IATA PNR `AP` (address-phone) elements: `4 AP SGN 639139071323-M`,
 *   `APM +44 7700 900123`; the city code and the trailing type letter (M/H/B/A) are optional.
 * Only a value of digits (and '+', spaces, '-', '/', '(', ')') with 6–15 digits is taken.
 */
const COM = /(?:^|')\s*COM\+([+(]?\d[\d ()\-/]{4,24}\d):(?:TE|FX|AL|AJ|TL)(?=['+:]|$)/g;
const AP = /^[ \t]*(?:\d{1,3}[ \t]+)?AP[MHB]?[ \t]+(?:[A-Z]{3}[ \t]+)?([+(]?\d[\d ()\-/]{4,24}\d)(?=-[A-Z]\b|[ \t]*$)/gm;
const PRIORITY = 6;

function collect(re: RegExp, text: string, out: Match[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const number = m[1];
    const d = countAsciiDigits(number);
    if (d < 6 || d > 15) continue;
    const start = m.index + m[0].indexOf(number, m[0].length - number.length - 4);
    out.push({ start, end: start + number.length, category: 'phone', priority: PRIORITY });
  }
}

export const segmentPhoneDetector: Detector = {
  category: 'phone',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 10,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('COM+') >= 0) collect(COM, text, out);
    if (text.indexOf('AP') >= 0) collect(AP, text, out);
  },
};
