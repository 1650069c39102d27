import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { wordSet } from './word-hash';
import { WORD_TOOLS } from './words';

const { wordHash } = WORD_TOOLS;

/**
 * Addresses that open with the dwelling instead of a street and a house number, as the Gulf,
 * East Africa, South Asia and British house names write them:
 * - a unit and its number, then the building, the area and the city:
 *   `Apt 215, Marina Heights Tower, Dubai Marina, Dubai`, `Villa 68, Street 27b, Al Barsha 2, Dubai`;
 * - a street without a house number, then a unit: `Nyali Road, Apt A22, Mombasa`;
 * - a house name, then its street: `The Old Rectory, Church Lane`, `Rose Cottage, Mill Lane, Ashby`.
 * Found from the capitalised words of the one pass (the unit or house word); two comma-separated
 * parts must follow a unit (one of them naming a building, an area or a street, or holding a
 * number), and a house name must be followed by a street.
 */
const UNIT_WORDS = wordSet(`apt apartment flat unit suite villa office shop plot house`.split(' '));
/** The unit's number: `215`, `A22`, `#4`, `No. 12`, `12B`. */
const UNIT_NUMBER = /\.?[ \u00a0]*(?:no\.?[ \u00a0]*)?#?[A-Z]?[0-9]{1,5}[A-Za-z]?(?![A-Za-z0-9])/iy;
/** One comma-separated part: one to four words, each capitalised or a number (`Street 27b`, `Al Barsha 2`, `Dubai Marina`). */
const PART = /,[ \u00a0]*((?:[A-Z\u00c0-\u00de][\p{L}'’.-]*|[0-9]{1,4}[A-Za-z]?)(?:[ \u00a0](?:[A-Z\u00c0-\u00de][\p{L}'’.-]*|[0-9]{1,4}[A-Za-z]?|al|el|de|la|of)){0,3})/uy;
/** Words that make a part a building, an area or a street. */
const PLACE_WORDS = wordSet(
  `tower towers heights residence residences residency building bldg court house plaza gardens garden marina park estate block sector
   street st road rd avenue ave lane ln drive close way crescent terrace square mews hill village compound complex centre center
   mall city district quarter phase colony nagar layout enclave apartments mansion villas`.split(/\s+/),
);
/** Words that end a British house name ('The Old Rectory', 'Rose Cottage', 'Meadow View'). */
const HOUSE_NAME_WORDS = wordSet(
  `rectory vicarage parsonage cottage cottages lodge farmhouse farm manor mill barn granary grange hall house oast coachhouse stables chapel schoolhouse view croft bungalow`.split(' '),
);
const STREET_AFTER = /,[ \u00a0]*(?:[A-Z][\p{L}'’-]*[ \u00a0]){1,3}(?:Lane|Road|Street|Avenue|Close|Way|Drive|Green|Hill|Row|Crescent|Terrace|Gardens|Place|Square|Walk|Mews|End|Court)(?![\p{L}])/uy;
const PRIORITY = 9;

export const unitAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'capitalWord',
  needs: TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf(',') < 0) return;
    const caps = ctx.capitalWords();
    let doneTo = -1;
    for (let k = 0; k < caps.length; k += 2) {
      const s = caps[k];
      const e = caps[k + 1];
      if (s < doneTo) continue;
      const h = wordHash(text, s, e);
      if (UNIT_WORDS.has(h)) {
        UNIT_NUMBER.lastIndex = e;
        if (!UNIT_NUMBER.test(text)) continue;
        let at = UNIT_NUMBER.lastIndex;
        let parts = 0;
        let placeLike = false;
        for (let n = 0; n < 4; n++) {
          PART.lastIndex = at;
          const m = PART.exec(text);
          if (!m) break;
          parts++;
          if (/[0-9]/.test(m[1]) || hasPlaceWord(m[1])) placeLike = true;
          at = PART.lastIndex;
        }
        const start = streetBefore(text, s);
        if (!((parts >= 2 && placeLike) || (start < s && parts >= 1))) continue;
        out.push({ start, end: at, category: 'postal_address', priority: PRIORITY });
        doneTo = at;
      } else if (HOUSE_NAME_WORDS.has(h) && text.charCodeAt(e) === 44) {
        STREET_AFTER.lastIndex = e;
        if (!STREET_AFTER.test(text)) continue;
        const start = houseNameStart(text, s);
        if (start < 0) continue;
        out.push({ start, end: STREET_AFTER.lastIndex, category: 'postal_address', priority: PRIORITY });
        doneTo = STREET_AFTER.lastIndex;
      }
    }
  },
};

function hasPlaceWord(part: string): boolean {
  for (const w of part.split(/[ \u00a0]+/)) if (PLACE_WORDS.has(wordHash(w, 0, w.length))) return true;
  return false;
}

/** A street named right before the unit ('Nyali Road, Apt A22'): its start, else `s`. */
const STREET_BEFORE = /(?:^|[^\p{L}])((?:[A-Z][\p{L}'’-]*[ \u00a0]){1,3}(?:Road|Street|Avenue|Lane|Drive|Close|Way|Rd|St|Ave))[ \u00a0]*,[ \u00a0]*$/u;
function streetBefore(text: string, s: number): number {
  if (s < 8) return s;
  const head = text.slice(Math.max(0, s - 60), s);
  const m = STREET_BEFORE.exec(head);
  return m ? s - head.length + m.index + m[0].indexOf(m[1]) : s;
}

/** Start of a house name ending at the house word at `s`: one or two capitalised words before it, maybe after 'The'. */
function houseNameStart(text: string, s: number): number {
  let start = s;
  for (let n = 0; n < 3; n++) {
    let p = start;
    if (text.charCodeAt(p - 1) !== 32) break;
    p--;
    let w = p;
    while (w > 0 && /[\p{L}'’-]/u.test(text[w - 1])) w--;
    if (w === p) break;
    const c = text.charCodeAt(w);
    if (!(c >= 65 && c <= 90)) break;
    start = w;
  }
  // 'Cottage, Mill Lane' alone is no house name: a word before the house word
  return start < s ? start : -1;
}
