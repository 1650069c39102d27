import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { compileCues } from '../cue-grams';

/**
 * Addresses in free text without a label, written as a chain of comma-separated parts that opens
 * with the dwelling, in any case (`flat 302, sai kripa apts, baner road, pune 411045`, `Blk 12 Lot
 * 8, Phase 2, Brgy. San Isidro, Antipolo City, Rizal`, `#45 Sampaguita St., Brgy. Malanday, Marikina
 * City`, `H.No. 42, Gali No. 3, Shastri Nagar, Meerut 250004`, `ward no. 7, gram Chandpur, distt.
 * Rampur 244921`, `RR 2 Box 118, Powell, WY 82435`).
 *
 * The opening part names a unit, a lot or a rural route with its number — words that say
 * "dwelling" in the Philippines, South Asia, the Americas and Europe (`flat`, `apt`, `blk`, `lot`,
 * `h.no.`, `ward no.`, `plot`, `#45`, `rr 2 box 118`, `bl.`, `ap.`); at least two more parts must
 * follow, the last of them ending the chain (a postcode, the end of the clause). A list of things
 * with numbers (`qty 3, red, large`) has no such opening word.
 */
const OPENING =
  /(?<![\p{L}\p{N}])(?:(?:flat|apt|apartment|unit|suite|villa|blk|block|lot|plot|house\s+no|h\.\s?no|ward\s+no|door\s+no|bldg)\.?\s*(?:no\.?\s*)?#?\d{1,5}[a-z]?(?:[-/]\d{1,4}[a-z]?)?|#\d{1,5}[a-z]?(?=\s+\p{L})|(?:rr|r\.r\.|hc|rural\s+route)\s*\d{1,3}\s+box\s+\d{1,5})(?![\p{L}\p{N}])/giu;
/** One comma-separated part after the opening: up to six words of letters, digits and address punctuation. */
const PART = /,[ \u00a0]*((?:[\p{L}\p{N}#'’./-]+)(?:[ \u00a0]+[\p{L}\p{N}#'’./-]+){0,5})/uy;
/** A postcode (4 to 6 digits, a US ZIP+4) or a US state and ZIP at the end of a part. */
const POSTCODE_END = /(?:^|[ \u00a0])(?:\d{4,6}|\d{5}-\d{4}|[A-Z]{2}[ \u00a0]+\d{5}(?:-\d{4})?)$/;
/** A postcode followed by more words inside one part. */
const POSTCODE_INSIDE = /(?<=^|[ \u00a0])(?:[A-Za-z][\p{L}.'’-]*[ \u00a0]+)+\d{4,6}(?=[ \u00a0]+\p{L})/u;
/** Words that end the chain: the sentence goes on (`pune 411045 pls`, `lagos wants`). */
const CLAUSE_WORDS = /^(?:pls|please|thanks|thank|and|but|or|asap|today|tomorrow|tmrw|by|before|after|when|if|near)$/i;
/** Words that make a chain a place: street types, areas and administrative units of the regions this detector reads. */
const PLACE_WORD =
  /(?<![\p{L}])(?:st|street|rd|road|ave|avenue|lane|ln|drive|dr|way|marg|path|nagar|colony|layout|enclave|sector|phase|block|apts|apartments?|tower|heights|residency|society|soc|city|town|village|vill|gram|tehsil|teh|distt?|district|brgy|barangay|bgy|subd|subdivision|purok|sitio|poblacion|province|prov|state|county|ward|mandal|taluk|po|ps|chowk|bazar|bazaar|mohalla|gali|near|opp|behind|estate|compound|cres|crescent|close|court|ct|blvd|boulevard|hwy|highway|sos|șos|str|bd|calea|aleea|bl|sc|ap)(?![\p{L}])/iu;
const PRIORITY = 9;
const MAX_PARTS = 6;
/** OPENING's words, each after a character that is no letter or digit (its other opening is '#', looked for apart). */
const OPENING_CUES = compileCues([' flat', ' apt', ' apartment', ' unit', ' suite', ' villa', ' blk', ' block', ' lot', ' plot', ' house', ' h ', ' ward', ' door', ' bldg', ' rr ', ' r r ', ' hc ', ' rural']);

export const addressChainDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 14,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf(',') < 0) return;
    if (!ctx.mayHoldCue(OPENING_CUES) && text.indexOf('#') < 0) return;
    // an opening is followed by a comma within 48 characters: only the stretches before commas are searched
    // (the opening words begin with a dozen common letters: a search of the whole text cost ~6 µs per KiB)
    let searched = 0;
    for (let c = text.indexOf(','); c >= 0; c = text.indexOf(',', c + 1)) {
      const from = Math.max(searched, c - 56);
      searched = c;
      const window = text.slice(from, c);
      OPENING.lastIndex = 0;
      let m = OPENING.exec(window);
      // the look-behind cannot see before the window: a word cut at its start is not an opening
      if (m && m.index === 0 && from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1])) m = OPENING.exec(window);
      if (!m) continue;
      const start = from + m.index;
      // the opening part runs to its comma (`#45 Sampaguita St.`, `Blk 12 Lot 8`): at most six more words
      let at = start + m[0].length;
      const comma = c;
      if (comma < 0 || comma - at > 48 || /[\n;!?"]/.test(text.slice(at, comma))) continue;
      at = comma;
      let parts = 1;
      let end = comma;
      let postcode = false;
      // parts that name a place (a word of three letters or more), not a list of numbers (`unit 4, 5, 6`)
      let named = 0;
      while (parts < MAX_PARTS + 1) {
        PART.lastIndex = at;
        const p = PART.exec(text);
        if (!p) break;
        let value = p[1];
        // the clause goes on inside the part: the chain ends before that word
        const words = value.split(/[ \u00a0]+/);
        const cut = words.findIndex((w, i) => i > 0 && CLAUSE_WORDS.test(w));
        if (cut > 0) value = words.slice(0, cut).join(' ');
        if (CLAUSE_WORDS.test(words[0])) break;
        parts++;
        if (/\p{L}{3}/u.test(value)) named++;
        end = PART.lastIndex - p[1].length + value.length;
        if (POSTCODE_END.test(value.replace(/[.,]+$/, ''))) {
          postcode = true;
          if (!/\p{L}{3}/u.test(value)) named++;
          break;
        }
        // a postcode inside the part, then the sentence goes on (`Hyderabad 500033 hai, …`): the chain ends after it
        const inner = POSTCODE_INSIDE.exec(value);
        if (inner) {
          end = PART.lastIndex - p[1].length + inner.index + inner[0].length;
          postcode = true;
          if (!/\p{L}{3}/u.test(value)) named++;
          break;
        }
        if (cut > 0) break;
        // a part that ends its sentence ends the chain (`… Rizal. Call me`)
        const after = text.charCodeAt(PART.lastIndex);
        if (after !== 44) break;
        at = PART.lastIndex;
      }
      if ((parts < 3 && !(parts >= 2 && postcode)) || named < Math.min(2, parts - 1)) continue;
      // a place: a postcode, or a street, area or administrative word somewhere in the chain (`lot 5, lot 6, lot 7 sold` is none)
      if (!postcode && !PLACE_WORD.test(text.slice(start, end))) continue;
      while (end > start && /[\s.,]/.test(text[end - 1])) end--;
      out.push({ start, end, category: 'postal_address', priority: PRIORITY });
      searched = end;
      const next = text.indexOf(',', end);
      if (next < 0) break;
      c = next - 1;
    }
  },
};
