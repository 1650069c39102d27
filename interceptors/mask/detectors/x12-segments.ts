import type { Category } from '../categories';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * ASC X12 interchanges (834 enrolment, 837 claims, 270/271 eligibility …) carried in a string:
 * segments end with '~' (or a line break), elements are separated by '*'. The segments that name
 * a person say what each element is, so no detector has to guess:
 * - `NM1*IL*1*KOWALSKI*RHIANNON*M***34*599638134`: entity type 1 is a person — last, first and
 *   middle name; identification qualifier 34 is a Social Security number;
 * - `PER*IP*JANE DOE*HP*6125550123*EM*JANE@EXAMPLE.COM`: the contact's name, then numbers by
 *   qualifier (TE, HP, WP, CP, FX, EX, BN phones; EM e-mail);
 * - `N3*2337 N HALSTED ST*APT 4`: address lines;
 * - `DMG*D8*19451125*M`: the date of birth;
 * - `REF*SY*599638134`: an SSN by its qualifier; `REF*0F` (subscriber number) when it has nine digits.
 * Strings without `*` after one of these segment names cost a few indexOf calls.
 */
const PRIORITY = 4;
const PHONE_QUALIFIERS: ReadonlySet<string> = new Set(['TE', 'HP', 'WP', 'CP', 'FX', 'EX', 'BN', 'AP', 'NP']);
const SEGMENTS = ['NM1*', 'PER*', 'N3*', 'DMG*', 'REF*SY*', 'REF*0F*'];

export const x12SegmentDetector: Detector = {
  category: 'person_name',
  also: ['us_ssn', 'phone', 'email', 'postal_address', 'date_of_birth'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('*') < 0) return;
    for (const seg of SEGMENTS) {
      for (let p = text.indexOf(seg); p >= 0; p = text.indexOf(seg, p + seg.length)) {
        if (!atSegmentStart(text, p)) continue;
        segment(text, p, seg, out);
      }
    }
  },
};

/** A segment starts the text, or follows a segment terminator ('~', a line break, or an escaped one). */
function atSegmentStart(text: string, p: number): boolean {
  if (p === 0) return true;
  const c = text.charCodeAt(p - 1);
  return c === 126 || c === 10 || c === 13 || c === 39 || (c === 110 && text.charCodeAt(p - 2) === 92);
}

/** The elements of the segment at p (name included), as [start, end) pairs. */
function elements(text: string, p: number): number[] {
  let end = p;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 126 || c === 10 || c === 13 || (c === 92 && text.charCodeAt(end + 1) === 110)) break;
    end++;
  }
  const out: number[] = [];
  let s = p;
  for (let i = p; i <= end; i++) {
    if (i === end || text.charCodeAt(i) === 42) {
      out.push(s, i);
      s = i + 1;
    }
  }
  return out;
}

function push(out: Match[], e: readonly number[], k: number, category: Category): void {
  const s = e[2 * k];
  const end = e[2 * k + 1];
  if (s !== undefined && end > s) out.push({ start: s, end, category, priority: PRIORITY });
}

function value(text: string, e: readonly number[], k: number): string {
  return 2 * k + 1 < e.length ? text.slice(e[2 * k], e[2 * k + 1]) : '';
}

function segment(text: string, p: number, seg: string, out: Match[]): void {
  const e = elements(text, p);
  switch (seg) {
    case 'NM1*':
      // NM102 = 1: a person (2 is an organisation, whose name stays)
      if (value(text, e, 2) !== '1') return;
      for (const k of [3, 4, 5]) push(out, e, k, 'person_name');
      if (value(text, e, 8) === '34') push(out, e, 9, 'us_ssn');
      return;
    case 'PER*':
      push(out, e, 2, 'person_name');
      for (const k of [3, 5, 7]) {
        const q = value(text, e, k);
        if (PHONE_QUALIFIERS.has(q)) push(out, e, k + 1, 'phone');
        else if (q === 'EM') push(out, e, k + 1, 'email');
      }
      return;
    case 'N3*':
      push(out, e, 1, 'postal_address');
      push(out, e, 2, 'postal_address');
      return;
    case 'DMG*':
      if (value(text, e, 1) === 'D8') push(out, e, 2, 'date_of_birth');
      return;
    case 'REF*SY*':
      push(out, e, 2, 'us_ssn');
      return;
    case 'REF*0F*':
      // the subscriber number of an 834 is most often the member's SSN: nine digits there are one
      if (/^\d{9}$/.test(value(text, e, 2))) push(out, e, 2, 'us_ssn');
      return;
  }
}
