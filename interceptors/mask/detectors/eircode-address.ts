import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Irish addresses by their Eircode: a routing key (a letter of A C–F H K N P R T V–Y, a digit, a
 * digit or W: `D06`, `A65`, `D6W`), a space, and a unique identifier of four characters from the
 * same letters and digits (`K2X8`). With the lines before it on the same line — comma-separated
 * parts, the first opening with a house number (`22 Ráth Maonais Park, Rathmines, Dublin 6, D06
 * K2X8`) — the whole address is masked. An Eircode alone is a postcode and stays, as other postcodes
 * do. Irish street names need no street word (`… Park`, `… Grove`, `… Heights`), which the
 * street rules cannot rely on; the Eircode carries the decision.
 */
// the space between the two halves is required: written together the shape is an ATC drug code's (`C09AA05`, `R03AC02`)
// the look-behind after the routing key's letter, so the pattern skips to its candidates
const EIRCODE = /[AC-FHKNPRTV-Y](?<![A-Za-z0-9].)(?:\d{2}|6W)[ \u00a0][AC-FHKNPRTV-Y0-9]{4}(?![A-Za-z0-9])/g;
/** Where in a part the address opens: a house or flat number, then a capitalised word (`Deliver to 3 Harbour Row`). */
const OPENING = /(?:^|\s)((?:(?:apt|apartment|flat|unit|no\.?)\s*\d+[A-Za-z]?|\d{1,4}[A-Za-z]?)\s+\p{Lu})/iu;
const MAX_PARTS = 5;
// before the street rule's (9): an address found up to its Eircode is masked to its end, not up to its routing key
const PRIORITY = 8;

export const eircodeAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 7,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    EIRCODE.lastIndex = 0;
    for (let m = EIRCODE.exec(text); m; m = EIRCODE.exec(text)) {
      const code = m[0];
      // a unique identifier of letters only or digits only is rare; one of each kind at least
      const id = code.slice(-4);
      if (!/\d/.test(id) || !/[A-Z]/.test(id)) continue;
      let start = -1;
      // comma-separated parts before it on the same line, back to one that opens with a number
      let p = m.index;
      // the Eircode may end the last part, after the town or county (`…, Ballincollig, Co. Cork P31 X2Y4`):
      // that part is walked over like the others (it opens with a number only in a one-part address)
      const glued = sameLinePartStart(text, m.index);
      if (glued >= 0) {
        const part = text.slice(glued, m.index);
        const opening = OPENING.exec(part);
        if (opening) start = glued + opening.index + opening[0].indexOf(opening[1]);
        else p = glued;
      }
      for (let k = 0; k < MAX_PARTS && start < 0; k++) {
        let q = p;
        while (q > 0 && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 160)) q--;
        if (q === 0 || text.charCodeAt(q - 1) !== 44) break;
        const partEnd = q - 1;
        let s = partEnd;
        while (s > 0 && text.charCodeAt(s - 1) !== 44 && text.charCodeAt(s - 1) !== 10 && text.charCodeAt(s - 1) !== 58 && text.charCodeAt(s - 1) !== 59 && partEnd - s < 48) s--;
        const part = text.slice(s, partEnd).trimStart();
        const partStart = partEnd - part.length;
        if (part.length === 0) break;
        const opening = OPENING.exec(part);
        if (opening) {
          start = partStart + opening.index + opening[0].indexOf(opening[1]);
          break;
        }
        p = partStart;
      }
      // an Eircode alone is a postcode, which the corpus convention (and a postcode field) leaves as it is
      if (start >= 0) out.push({ start, end: m.index + code.length, category: 'postal_address', priority: PRIORITY });
    }
  },
};

/**
 * Start of the words right before an Eircode in its own comma-separated part (`Co. Cork` of
 * `…, Co. Cork P31 X2Y4`), when a comma opens that part on the same line; -1 when a comma (or
 * nothing) stands right before the Eircode, or the part is longer than a town and a county.
 */
function sameLinePartStart(text: string, at: number): number {
  let q = at;
  while (q > 0 && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 160)) q--;
  if (q === at || q === 0 || text.charCodeAt(q - 1) === 44) return -1;
  let s = q;
  while (s > 0 && q - s < 32) {
    const c = text.charCodeAt(s - 1);
    if (c === 44 || c === 10 || c === 13 || c === 58 || c === 59) break;
    s--;
  }
  if (s === 0 || text.charCodeAt(s - 1) !== 44) return -1;
  while (s < q && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 160)) s++;
  return s < q ? s : -1;
}
