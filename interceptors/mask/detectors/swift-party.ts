import { looksLikeOrganisation } from '../map-keys';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The ordering customer and the beneficiary of a SWIFT MT message (fields 50K/50F and 59/59F of
 * an MT103's block 4, a line of its own, with the :20: reference in the same text): after the tag, an optional account line (`/TR44…`), then the party's name
 * on one line and its address on up to three more, until the next `:tag:` line. In the F options
 * the lines are numbered: `1/` the name, `2/` the address, `3/` country and town. The name is a
 * person's unless it is an organisation's (a legal form or a business noun); the address lines
 * are a postal address either way.
 */
const PARTY = /:(50K|50F|59|59F):/g;
const PRIORITY = 5;

export const swiftPartyDetector: Detector = {
  category: 'person_name',
  also: ['postal_address'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // a block 4 always carries the sender's reference (:20:) on a line of its own
    if ((text.indexOf(':50') < 0 && text.indexOf(':59') < 0) || !/(?:^|\n):20:/.test(text)) return;
    PARTY.lastIndex = 0;
    for (let m = PARTY.exec(text); m; m = PARTY.exec(text)) {
      // a field tag opens a line ('03:59:54' in a timestamp is no tag)
      const before = m.index === 0 ? 10 : text.charCodeAt(m.index - 1);
      if (before !== 10 && before !== 13) continue;
      let at = PARTY.lastIndex;
      // the account line
      if (text.charCodeAt(at) === 47) {
        const nl = text.indexOf('\n', at);
        if (nl < 0) continue;
        at = nl + 1;
      }
      const numbered = m[1].endsWith('F');
      for (let n = 0; n < 4 && at < text.length; n++) {
        let end = text.indexOf('\n', at);
        if (end < 0) end = text.length;
        let s = at;
        let e = end;
        if (text.charCodeAt(e - 1) === 13) e--;
        // the next field starts a line with ':' ('\n:70:'), the block ends with '-}'
        if (text.charCodeAt(s) === 58 || text.startsWith('-}', s)) break;
        let category: 'person_name' | 'postal_address' = n === 0 ? 'person_name' : 'postal_address';
        if (numbered && /^[1-8]\//.test(text.slice(s, s + 2))) {
          category = text.charCodeAt(s) === 49 ? 'person_name' : 'postal_address';
          s += 2;
        }
        while (s < e && text.charCodeAt(s) === 32) s++;
        while (e > s && text.charCodeAt(e - 1) === 32) e--;
        if (e > s && !(category === 'person_name' && looksLikeOrganisation(text.slice(s, e)))) out.push({ start: s, end: e, category, priority: PRIORITY });
        at = end + 1;
      }
    }
  },
};
