import type { Detector, Match, ScanContext } from './detector';
import { DAY_WORD, ENGLISH_DAY } from './day-words';

/**
 * Dates of birth in free text: a date right after a birth cue, in the languages of the messages
 * we see (`born 14/03/1985`, `DOB 1985-03-14`, `date of birth: March 14, 1985`, `né le 14/03/1985`,
 * `geb. 14.03.1985`, `nacido el 3 de mayo de 1990`, `data urodzenia: 14.03.1985`). Only the date is
 * replaced. A date without a cue is not a birth date (order dates, timestamps stay).
 */
export const MONTH =
  '(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr?(?:ier)?|mar(?:ch|s|zo)?|märz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maggio|jun(?:e|i|io)?|juin|giugno|jul(?:y|i|io)?|juil(?:let)?|luglio|aug(?:ust)?|août|ago(?:sto)?|sep(?:t|tember|tiembre|tembre)?|settembre|oct(?:ober|obre|ubre)?|okt(?:ober)?|ott(?:obre)?|nov(?:ember|embre|iembre)?|dec(?:ember)?|dez(?:ember)?|déc(?:embre)?|dic(?:iembre|embre)?|enero|gennaio|febrero|febbraio|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|januari|februari|maart|mei|juni|juli|augustus|oktober|maret|agustus|desember|ocak|[şs]ubat|mart|nisan|may[ıi]s|haziran|temmuz|a[ğg]ustos|eyl[üu]l|ekim|kas[ıi]m|aral[ıi]k|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|জানুয়ারি|ফেব্রুয়ারি|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর|wrze[śs]nia|pa[źz]dziernika|listopada|grudnia|ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|ιανουαρίου|φεβρουαρίου|μαρτίου|απριλίου|μα[ΐιί]ου|ιουνίου|ιουλίου|αυγούστου|σεπτεμβρίου|οκτωβρίου|νοεμβρίου|δεκεμβρίου|ιανουαριου|φεβρουαριου|μαρτιου|απριλιου|ιουνιου|ιουλιου|αυγουστου|σεπτεμβριου|οκτωβριου|νοεμβριου|δεκεμβριου|जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर)\\.?';
const YEAR = '(?:19|20)[0-9]{2}';
const CUE =
  '(?:born|\\bdob|d\\.o\\.b\\.?|date[ _-]of[ _-]birth|birth[ _-]?date|birthday|\\bgeb\\.(?:-?datum)?|geboren(?: am| op)?|geburtsdatum|geburtstag|\\bn[ée]e?(?: le)?|date de naissance|nacid[oa](?:\\/[ao])?(?: el)?|nac[íi] (?:el|en)|fecha[ _-](?:de[ _-])?nac(?:imiento|\\.)|\\bnac\\.|γεν\\.|γεννήθηκε|γεννήθηκα|\\(s\\.|birth[ _-]?time\\s+value=["\']?|জন্ম(?:\\s*তারিখ)?|जन्म(?:\\s*(?:तिथि|तारीख))?|f\\. ?nac\\.?|\\bnat[oa](?:\\/[ao])?(?: il)?|data di nascita|geboortedatum|urodzon[ya]|\\burodz\\.|\\bur\\.|\\bsz[üu]l\\.|\\bnar\\.|data urodzenia|nascid[oa](?:\\/[ao])?(?: em)?|data de nascimento|do[ğg]um tarihi(?:m|niz)?|d\\.\\s?t\\.|f[öo]delsedatum|f[öo]dd(?: den)?|f[øo]dselsdato|f[øo]dt(?: den)?|syntym[äa]aika|syntynyt|data na[șs]terii|n[ăa]scut(?:[ăa])?(?: la| pe)?|datum narozen[íi]|narozen[áa]?|sz[üu]let[ée]si d[áa]tum|sz[üu]letett|ημερομηνία γέννησης|ημ(?:ερομηνία|\\.)\\s*γ[εέ]ννησης|ngày sinh|tanggal lahir|lahir|birth|生年月日|出生年月日|出生日期|出生日|誕生日|生日|생년월일|생일|תאריך לידה|ת\\.\\s?לידה|נולד(?:ה)?(?: ב)?|تاريخ الميلاد|تاريخ الولادة|дата рождения|дата народження|народ(?:ився|илася)|д\\.\\s?р\\.|родил(?:ся|ась)|tgl\\.?\\s?lahir|ngày tháng năm sinh|sinh ngày|sinh năm|kaarawan|kapanganakan|ipinanganak(?: noong)?|jan(?:a)?m\\s+(?:tithi|tareekh|tarikh|din))';
