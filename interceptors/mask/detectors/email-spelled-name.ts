import type { Detector, Match, ScanContext } from './detector';

/**
 * A person's name written next to the e-mail address that spells it, in whatever case:
 * `jake morrison (jake.morrison+billing@example.com)`, `priya nair <pnair@…>`,
 * `Contact: maria garcia, maria_garcia@…`. Lower-case names have no capital for person-name.ts to
 * start from, but the address beside them says they are a name: the two or three words right
 * before it (across `(`, `<`, `"`, `,`, `:`, `-` and spaces) are a name when the local part —
 * without its `+tag`, letters only, ignoring case — is their concatenation (`jakemorrison`,
 * `jake.morrison`), first initial + last (`jmorrison`), first + last initial (`jakem`), or
 * last + first (`morrison.jake`). Words of two letters or more, letters only, so an address
 * never turns a phrase like `send to billing (billing@…)` into a name (one word is not enough).
 */
const MAX_WORDS = 3;
const PRIORITY = 13;

export const emailSpelledNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'at',
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      // the local part, read backwards from the at sign
      let ls = at;
      while (ls > 0 && isLocalChar(text.charCodeAt(ls - 1))) ls--;
      if (at - ls < 4) continue;
      let local = text.slice(ls, at);
      const plus = local.indexOf('+');
      if (plus >= 0) local = local.slice(0, plus);
      const key = lettersOf(local);
      if (key.length < 4) continue;
      // the words before the address, over the punctuation that opens it
      let p = ls;
      while (p > 0 && isGap(text.charCodeAt(p - 1))) p--;
      if (p === ls) continue;
      const words: Array<[number, number]> = [];
      while (words.length < MAX_WORDS && p > 0) {
        let s = p;
        while (s > 0 && isLetter(text.charCodeAt(s - 1))) s--;
        if (s === p || p - s < 2) break;
        // a word glued to something other than a space (an id, a path) is not a name part
        if (s > 0 && !isSpace(text.charCodeAt(s - 1)) && !isOpening(text.charCodeAt(s - 1))) break;
        words.unshift([s, p]);
        if (s === 0 || !isSpace(text.charCodeAt(s - 1))) break;
        p = s;
        while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
      }
      // the longest run of words ending at the address that the local part spells
      for (let k = 0; k + 1 < words.length; k++) {
        const parts = words.slice(k).map(([s, e]) => text.slice(s, e).toLowerCase());
        if (spells(key, parts)) {
          out.push({ start: words[k][0], end: words[words.length - 1][1], category: 'person_name', priority: PRIORITY });
          break;
        }
      }
    }
  },
};

function spells(key: string, parts: readonly string[]): boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  const all = parts.join('');
  return key === all || key === first[0] + last || key === first + last[0] || key === last + first || key === first[0] + parts.slice(1).join('');
}

function lettersOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 95 || c === 45) continue;
    if (!isLetter(c)) return '';
    out += s[i];
  }
  return out.toLowerCase();
}

function isLocalChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 43 || c === 45;
}

/** ASCII letters and the Latin letters with diacritics (`zoé`, `nowak`, `kieślowska`). */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 160 || c === 9;
}

function isOpening(c: number): boolean {
  return c === 40 || c === 60 || c === 34 || c === 39 || c === 58 || c === 44 || c === 91;
}

/** Between the name and its address: spaces and the punctuation that opens or introduces it. */
function isGap(c: number): boolean {
  return isSpace(c) || c === 40 || c === 60 || c === 34 || c === 39 || c === 44 || c === 58 || c === 45 || c === 91 || c === 8212 || c === 8211;
}
