import type { Category } from '../categories';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * HL7 v2 segments carried as text (a lab or ADT message relayed through a gRPC field, an
 * integration engine's log line): `PID|1||445566^^^HOSP^MR||Schneider^Jürgen^K||19620305|M|||…`.
 * The personal fields are known by position, not by their look — a family name, a birth date
 * written YYYYMMDD or an address split into `^` components pass every content detector — so each
 * personal field of the segments that carry a person is replaced whole (all its components and
 * repetitions). Field numbers from HL7 v2.x chapter 3 (PID, NK1, PV1, MRG, PD1, EVN), chapter 4 (ORC, OBR), chapter 7 (OBX),
 * chapter 6 (GT1, IN1) and chapter 15 (ROL).
 *
 * A segment is its three-character id and '|' at the start of the text or of a line (after CR, LF,
 * their escaped forms `\r` / `\n`, or a space or quote of a log line), and ends at the next line
 * break. The field separator is taken as '|', which nearly every sender uses (MSH-1).
 */
/** A field masked as an SSN only when its value is shaped like one (nine digits, dashed or not). */
const SSN_SHAPED = 'us_ssn?' as const;
const SSN_SHAPE = /^(?:\d{9}|\d{3}-\d{2}-\d{4})$/;
/**
 * PID-3, the patient's identifier list (`0049812^^^CHUM^MR~TREE91522718^^^RAMQ^HC`): each
 * repetition names its kind in component 5 (HL7 table 0203). A medical record or visit number
 * (MR, PI, VN, AN) is the sending system's own key and stays; a number issued to the person by a
 * state or an insurer (HC health card, SS social security, NI national id, NH national health
 * plan, PPN passport, DL driver's licence, MA/MC Medicaid/Medicare, JHN jurisdictional health
 * number, PEN pension, CZ citizenship card, NNxxx a country's national number) is masked as a
 * government id — only the id component.
 */
const ID_LIST = 'ids' as const;
const NATIONAL_ID_TYPES: ReadonlySet<string> = new Set(['HC', 'SS', 'NI', 'NH', 'PPN', 'DL', 'MA', 'MC', 'JHN', 'PEN', 'CZ', 'SN', 'SR', 'TAX', 'NCT', 'BCT', 'DI']);
type FieldCategory = Category | typeof SSN_SHAPED | typeof ID_LIST;

const PERSON_FIELDS: Readonly<Record<string, ReadonlyArray<readonly [number, FieldCategory]>>> = {
  // 5 patient name, 6 mother's maiden name, 7 date of birth, 9 alias, 11 address, 13/14 phones,
  // 18 patient account number (senders put SSNs there too: masked when it is shaped like one), 19 SSN
  PID: [[3, ID_LIST], [5, 'person_name'], [6, 'person_name'], [7, 'date_of_birth'], [9, 'person_name'], [11, 'postal_address'], [13, 'phone'], [14, 'phone'], [18, SSN_SHAPED], [19, 'us_ssn']],
  // next of kin: 2 name, 4 address, 5/6 phones, 30 contact person's name, 32 contact person's address
  NK1: [[2, 'person_name'], [4, 'postal_address'], [5, 'phone'], [6, 'phone'], [30, 'person_name'], [32, 'postal_address']],
  // guarantor: 3 name, 5 address, 6/7 phones, 8 date of birth, 12 SSN
  GT1: [[3, 'person_name'], [5, 'postal_address'], [6, 'phone'], [7, 'phone'], [8, 'date_of_birth'], [12, 'us_ssn']],
  // insurance: 16 name of insured, 18 insured's date of birth, 19 insured's address
  IN1: [[16, 'person_name'], [18, 'date_of_birth'], [19, 'postal_address']],
  // visit: attending, referring, consulting and admitting doctors (id^family^given…)
  PV1: [[7, 'person_name'], [8, 'person_name'], [9, 'person_name'], [17, 'person_name']],
  // merge: prior patient name
  MRG: [[7, 'person_name']],
  // people named in orders and results (XCN: id^family^given…): common order 10 entered by, 11 verified by,
  // 12 ordering provider; observation request 16 ordering provider, 28 result copies to; observation 16
  // responsible observer; additional demographics 4 primary care provider; role 4 role person; event 5 operator
  ORC: [[10, 'person_name'], [11, 'person_name'], [12, 'person_name']],
  OBR: [[16, 'person_name'], [28, 'person_name']],
  OBX: [[16, 'person_name']],
  PD1: [[4, 'person_name']],
  ROL: [[4, 'person_name']],
  EVN: [[5, 'person_name']],
};
const PRIORITY = 3;

export const hl7SegmentDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'us_ssn', 'government_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // the 4th character of every segment is '|': strings without one cost one indexOf
    for (let p = text.indexOf('|', 3); p >= 0; p = text.indexOf('|', p + 1)) {
      const fields = segmentAt(text, p);
      if (fields === undefined) continue;
      p = maskFields(text, p, fields, out);
    }
  },
};

