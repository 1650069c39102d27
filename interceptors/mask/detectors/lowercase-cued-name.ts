import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { wideGivenNameSet } from './name-gazetteer';
import { WORD_TOOLS } from './words';

const { wordHash } = WORD_TOOLS;

/**
 * A given name typed in lower case after a title, a kinship word or a role, in text typed all in
 * lower case — search queries, chat and speech-to-text (`dr şahin diş hekimi`, `pemilik bu dewi`,
 * `resident niamh refused breakfast`, `my mum siobhan`). Without capitals person-name.ts sees
 * nothing, so this reads the word after such a cue and takes it when the multilingual given-name
 * list knows it. Only the given name is taken: what follows a lower-case name is as often the
 * sentence going on (`niamh refused`) as a family name. Runs only on text without an ASCII
 * capital (one class test), so ordinary text pays nothing.
 */
// \b and a plain space rather than a look-behind and \p{Ll}: tried at every position of lower-case
// prose, the look-behind form cost 2 µs per KiB, this one 1.1 (the character after is checked by hand)
const CUE =
  /\b(?:dr|mr|mrs|ms|miss|mx|bu|ibu|pak|bapak|sr|sra|srta|don|doña|herr|frau|sig|signora|mme|mlle|son|daughter|wife|husband|mum|mom|mother|dad|father|brother|sister|grandson|granddaughter|nephew|niece|resident|patient|pt|nok|client|customer|owner|pemilik|landlord|tenant|caller|driver|courier|nurse|doctor|hijo|hija|esposa|esposo|madre|padre|filho|filha|sohn|tochter|mann)\.? /g;
const PRIORITY = 13;

function isNameLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0x24f && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff) || c === 39 || c === 0x2019;
}

export const lowercaseCuedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.hasAnyClass(TEXT_CLASS.upper)) return;
    const text = ctx.text;
    const names = wideGivenNameSet();
    CUE.lastIndex = 0;
    for (let m = CUE.exec(text); m; m = CUE.exec(text)) {
      const start = m.index + m[0].length;
      // \b took a letter outside ASCII for a boundary ('açaí dr'): the cue must stand apart
      if (m.index > 0 && isNameLetter(text.charCodeAt(m.index - 1))) continue;
      let end = start;
      while (end < text.length && isNameLetter(text.charCodeAt(end))) end++;
      if (end - start < 3 || (end < text.length && /[\p{L}\p{N}]/u.test(text[end]))) continue;
      // a possessive ('my mum siobhan's place'): the name without its 's
      if (end - start > 4 && text.charCodeAt(end - 1) === 115 && (text.charCodeAt(end - 2) === 39 || text.charCodeAt(end - 2) === 0x2019)) end -= 2;
      if (names.has(wordHash(text, start, end))) out.push({ start, end, category: 'person_name', priority: PRIORITY });
      CUE.lastIndex = end;
    }
  },
};
