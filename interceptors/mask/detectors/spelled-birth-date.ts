import { ANSWER, FILLER, MONTH } from './date-of-birth';
import { DAY_WORD, SPELLED_YEAR } from './day-words';
import type { Detector, Match, ScanContext } from './detector';

/**
 * Birth dates written in words after a birth cue, as people say and transcripts write them: a day
 * spelled or as an ordinal (`the fourteenth of March`, `March 14th`, `1st of May`), and a year
 * spelled (`nineteen eighty five`, `two thousand and three`), in digits, or cut to two digits after
 * an apostrophe (`'85`). date-of-birth.ts starts from a four-digit year, so a date whose year is
 * spelled or cut, or whose day is a word, never reaches it. Only the date is replaced; without a cue
 * a date in words stays (`the appointment is on the fourteenth of March`).
 */
const DAY = `(?:${DAY_WORD}|[0-9]{1,2}(?:st|nd|rd|th|er)?)`;
const YEAR = `(?:${SPELLED_YEAR}|(?:19|20)[0-9]{2}|['’‘][0-9]{2})`;
/** After the cue's word: joining characters, a transcript's answer, filler words, then the date. */
const DATE_AFTER_CUE = new RegExp(
  `[\\s:=#,.?-]*${ANSWER}${FILLER}(?:(?:the\\s+|el\\s+)?(${DAY}\\.?(?:\\s+|-)(?:(?:of|de)\\s+)?${MONTH}(?:,?\\s+(?:de\\s+)?|-)${YEAR})|(${MONTH}\\s+(?:the\\s+)?${DAY},?\\s+${YEAR}))(?![\\p{L}\\p{N}])`,
  'iyu',
);
/** The cue, from the start of its word: `born`, `DOB`, `D.O.B.`, `birth` (`date of birth`, `birth date`, `birthday`), `geboren`. */
const CUE = /(?:born|dob|d\.o\.b\.?|birth(?:[ _-]?date|day)?|geboren(?:\s+am)?|nac(?:í|i|ido|ida|imiento)(?:\s+(?:el|en))?)/iy;
/**
 * A whole utterance that is a date in words with its year spoken (`june fourth nineteen eighty nine`,
 * `yes, the third of May nineteen seventy`): only speech writes a year so, and a transcript's
 * answer that is a full date alone is the reply to 'your date of birth?' asked in another segment.
 */
const WHOLE_SPOKEN_DATE = new RegExp(
  `^\\s*(?:(?:yes|yeah|yep|sure|ok|okay|um|uh|it's|it is|its|sí|si|ja|oui)[\\s,.]+)*(?:the\\s+|el\\s+)?(?:(${DAY}(?:\\s+|-)(?:(?:of|de)\\s+)?${MONTH}(?:,?\\s+(?:de\\s+)?|-)${SPELLED_YEAR})|(${MONTH}\\s+(?:the\\s+)?${DAY},?\\s+${SPELLED_YEAR}))[\\s.!?]*$`,
  'iu',
);
const PRIORITY = 11;

export const spelledBirthDateDetector: Detector = {
  category: 'date_of_birth',
  priority: PRIORITY,
  anchor: 'self',
  // lower-case speech (`dob fourteenth march nineteen eighty five`) holds no class: no gate but the cue's letter
  minLength: 14,
  // CUE's words (ASCII forms); a string of 100 characters or fewer may also be a spoken date alone (WHOLE_SPOKEN_DATE)
  cues: ['born', 'dob', 'd o b', 'birth', 'geboren', 'naci'],
  cuesBelowLength: 101,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // every cue holds a 'b' (born, birth, dob, d.o.b., geboren): found by the single-character indexOf, the
    // fastest search there is (eleven multi-character literals cost 2 µs per KiB of prose, a sixth of its scan)
    for (let h = text.indexOf('b'); h >= 0; h = text.indexOf('b', h + 1)) cueAt(text, h, out);
    for (let h = text.indexOf('B'); h >= 0; h = text.indexOf('B', h + 1)) cueAt(text, h, out);
    // Spanish (`nací el …`, `fecha de nacimiento: …`): the cue opens 'nac'
    for (let h = text.indexOf('nac'); h >= 0; h = text.indexOf('nac', h + 3)) cueAt(text, h, out);
    for (let h = text.indexOf('Nac'); h >= 0; h = text.indexOf('Nac', h + 3)) cueAt(text, h, out);
    if (text.length <= 100) {
      const m = WHOLE_SPOKEN_DATE.exec(text);
      if (m) {
        const date = m[1] ?? m[2];
        const start = text.indexOf(date);
        if (!out.some((o) => o.start === start && o.category === 'date_of_birth')) out.push({ start, end: start + date.length, category: 'date_of_birth', priority: PRIORITY });
      }
    }
  },
};

/** Whether the word holding the 'b' at `h` is a birth cue, and a date in words follows it. */
function cueAt(text: string, h: number, out: Match[]): void {
  // the cue's word starts at a letter after a non-letter ('stubborn' is no cue)
  let w = h;
  while (w > 0 && h - w < 6 && isCueChar(text.charCodeAt(w - 1))) w--;
  // by hand first: the word opens 'bor', 'bir', 'dob', 'd.' or 'geb' (most words with a 'b' do not)
  const c0 = text.charCodeAt(w) | 32;
  const c1 = text.charCodeAt(w + 1) | 32;
  const c2 = text.charCodeAt(w + 2) | 32;
  if (!((c0 === 98 && (c1 === 111 || c1 === 105) && c2 === 114) || (c0 === 100 && ((c1 === 111 && c2 === 98) || c1 === 46)) || (c0 === 103 && c1 === 101 && c2 === 98) || (c0 === 110 && c1 === 97 && c2 === 99))) return;
  CUE.lastIndex = w;
  if (!CUE.test(text)) return;
  DATE_AFTER_CUE.lastIndex = CUE.lastIndex;
  const m = DATE_AFTER_CUE.exec(text);
  if (!m) return;
  // the date alone: the joining characters, the answer and the filler words stay
  const end = DATE_AFTER_CUE.lastIndex;
  const start = end - (m[1] ?? m[2]).length;
  if (!out.some((o) => o.start === start && o.category === 'date_of_birth')) out.push({ start, end, category: 'date_of_birth', priority: PRIORITY });
}

/** A letter of a cue word or the dots of `D.O.B.` (walked back over to the word's start). */
function isCueChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46;
}
