import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Canadian addresses by their postal code (`H3B 4W8`: letter, digit, letter, digit, letter, digit;
 * D, F, I, O, Q and U never used, W and Z never first). With the parts before it on the same line —
 * comma-separated, back to one that is or opens with a civic number, with a street word among them
 * (`1200, boul. René-Lévesque O., bureau 410, Montréal (Québec) H3B 4W8`, `4821 Maple Avenue,
 * Toronto, ON M4C 1B5`) — the whole address is masked. A postal code alone stays, as other
 * postcodes do.
 */
// found from its first digit (digits are rare in prose, capitals are not); the letter before is checked by hand
const CA_TAIL = /\d[ABCEGHJ-NPRSTV-Z][ \u00a0-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![A-Za-z0-9])/g;
const FIRST_LETTERS = 'ABCEGHJKLMNPRSTVXY';
/** In a part, a civic number alone or before a word (`1200`, `782`, `4821 Maple Avenue`, `12-340 rue …`). */
const OPENING = /(?:^|[ \u00a0])(\d{1,6}[A-Za-z]?(?:-\d{1,6})?)(?=$|[ \u00a0]+[\p{L}\d])/u;
const STREET_WORD =
  /(?:^|[^\p{L}])(?:rue|boul|boulevard|blvd|av|avenue|ave|ch|chemin|rang|route|rte|street|st|road|rd|drive|dr|crescent|cres|croissant|way|place|pl|côte|cote|montée|montee|lane|ln|court|ct|terrace|trail|parkway|pkwy|highway|hwy|allée|impasse|square|sq|circle|cir|promenade|row|line|concession|sideroad|grove|gate|heights)(?:$|[^\p{L}])/iu;
const MAX_PARTS = 6;
const MAX_REACH = 160;
const PRIORITY = 9;

export const canadianAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 12,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    CA_TAIL.lastIndex = 0;
    for (let t = CA_TAIL.exec(text); t; t = CA_TAIL.exec(text)) {
      if (t.index < 1 || FIRST_LETTERS.indexOf(text[t.index - 1]) < 0 || isAlnum(text.charCodeAt(t.index - 2))) continue;
      const m = { index: t.index - 1, 0: text[t.index - 1] + t[0] };
      // the line before the code, cut at a colon, a semicolon or a line break
      let from = m.index;
      while (from > 0 && m.index - from < MAX_REACH) {
        const c = text.charCodeAt(from - 1);
        if (c === 10 || c === 13 || c === 58 || c === 59) break;
        from--;
      }
      const before = text.slice(from, m.index);
      const parts = before.split(',');
      let start = -1;
      for (let k = parts.length - 1, seen = 0; k >= 0 && seen < MAX_PARTS; k--, seen++) {
        const part = parts[k].trimStart();
        if (part.length === 0) continue;
        const opening = OPENING.exec(part);
        if (opening) {
          let offset = 0;
          for (let j = 0; j < k; j++) offset += parts[j].length + 1;
          start = from + offset + (parts[k].length - part.length) + opening.index + opening[0].indexOf(opening[1]);
        }
      }
      if (start < 0) continue;
      const end = m.index + m[0].length;
      if (!STREET_WORD.test(text.slice(start, m.index))) continue;
      out.push({ start, end, category: 'postal_address', priority: PRIORITY });
    }
  },
};

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
