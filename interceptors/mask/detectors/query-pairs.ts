import type { Category } from '../categories';
import { columnCategories } from '../delimited-records';
import type { Detector, Match, ScanContext } from './detector';

/**
 * Form-encoded pairs in text (a query string, a form body, a redirect URL in a log line):
 * `first=li&last=wei&dob=1993-07-12`, `?addr=5+Rue+de+Rivoli%2C+75001+Paris&lang=fr`. The keys
 * are field names, so the pairs are judged as the fields of one object are: the keys together
 * say what the object is (`first` and `last` make a person's name) and each value is masked by
 * its key's hint — values the content detectors cannot recognise (a lower-case given name, an
 * address encoded with '+'). Values of keys without a hint are left to the other detectors.
 * Gate: an '=' and an '&' in the text (two indexOf).
 */
const PAIR = /(?:^|[?&;#\s"'])([A-Za-z_][A-Za-z0-9_.[\]-]{0,40})=([^&#\s"']*)/g;
const PRIORITY = 5;
const MAX_PAIRS = 64;

export const queryPairsDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'email', 'us_ssn', 'government_id', 'credential', 'api_key', 'personal', 'mac_address', 'device_id'],
  priority: PRIORITY,
  anchor: 'self',
  minLength: 7,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('&') < 0 || text.indexOf('=') < 0) return;
    const keys: string[] = [];
    const spans: number[] = [];
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text); m && keys.length < MAX_PAIRS; m = PAIR.exec(text)) {
      keys.push(m[1]);
      const end = m.index + m[0].length;
      spans.push(end - m[2].length, end);
      // the next pair may start at this pair's '&'
      if (end > m.index) PAIR.lastIndex = end;
    }
    if (keys.length < 2) return;
    const cats = columnCategories(keys);
    for (let i = 0; i < keys.length; i++) {
      const start = spans[2 * i];
      const end = spans[2 * i + 1];
      if (end <= start) continue;
      const cat: Category | undefined = cats[i];
      if (cat === undefined) continue;
      // in the decoded view of a percent-encoded string a value holds spaces ('+', %20): a name, an address, a phone
      out.push({ start, end: multiWordEnd(text, end), category: cat, priority: PRIORITY });
    }
  },
};

/** Past spaces and words up to the next '&', '#', quote or line end (at most 120 characters). */
function multiWordEnd(text: string, end: number): number {
  let e = end;
  const limit = Math.min(text.length, end + 120);
  while (e < limit) {
    const c = text.charCodeAt(e);
    if (c === 38 || c === 35 || c === 34 || c === 39 || c === 10 || c === 13 || c === 9) break;
    e++;
  }
  while (e > end && text.charCodeAt(e - 1) === 32) e--;
  return e;
}
