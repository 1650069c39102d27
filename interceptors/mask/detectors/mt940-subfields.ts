import type { Detector, Match, ScanContext } from './detector';

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
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('?32') < 0 && text.indexOf('?31') < 0) return;
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