/** A transcript's answer between the question and the date ('date of birth? Caller: 14th of feb 1989'). */
export const ANSWER = '(?:[A-Za-z]{2,12}:\\s+)?';
/**
 * Up to four words between the cue and the date that say where the date was read or how it was
 * given ('DOB on document 01/05/2003', 'date of birth as per passport: 12/03/1970', 'born on the
 * 3rd'): a closed list, so that a cue followed by a sentence about something else stays apart.
 */
export const FILLER =
  "(?:(?:kundenkonto|konto|akte|unterlagen|account|system|crm|zur|zum|für|laut|verifizierung|prüfung|bestätigung|identifizierung|verification|para|pour|is|was|am|hai|hain|es|é|è|ist|est|era|war|στις|στην|le|el|il|on|op|em|den|the|id[őo]|de|as|per|in|of|from|according|to|his|her|their|patient'?s|customer'?s|stated|given|listed|shown|provided|recorded|entered|declared|document|documents|doc|docs|passport|id|file|record|records|form|card|licen[cs]e|application|profile|certificate|registration|:)[:,]?\\s+){0,4}";
/**
 * The month printed twice, in the issuing country's language and in English or French, as travel
 * documents print their dates (`12 AUG/AUG 1974`, `14 MARS/MAR 1985`, `03 JUIN/JUN 1990`).
 */
const SECOND_MONTH = `(?:\\s?\\/\\s?${MONTH})?`;
/** The cue, joining characters or words, then the date, ending where the year ends (tested on the text before the year's end). */
const CUE_DATE = new RegExp(
  `${CUE}[\\s:=#,.?-]*${ANSWER}${FILLER}(` +
    `[0-9]{1,2}[./-][0-9]{1,2}[./-]${YEAR}|[0-9]{1,2}\\.\\s?[0-9]{1,2}\\.\\s?${YEAR}` +
    `|(?:[0-9]{1,2}(?:st|nd|rd|th|er|º)?|${DAY_WORD})\\.?(?:\\s+|-)(?:(?:de|of)\\s+)?${MONTH}${SECOND_MONTH}(?:\\s+de)?(?:,?\\s+|-)${YEAR}|${MONTH}\\s+(?:the\\s+)?(?:[0-9]{1,2}(?:st|nd|rd|th)?|${ENGLISH_DAY}),?\\s+${YEAR}` +
    `)$`,
  'i',
);
/** ISO order: the cue, then YYYY-MM-DD starting at the year (tested on the text before the year). */
const CUE_BEFORE_ISO = new RegExp(`${CUE}[\\s:=#,.?-]*${ANSWER}${FILLER}$`, 'i');
const ISO_TAIL = /[./-][0-9]{1,2}[./-][0-9]{1,2}(?![0-9T:])/y;
/**
 * The compact airline/military form (`12JUN85`, `03MAR1990`): day, three-letter English month in
 * capitals, two- or four-digit year, no separators — no standalone year to start from, so found
 * from the month by one regex that starts at capitals only (rare in machine text, unlike digits).
 */
const COMPACT = /(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?:[0-9]{4}|[0-9]{2})(?![0-9A-Za-z])/g;
/** After a year, the Hungarian way: `. június 8.`, `. jún. 8.` (month names and their abbreviations). */
const HU_TAIL =
  /\.\s?(?:január|február|március|április|május|június|július|augusztus|szeptember|október|november|december|jan|febr?|márc|ápr|máj|jún|júl|aug|szept|okt|nov|dec)\.?\s?[0-9]{1,2}\.?/iy;

function isLetterStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x17f);
}

/** After a year: 年 M 月 D 日, or Korean 년 M 월 D 일 (spaces allowed). */
const CJK_TAIL = /(?:年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?日|년\s?[0-9]{1,2}\s?월\s?[0-9]{1,2}\s?일)/y;
/** A question asking for a birth date ('Können Sie mir Ihr Geburtsdatum nennen?', 'and your date of birth?'). */
const ASKS = new RegExp(`${CUE}[^?.!]{0,48}\\?`, 'i');
/** … or a turn that ends on the cue, a request without a question mark ('Zur Verifizierung bräuchte ich Ihr Geburtsdatum.', 'su fecha de nacimiento, por favor'). */
const ENDS_ON_CUE = new RegExp(`${CUE}[^?.!0-9]{0,16}[.!:]?\\s*$`, 'i');
/** A date at the start of an answer, after a short 'yes' / 'it's' ('7. Dezember 1942.', 'Sure, 14/03/1985'). */
const LEADING_DATE = new RegExp(
  `^\\s*(?:(?:it'?s|it is|sure|yes|yeah|ja|klar|oui|sí|si|claro|certo|tak|evet|ok(?:ay)?|natürlich|el|le|am|on|the|il|op|em|de|der|den|die)[,.!:]?\\s+)?(` +
    `[0-9]{1,2}[./-][0-9]{1,2}[./-]${YEAR}|[0-9]{1,2}\\.\\s?[0-9]{1,2}\\.\\s?${YEAR}|${YEAR}[./-][0-9]{1,2}[./-][0-9]{1,2}` +
    `|[0-9]{1,2}(?:st|nd|rd|th|er|º)?\\.?(?:\\s+|-)(?:(?:de|of)\\s+)?${MONTH}(?:\\s+de)?(?:,?\\s+|-)${YEAR}|${MONTH}\\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR}` +
    `)(?![0-9]|T[0-9]|\\s[0-9]{1,2}:[0-9]{2})`,
  'i',
);

/** Whether `text` asks for a birth date (its answer comes in the next message of a transcript). */
export function asksForBirthDate(text: string): boolean {
  if (text.length > 2000) return false;
  return (text.indexOf('?') >= 0 && ASKS.test(text)) || ENDS_ON_CUE.test(text.slice(-96));
}

/** The span of a date that opens `text` (an answer to a birth-date question), or undefined. */
export function leadingDate(text: string): { start: number; end: number } | undefined {
  const m = LEADING_DATE.exec(text);
  if (!m) return undefined;
  const start = m[0].length - m[1].length;
  return { start, end: m[0].length };
}

/** How far before a year its cue and date can start ('date de naissance : 14 septembre 1985'). */
const LOOK_BACK = 48;
/**
 * A birth year alone after a verb of being born (`born 1991`, `geboren 1991`, `née en 1984`,
 * `nacida en 1979`, `urodzony w 1990`): the year of birth is what the sentence gives of the date.
 * Only these verbs: `since 1991`, `founded 1991` or `DOB year 1991` say something else.
 */
/** `geboren` (de, nl) right after the year, as the verb closes the clause. */
const VERB_FINAL_CUE = /^\s*(?:geboren|geb\.)(?![\p{L}])/u;
/** A date ending the text after `am` / `op` / `den`: `12. März 1971`, `3 mei 1990`, `14.03.1985`. */
const DATE_BEFORE_VERB = new RegExp(
  `(?:\\bam|\\bop|\\bden)\\s+([0-9]{1,2}\\.\\s?[0-9]{1,2}\\.\\s?${YEAR}|[0-9]{1,2}[./-][0-9]{1,2}[./-]${YEAR}|[0-9]{1,2}\\.?\\s+${MONTH}\\s+${YEAR})$`,
  'iu',
);
const BORN_IN_YEAR = /(?:\bborn|\bgeboren|\bn[ée]e?|\bnacid[oa]|\bnat[oa]|\bnascid[oa]|\burodzon[ay]|\bfödd|\bfødt)(?:\s+(?:in|en|em|im|nel|w|i))?\s+$/i;

