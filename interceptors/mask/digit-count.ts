/** How many ASCII digits `s` holds (phones, cards and partial masks are judged by their digits). */
export function countAsciiDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
