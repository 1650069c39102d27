import type { Detector, Match, ScanContext } from './detector';
// shared with the engine: an intentional change made in both (see ../README.md)
import { notAMailbox } from '../../../../interceptors/mask/detectors/email';

/** The domain after '@' / '%40': labels and a TLD of letters, matched from a fixed position (sticky). */
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}(?![A-Za-z0-9-])|(?:com|net|org|edu|gov|info|biz|io|co|de|br|uk|fr|es|it|nl|pl|pt|in|jp|cn|ru|au|ca|mx|ar|cl|pe|id|my|th|vn|ph|sg|za|ng|ke|eg|tr|sa|ae|il|kr|tw|hk|se|no|dk|fi|ch|at|be|cz|ro|gr|hu|ie)(?=[0-9]{2}))/y;

function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + ' -
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 39 || c === 45;
}

/**
 * local@domain.tld, also URL-encoded (`%40`) as in query strings; the local part may carry %2B
 * etc. Anchored on each '@' / '%40' (found with indexOf) and expanded outwards, so the cost is
 * linear in the text and nothing runs on strings without an '@'.
 */
export const emailDetector: Detector = {
  category: 'email',
  priority: 4,
  gate: (text) => text.indexOf('@') >= 0 || text.indexOf('%40') >= 0,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let from = 0;
    while (from < text.length) {
      const at = text.indexOf('@', from);
      const enc = text.indexOf('%40', from);
      let pos: number;
      let sepLen: number;
      if (at >= 0 && (enc < 0 || at < enc)) {
        pos = at;
        sepLen = 1;
      } else if (enc >= 0) {
        pos = enc;
        sepLen = 3;
      } else break;
      from = pos + sepLen;
      let start = pos;
      while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--;
      // a '%3D'-style escape glued before the local part ('email%3Djane%40…') is not part of it
      while (start + 3 <= pos && text.charCodeAt(start) === 37 && /^%[0-9A-Fa-f]{2}/.test(text.slice(start, start + 3)) && !text.startsWith('%40', start)) start += 3;
      if (start === pos) continue;
      DOMAIN.lastIndex = pos + sepLen;
      const m = DOMAIN.exec(text);
      if (!m) continue;
      const end = pos + sepLen + m[0].length;
      from = end;
      if (sepLen === 1 && notAMailbox(text, start, pos, end, m[0])) continue;
      out.push({ start, end, category: 'email', priority: this.priority });
    }
  },
};
