import type { Detector, Match, ScanContext } from './detector';

/** local@domain.tld, also URL-encoded (`%40`) as in query strings; the local part may carry %2B etc. */
const EMAIL = /[A-Za-z0-9._%+'-]+(?:@|%40)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

export const emailDetector: Detector = {
  category: 'email',
  priority: 4,
  gate: (text) => text.indexOf('@') >= 0 || text.indexOf('%40') >= 0,
  find(ctx: ScanContext, out: Match[]): void {
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(ctx.text); m; m = EMAIL.exec(ctx.text)) {
      let start = m.index;
      const v = m[0];
      // a '%40' email inside a query string: do not swallow a preceding '%3D'-style escape
      if (v.startsWith('%') && /^%[0-9A-Fa-f]{2}/.test(v) && !v.startsWith('%40')) start += 3;
      out.push({ start, end: m.index + v.length, category: 'email', priority: this.priority });
    }
  },
};
