import type { Detector, Match, ScanContext } from './detector';

/**
 * A number after a phone label in free text, in whatever national format (`Mob: 011 15-9044-8553`,
 * `Tel.: (0221) 123 45 67`, `Handy 0171 2345678`, `Cel: 55 1234 5678`, `phone number '9911 1083'`): the label says what it
 * is, so no region is needed. 8 to 15 digits with the usual separators.
 */
// The label word opens the pattern (the letter before it is checked by hand): a pattern opening with
// `(?:^|[^\p{L}])` was tried at every character of the text.
const PHONE_LABEL =
  /(?:mob(?:ile)?|tel(?:ephone)?|t[ée]l[ée]phone|telefon[eo]?|tel[ée]fono|phone|ph|cell(?:ular)?|cel(?:ular)?|m[óo]vil|handy|tlf|whats ?app|fax|gsm|hp)\.?(?:[ \u00a0]*(?:number|numero|número|nummer|num)\b)?[ \u00a0]*(?::|no\.?:?|nr\.?:?|#|is|es|é|è|ist|est|era|hai)?[ \u00a0]*["'‘“]?(?=[+(0-9])/giu;
const LETTER = /\p{L}/u;
const DATE_SHAPE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const PHONE_AFTER_LABEL = /\+?[0-9(][0-9 ()./\u00a0-]{6,22}[0-9]/y;

export const labelledPhoneDetector: Detector = {
  category: 'phone',
  priority: 10,
  anchor: 'digitRun',
  minLength: 10,
  // PHONE_LABEL's words (ASCII forms), each after a non-letter (find skips a label glued to a letter)
  cues: [' mob', ' tel', ' ph', ' cel', ' movil', ' handy', ' tlf', ' whats', ' fax', ' gsm', ' hp'],
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    PHONE_LABEL.lastIndex = 0;
    for (let m = PHONE_LABEL.exec(text); m; m = PHONE_LABEL.exec(text)) {
      if (m.index > 0 && LETTER.test(text[m.index - 1])) continue;
      const start = PHONE_LABEL.lastIndex;
      PHONE_AFTER_LABEL.lastIndex = start;
      const n = PHONE_AFTER_LABEL.exec(text);
      if (!n) continue;
      let digits = 0;
      for (let i = 0; i < n[0].length; i++) if (n[0].charCodeAt(i) >= 48 && n[0].charCodeAt(i) <= 57) digits++;
      // a number glued to more digits or letters is something else (an id, a date-time)
      const after = text.charCodeAt(start + n[0].length);
      if (digits < 8 || digits > 15 || (after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122)) continue;
      // a date after the label ('Tel: 2025-03-14 call') is not a number
      if (DATE_SHAPE.test(n[0])) continue;
      out.push({ start, end: start + n[0].length, category: 'phone', priority: 10 });
    }
  },
};