/**
 * Candidates are the years (19xx, 20xx) the one pass found with the digit stretches; only around
 * a year does a regex look back for a cue and a date (a timestamp's year fails at its 'T').
 */
export const dateOfBirthDetector: Detector = {
  category: 'date_of_birth',
  priority: 11,
  anchor: 'self',
  minLength: 10,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const before = out.length;
    for (const y of ctx.years()) {
      {
        const from = Math.max(0, y - LOOK_BACK);
        const after = text.charCodeAt(y + 4);
        if ((after === 45 || after === 46 || after === 47) && isDigit(text.charCodeAt(y + 5))) {
          // the year first: YYYY-MM-DD (a timestamp's date fails at its 'T')
          ISO_TAIL.lastIndex = y + 4;
          if (ISO_TAIL.test(text) && (CUE_BEFORE_ISO.test(text.slice(from, y)) || pairedWithBirthDate(text, y, out, before))) push(out, y, ISO_TAIL.lastIndex, before);
          continue;
        }
        if (after === 46 && (text.charCodeAt(y + 5) === 32 || isLetterStart(text.charCodeAt(y + 5)))) {
          // the Hungarian order: 1971. június 8. after szül. / született / születési dátum
          HU_TAIL.lastIndex = y + 4;
          if (HU_TAIL.test(text) && CUE_BEFORE_ISO.test(text.slice(from, y))) {
            push(out, y, HU_TAIL.lastIndex, before);
            continue;
          }
        }
        if (after === 0x5e74 || after === 0xb144) {
          // the East Asian order: 2000年5月27日 after 生年月日 / 出生日期 / 생년월일
          CJK_TAIL.lastIndex = y + 4;
          // … or before 생 ('born': `1990년 5월 3일생`)
          if (CJK_TAIL.test(text) && (text.charCodeAt(CJK_TAIL.lastIndex) === 0xc0dd || CUE_BEFORE_ISO.test(text.slice(from, y)))) push(out, y, CJK_TAIL.lastIndex, before);
          continue;
        }
        const m = CUE_DATE.exec(text.slice(from, y + 4));
        if (m) push(out, y + 4 - m[1].length, y + 4, before);
        else if (VERB_FINAL_CUE.test(text.slice(y + 4, y + 20))) {
          // the cue after the date, German and Dutch word order (`Ich bin am 12. März 1971 geboren`,
          // `ik ben op 3 mei 1990 geboren`): the date that ends at the year, after `am` / `op`
          const d = DATE_BEFORE_VERB.exec(text.slice(from, y + 4));
          if (d) push(out, y + 4 - d[1].length, y + 4, before);
        }
        else if (!isDigit(after) && BORN_IN_YEAR.test(text.slice(from, y))) push(out, y, y + 4, before);
        else {
          // the second date of a comparison with a birth date ('DOB 12/03/1970 vs 12/08/1970')
          const d = NUMERIC_DATE_HEAD.exec(text.slice(Math.max(0, y - 6), y));
          if (d && pairedWithBirthDate(text, y - d[0].length, out, before)) push(out, y - d[0].length, y + 4, before);
        }
      }
    }
    // eight digits, YYYYMMDD, right after a cue ('verified w/ DOB 19470206')
    for (const run of ctx.digitRuns()) {
      const g = run.groups;
      if (g.length !== 1 || g[0].end - g[0].start !== 8) continue;
      const s = g[0].start;
      if (!isCompactIsoDate(text, s)) continue;
      if (CUE_BEFORE_ISO.test(text.slice(Math.max(0, s - LOOK_BACK), s))) push(out, s, s + 8, before);
    }
    // a two-digit year right after a cue ('DOB: 7/4/62', 'geb. 03.11.58'): no standalone year to start from
    // (only in text with a cue's letters — `DOB`, `dob`, `born`, `geb.`, `nac.` — : on digit-dense text
    // without one the scan cost 1.3 µs per KiB)
    SHORT_YEAR_DATE.lastIndex = 0;
    const shortCue = text.indexOf('OB') >= 0 || text.indexOf('ob') >= 0 || text.indexOf('orn') >= 0 || text.indexOf('eb.') >= 0 || text.indexOf('ac.') >= 0;
    for (let m = shortCue ? SHORT_YEAR_DATE.exec(text) : null; m; m = SHORT_YEAR_DATE.exec(text)) {
      const b = text.charCodeAt(m.index - 1);
      if (isDigit(b) || b === 46 || b === 47 || b === 45) continue;
      if (CUE_BEFORE_ISO.test(text.slice(Math.max(0, m.index - LOOK_BACK), m.index))) push(out, m.index, m.index + m[0].length, before);
    }
    // EDIFACT: qualifier 329 of a DTM segment is the birth date (`DTM+329:19590120:102'`, PAXLST, insurance messages)
    for (let p = text.indexOf('DTM+329:'); p >= 0; p = text.indexOf('DTM+329:', p + 8)) {
      const s = p + 8;
      let e = s;
      while (e < text.length && e - s < 12 && isDigit(text.charCodeAt(e))) e++;
      if (e - s >= 6) push(out, s, e, before);
    }
    COMPACT.lastIndex = 0;
    for (let m = COMPACT.exec(text); m; m = COMPACT.exec(text)) {
      // one or two digits of the day right before the month, and nothing glued before them
      let s = m.index;
      if (!isDigit(text.charCodeAt(s - 1))) continue;
      s--;
      if (isDigit(text.charCodeAt(s - 1))) s--;
      const b = text.charCodeAt(s - 1);
      if (isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)) continue;
      if (CUE_BEFORE_ISO.test(text.slice(Math.max(0, s - LOOK_BACK), s))) push(out, s, m.index + m[0].length, before);
    }
  },
};

