import type { Detector, Match, ScanContext } from './detector';

/**
 * The common name of an iCalendar organizer or attendee (RFC 5545 CN parameter):
 * `ORGANIZER;CN="Geneviève Gagnon":mailto:…`, `ATTENDEE;…;CN=山田太郎:mailto:…` — the person's
 * name, whatever its script; the address after `mailto:` is left to the e-mail detector. And the
 * event's LOCATION when it is an address (a number and a comma: `LOCATION:Calle de Alcalá 48\\,
 * Madrid`, not `LOCATION:Room 4`).
 */
const ICS_LOCATION = /(?:^|\r\n|\n|\\r\\n|\\n)LOCATION(?:;[^:\r\n]*)?:/g;
const ICS_CN = /;CN=(?:"([^"\r\n]{1,80})"|([^";:\r\n]{1,80}))(?=[;:])/g;

export const calendarNameDetector: Detector = {
  category: 'person_name',
  also: ['postal_address'],
  priority: 3,
  anchor: 'colon',
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const cn = text.indexOf(';CN=') >= 0;
    if (!cn && text.indexOf('LOCATION') < 0) return;
    // LOCATION: a place, which is an address when it holds a number and a comma ('LOCATION:渋谷区神南1-20-5\\, 東京都')
    ICS_LOCATION.lastIndex = 0;
    for (let m = ICS_LOCATION.exec(text); m; m = ICS_LOCATION.exec(text)) {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 10 && !(text.charCodeAt(end) === 92 && (text[end + 1] === 'r' || text[end + 1] === 'n'))) end++;
      // a number and a comma: 'Room 4' or 'Main hall' is a place, not an address
      const value = text.slice(start, end);
      if (/\d/.test(value) && value.indexOf(',') > 0) out.push({ start, end, category: 'postal_address', priority: 3 });
    }
    if (!cn) return;
    ICS_CN.lastIndex = 0;
    for (let m = ICS_CN.exec(text); m; m = ICS_CN.exec(text)) {
      const value = m[1] ?? m[2];
      const start = m.index + 4 + (m[1] !== undefined ? 1 : 0);
      if (value.trim().length > 0) out.push({ start, end: start + value.length, category: 'person_name', priority: 3 });
    }
  },
};
