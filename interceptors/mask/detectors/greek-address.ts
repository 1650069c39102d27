import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Street addresses written in Greek: a street type (`Οδός`, `οδ.`, `Λεωφόρος`, `Λεωφ.`, `Λ.`,
 * `Πλατεία`, `Πλ.`, `Πάροδος`), the street's name in one to three words (in the genitive,
 * capitalised), the house number (`56`, `12Α`, `3-5`), then optionally the postcode of five
 * digits written `NNN NN` and the town: `Οδός Ερμού 56, 105 63 Αθήνα`, `Λεωφ. Κηφισίας 124`,
 * `Πλατεία Αριστοτέλους 9, 546 23 Θεσσαλονίκη`. A street named without a number is a place, not a
 * dwelling, and is left alone. Gate: Greek letters in the text.
 */
const STREET_TYPE = '(?:[Οο]δός|[Οο]δ\\.|[Λλ]εωφόρος|[Λλ]εωφ\\.|Λ\\.|[Ππ]λατεία|[Ππ]λ\\.|[Ππ]άροδος|[Ππ]αρ\\.)';
const NAME_WORD = '[Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰςΑ-Ω.]*';
const HOUSE = '\\d{1,4}[Α-Ωα-ω]?(?:[-–]\\d{1,4})?';
const POSTCODE_TOWN = `(?:,?\\s*(?:Τ\\.?Κ\\.?\\s*)?\\d{3}\\s?\\d{2}(?:,?\\s+${NAME_WORD}(?:\\s+${NAME_WORD})?)?)?`;
const ADDRESS = new RegExp(`(?<![Α-Ωα-ωάέήίόύώ])${STREET_TYPE}\\s*${NAME_WORD}(?:\\s+${NAME_WORD}){0,2}(?:,\\s*|\\s+)${HOUSE}(?![0-9])${POSTCODE_TOWN}`, 'gu');
/**
 * Without a street type, the postcode says it is an address: the street's name and number, an
 * optional district, the postcode `NNN NN` and optionally the town (`Υμηττού 112, Παγκράτι 116 33, Αθήνα`).
 */
const ADDRESS_WITH_POSTCODE = new RegExp(
  `(?<![Α-Ωα-ωάέήίόύώ])${NAME_WORD}(?:\\s+${NAME_WORD}){0,2}\\s+${HOUSE},\\s*(?:${NAME_WORD}(?:\\s+${NAME_WORD})?,?\\s+)?(?:Τ\\.?Κ\\.?\\s*)?\\d{3}\\s?\\d{2}(?![0-9])(?:,?\\s+${NAME_WORD}(?:\\s+${NAME_WORD})?)?`,
  'gu',
);
const GREEK = /[\u0391-\u03c9]/;
const PRIORITY = 9;

export const greekAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!GREEK.test(text) || !ctx.hasDigit()) return;
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
    ADDRESS_WITH_POSTCODE.lastIndex = 0;
    for (let m = ADDRESS_WITH_POSTCODE.exec(text); m; m = ADDRESS_WITH_POSTCODE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
  },
};
