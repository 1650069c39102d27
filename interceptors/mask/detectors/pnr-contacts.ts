import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Contact elements of a reservation (PNR) as GDS screens print them, one numbered line each:
 * `5 APM 48889223221/P1` (mobile), `APH`/`APB`/`APN` (home, business, notification numbers) and
 * `6 APE KATARZYNA.WOJCIK//GMAIL.COM/P1` (e-mail, '//' standing for '@'). Phones written there carry
 * no '+' or separators a phone detector could rely on, and the e-mail has no '@'. `AP` alone is
 * the agency's phone line (free text: left to the other detectors). Gate: 'AP' then M, H, B, N or E
 * after a blank (the search begins at the letters AP: one that starts with a blank stops at every blank of prose).
 */
const PRIORITY = 8;
const ELEMENT = /(?:^|[\r\n])[ \t]*\d{1,3}[ \t]+AP([MHBNE])[ \t]+([^\r\n/]+(?:\/\/[^\r\n/]+)?)/g;

function hasElement(text: string): boolean {
  for (let at = text.indexOf('AP'); at > 0; at = text.indexOf('AP', at + 2)) {
    const b = text.charCodeAt(at - 1);
    const k = text.charCodeAt(at + 2);
    if ((b === 32 || b === 9) && (k === 77 || k === 72 || k === 66 || k === 78 || k === 69)) return true;
  }
  return false;
}

export const pnrContactDetector: Detector = {
  category: 'phone',
  also: ['email'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!hasElement(text)) return;
    ELEMENT.lastIndex = 0;
    for (let m = ELEMENT.exec(text); m; m = ELEMENT.exec(text)) {
      const value = m[2].trimEnd();
      const start = m.index + m[0].length - m[2].length;
      const end = start + value.length;
      if (m[1] === 'E') {
        if (value.indexOf('//') > 0 || value.indexOf('@') > 0) out.push({ start, end, category: 'email', priority: PRIORITY });
        continue;
      }
      // the number: digits with optional '+', spaces and dashes, then anything (a name, a language code) after a space
      let e = start;
      let digits = 0;
      while (e < end) {
        const c = text.charCodeAt(e);
        if (c >= 48 && c <= 57) digits++;
        else if (!(c === 43 || c === 45 || c === 32 || c === 40 || c === 41)) break;
        e++;
      }
      while (e > start && text.charCodeAt(e - 1) === 32) e--;
      if (digits >= 7) out.push({ start, end: e, category: 'phone', priority: PRIORITY });
    }
  },
};
