/**
 * Case-folded 32-bit hashes of words, computed from char codes without slicing: the name and
 * address detectors look up every capitalised word of a text in word lists, and a lookup must
 * not allocate (most words are not in any list). A hash collision (≈ 1 in 400 000 per word for a
 * list of 10 000 words) makes a word count as listed; the detectors' other conditions (a second
 * capitalised word, a house number) still have to hold.
 */
export type WordSet = ReadonlySet<number>;

/** Lower case for ASCII and Latin-1 / Latin Extended-A capitals (the letters of European names). */
export function foldCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  if (c >= 0x100 && c <= 0x17f) return foldExtA(c);
  return c;
}

/** Latin Extended-A pairs capital/small on even/odd code points, except a few ranges shifted by one. */
function foldExtA(c: number): number {
  if (c === 0x138 || c === 0x149 || c === 0x17f) return c;
  if (c === 0x178) return 0xff;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return c & 1 ? c + 1 : c;
  return c & 1 ? c : c + 1;
}

export function wordHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  // short words keep their accents: 'bà' and 'ông' are titles, 'ba' and 'ong' are not
  if (end - start < 4) {
    for (let i = start; i < end; i++) h = Math.imul(h ^ foldCode(text.charCodeAt(i)), 16777619);
    return h | 0;
  }
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c < HASH_FOLD.length ? HASH_FOLD[c] : c), 16777619);
  }
  return h | 0;
}

/**
 * What the hash of a word of four letters or more sees of each character below U+0180: lower case without diacritics
 * ('Jéssica' and 'Jessica', 'ZOÉ' and 'Zoe', 'Łukasz' and 'lukasz' hash alike), so a list needs one
 * spelling of a name and text written with or without its accents (ASCII exports, upper-case
 * records) still finds it. Built once from Unicode's canonical decompositions; letters without
 * one (ł, ø, đ, ı, ß) are mapped by hand where a base letter exists.
 */
const HASH_FOLD: Uint16Array = (() => {
  const t = new Uint16Array(0x180);
  for (let c = 0; c < t.length; c++) {
    const base = String.fromCharCode(c).normalize('NFD').charCodeAt(0);
    t[c] = base < 0x80 ? foldCode(base) : foldCode(c);
  }
  const byHand: Array<[string, string]> = [['ł', 'l'], ['Ł', 'l'], ['ø', 'o'], ['Ø', 'o'], ['đ', 'd'], ['Đ', 'd'], ['ı', 'i'], ['ħ', 'h'], ['Ħ', 'h']];
  for (const [from, to] of byHand) t[from.charCodeAt(0)] = to.charCodeAt(0);
  return t;
})();

export function hashOf(word: string): number {
  return wordHash(word, 0, word.length);
}

export function wordSet(words: Iterable<string>): Set<number> {
  const s = new Set<number>();
  // lists written over several lines split on ' ' leave a line break on a word: trimmed here
  for (const w of words) {
    const t = w.trim();
    if (t.length > 0) s.add(hashOf(t));
  }
  return s;
}
