import type { Detector, Match, ScanContext } from './detector';
import { wideGivenNameSet } from './name-gazetteer';
import { ibanEndAt } from './iban';
import { IBAN_LENGTHS } from './iban-check';
import { looksLikeOrganisation } from '../map-keys';
import { WORD_TOOLS } from './words';

const { wordHash } = WORD_TOOLS;

/**
 * Fixed-width records (registrations of guests with the police, payroll and census exports,
 * mainframe extracts), where each field is padded with spaces to its width and names are written
 * in capitals: `16 12/05/2025 07 SANTANGELO                                        CHIARA                        2 20/11/1963 …`.
 * Without cue words, a column of capitals padded by three or more spaces is a name when the next
 * padded column is a given name from the gazetteer: both are masked (the family name may have
 * several words, `DE LUCA`). A date right after the given name's column, behind a one-character
 * sex code (`1`/`2`, `M`/`F`) or none, is the person's date of birth; an IBAN glued to the field
 * before it (no separator between fixed-width fields) is found and validated (country length, mod 97).
 * A column that holds a whole name (`DESHAWN WASHINGTON`, `Claes, Cedric`, `KRISTENSEN/BIRGITTE`)
 * counts too (nameColumns). The fields before the names must end in a digit (codes, dates) or be absent, and the given
 * name's column must be padded too. Found from runs of three spaces (one `indexOf` for text without them).
 */
const PRIORITY = 13;
const PADDING = / {3}/;
/** Before the phone detector's: digits behind a sex code are a date here, not a number. */
const DOB_PRIORITY = 5;
const IBAN_PRIORITY = 5;
/** Before the card detector's (8): `623-78-4572 19880826` is an SSN then a birth date, not one number. */
const SSN_PRIORITY = 4;
const SSN_AFTER = /^ +(?:[12MFmf] +)?(\d{3}-\d{2}-\d{4})(?![\d-])/;
/** A column of capitals: words of two or more capitals (apostrophes and hyphens inside), single spaces between. */
const CAPITALS_COLUMN = /^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+){0,3}$/;
/** After the given name's column: maybe a sex code, then a day-first, ISO or compact (YYYYMMDD) date. */
const SEX_AND_DATE = /^ +(?:[12MFmf] +)?(?:\d{3}-\d{2}-\d{4} +)?(\d{2}[/.-]\d{2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)/;
/** What follows a person's given-name column when no gazetteer lists it: an SSN or a birth date (behind a sex code). */
const PERSON_FIELD_AFTER = /^ +(?:[12MFmf] +)?(?:\d{3}-\d{2}-\d{4}|\d{2}[/.-]\d{2}[/.-]\d{4}|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)/;
/** An IBAN glued to the record's field before it (`0001DE37120300008480778531   …`): fixed-width fields have no separator. */
const GLUED_IBAN = /(?<=[0-9 ])[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}/g;

function isPad(text: string, i: number): boolean {
  return text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 32 && text.charCodeAt(i + 2) === 32;
}

/** The column that ends at `end` (exclusive) and starts after two or more spaces, a digit field, or the start: [start, end). */
function columnBefore(text: string, end: number): number {
  let s = end;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (c === 32 && text.charCodeAt(s - 2) === 32) break;
    if (c === 32 && s >= 2 && !isCapitalOrMark(text.charCodeAt(s - 2))) break;
    if (c !== 32 && !isCapitalOrMark(c)) break;
    s--;
  }
  while (text.charCodeAt(s) === 32) s++;
  return s;
}

function isCapitalOrMark(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || c === 39 || c === 0x2019 || c === 45;
}

