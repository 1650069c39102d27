import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';
import { wordHash } from './word-hash';
import { isLetter } from './words';

/**
 * A chat turn that says who is speaking ('Hi Babatunde, Abubakar here. How can I help?', 'Jessica
 * here, following up'): a given name of the common list — or a given name of the wide list and a
 * family name — right before ' here', at the start of the text, a line or a sentence, or after a
 * comma. Read from the capitalised words the candidate pass found, so text costs nothing more.
 */
const PRIORITY = 12;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

export const hereNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'capitalWord',
  needs: TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const caps = ctx.capitalWords();
    for (let k = 0; k < caps.length; k += 2) {
      const s = caps[k];
      const e = caps[k + 1];
      // ' here' then not a letter ('there', 'heresy')
      if (text.charCodeAt(e) !== 32 || text.charCodeAt(e + 1) !== 104 || text.charCodeAt(e + 2) !== 101 || text.charCodeAt(e + 3) !== 114 || text.charCodeAt(e + 4) !== 101 || isLetter(text.charCodeAt(e + 5))) continue;
      let start = s;
      let p = s;
      while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
      // 'Abubakar Sadiq here': a wide-list given name before the family name
      if (k >= 2 && caps[k - 1] === p && p < s && wideGivenNameSet().has(wordHash(text, caps[k - 2], caps[k - 1]))) {
        start = caps[k - 2];
        p = start;
        while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
      } else if (!givenNameSet().has(wordHash(text, s, e))) continue; // one word: the common list ('Rome here' is a place)
      const b = p === 0 ? -1 : text.charCodeAt(p - 1);
      if (!(p === 0 || b === 10 || b === 13 || b === 44 || b === 46 || b === 33 || b === 63)) continue;
      out.push({ start, end: e, category: 'person_name', priority: PRIORITY });
    }
  },
};
