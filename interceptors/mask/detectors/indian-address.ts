import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Indian postal addresses, written as comma-separated parts ending in a city and a six-digit PIN:
 * `Flat 1158, Sai Residency, 10th Cross, Indiranagar, Chennai 600017`, `96/9, 2nd Main Road,
 * T. Nagar, Chennai 600017`, `H.No. 12-3-45, Banjara Hills, Hyderabad - 500034`. There is no
 * street word before a house number as the street rules expect; the parts are recognised by
 * what Indian addresses are made of (a flat or door number, `Nth Cross` / `Nth Main`, `… Nagar`,
 * `… Layout`, `… Residency`, `Sector 5`). Found from each six-digit PIN after a capitalised city
 * (the digit runs of the one pass), walking back over the parts while they read as address parts;
 * at least one part must hold a house or flat number. The city and PIN alone stay (not personal).
 */
const PIN_BEFORE = /(?:^|[,\s])([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)\s*[-–,]?\s*$/;
/** One comma-separated part that belongs to an address. */
const PART =
  /^(?:(?:flat|door|house|plot|h\.?\s?no\.?|d\.?\s?no\.?|no\.?|#|apt\.?|block|wing|floor|shop)\b.*\d|\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*(?:\s.*)?|.*\b(?:\d+(?:st|nd|rd|th)\s+(?:cross|main|stage|phase|block|floor|sector)|cross(?:\s+road)?|main(?:\s+road)?|road|rd|street|st|marg|lane|gali|nagar|colony|layout|enclave|residency|residences|apartments?|towers?|society|complex|chs|estate|heights|villas?|mansion|plaza|arcade|chambers|nivas|bhawan|sector\s+\d+|phase\s+\w+|block\s+\w+|extension|extn|niwas|sadan|bhavan|chowk|bazaar|bazar|hills|garden|gardens|park|circle|ward)\.?|.*(?:nagar|puram|palya|halli|pet|peth|bagh|vihar|kunj|pally|guda|wadi|wada|ganj|abad)|(?:road|rd|street|st|lane|gali|marg|sector|block|phase|ward)\.?\s+(?:no\.?\s*)?\d+[A-Za-z]?)$/i;
/** A part with a house, flat or plot number. */
const NUMBERED = /^(?:(?:flat|door|house|plot|h\.?\s?no\.?|d\.?\s?no\.?|no\.?|#|apt\.?)\b.*\d|\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*\b|[A-Z]{1,2}[-/]\d{1,5}[A-Za-z]?\b)/i;
/** A locality: one to three capitalised words. */
const LOCALITY = /^[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}$/;
const MAX_PARTS = 7;
/**
 * A flat, door or house number that ends a sentence and opens an address; a bare number (`221B`) only right
 * after the word address (`address hai 221B, 4th cross, …`, `my address is 14, …`).
 */
const HOUSE_AT_END = /(?:(?<=\b(?:address|addr|pata|patta)[ \t]*(?:(?:hai|is|to|:|-)[ \t]*)?)\d{1,5}[A-Za-z]?|\b(?:flat|door|house|plot|h\.?\s?no\.?|d\.?\s?no\.?|apt\.?)\s*[#:.]?\s*\d[\w/-]*|(?<![\w/-])\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)+|(?<![\w/-])[A-Z]{1,2}[-/]\d{1,5}[A-Za-z]?)\s*$/i;
const PRIORITY = 8;

export const indianAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 20,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf(',') < 0) return;
    const pins = ctx.sixDigitGroups();
    for (let k = 0; k < pins.length; k++) {
      const pinStart = pins[k];
      const before = text.charCodeAt(pinStart - 1);
      if (isWordGlue(before) || isWordGlue(text.charCodeAt(pinStart + 6))) continue;
      const head = text.slice(Math.max(0, pinStart - 200), pinStart);
      const city = PIN_BEFORE.exec(head);
      if (!city) continue;
      // the parts before the city, nearest first
      const cityStart = pinStart - head.length + city.index + city[0].indexOf(city[1]);
      let start = -1;
      let numbered = false;
      let p = text.lastIndexOf(',', cityStart);
      if (p < 0) continue;
      let partEnd = p;
      for (let k = 0; k < MAX_PARTS && partEnd > 0; k++) {
        const prev = text.lastIndexOf(',', partEnd - 1);
        let s = prev + 1;
        // the first part starts after a label or a sentence ('naya pata: 96/9', 'address - Flat 3')
        const raw = text.slice(s, partEnd);
        const label = Math.max(raw.lastIndexOf(': '), raw.lastIndexOf('; '), raw.lastIndexOf(' - '));
        let part = (label >= 0 ? raw.slice(label + 2) : raw).trim();
        if (label >= 0) s += label + 2;
        // a sentence that ends in the first part ('my billing address is Flat 509'): the flat or door number opens the address
        const opening = part.length > 60 || !(PART.test(part) || LOCALITY.test(part)) ? HOUSE_AT_END.exec(part) : null;
        if (opening) {
          const at = raw.lastIndexOf(opening[0].trim());
          start = prev + 1 + at;
          numbered = true;
          break;
        }
        // a locality or a building of any name ('Koramangala', 'Prestige Shantiniketan')
        if (part.length === 0 || part.length > 60 || !(PART.test(part) || LOCALITY.test(part))) break;
        if (NUMBERED.test(part)) numbered = true;
        start = s + raw.slice(label >= 0 ? label + 2 : 0).indexOf(part);
        if (label >= 0 || prev < 0) break;
        partEnd = prev;
      }
      if (start < 0 || !numbered) continue;
      out.push({ start, end: p, category: 'postal_address', priority: PRIORITY });
    }
  },
};

/** A letter, '.', '-' or '/' glued to the digits makes them part of something else (a version, an id). */
function isWordGlue(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 47;
}

/**
 * Bengaluru-style addresses without a PIN: a numbered opening (flat, door, house, plot, `#`),
 * up to three parts (a building), then an ordinal cross or main road, and the locality after it:
 * `Flat 723, Sai Krupa Apartments, 14th Cross, Malleshwaram`, `#12, 3rd Main, HAL 2nd Stage`.
 */
const CROSS_ROAD =
  /(?<![A-Za-z0-9])(?:flat|door|house|plot|h\.?\s?no\.?|d\.?\s?no\.?|no\.?|#)\s*[:.]?\s*[0-9][\w/-]*\s*,\s*(?:[^,\n]{1,60}\s*,\s*){0,3}[0-9]{1,3}(?:st|nd|rd|th)\s+(?:cross|main)(?:\s+road|\s+rd\.?)?(?:\s*,\s*[A-Za-z][A-Za-z.]+(?: [A-Za-z0-9][A-Za-z.]+){0,2})?/giy;

export const crossRoadAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!ctx.hasDigit()) return;
    // every such address names a cross or a main road after an ordinal
    for (let p = ordinalRoad(text, 0); p >= 0; p = ordinalRoad(text, p + 1)) {
      // look back for the opening within 200 characters, at a word start
      const from = Math.max(0, p - 200);
      for (let s = from; s < p; s++) {
        const c = text.charCodeAt(s);
        if (!(c === 35 || c === 70 || c === 102 || c === 68 || c === 100 || c === 72 || c === 104 || c === 80 || c === 112 || c === 78 || c === 110)) continue;
        CROSS_ROAD.lastIndex = s;
        if (!CROSS_ROAD.test(text) || CROSS_ROAD.lastIndex <= p) continue;
        out.push({ start: s, end: CROSS_ROAD.lastIndex, category: 'postal_address', priority: PRIORITY });
        p = CROSS_ROAD.lastIndex;
        break;
      }
    }
  },
};

const ORDINAL_ROAD = /[0-9](?:st|nd|rd|th)\s+(?:cross|main)\b/gi;

function ordinalRoad(text: string, from: number): number {
  ORDINAL_ROAD.lastIndex = from;
  return ORDINAL_ROAD.test(text) ? ORDINAL_ROAD.lastIndex - 1 : -1;
}
