import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Birth dates in Arabic and Persian text: after تاريخ الميلاد / تاريخ الولادة (date of birth), مواليد,
 * ولد / ولدت (في) (born on), تاریخ تولد / متولد (Persian), a date in Arabic-Indic (٠–٩), Persian (۰–۹) or
 * Arabic digits: a day and a month's name (`٣ أبريل ١٩٨٧`, `12 آذار 1990`, `۲۴ خرداد ۱۳۶۴`) or numbers
 * (`١٥/٠٧/١٤٠٧`, `۱۳۶۴/۰۳/۲۴`). The year is Gregorian (19xx/20xx) or of the Hijri calendars, lunar or
 * solar (13xx/14xx). date-of-birth.ts reads Arabic digits only and years 19xx/20xx only.
 *
 * Every cue holds ولد, ميلاد, ولادة or مواليد, so text without them costs four indexOf.
 */
const D = '[0-9٠-٩۰-۹]';
/** Month names: Egyptian and Gulf (يناير …), Levantine and Iraqi (كانون الثاني …), Persian solar (فروردین …). */
const MONTHS =
  '(?:يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)';
/**
 * The cue, ending where the date's search starts: date of birth, born (on), Persian date of birth and
 * born; ولد and تولد as words of their own (مولد is a generator or a birthplace).
 */
const CUE = /(?:تاريخ الميلاد|تاريخ الولادة|تاریخ تولد|مواليد|متولد|(?<![\u0620-\u064a])(?:وُ?لدت?|تولد))$/;
/** After the cue: a colon, في (on), بتاريخ (dated), هو (is), then the date (captured). */
const DATE_AFTER_CUE = new RegExp(
  `[\\s:：]*(?:(?:في|بتاريخ|هو|:)[\\s:：]*)?((${D}{1,2})\\s*${MONTHS}\\s*[,،]?\\s*(${D}{4})|(${D}{1,2})([./-])(${D}{1,2})\\5(${D}{4})|(${D}{4})([./-])(${D}{1,2})\\9(${D}{1,2}))(?![0-9٠-٩۰-۹])`,
  'y',
);
const LITERALS = ['ولد', 'ميلاد', 'ولادة', 'مواليد', 'وُلد'];
const PRIORITY = 11;

export const arabicBirthDateDetector: Detector = {
  category: 'date_of_birth',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (const lit of LITERALS) {
      for (let p = text.indexOf(lit); p >= 0; p = text.indexOf(lit, p + lit.length)) {
        // the cue ends at the end of the literal's word (ولدت, الولادة, الميلاد)
        let end = p + lit.length;
        while (end < text.length && end - p < 8 && isArabicLetter(text.charCodeAt(end))) end++;
        if (!CUE.test(text.slice(Math.max(0, end - 14), end))) continue;
        DATE_AFTER_CUE.lastIndex = end;
        const m = DATE_AFTER_CUE.exec(text);
        if (!m || !valid(m)) continue;
        const start = DATE_AFTER_CUE.lastIndex - m[1].length;
        if (!out.some((o) => o.start === start && o.category === 'date_of_birth')) out.push({ start, end: DATE_AFTER_CUE.lastIndex, category: 'date_of_birth', priority: PRIORITY });
      }
    }
  },
};

/** Day 1–31, month 1–12, a year of the Gregorian or a Hijri calendar. */
function valid(m: RegExpExecArray): boolean {
  const [day, month, year] = m[2] !== undefined ? [m[2], '1', m[3]] : m[4] !== undefined ? [m[4], m[6], m[7]] : [m[11], m[10], m[8]];
  const d = Number(western(day));
  const mo = Number(western(month));
  const y = Number(western(year));
  return d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && ((y >= 1900 && y <= 2099) || (y >= 1300 && y <= 1499));
}

function isArabicLetter(c: number): boolean {
  return c >= 0x0620 && c <= 0x064a;
}

/** Arabic-Indic and Persian digits as Arabic ones. */
function western(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    r += c >= 0x0660 && c <= 0x0669 ? String.fromCharCode(c - 0x0660 + 48) : c >= 0x06f0 && c <= 0x06f9 ? String.fromCharCode(c - 0x06f0 + 48) : s[i];
  }
  return r;
}
