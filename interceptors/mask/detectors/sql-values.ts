import type { Category } from '../categories';
import { hintInContext, isPersonNameField, objectKind } from '../field-hints';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * SQL statements in text (a query log, an ORM's debug line, an error that quotes the statement):
 * `INSERT INTO customers (name, phone, date_of_birth) VALUES ('…', '…', '…'), (…)`. The values
 * are personal by the column that receives them, not by their look (a lone surname, a lower-case
 * name, an address without a street word): each value is judged by its column's name, with the
 * table as the object that holds it, exactly as field hints judge a JSON object (`customers.name`
 * is a person's name, `products.name` is not). Quoted values only; numbers and NULL stay.
 * One indexOf for text without 'VALUES' / 'values'.
 */
const HEAD = /\bINSERT\s+(?:IGNORE\s+)?INTO\s+([A-Za-z0-9_."`[\]]+)\s*\(([^()]{1,2000})\)\s*VALUES\s*/iy;
const PRIORITY = 4;
/** At most this many columns and rows are read from one statement. */
const MAX_COLUMNS = 64;
const MAX_ROWS = 500;

export const sqlValuesDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'email', 'us_ssn', 'government_id', 'credential', 'api_key', 'personal', 'mac_address', 'device_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 24,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('VALUES') < 0 && text.indexOf('values') < 0) return;
    for (let p = indexOfInsert(text, 0); p >= 0; p = indexOfInsert(text, p + 6)) {
      HEAD.lastIndex = p;
      const m = HEAD.exec(text);
      if (!m) continue;
      const table = m[1].replace(/["`[\]]/g, '');
      const columns = m[2].split(',').slice(0, MAX_COLUMNS).map((c) => c.trim().replace(/["`[\]]/g, ''));
      const kind = objectKind(table.slice(table.lastIndexOf('.') + 1), columns);
      const cats = columns.map((c) => categoryOf(c, kind));
      if (!cats.some((c) => c !== undefined)) continue;
      rows(text, HEAD.lastIndex, cats, out);
    }
  },
};

function indexOfInsert(text: string, from: number): number {
  const a = text.indexOf('INSERT', from);
  const b = text.indexOf('insert', from);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function categoryOf(column: string, kind: ReturnType<typeof objectKind>): Category | undefined {
  const h = hintInContext(column, kind);
  if (h) return h;
  return isPersonNameField(column, kind) ? 'person_name' : undefined;
}

/** The value tuples from `at`: '(' values ')' separated by ','; quoted values of personal columns go out. */
function rows(text: string, at: number, cats: readonly (Category | undefined)[], out: Match[]): void {
  let p = at;
  for (let r = 0; r < MAX_ROWS; r++) {
    while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 10)) p++;
    if (text.charCodeAt(p) !== 40) return;
    p++;
    for (let col = 0; ; col++) {
      while (p < text.length && text.charCodeAt(p) === 32) p++;
      const q = text.charCodeAt(p);
      if (q === 39 || q === 34) {
        // a quoted value; a doubled quote inside is one quote
        let e = p + 1;
        while (e < text.length) {
          if (text.charCodeAt(e) === q) {
            if (text.charCodeAt(e + 1) === q) e += 2;
            else break;
          } else e++;
        }
        if (e >= text.length) return;
        const cat = cats[col];
        if (cat !== undefined && e > p + 1) out.push({ start: p + 1, end: e, category: cat, priority: PRIORITY });
        p = e + 1;
      } else {
        while (p < text.length && text.charCodeAt(p) !== 44 && text.charCodeAt(p) !== 41) p++;
      }
      while (p < text.length && text.charCodeAt(p) === 32) p++;
      const c = text.charCodeAt(p);
      if (c === 44) {
        p++;
        continue;
      }
      if (c !== 41) return;
      p++;
      break;
    }
    while (p < text.length && text.charCodeAt(p) === 32) p++;
    if (text.charCodeAt(p) !== 44) return;
    p++;
  }
}
