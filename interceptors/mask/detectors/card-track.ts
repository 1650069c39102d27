import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { isCardNumber } from './luhn';

/**
 * Magnetic-stripe track data (ISO/IEC 7813), which authorisation messages carry whole (ISO 8583
 * DE 35 and DE 45, `track1`/`track2` fields, terminal logs): track 1 is `%B<PAN>^<NAME>^<YYMM>…`,
 * track 2 `;<PAN>=<YYMM>…`. The card number is glued to the format code `B` or to the `=`
 * separator, so the digit runs that the card rule reads never start or end at it. The number
 * must pass Luhn; the holder's name in track 1 is left to the name rules. PCI DSS forbids keeping
 * track data after authorisation: the number is masked like any card.
 */
const TRACK1 = /(?<![A-Za-z0-9])%?B(\d{12,19})\^/g;
const TRACK2 = /(?<![A-Za-z0-9]);?(\d{12,19})=\d{4}/g;
/** Track 2 as ISO 8583 field 35 and EMV tag 57 carry it: 'D' separates the card number from expiry (YYMM) and service code. */
const TRACK2_D = /(?<![A-Za-z0-9]);?(\d{12,19})D\d{7}/g;
const PRIORITY = 8;

export const cardTrackDetector: Detector = {
  category: 'credit_card',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 14,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('^') >= 0) collect(TRACK1, text, out);
    // the regexes are tried only when a separator sits between digits: 'D' starts every other
    // capitalised word and '=' every query parameter, and each regex attempt walks a digit run
    if (separatorBetweenDigits(text, 61)) collect(TRACK2, text, out);
    if (separatorBetweenDigits(text, 68)) collect(TRACK2_D, text, out);
  },
};

function separatorBetweenDigits(text: string, code: number): boolean {
  const ch = String.fromCharCode(code);
  for (let i = text.indexOf(ch, 1); i >= 0; i = text.indexOf(ch, i + 1)) {
    const b = text.charCodeAt(i - 1);
    const a = text.charCodeAt(i + 1);
    if (b >= 48 && b <= 57 && a >= 48 && a <= 57) return true;
  }
  return false;
}

function collect(re: RegExp, text: string, out: Match[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!isCardNumber(m[1])) continue;
    const start = m.index + m[0].indexOf(m[1]);
    out.push({ start, end: start + m[1].length, category: 'credit_card', priority: PRIORITY });
  }
}
