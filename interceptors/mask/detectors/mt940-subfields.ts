import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The counterparty in a German bank statement line (MT940 field `:86:` with DFÜ subfields, as
 * banks and EBICS exports write it: `?20EREF+…?31NL35INGB8335543070?32EMRE YILMAZ?33…`): `?31`
 * holds the counterparty's account (an IBAN is masked as one), `?32` and `?33` its name. The
 * subfields are glued to the text before them, so the IBAN and name detectors, which want a
 * word start, cannot see them.
 */
const SUBFIELD = /\?3([123])([^?\r\n]{2,70})/g;
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const PRIORITY = 6;

export const mt940SubfieldDetector: Detector = {
  category: 'person_name',
  also: ['iban'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!hasSubfield(text)) return;
    SUBFIELD.lastIndex = 0;
    for (let m = SUBFIELD.exec(text); m; m = SUBFIELD.exec(text)) {
      const start = m.index + 3;
      const value = m[2].trimEnd();
      if (m[1] === '1') {
        if (IBAN_SHAPE.test(value)) out.push({ start, end: start + value.length, category: 'iban', priority: PRIORITY });
      } else if (/\p{L}/u.test(value)) out.push({ start, end: start + value.length, category: 'person_name', priority: PRIORITY });
    }
  },
};

/** `?31` or `?32` somewhere: one search for the rare '?3', then the digit after it. */
function hasSubfield(text: string): boolean {
  for (let p = text.indexOf('?3'); p >= 0; p = text.indexOf('?3', p + 2)) {
    const c = text.charCodeAt(p + 2);
    if (c === 49 || c === 50) return true;
  }
  return false;
}
