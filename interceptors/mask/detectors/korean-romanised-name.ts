import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * A Korean name written in Latin letters, given name joined by a hyphen, next to a Korean family
 * name: `Su-a Lee`, `Lee Min-jun`, `Ji-woo KIM`, `Park Seo-yeon`. Romanised given names are two
 * syllables joined by a hyphen, often with the second in lower case, which the capitalised-word
 * rules and the given-name lists do not know; the family names are few (a few dozen cover most
 * people). Both orders occur: Korean order in Korean systems, Western order abroad. Each half
 * of the given name must be a syllable of the Revised Romanization or McCune–Reischauer shape
 * (initial consonants, a vowel, an optional final), so `Co-op Kim` does not fire on `op`'s shape
 * alone — both words must also be capitalised and stand apart from other letters.
 */
const FAMILY_NAMES: ReadonlySet<string> = new Set(
  'kim lee yi rhee park pak bak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo suh shin sin kwon hwang ahn song yoo ryu hong jeon chun ko moon mun yang son sohn bae baek paik heo hur nam noh roh kwak seong sung cha joo woo min koo byun eom chae won bang gong hyun ham yeo pyo seok shim tak gil'.split(' '),
);
/** One romanised syllable: an initial of the romanisation tables (no lone `c`, `f`, `v`, `x`, `z`), a vowel, an optional final. */
const SYLLABLE = /^(?:kk|tt|pp|ss|jj|ch|sh|g|k|n|d|t|r|l|m|b|p|s|j|h|w|y)?(?:ae|ya|yae|eo|yeo|ye|wa|wae|oe|yo|wo|weo|we|wi|yu|eu|ui|ee|oo|ou|a|e|o|u|i)(?:ng|n|k|l|m|p|t)?$/i;
const PRIORITY = 12;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
/** A family name as a word: capitalised or all capitals, in the list. */
function isFamilyName(w: string): boolean {
  if (w.length < 2 || !isUpper(w.charCodeAt(0))) return false;
  const lower = w.toLowerCase();
  if (w !== lower[0].toUpperCase() + lower.slice(1) && w !== w.toUpperCase()) return false;
  return FAMILY_NAMES.has(lower);
}

export const koreanRomanisedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 7,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const n = text.length;
    for (let h = text.indexOf('-', 2); h >= 0 && h < n - 1; h = text.indexOf('-', h + 1)) {
      // the given name: letters, the hyphen, letters; capitalised, nothing glued to it
      if (!isLetter(text.charCodeAt(h - 1)) || !isLetter(text.charCodeAt(h + 1))) continue;
      let s = h - 1;
      while (s > 0 && isLetter(text.charCodeAt(s - 1))) s--;
      let e = h + 1;
      while (e < n && isLetter(text.charCodeAt(e))) e++;
      if (!isUpper(text.charCodeAt(s)) || (s > 0 && !isBoundary(text.charCodeAt(s - 1))) || (e < n && !isBoundary(text.charCodeAt(e)))) continue;
      if (h - s > 5 || e - h - 1 > 5 || !SYLLABLE.test(text.slice(s, h)) || !SYLLABLE.test(text.slice(h + 1, e))) continue;
      // the family name, after (`Su-a Lee`) or before (`Lee Min-jun`), one space away
      let start = -1;
      let end = -1;
      if (text.charCodeAt(e) === 32) {
        let we = e + 1;
        while (we < n && isLetter(text.charCodeAt(we))) we++;
        if ((we === n || isBoundary(text.charCodeAt(we))) && isFamilyName(text.slice(e + 1, we))) {
          start = s;
          end = we;
        }
      }
      if (start < 0 && s >= 3 && text.charCodeAt(s - 1) === 32) {
        let ws = s - 1;
        while (ws > 0 && isLetter(text.charCodeAt(ws - 1))) ws--;
        if ((ws === 0 || isBoundary(text.charCodeAt(ws - 1))) && isFamilyName(text.slice(ws, s - 1))) {
          start = ws;
          end = e;
        }
      }
      if (start >= 0) out.push({ start, end, category: 'person_name', priority: PRIORITY });
      h = e;
    }
  },
};

/** Not a letter, digit, hyphen or apostrophe: the name stands apart. */
function isBoundary(c: number): boolean {
  return !(isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 39 || c === 0x2019 || c === 95 || c >= 0xc0);
}
