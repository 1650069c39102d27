/**
 * A birth date masked in a field (`dateOfBirth: "1969-11-07"`) is often written again in the
 * record's text in another form: `γεν. 07/11/1969`, `(s. 4.9.1951)`, `born 14-Aug-1986`,
 * `DOB 03/17/1984`, `1990년 5월 3일생`, `১২ মার্চ ১৯৯৫`. Knowing the day, this module builds one
 * regular expression for every common way of writing that day — numeric in the three orders with
 * any separator, with or without leading zeros, two- or four-digit years, and with the month's
 * name in the languages of the messages we see — so the text's copy is found without a cue.
 * A day is specific enough (one in ~36 000 for a birth date's range) that no cue is needed.
 */

/** Month names and abbreviations by month (1–12), lower case: English, German, French, Spanish, Italian, Portuguese, Dutch, Nordic, Finnish, Polish, Czech, Hungarian, Romanian, Turkish, Greek, Russian, Ukrainian, Indonesian, Bengali, Hindi. */
const MONTH_NAMES: readonly string[] = [
  '',
  'january jan januar janvier janv enero ene gennaio gen janeiro januari tammikuuta tammikuu stycznia styczeń leden ledna január ianuarie ian ocak ιανουαρίου ιαν января январь січня січень জানুয়ারি जनवरी',
  'february feb februar février févr fév febrero febbraio fevereiro fev februari februar helmikuuta helmikuu lutego luty únor února február februarie şubat subat φεβρουαρίου φεβ февраля февраль лютого лютий ফেব্রুয়ারি फ़रवरी फरवरी',
  'march mar märz mars marzo março maart mar maaliskuuta maaliskuu marca marzec březen března március márc martie mart μαρτίου μαρ марта март березня березень maret মার্চ मार्च',
  'april apr avril avr abril abr aprile april huhtikuuta huhtikuu kwietnia kwiecień duben dubna április ápr aprilie nisan απριλίου απρ апреля апрель квітня квітень এপ্রিল अप्रैल',
  'may mai mayo maggio maio mei toukokuuta toukokuu maja maj květen května május máj mai mayıs mayis μαΐου μαΐ μαι мая май травня травень মে मई',
  'june jun juni juin junio giugno junho juni kesäkuuta kesäkuu czerwca czerwiec červen června június jún iunie haziran ιουνίου ιουν июня июнь червня червень জুন जून',
  'july jul juli juillet juil julio luglio julho juli heinäkuuta heinäkuu lipca lipiec červenec července július júl iulie temmuz ιουλίου ιουλ июля июль липня липень জুলাই जुलाई',
  'august aug août aout agosto ago augustus elokuuta elokuu sierpnia sierpień srpen srpna augusztus august ağustos agustos αυγούστου αυγ августа август серпня серпень agustus আগস্ট अगस्त',
  'september sep sept septembre septiembre settembre set setembro syyskuuta syyskuu września wrzesnia wrzesień září szeptember szept septembrie eylül eylul σεπτεμβρίου σεπ сентября сентябрь вересня вересень সেপ্টেম্বর सितंबर सितम्बर',
  'october oct okt octobre octubre ottobre ott outubro out oktober lokakuuta lokakuu października pazdziernika październik říjen října október októ octombrie ekim οκτωβρίου οκτ октября октябрь жовтня жовтень অক্টোবর अक्टूबर',
  'november nov novembre noviembre novembro november marraskuuta marraskuu listopada listopad listopadu noiembrie kasım kasim νοεμβρίου νοε ноября ноябрь листопада листопад নভেম্বর नवंबर नवम्बर',
  'december dec dez déc décembre diciembre dic dicembre dezembro desember december joulukuuta joulukuu grudnia grudzień prosinec prosince decembrie aralık aralik δεκεμβρίου δεκ декабря декабрь грудня грудень ডিসেম্বর दिसंबर दिसम्बर',
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The day as written with or without its leading zero (`0?4`, `14`). */
function num(n: number): string {
  return n < 10 ? `0?${n}` : String(n);
}

/** A remembered day's forms, and the two digits of its year every form holds (a cheap test before the regex). */
export interface DateForms {
  pattern: RegExp;
  yearTail: string;
}

/** The forms of `value`'s day (dateFormsPattern) with its year's last two digits, or undefined. */
export function dateForms(value: string): DateForms | undefined {
  // built once per day seen (a regex of ~2 KB): records of one subject repeat their birth date
  const cached = FORMS_CACHE.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const pattern = dateFormsPattern(value);
  const ymd = parseDate(value);
  const forms = pattern && ymd ? { pattern, yearTail: String(ymd[0]).slice(2) } : null;
  if (FORMS_CACHE.size >= FORMS_CACHE_SIZE) FORMS_CACHE.clear();
  FORMS_CACHE.set(value, forms);
  return forms ?? undefined;
}

/** Bound on cached day patterns (a regex each; the cache is dropped whole when full). */
const FORMS_CACHE_SIZE = 2048;
const FORMS_CACHE = new Map<string, DateForms | null>();

/** One expression for every common form of year-month-day, or undefined when `value` is no full date. */
export function dateFormsPattern(value: string): RegExp | undefined {
  const ymd = parseDate(value);
  if (!ymd) return undefined;
  const [y, m, d] = ymd;
  const Y = String(y);
  const YY = Y.slice(2);
  const D = num(d);
  const M = num(m);
  const names = [...new Set(MONTH_NAMES[m].split(' '))].sort((a, b) => b.length - a.length).map(escape).join('|');
  const MON = `(?:${names})\\.?`;
  const ORD = '(?:st|nd|rd|th|er|º|e|\\.)?';
  const forms = [
    // numeric: day-month-year and month-day-year with one separator kind, four- or two-digit year
    `${D}([./-])${M}(?:\\1)(?:${Y}|${YY})`,
    `${M}([./-])${D}(?:\\2)(?:${Y}|${YY})`,
    `${D}\\.\\s?${M}\\.\\s?${Y}`,
    `${D} ${M} ${Y}`,
    // year first: 1969/11/07, 1969.11.07, 1969-11-07, 19691107
    `${Y}([./-])${M}(?:\\3)${D}`,
    `${Y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
    // with the month's name: 14 Aug 1986, 14-Aug-1986, 9 de agosto de 1962, 3rd of March 1985, March 3, 1985, 1985. április 12.
    `${D}${ORD}[\\s-]*(?:(?:de|of|del)\\s+)?${MON}(?:\\s+(?:de|del))?[\\s,-]*${Y}`,
    `${MON}\\s*${D}(?:st|nd|rd|th)?,?\\s*${Y}`,
    `${Y}\\.?\\s*${MON}\\s*${D}\\.?`,
    // the East Asian order: 1990年5月3日, 1990년 5월 3일
    `${Y}\\s?[年년]\\s?${M}\\s?[月월]\\s?${D}\\s?[日일]`,
  ];
  // bounded by no digit (a longer number is another number) and, for names, no letter
  // (nor the date of a timestamp: `1966-10-30T08:00:00Z`)
  return new RegExp(`(?<![0-9\\p{L}])(?:${forms.join('|')})(?![0-9]|T[0-9]|[.:][0-9])`, 'giu');
}

/**
 * Year, month and day of an ISO (`1969-11-07`, `1969-11-07T00:00:00Z`), compact (`19691107`) or
 * day-first numeric date (`07.11.1969`, `7/11/1969`; month-first when the first number cannot be a
 * month's day… that is, when the second is above 12: `11/23/1976`). A numeric date both ways
 * readable is taken day first, as most of the world writes it.
 */
function parseDate(value: string): [number, number, number] | undefined {
  const v = value.trim();
  let y: number;
  let mo: number;
  let d: number;
  const iso = /^(\d{4})[-./]?(\d{2})[-./]?(\d{2})(?:$|T)/.exec(v);
  if (iso) {
    y = Number(iso[1]);
    mo = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(v);
    if (!dmy) return undefined;
    y = Number(dmy[3]);
    const a = Number(dmy[1]);
    const b = Number(dmy[2]);
    [d, mo] = b > 12 && a <= 12 ? [b, a] : [a, b];
  }
  if (y < 1880 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return [y, mo, d];
}

/** Decimal digits of other scripts (Bengali, Devanagari, Arabic-Indic, full-width …) as ASCII, same length; `s` itself when it has none. */
export function asciiDigits(s: string): string {
  let first = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 && digitValue(c) >= 0) {
      first = i;
      break;
    }
  }
  if (first < 0) return s;
  const codes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = i >= first && c > 127 ? digitValue(c) : -1;
    codes.push(v >= 0 ? 48 + v : c);
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** Zeros of the decimal digit blocks in the Basic Multilingual Plane that messages use. */
const DIGIT_ZEROS = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810, 0xff10];

function digitValue(c: number): number {
  if (c < 0x660) return -1;
  for (const z of DIGIT_ZEROS) if (c >= z && c <= z + 9) return c - z;
  return -1;
}
