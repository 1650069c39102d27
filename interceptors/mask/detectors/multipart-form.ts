import { isTextCategory, type Category } from '../categories';
import { columnCategories } from '../delimited-records';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Parts of a multipart/form-data body (RFC 7578) captured as text — an HTTP request dump in a
 * log line, a webhook that forwards a form: each part opens with
 * `Content-Disposition: form-data; name="fornamn"`, a blank line, then the field's value up to the
 * next boundary line. The part names are field names, judged together as the keys of one object
 * (`first_name` beside `email` is a person's), and each value is masked by its name's hint, as a
 * JSON field would be — a lone given name needs no cue. File parts (`filename=`) are left to the
 * other detectors. Gate: ': form-data' or ':form-data' (searches beginning with a colon, rare in prose;
 * one for '-data' stopped at every dash of ids and dates: 1 µs per KiB).
 */
const PRIORITY = 5;
const PART = /content-disposition:[ \t]*form-data;[ \t]*name="([^"\r\n]{1,80})"([^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*?\r?\n/gi;
const MAX_PARTS = 64;
/** Longest value judged by its part name (a longer one is a document, left to the detectors). */
const MAX_VALUE = 400;

export const multipartFormDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'email', 'us_ssn', 'government_id', 'credential', 'api_key', 'personal', 'mac_address', 'device_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 40,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf(': form-data') < 0 && text.indexOf(':form-data') < 0) return;
    const names: string[] = [];
    const spans: number[] = [];
    PART.lastIndex = 0;
    for (let m = PART.exec(text); m && names.length < MAX_PARTS; m = PART.exec(text)) {
      if (/filename\*?=/i.test(m[2])) continue;
      const start = m.index + m[0].length;
      // the value ends at the line break before the next boundary line ('--' then the boundary)
      let end = start;
      for (;;) {
        const nl = text.indexOf('\n', end);
        if (nl < 0) {
          end = text.length;
          break;
        }
        if (text.charCodeAt(nl + 1) === 45 && text.charCodeAt(nl + 2) === 45) {
          end = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          break;
        }
        end = nl + 1;
      }
      if (end - start > MAX_VALUE) continue;
      names.push(m[1]);
      spans.push(start, end);
      PART.lastIndex = Math.max(PART.lastIndex, end);
    }
    if (names.length === 0) return;
    const cats = columnCategories(names);
    for (let i = 0; i < names.length; i++) {
      const cat: Category | undefined = cats[i];
      let s = spans[2 * i];
      let e = spans[2 * i + 1];
      while (s < e && text.charCodeAt(s) <= 32) s++;
      while (e > s && text.charCodeAt(e - 1) <= 32) e--;
      if (cat !== undefined && e > s && isTextCategory(cat)) out.push({ start: s, end: e, category: cat, priority: PRIORITY });
    }
  },
};
