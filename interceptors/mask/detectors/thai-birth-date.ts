import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Birth dates in Thai: a date after วันเกิด (birthday), วันเดือนปีเกิด / ว/ด/ป เกิด (date of birth) or
 * เกิด (born) — day, a Thai month's name or abbreviation (`14 มีนาคม 2528`, `14 มี.ค. 28`) or a number
 * (`14/03/2528`), and a year of the Buddhist era (the Gregorian year + 543) or of the common era, in
 * Arabic or Thai digits. date-of-birth.ts looks for years 19xx/20xx only and knows no Thai cue.
 *
 * เกิด alone also means "to happen" (`เหตุเกิดวันที่ 14 …`, an incident occurred on; `เกิดขึ้น`): it
 * counts only at the start of a phrase (after a blank or punctuation) or after a word for a person,
 * and only followed by "on" (วันที่, เมื่อ), a colon or the date itself.
 *
 * Every cue holds เกิด, so text without it costs one indexOf.
 */
const D = '[0-9๐-๙]';
const MONTHS =
  '(?:มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|ม\\.ค\\.|ก\\.พ\\.|มี\\.ค\\.|เม\\.ย\\.|พ\\.ค\\.|มิ\\.ย\\.|ก\\.ค\\.|ส\\.ค\\.|ก\\.ย\\.|ต\\.ค\\.|พ\\.ย\\.|ธ\\.ค\\.)';
/** After the cue: วันที่ / เมื่อ (วันที่) / ใน / คือ / a colon, blanks, then the date (captured); each blank run has one place to go (no backtracking over long blanks). */
const DATE_AFTER_CUE = new RegExp(
  `\\s*(?:(?:วันที่|เมื่อ(?:วันที่)?|ใน(?:วันที่)?|คือ|:)\\s*)*((${D}{1,2})\\s*(?:${MONTHS}\\s*(?:(?:พ\\.ศ\\.|ค\\.ศ\\.)\\s*)?(${D}{4}|${D}{2})|([./-])(${D}{1,2})\\4(${D}{4})))(?![0-9๐-๙])`,
  'y',
);
/** Words for a person that may stand glued before เกิด (the patient, the customer, I, he, she, the child). */
const PERSON_BEFORE = /(?:ผู้ป่วย|ลูกค้า|ผู้เอาประกัน|ผู้สมัคร|ผม|ฉัน|ดิฉัน|เขา|เธอ|ท่าน|บุตร|ลูก)$/;
/** The cue words that hold เกิด and need nothing before them. */
const FULL_CUE = /(?:วันเกิด|วันเดือนปีเกิด|ว\/ด\/ป\s?เกิด)$/;
const PRIORITY = 11;

export const thaiBirthDateDetector: Detector = {
  category: 'date_of_birth',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let p = text.indexOf('เกิด'); p >= 0; p = text.indexOf('เกิด', p + 4)) {
      const end = p + 4;
      const head = text.slice(Math.max(0, p - 12), end);
      if (!FULL_CUE.test(head)) {
        const b = text.charCodeAt(p - 1);
        // a phrase of its own, or glued after a person
        if (!(p === 0 || !isThai(b) || PERSON_BEFORE.test(text.slice(Math.max(0, p - 12), p)))) continue;
      }
      DATE_AFTER_CUE.lastIndex = end;
      const m = DATE_AFTER_CUE.exec(text);
      if (!m) continue;
      const year = Number(arabic(m[3] ?? m[6]));
      // a four-digit year of either era, or two digits after a month's name (`14 มี.ค. 28`)
      if ((m[3] ?? m[6]).length === 4 && !((year >= 2400 && year <= 2599) || (year >= 1900 && year <= 2099))) continue;
      if (!inRange(Number(arabic(m[2])), 31) || (m[5] !== undefined && !inRange(Number(arabic(m[5])), 12))) continue;
      const start = DATE_AFTER_CUE.lastIndex - m[1].length;
      out.push({ start, end: DATE_AFTER_CUE.lastIndex, category: 'date_of_birth', priority: PRIORITY });
    }
  },
};

function isThai(c: number): boolean {
  return c >= 0x0e00 && c <= 0x0e7f;
}

function inRange(n: number, max: number): boolean {
  return n >= 1 && n <= max;
}

/** Thai digits (๐–๙) as Arabic ones. */
function arabic(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    r += c >= 0x0e50 && c <= 0x0e59 ? String.fromCharCode(c - 0x0e50 + 48) : s[i];
  }
  return r;
}
