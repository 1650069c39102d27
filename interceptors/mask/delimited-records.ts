import type { Category } from './categories';
import { ObjectKind, hintInContext, isPersonNameField, isPersonRoleColumn, objectKind } from './field-hints';

/**
 * Delimited records with a header line (CSV, TSV, semicolon or pipe separated exports; a batch
 * of rows as an array of strings whose first element is the header): `id,name,city,phone` then
 * `1,Kwame Boateng,Accra,+233…`. The header names the columns, so each field is judged by its
 * column's name as a JSON field by its key — a name needs no cue, an address no street word.
 * Columns without a hint are left to the content detectors.
 */
export interface RecordHeader {
  /** The separator char code (',' ';' '\t' '|'). */
  sep: number;
  /** Category per column, or undefined for a column without a hint. */
  cats: (Category | undefined)[];
}

const SEPARATORS = [44, 59, 9, 124];
const COLUMN = /^\s*"?[\p{L}_][\p{L}\p{M}0-9_ .\/()-]{0,40}"?\s*$/u;
const MAX_COLUMNS = 64;
const DIGIT_RUN = /\d{3}/;

/** The header of a line of column names with a personal column among them, or undefined. */
export function recordHeader(line: string): RecordHeader | undefined {
  if (line.length > 2000) return undefined;
  let sep = -1;
  for (const s of SEPARATORS) if (line.indexOf(String.fromCharCode(s)) >= 0) {
    sep = s;
    break;
  }
  if (sep < 0) return undefined;
  const names = line.split(String.fromCharCode(sep));
  if (names.length < 2 || names.length > MAX_COLUMNS) return undefined;
  // column names hold no runs of digits ('address2' does, '001-01-0001' does not)
  for (const n of names) if (!COLUMN.test(n) || DIGIT_RUN.test(n)) return undefined;
  const cols = names.map((n) => n.trim().replace(/^"|"$/g, ''));
  const cats = columnCategories(cols, true);
  return cats.some((c) => c !== undefined) ? { sep, cats } : undefined;
}

const CONTACT_DATA: ReadonlySet<string> = new Set(['phone', 'email', 'date_of_birth', 'postal_address']);
/** A column of bank accounts (payroll, payouts): the record is its holder's. */
const BANK_ACCOUNT_COLUMN = /^(?:iban|iban[ _-]?(?:nr|no|number)|bban|bank[ _-]?account|account[ _-]?number|kontonummer|rekeningnummer|rekening|numero[ _-]?de[ _-]?compte|cuenta[ _-]?bancaria|conto[ _-]?corrente)$/i;

/**
 * Categories of the fields of one flat record (a header's columns, a query string's keys): judged
 * as the keys of one object; a record with a person's contact data in it (phone, e-mail, birth
 * date, address, a bank account) is a person's, so its `name` is the person's name.
 */
export function columnCategories(cols: readonly string[], roles = false): (Category | undefined)[] {
  let kind = objectKind('', cols);
  let cats = cols.map((c) => columnCategory(c, kind, roles));
  if (kind === ObjectKind.None && (cats.some((c) => c !== undefined && CONTACT_DATA.has(c)) || cols.some((c) => BANK_ACCOUNT_COLUMN.test(c)))) {
    kind = ObjectKind.Person;
    cats = cols.map((c) => columnCategory(c, kind, roles));
  }
  return cats;
}

/**
 * One column's category: its name's hint; a name field of a person; with `roles` (an export's
 * header line), a person's role (`Empfänger`, `Patient`: a column of people holds their names —
 * not a query string's `member=MBR-0031188`); a column named by several words joined with '/'
 * (`Auftraggeber/Empfänger`) by the first of them with a category.
 */
function columnCategory(c: string, kind: ObjectKind, roles: boolean): Category | undefined {
  const h = hintInContext(c, kind) ?? (isPersonNameField(c, kind) ? 'person_name' : undefined);
  if (h !== undefined) return h;
  if (c.indexOf('/') > 0) {
    for (const part of c.split('/')) {
      const p = part.trim();
      if (p.length > 0 && p !== c) {
        const ph = columnCategory(p, kind, roles);
        if (ph !== undefined) return ph;
      }
    }
    return undefined;
  }
  return roles && isPersonRoleColumn(c) ? 'person_name' : undefined;
}

/** Fields of a record line: start, end pairs (inside quotes for a quoted field), one per column found. */
export function recordFields(line: string, from: number, to: number, sep: number): number[] {
  const out: number[] = [];
  let p = from;
  while (p <= to) {
    if (line.charCodeAt(p) === 34) {
      // a quoted field; "" inside is one quote
      let e = p + 1;
      while (e < to && !(line.charCodeAt(e) === 34 && line.charCodeAt(e + 1) !== 34)) e += line.charCodeAt(e) === 34 ? 2 : 1;
      out.push(p + 1, Math.min(e, to));
      p = e + 1;
      while (p < to && line.charCodeAt(p) !== sep) p++;
    } else {
      let e = p;
      while (e < to && line.charCodeAt(e) !== sep) e++;
      out.push(p, e);
      p = e;
    }
    if (p >= to) break;
    p++; // the separator
  }
  return out;
}