export const fixedWidthNameDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'iban', 'us_ssn'],
  priority: PRIORITY,
  anchor: 'self',
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // the gate as a regex: indexOf of three spaces costs about three times as much on prose (a space every few characters)
    if (!PADDING.test(text)) return;
    let p = text.indexOf('   ');
    GLUED_IBAN.lastIndex = 0;
    for (let m = GLUED_IBAN.exec(text); m; m = GLUED_IBAN.exec(text)) {
      // the next field may be glued on too (`GB85LOYD24365781735862` + `0000088737GBP`): the country's length, cut there
      const len = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (len === undefined || m[0].length < len) continue;
      if (ibanEndAt(text.slice(m.index, m.index + len), 0) === len) {
        out.push({ start: m.index, end: m.index + len, category: 'iban', priority: IBAN_PRIORITY });
        GLUED_IBAN.lastIndex = m.index + len;
      }
    }
    const given = wideGivenNameSet();
    while (p >= 0) {
      // the column before this padding, and the one after it
      const famEnd = p;
      let q = p;
      while (text.charCodeAt(q) === 32) q++;
      const famStart = columnBefore(text, famEnd);
      let gEnd = q;
      while (gEnd < text.length && isCapitalOrMark(text.charCodeAt(gEnd))) gEnd++;
      const next = gEnd < text.length ? text.indexOf('   ', gEnd) : -1;
      if (famEnd - famStart >= 2 && gEnd - q >= 2 && (text.charCodeAt(gEnd) === 32 || gEnd === text.length) && (given.has(wordHash(text, q, gEnd)) || PERSON_FIELD_AFTER.test(text.slice(gEnd, gEnd + 32)))) {
        // the given-name column may hold a second name ('MARIA GRAZIA')
        let gColEnd = gEnd;
        if (text.charCodeAt(gEnd) === 32 && text.charCodeAt(gEnd + 1) !== 32 && isCapitalOrMark(text.charCodeAt(gEnd + 1))) {
          let e2 = gEnd + 1;
          while (e2 < text.length && isCapitalOrMark(text.charCodeAt(e2))) e2++;
          if (text.charCodeAt(e2) === 32 || e2 === text.length) gColEnd = e2;
        }
        const family = text.slice(famStart, famEnd);
        // the record's fields before the names are codes and dates: a digit (or the start) before the family name
        let b = famStart;
        while (b > 0 && text.charCodeAt(b - 1) === 32) b--;
        const fieldBefore = b === 0 || (text.charCodeAt(b - 1) >= 48 && text.charCodeAt(b - 1) <= 57);
        const padAfter = gColEnd === text.length || (text.charCodeAt(gColEnd) === 32 && text.charCodeAt(gColEnd + 1) === 32);
        if (fieldBefore && padAfter && CAPITALS_COLUMN.test(family) && isPad(text, famEnd)) {
          out.push({ start: famStart, end: famEnd, category: 'person_name', priority: PRIORITY });
          out.push({ start: q, end: gColEnd, category: 'person_name', priority: PRIORITY });
          // an SSN right after the names is the person's, not the start of a card number running into the next field
          const ssn = SSN_AFTER.exec(text.slice(gColEnd, gColEnd + 24));
          if (ssn) {
            const ss = gColEnd + ssn[0].length - ssn[1].length;
            out.push({ start: ss, end: ss + ssn[1].length, category: 'us_ssn', priority: SSN_PRIORITY });
          }
          const dob = SEX_AND_DATE.exec(text.slice(gColEnd, gColEnd + 48));
          if (dob) {
            const ds = gColEnd + dob[0].length - dob[1].length;
            out.push({ start: ds, end: ds + dob[1].length, category: 'date_of_birth', priority: DOB_PRIORITY });
          }
        }
      }
      p = next;
    }
    nameColumns(text, given, out);
  },
};

/** `SURNAME/GIVEN` (passenger lists, airline DCS): the slash form is a name on its own. */
const SLASH_NAME = /^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+\/[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?: [A-ZÀ-ÖØ-Þ]+)?$/;
/** Two to four capitalised words, maybe `Family, Given`: a name when one of its given-name places holds a listed given name. */
const WORDS_COLUMN = /^[A-ZÀ-ÖØ-Þ][\p{L}'’-]+(?:,? [A-ZÀ-ÖØ-Þ][\p{L}'’-]+){1,3}$/u;

/**
 * A column of its own holding a whole name, padded by three or more spaces on both sides (or at a
 * line's start or end): `DESHAWN WASHINGTON` in a NACHA entry, `Claes, Cedric` in a payroll file,
 * `KRISTENSEN/BIRGITTE` in a passenger list.
 */
function nameColumns(text: string, given: ReadonlySet<number>, out: Match[]): void {
  let from = 0;
  // columns shaped like a name without a listed given name, and the line offsets where names were found:
  // a record layout puts every name at the same offset ('Vandenbroucke, Lieve' below 'Claes, Cedric')
  let unlisted: Array<[number, number, number]> | undefined;
  let nameOffsets: Set<number> | undefined;
  while (from < text.length) {
    // the next column: after a pad (or a line start), up to the next pad (or a line end)
    let s = from;
    while (s < text.length && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 10 || text.charCodeAt(s) === 13)) s++;
    if (s >= text.length) break;
    let e = s;
    while (e < text.length && !isPad(text, e) && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
    let end = e;
    while (end > s && text.charCodeAt(end - 1) === 32) end--;
    from = e + 1;
    const padBefore = s === 0 || text.charCodeAt(s - 1) === 10 || (s >= 3 && isPad(text, s - 3));
    const padAfter = e >= text.length || text.charCodeAt(e) === 10 || text.charCodeAt(e) === 13 || isPad(text, e);
    if (!padBefore || !padAfter || end - s < 5 || end - s > 60) continue;
    const column = text.slice(s, end);
    if (SLASH_NAME.test(column)) {
      out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
      continue;
    }
    if (!WORDS_COLUMN.test(column) || looksLikeOrganisation(column)) continue;
    const comma = column.indexOf(',');
    let listed = false;
    // given names stand first, or after the comma of `Family, Given`
    for (let w = comma >= 0 ? comma + 2 : 0, k = 0; w < column.length && k < 3; k++) {
      let we = w;
      while (we < column.length && column.charCodeAt(we) !== 32 && column.charCodeAt(we) !== 44) we++;
      if (given.has(wordHash(column, w, we))) {
        listed = true;
        break;
      }
      if (comma < 0) break;
      w = we + 1;
    }
    const offset = s - (text.lastIndexOf('\n', s - 1) + 1);
    if (listed) {
      out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
      (nameOffsets ??= new Set()).add(offset);
    } else (unlisted ??= []).push([s, end, offset]);
  }
  if (unlisted && nameOffsets) for (const [s, end, offset] of unlisted) if (nameOffsets.has(offset)) out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
}
