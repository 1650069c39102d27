import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Birth dates in the calendars of Japan and Taiwan and in Chinese numerals: an era's year
 * (`昭和60年3月14日`, `平成元年5月3日`, `民國74年3月14日`), its Latin abbreviation on forms
 * (`S60.3.14`, `H2/5/3`), or a Gregorian date in numerals (`一九八五年三月十四日`), with a birth cue
 * before (`生年月日：`, `出生日期`, `誕生日`, `生日`) or after (`生`, `生まれ`, `出生`). date-of-birth.ts
 * starts from a four-digit year, which none of these holds. The era, month and day are checked
 * (an era's year within its length), and only the date is replaced: `令和5年4月1日施行` (in force
 * from) or `平成30年度` (a fiscal year) have no cue and stay.
 *
 * Every cue of these scripts holds 生 (born), so text without it costs one indexOf.
 */
/** Era names and their last year of use (Meiji 1868–1912, Taishō 1912–1926, Shōwa 1926–1989, Heisei 1989–2019, Reiwa 2019–, Minguo 1912–). */
const ERA_LENGTH: Record<string, number> = { 明治: 45, 大正: 15, 昭和: 64, 平成: 31, 令和: 99, 民國: 199, 民国: 199 };
/** The Latin initials Japanese forms write for the eras (Meiji, Taishō, Shōwa, Heisei, Reiwa). */
const ERA_INITIAL: Record<string, number> = { M: 45, T: 15, S: 64, H: 31, R: 99 };
const NUMERAL = '[0-9〇零○一二三四五六七八九十]{1,3}';
/** An era, its year (`元` for the first), month and day; or four numerals of a Gregorian year. */
/** (a Gregorian year in Arabic digits too: date-of-birth.ts finds `1985年3月14日` only with a cue before it, not `…日生`) */
const KANJI_DATE = new RegExp(
  `(?:(明治|大正|昭和|平成|令和|民國|民国)\\s?(${NUMERAL}|元)|([〇零○一二三四五六七八九]{4}|(?:19|20)[0-9]{2}))\\s?年\\s?(${NUMERAL})\\s?月\\s?(${NUMERAL})\\s?日`,
  'g',
);
/** The Latin abbreviation (`S60.3.14`), not glued to a word or a number. */
const INITIAL_DATE = /(?<![A-Za-z0-9])([MTSHR])\s?([0-9]{1,2})([./-])([0-9]{1,2})\3([0-9]{1,2})(?![0-9])/g;
/** A cue right before the date: 生年月日, 出生日期, 出生年月日, 出生日, 誕生日, 生日, 出生於/于, 生於/于, then up to a few characters (`：`, `（和暦）`). */
const CUE_BEFORE = /(?:生年月日|出生(?:年月)?日(?:期)?|誕生日|生日|出生[於于]|生[於于])[^。\n\d]{0,6}$/;
/**
 * A cue right after it: 生, 生まれ, 出生, 誕生 (`昭和60年3月14日生`) — not the words 生 begins
 * (`…日生産開始`, production starts; 生活, 生成, 生徒, 生命).
 */
const CUE_AFTER = /^\s?(?:生(?![産活成徒命地涯協鮮])|出生|誕生)/;
const PRIORITY = 11;

export const eraBirthDateDetector: Detector = {
  category: 'date_of_birth',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('生') < 0) return;
    if (text.indexOf('年') >= 0) {
      KANJI_DATE.lastIndex = 0;
      for (let m = KANJI_DATE.exec(text); m; m = KANJI_DATE.exec(text)) {
        const valid = m[1] !== undefined ? inRange(numeral(m[2]), ERA_LENGTH[m[1]]) : m[3].length === 4 && inRange(Number(digits(m[3])), 2100) && Number(digits(m[3])) >= 1900;
        if (!valid || !inRange(numeral(m[4]), 12) || !inRange(numeral(m[5]), 31)) continue;
        if (cued(text, m.index, m.index + m[0].length)) out.push({ start: m.index, end: m.index + m[0].length, category: 'date_of_birth', priority: PRIORITY });
      }
    }
    INITIAL_DATE.lastIndex = 0;
    for (let m = INITIAL_DATE.exec(text); m; m = INITIAL_DATE.exec(text)) {
      if (!inRange(Number(m[2]), ERA_INITIAL[m[1]]) || !inRange(Number(m[4]), 12) || !inRange(Number(m[5]), 31)) continue;
      if (cued(text, m.index, m.index + m[0].length)) out.push({ start: m.index, end: m.index + m[0].length, category: 'date_of_birth', priority: PRIORITY });
    }
  },
};

function cued(text: string, start: number, end: number): boolean {
  return CUE_BEFORE.test(text.slice(Math.max(0, start - 14), start)) || CUE_AFTER.test(text.slice(end, end + 3));
}

function inRange(n: number, max: number): boolean {
  return n >= 1 && n <= max;
}

const DIGIT_OF: Record<string, number> = { 〇: 0, 零: 0, '○': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Numerals written digit by digit (`一九八五`) as Arabic digits. */
function digits(s: string): string {
  let r = '';
  for (const c of s) r += DIGIT_OF[c] ?? c;
  return r;
}

/** 1–99 in Arabic digits or Chinese numerals (`十四`, `二十一`, `六十`, `元` = 1); NaN when malformed. */
function numeral(s: string): number {
  if (s === '元') return 1;
  if (/^[0-9]+$/.test(s)) return Number(s);
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? DIGIT_OF[s] ?? NaN : NaN;
  const tens = ten === 0 ? 1 : ten === 1 ? DIGIT_OF[s[0]] ?? NaN : NaN;
  const rest = s.slice(ten + 1);
  const units = rest === '' ? 0 : rest.length === 1 ? DIGIT_OF[rest] ?? NaN : NaN;
  return tens * 10 + units;
}
