import type { Detector, Match, ScanContext } from './detector';

/**
 * Dates of birth in free text: a date right after a birth cue, in the languages of the messages
 * we see (`born 14/03/1985`, `DOB 1985-03-14`, `date of birth: March 14, 1985`, `né le 14/03/1985`,
 * `geb. 14.03.1985`, `nacido el 3 de mayo de 1990`, `data urodzenia: 14.03.1985`). Only the date is
 * replaced. A date without a cue is not a birth date (order dates, timestamps stay).
 */
const MONTH =
  '(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr?(?:ier)?|mar(?:ch|s|zo)?|märz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maggio|jun(?:e|i|io)?|juin|giugno|jul(?:y|i|io)?|juil(?:let)?|luglio|aug(?:ust)?|août|ago(?:sto)?|sep(?:t|tember|tiembre|tembre)?|settembre|oct(?:ober|obre)?|okt(?:ober)?|ott(?:obre)?|nov(?:ember|embre)?|dec(?:ember)?|dez(?:ember)?|déc(?:embre)?|dic(?:iembre|embre)?|enero|gennaio|febrero|febbraio|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|januari|februari|maart|mei|juni|juli|augustus|oktober)\\.?';
const YEAR = '(?:19|20)[0-9]{2}';
const CUE =
  '(?:born|\\bdob|d\\.o\\.b\\.?|date of birth|birth ?date|birthday|\\bgeb\\.|geboren(?: am| op)?|geburtsdatum|geburtstag|\\bn[ée]e?(?: le)?|date de naissance|nacid[oa](?: el)?|fecha de nacimiento|f\\. ?nac\\.?|\\bnat[oa](?: il)?|data di nascita|geboortedatum|urodzon[ya]|\\burodz\\.|data urodzenia|nascid[oa](?: em)?|data de nascimento)';
/** The cue, joining characters or words, then the date, ending where the year ends (tested on the text before the year's end). */
const CUE_DATE = new RegExp(
  `${CUE}[\\s:=#,.-]*(?:(?:is|was|am|le|el|il|on|op|em|den|the|de|:)\\s+)?(` +
    `[0-9]{1,2}[./-][0-9]{1,2}[./-]${YEAR}|[0-9]{1,2}\\.\\s?[0-9]{1,2}\\.\\s?${YEAR}` +
    `|[0-9]{1,2}(?:st|nd|rd|th|er|º)?\\.?\\s+(?:de\\s+)?${MONTH}(?:\\s+de)?,?\\s+${YEAR}|${MONTH}\\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR}` +
    `)$`,
  'i',
);
/** ISO order: the cue, then YYYY-MM-DD starting at the year (tested on the text before the year). */
const CUE_BEFORE_ISO = new RegExp(`${CUE}[\\s:=#,.-]*(?:(?:is|was|am|le|el|il|on|op|em|den|the|:)\\s+)?$`, 'i');
const ISO_TAIL = /[./-][0-9]{1,2}[./-][0-9]{1,2}(?![0-9T:])/y;
/** How far before a year its cue and date can start ('date de naissance : 14 septembre 1985'). */
const LOOK_BACK = 48;

/**
 * Candidates are years (19xx, 20xx, four digits standing alone) found from the digit pairs '19'
 * and '20' by indexOf; only around a year does a regex look back for a cue and a date, so text
 * with no birth date pays two indexOf loops (a timestamp's year fails at its 'T').
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
    for (const head of ['19', '20']) {
      for (let y = text.indexOf(head); y >= 0; y = text.indexOf(head, y + 2)) {
        if (!isYearAt(text, y)) continue;
        const from = Math.max(0, y - LOOK_BACK);
        ISO_TAIL.lastIndex = y + 4;
        if (ISO_TAIL.test(text)) {
          if (CUE_BEFORE_ISO.test(text.slice(from, y))) push(out, y, ISO_TAIL.lastIndex, before);
          continue;
        }
        const m = CUE_DATE.exec(text.slice(from, y + 4));
        if (m) push(out, y + 4 - m[1].length, y + 4, before);
      }
    }
  },
};

function push(out: Match[], start: number, end: number, from: number): void {
  for (let i = from; i < out.length; i++) if (out[i].start === start) return;
  out.push({ start, end, category: 'date_of_birth', priority: 11 });
}

/** Four digits at y, not inside a longer number. */
function isYearAt(text: string, y: number): boolean {
  if (isDigit(text.charCodeAt(y - 1)) || isDigit(text.charCodeAt(y + 4))) return false;
  return isDigit(text.charCodeAt(y + 2)) && isDigit(text.charCodeAt(y + 3));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
