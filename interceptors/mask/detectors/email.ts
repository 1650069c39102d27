import type { Detector, Match, ScanContext } from './detector';

/**
 * The domain after '@' / '%40': labels and a TLD of letters, matched from a fixed position (sticky).
 * A common TLD glued to two digits or more ends there: an address inside a fixed-width or TLV record
 * (`…@hotmail.com5204…` of a Pix QR whose lengths are off) is the address up to its TLD.
 */
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}(?![A-Za-z0-9-])|(?:com|net|org|edu|gov|info|biz|io|co|de|br|uk|fr|es|it|nl|pl|pt|in|jp|cn|ru|au|ca|mx|ar|cl|pe|id|my|th|vn|ph|sg|za|ng|ke|eg|tr|sa|ae|il|kr|tw|hk|se|no|dk|fi|ch|at|be|cz|ro|gr|hu|ie)(?=[0-9]{2}))/y;

function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + ' -
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 39 || c === 45;
}

/** Calendar resources and group calendars: ids of shared calendars, not anyone's mailbox. */
const CALENDAR_DOMAIN = /(?:^|\.)(?:group|resource)\.calendar\.google\.com$/i;

/**
 * A local part a machine made: hex with dashes (UUIDs, digests) or a run of letters and digits
 * with at least four digits and no separator a person's address would have ('.', '_', '+').
 */
function machineLocal(local: string): boolean {
  if (local.length < 8) return false;
  let digits = 0;
  let hex = true;
  // letter↔digit alternations: a person's 'jsmith1982' has one, a generated 'KFAKP7IF7PM1' many
  let switches = 0;
  let wasDigit = false;
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit) digits++;
    else if (c === 46 || c === 95 || c === 43 || c === 39 || c === 37) return false;
    else if (!((c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45)) hex = false;
    if (i > 0 && digit !== wasDigit && c !== 45) switches++;
    wasDigit = digit;
  }
  if (hex) return digits >= 2 && switches >= 2;
  return switches >= 4;
}

/**
 * Address-shaped strings that name no person:
 * - a Message-ID / In-Reply-To / Content-ID in angle brackets whose local part a machine made
 *   (`<71e30b81640f@mail.example.fr>`, `<CAF8x2kQ9…@mail.gmail.com>`); a person's address in
 *   brackets (`Jane <jane.doe@x.org>`) keeps a readable local part and is still found;
 * - an SSH remote (`git@github.com:org/repo.git`): the user is the service's, not a person;
 * - a shared calendar's id (`…@group.calendar.google.com`), an iCalendar event's `UID:`.
 */
export function notAMailbox(text: string, start: number, at: number, end: number, domain: string): boolean {
  const local = text.slice(start, at);
  if (local === 'git' && text.charCodeAt(end) === 58 /* : */) return true;
  if (CALENDAR_DOMAIN.test(domain)) return true;
  // an iCalendar event's UID (`UID:f705c8e1…@google.com`) names the event, not a mailbox
  if (start >= 4 && text.charCodeAt(start - 1) === 58 && /(?:^|[\r\n])UID:$/i.test(text.slice(Math.max(0, start - 6), start))) return true;
  return start > 0 && text.charCodeAt(start - 1) === 60 /* < */ && text.charCodeAt(end) === 62 /* > */ && machineLocal(local);
}

/**
 * local@domain.tld, also URL-encoded (`%40`) as in query strings; the local part may carry %2B
 * etc. Anchored on each '@' / '%40' (found with indexOf) and expanded outwards, so the cost is
 * linear in the text and nothing runs on strings without an '@'.
 */
export const emailDetector: Detector = {
  category: 'email',
  priority: 4,
  anchor: 'at',
  minLength: 6,
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