/** 19xx/20xx, month 01–12, day 01–31 at `s`. */
function isCompactIsoDate(text: string, s: number): boolean {
  const c0 = text.charCodeAt(s);
  const c1 = text.charCodeAt(s + 1);
  if (!((c0 === 49 && c1 === 57) || (c0 === 50 && c1 === 48))) return false;
  const month = (text.charCodeAt(s + 4) - 48) * 10 + text.charCodeAt(s + 5) - 48;
  const day = (text.charCodeAt(s + 6) - 48) * 10 + text.charCodeAt(s + 7) - 48;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Day, month and a two-digit year (`7/4/62`, `03.11.58`), one separator kind, nothing numeric glued on. */
// (from a digit: a leading look-behind is tried at every character; the character before is checked by hand)
const SHORT_YEAR_DATE = /[0-9]{1,2}([./-])[0-9]{1,2}\1[0-9]{2}(?![0-9./-])/g;

/** Day and month before a year: `12/03/`, `1.3.`, `14-03-`. */
const NUMERIC_DATE_HEAD = /(?<![0-9])[0-9]{1,2}[./-][0-9]{1,2}[./-]$/;
/** What joins two dates compared with each other: 'vs', 'versus', 'or', '≠', '->', '/' … */
const COMPARISON = /[ \t]*(?:vs\.?|versus|v\.|or|oder|ou|o|≠|!=|<>|->|→|=>|\/|instead of|statt|au lieu de|en lugar de)[ \t]*$/i;

/** Whether a date starting at `start` follows a birth date found in this text, joined by a comparison. */
function pairedWithBirthDate(text: string, start: number, out: readonly Match[], from: number): boolean {
  const m = COMPARISON.exec(text.slice(Math.max(0, start - 16), start));
  if (!m) return false;
  const joinAt = start - m[0].length;
  for (let i = from; i < out.length; i++) if (out[i].category === 'date_of_birth' && out[i].end === joinAt) return true;
  return false;
}

function push(out: Match[], start: number, end: number, from: number): void {
  for (let i = from; i < out.length; i++) if (out[i].start === start) return;
  out.push({ start, end, category: 'date_of_birth', priority: 11 });
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
