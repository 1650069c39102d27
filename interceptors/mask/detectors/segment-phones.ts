import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
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
 * Also the two numbers of a call detail record line (CDR, below).
 */
const COM = /(?:^|')\s*COM\+([+(]?\d[\d ()\-/]{4,24}\d):(?:TE|FX|AL|AJ|TL)(?=['+:]|$)/g;
const AP = /^[ \t]*(?:\d{1,3}[ \t]+)?AP[MHB]?[ \t]+(?:[A-Z]{3}[ \t]+)?([+(]?\d[\d ()\-/]{4,24}\d)(?=-[A-Z]\b|[ \t]*$)/gm;
/**
 * A call detail record (CDR) line: its type (mobile originated / terminated call, SMS, forwarded
 * call) then the calling and the called number, as mediation systems write them — digits only,
 * international without '+' or national (`MTC 254716169763    0705962566      2025061505…`).
 */
const CDR = /^[ \t]*(?:MOC|MTC|MO|MT|SMS|SMSO|SMST|SMS-MO|SMS-MT|SMSMO|SMSMT|MOSMS|MTSMS|CFW|FWD|CF|ROAM|MOC-V|MTC-V)[ \t,;|]+(\+?\d{6,15})[ \t,;|]+(\+?\d{6,15})(?=[ \t,;|]|$)/gm;
const PRIORITY = 6;

function cdrNumbers(text: string, out: Match[]): void {
  CDR.lastIndex = 0;
  for (let m = CDR.exec(text); m; m = CDR.exec(text)) {
    const second = m.index + m[0].length - m[2].length;
    const first = m.index + m[0].lastIndexOf(m[1], second - m.index - m[1].length);
    out.push({ start: first, end: first + m[1].length, category: 'phone', priority: PRIORITY });
    out.push({ start: second, end: second + m[2].length, category: 'phone', priority: PRIORITY });
  }
}

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
  needs: TEXT_CLASS.digit,
  minLength: 10,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('COM+') >= 0) collect(COM, text, out);
    if (text.indexOf('AP') >= 0) collect(AP, text, out);
    // a CDR line starts with its type: the text's first letter or a line's is M, S, C, F or R
    if (cdrStart(text)) cdrNumbers(text, out);
  },
};

/** Whether the text or one of its lines starts with a letter a CDR type starts with (then the regex runs). */
function cdrStart(text: string): boolean {
  for (let p = 0; p >= 0 && p < text.length; p = text.indexOf('\n', p) + 1 || -1) {
    let i = p;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i);
    if ((c === 77 || c === 83 || c === 67 || c === 70 || c === 82) && text.charCodeAt(i + 1) >= 65 && text.charCodeAt(i + 1) <= 90) return true;
    if (p === 0 && text.indexOf('\n') < 0) break;
  }
  return false;
}