/** The personal fields of the segment whose id ends just before the '|' at `p`, if one starts there. */
function segmentAt(text: string, p: number): ReadonlyArray<readonly [number, FieldCategory]> | undefined {
  const fields = PERSON_FIELDS[text.slice(p - 3, p)];
  if (fields === undefined) return undefined;
  const s = p - 3;
  if (s === 0) return fields;
  const before = text.charCodeAt(s - 1);
  // CR, LF, space, quote; or an escaped \r / \n of a log line
  if (before === 13 || before === 10 || before === 32 || before === 34 || before === 39) return fields;
  if ((before === 114 || before === 110) && text.charCodeAt(s - 2) === 92) return fields;
  return undefined;
}

/** Appends a match per non-empty personal field of the segment starting at `p` (its first '|'); returns where the segment ends. */
function maskFields(text: string, p: number, fields: ReadonlyArray<readonly [number, FieldCategory]>, out: Match[]): number {
  let field = 0;
  let start = p + 1;
  let k = 0;
  for (let i = p + 1; ; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    const lineEnd = c === -1 || c === 13 || c === 10 || (c === 92 && (text.charCodeAt(i + 1) === 114 || text.charCodeAt(i + 1) === 110));
    if (c === 124 || lineEnd) {
      field++;
      while (k < fields.length && fields[k][0] < field) k++;
      if (k < fields.length && fields[k][0] === field && i > start) {
        const category = fields[k][1];
        if (category === ID_LIST) nationalIds(text, start, i, out);
        else if (category !== SSN_SHAPED) out.push({ start, end: i, category, priority: PRIORITY });
        else if (SSN_SHAPE.test(text.slice(start, i))) out.push({ start, end: i, category: 'us_ssn', priority: PRIORITY });
      }
      if (lineEnd || k >= fields.length) return lineEnd ? i : skipToLineEnd(text, i);
      start = i + 1;
    }
  }
}

/** The ids of [start, end) (repetitions split by '~', components by '^') whose type code is a national one. */
function nationalIds(text: string, start: number, end: number, out: Match[]): void {
  for (let r = start; r < end; ) {
    let repEnd = text.indexOf('~', r);
    if (repEnd < 0 || repEnd > end) repEnd = end;
    const parts = text.slice(r, repEnd).split('^');
    const code = parts.length >= 5 ? parts[4].split('&')[0] : '';
    if (parts[0].length > 0 && (NATIONAL_ID_TYPES.has(code) || code.startsWith('NN'))) out.push({ start: r, end: r + parts[0].length, category: 'government_id', priority: PRIORITY });
    r = repEnd + 1;
  }
}

function skipToLineEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10 || (c === 92 && (text.charCodeAt(i + 1) === 114 || text.charCodeAt(i + 1) === 110))) return i;
  }
  return text.length;
}
