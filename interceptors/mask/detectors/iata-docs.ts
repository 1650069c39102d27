import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { isCardNumber } from './luhn';

/**
 * IATA SSR DOCS elements (advance passenger information in a PNR, carried as text):
 * `SSR DOCS YY HK1 P/GBR/123456789/GBR/12JUL82/M/20NOV25/SMITH/JOHN/PAUL`,
 * `DOCS/P/NO/33445566/NO/02FEB79/F/11OCT31/HANSEN/INGRID`, and the entry form with dashes
 * (`SRDOCS LH HK1-P-DEU-C01X00T47-DEU-05MAR88-F-21AUG29-MUELLER-ANNA`). The fields are known by
 * position, not by their look: document type, issuing country, document number, nationality,
 * date of birth (DDMMMYY), gender (M, F, MI, FI, U, X), expiry date, surname, given name, middle
 * name. Found from the date of birth: the first field of that shape followed by a gender field;
 * the names are the third to fifth fields after it, the document number the second before it.
 * The birth date, the names and the document number (a government id: a passport's or an
 * identity card's) are replaced.
 */
const DDMMMYY = /^[0-9]{2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[0-9]{2}$/;
const GENDERS = new Set(['M', 'F', 'MI', 'FI', 'U', 'X', '']);
const PRIORITY = 3;
/** Most fields an element has (with a trailing holder flag). */
const MAX_FIELDS = 12;

export const iataDocsDetector: Detector = {
  category: 'date_of_birth',
  also: ['person_name', 'credit_card', 'government_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 20,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let p = text.indexOf('DOCS'); p >= 0; p = text.indexOf('DOCS', p + 4)) element(text, p + 4, out);
    // a child's or an infant's birth date in a PNR name element (`2.GARCIA/PABLO MSTR(CHD/09MAR17)`,
    // `(INF/LUCIA/14FEB25)`, `(INFGARCIA/LUCIA MISS/14FEB25)`): the date; the infant's name too
    if (text.indexOf('(CHD') >= 0 || text.indexOf('(INF') >= 0) {
      PASSENGER_TYPE_DOB.lastIndex = 0;
      for (let m = PASSENGER_TYPE_DOB.exec(text); m; m = PASSENGER_TYPE_DOB.exec(text)) {
        const end = m.index + m[0].length - 1;
        out.push({ start: end - m[2].length, end, category: 'date_of_birth', priority: PRIORITY });
        if (m[1]) {
          const s = m.index + 4 + (m[0].charCodeAt(4) === 47 ? 1 : 0);
          let e = s + m[1].replace(/^\//, '').replace(/\/$/, '').length;
          while (e > s && text.charCodeAt(e - 1) === 32) e--;
          if (e > s) out.push({ start: s, end: e, category: 'person_name', priority: PRIORITY });
        }
      }
    }
    // the form of payment of a PNR (`FP CC4686830536548210/0928`, `FP CCVI4111…`): the card glued to its code
    if (text.indexOf('FP') >= 0) {
      FORM_OF_PAYMENT.lastIndex = 0;
      for (let m = FORM_OF_PAYMENT.exec(text); m; m = FORM_OF_PAYMENT.exec(text)) {
        if (!isCardNumber(m[1])) continue;
        const s = m.index + m[0].length - m[1].length;
        out.push({ start: s, end: s + m[1].length, category: 'credit_card', priority: 3 });
      }
    }
  },
};

/** `(CHD/09MAR17)`, `(INF/LUCIA/14FEB25)`, `(INFGARCIA/LUCIA MISS/14FEB25)`: group 1 the infant's name, group 2 the date. */
const PASSENGER_TYPE_DOB = /\((?:CHD|INF)(\/?[A-Z][A-Z' -]*(?:\/[A-Z][A-Z' -]*)*\/|\/)?([0-9]{2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[0-9]{2})\)/g;
const FORM_OF_PAYMENT = /\bFP[ \t]*(?:PAX[ \t]*)?CC(?:[A-Z]{2})?(\d{13,19})(?!\d)/g;

function element(text: string, from: number, out: Match[]): void {
  // the first separator within the head (' YY HK1 P/', '/P/', ' HK1-P-')
  let q = from;
  const limit = Math.min(text.length, from + 20);
  while (q < limit) {
    const c = text.charCodeAt(q);
    if (c === 47 || c === 45) break;
    if (!(c === 32 || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return;
    q++;
  }
  if (q >= limit) return;
  const sep = text.charCodeAt(q);
  // fields [start, end) after the separator, up to a character no field holds
  const starts: number[] = [];
  const ends: number[] = [];
  let s = q + 1;
  for (let i = s; starts.length < MAX_FIELDS; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c === sep) {
      starts.push(s);
      ends.push(i);
      s = i + 1;
      continue;
    }
    // '*' too: a document number shown masked by the system that printed it (`*******20`)
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 32 || c === 39 || c === 46 || c === 42 || (c >= 0xc0 && c <= 0x24f))) {
      starts.push(s);
      ends.push(i);
      break;
    }
  }
  for (let k = 0; k + 1 < starts.length; k++) {
    if (!DDMMMYY.test(text.slice(starts[k], ends[k])) || !GENDERS.has(text.slice(starts[k + 1], ends[k + 1]))) continue;
    out.push({ start: starts[k], end: ends[k], category: 'date_of_birth', priority: PRIORITY });
    if (k >= 2 && ends[k - 2] > starts[k - 2] && text.charCodeAt(starts[k - 2]) !== 42) out.push({ start: starts[k - 2], end: ends[k - 2], category: 'government_id', priority: PRIORITY });
    for (let n = k + 3; n <= k + 5 && n < starts.length; n++) {
      let e = ends[n];
      while (e > starts[n] && text.charCodeAt(e - 1) === 32) e--;
      if (e - starts[n] >= 1) out.push({ start: starts[n], end: e, category: 'person_name', priority: PRIORITY });
    }
    return;
  }
}
