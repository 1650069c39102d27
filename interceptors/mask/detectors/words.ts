import * as hashes from './word-hash';

const foldCode = hashes.foldCode;
const wordHash = hashes.wordHash;

/** Words of free text by char codes (no slicing): shared by the name and address detectors. */

/** End of the word (letters, apostrophes, hyphens inside) starting at `at`. */
export function wordAt(text: string, at: number): number {
  let e = at;
  while (e < text.length) {
    const c = text.charCodeAt(e);
    if (isLetter(c)) e++;
    else if ((c === 39 || c === 0x2019 || c === 45) && e > at && isLetter(text.charCodeAt(e + 1))) e++;
    else break;
  }
  return e;
}

/** Start of the word ending at `e`. */
export function wordStart(text: string, e: number): number {
  let s = e;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (isLetter(c) || ((c === 39 || c === 0x2019 || c === 45) && s - 1 > 0 && isLetter(text.charCodeAt(s - 2)))) s--;
    else break;
  }
  return s;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 160 || c === 9 || c === 10 || c === 13;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
}

/** Latin Extended Additional (Vietnamese letters with two marks) pairs capital, small: even code points are capitals. */
export function isCapital(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x100 && c <= 0x17e && foldCode(c) !== c) || c === 0x218 || c === 0x21a || (c >= 0x1e00 && c <= 0x1efe && (c & 1) === 0);
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The word helpers as one object: detectors called per character or word take module-level copies
 * (`const { wordAt } = WORD_TOOLS`), because an imported binding may be read through a getter on
 * every call (tsx, the benchmarks' loader).
 */
export const WORD_TOOLS = { foldCode, wordHash, isCapital, isLetter, isSpace, isDigitCode, wordAt, wordStart };
