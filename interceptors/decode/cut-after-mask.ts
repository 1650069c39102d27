/**
 * Cutting a long string to the payload budget without exposing a value the cut falls into.
 * The masker gets the part that will be kept plus a margin, so a card, an e-mail or an IBAN
 * that straddles the cut is seen whole and masked before anything is cut. A token that runs on
 * past the margin (a 90 KiB JWT, a long key) was seen only in part — the masker may not have
 * recognised it — so that token is dropped from what is kept: part of a secret is a secret.
 */
export const MASK_MARGIN = 1024;

function safeEnd(s: string, end: number): number {
  if (end <= 0) return 0;
  if (end >= s.length) return s.length;
  const c = s.charCodeAt(end - 1);
  return c >= 0xd800 && c <= 0xdbff ? end - 1 : end; // never split a surrogate pair
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

/** The prefix of `text` to mask when `room` characters of it will be kept. */
export function maskWindow(text: string, room: number): string {
  return text.slice(0, safeEnd(text, Math.max(0, room) + MASK_MARGIN));
}

/**
 * Cuts the masked window of `original` to `room` characters. `windowLength` is the length of the
 * window that was masked; when it ends inside a token that goes on, that token is dropped first.
 */
export function cutMasked(masked: string, room: number, original: string, windowLength: number): string {
  let m = masked;
  if (original.length > windowLength && windowLength > 0 && !isSpace(original.charCodeAt(windowLength)) && !isSpace(original.charCodeAt(windowLength - 1))) {
    let end = m.length;
    while (end > 0 && !isSpace(m.charCodeAt(end - 1))) end--;
    m = m.slice(0, end);
  }
  return m.length > room ? m.slice(0, safeEnd(m, Math.max(0, room))) : m;
}
