import { isTextCategory } from '../categories';
import { recordFields, recordHeader } from '../delimited-records';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * A delimited export inside one string (CSV/TSV text with its header line): every following line
 * is a record whose fields are masked by their column's hint (delimited-records.ts). Gate: a line
 * break, then a first line of column names with a personal column.
 */
const PRIORITY = 5;
const SSN_SHAPE = /^(?!000|666|9)\d{3}-?(?!00)\d{2}-?(?!0000)\d{4}$/;
const MAX_LINES = 2000;

export const delimitedTextDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'email', 'us_ssn', 'government_id', 'credential', 'api_key', 'personal', 'mac_address', 'device_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const nl = text.indexOf('\n');
    if (nl < 3 || nl > 2000) return;
    const headerEnd = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const header = recordHeader(text.slice(0, headerEnd));
    if (!header) return;
    let start = nl + 1;
    for (let n = 0; n < MAX_LINES && start < text.length; n++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const lineEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const f = recordFields(text, start, lineEnd, header.sep);
      for (let c = 0; c < f.length / 2 && c < header.cats.length; c++) {
        const cat = header.cats[c];
        let s = f[2 * c];
        let e = f[2 * c + 1];
        while (s < e && text.charCodeAt(s) === 32) s++;
        while (e > s && text.charCodeAt(e - 1) === 32) e--;
        if (cat === undefined || e <= s) continue;
        if (isTextCategory(cat)) out.push({ start: s, end: e, category: cat, priority: PRIORITY });
        // a tax or national id column holding a US SSN's shape ('tin' of a 1099 export): an SSN, cue or not
        else if (cat === 'government_id' && SSN_SHAPE.test(text.slice(s, e))) out.push({ start: s, end: e, category: 'us_ssn', priority: PRIORITY });
      }
      start = end + 1;
    }
  },
};
