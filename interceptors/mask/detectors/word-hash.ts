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
  for (let i = start; i < end; i++) h = Math.imul(h ^ foldCode(text.charCodeAt(i)), 16777619);
  return h | 0;
}

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
