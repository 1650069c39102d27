import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Names in Hebrew script after a role or a conversation cue: `הלקוח יוסף כהן התקשר` (the customer
 * … called), `שיחה עם תמר לוי, לחזור…` (a call with …), `המטופלת רחל אברהם`, and after an
 * introduction or a title (`שמי …`, `אני …` — not `אני רוצה` —, `מר`, `גב'`, `ד"ר`), a greeting and 'this
 * is' (`שלום, זה …`), or a word of kinship (`אשתי …`, my wife; `השכן …`, the neighbour). Hebrew has no
 * capitals, so the cue carries the decision: one or two Hebrew words right after it, stopping at
 * punctuation and at the verbs that usually follow a name in a CRM note.
 */
const CUE =
  /(?:^|[\s,.:;(\-])(?:ה?לקוח(?:ה)?|ה?מטופל(?:ת)?|ה?מבוטח(?:ת)?|ה?נוסע(?:ת)?|ה?עובד(?:ת)?|ה?חולה|ה?מנוי(?:ה)?|ה?פונה|ה?נמען|שיחה עם|דיברתי עם|שוחחתי עם|דיבר עם|דיברה עם|נפגשתי עם|בשם|שם מלא:?|שם:|שמי|קוראים לי|אני|מר|גב['׳]|ד["״]ר|(?:שלום|היי|הי|בוקר טוב|ערב טוב)[,!]?\s+(?:זה|זו|כאן|מדבר|מדברת)|אשתי|בעלי|אחי|אחותי|השכן|השכנה)\s+/gu;
/** A Hebrew word, or a name written in Latin letters after the Hebrew cue (`הלקוח Shira Ben-David ביקש…`). */
const WORD = /[\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*|[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'’]+(?:-[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'’]+)?/y;
/** Verbs and words that end the name ('called', 'asked', 'said', 'requested', 'arrived', 'and'). */
const STOP = new Set([
  'התקשר', 'התקשרה', 'ביקש', 'ביקשה', 'אמר', 'אמרה', 'שלח', 'שלחה', 'הגיע', 'הגיעה', 'מבקש', 'מבקשת', 'פנה', 'פנתה', 'דיווח', 'דיווחה',
  'ו', 'על', 'לגבי', 'בנוגע', 'מספר', 'טלפון', 'תאריך', 'כי', 'ש', 'את', 'לא', 'כן', 'היום', 'אתמול',
  // what follows 'I am' when no name does ('I want', 'I need', 'I am calling', 'I live', 'I can', 'I think', 'I am waiting', 'I am not')
  'רוצה', 'צריך', 'צריכה', 'מתקשר', 'מתקשרת', 'כותב', 'כותבת', 'מנסה', 'יכול', 'יכולה', 'חושב', 'חושבת', 'מחכה', 'גר', 'גרה', 'עדיין', 'מאוד', 'פה', 'כאן', 'בבית', 'בדרך', 'מצטער', 'מצטערת', 'שמח', 'שמחה', 'מעוניין', 'מעוניינת', 'לקוח', 'לקוחה', 'הלקוח', 'הלקוחה', 'מבין', 'מבינה', 'יודע', 'יודעת', 'זוכר', 'זוכרת', 'רק', 'גם', 'עם', 'לך', 'לכם', 'בסדר',
]);
const PRIORITY = 13;
const MAX_WORDS = 2;

export const hebrewNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // Hebrew letters at all (a one-byte string has none: one native test)
    if (!HEBREW.test(text)) return;
    CUE.lastIndex = 0;
    for (let m = CUE.exec(text); m; m = CUE.exec(text)) {
      let at = CUE.lastIndex;
      let start = -1;
      let end = -1;
      for (let n = 0; n < MAX_WORDS; n++) {
        WORD.lastIndex = at;
        const w = WORD.exec(text);
        if (!w || STOP.has(w[0])) break;
        if (start < 0) start = at;
        end = at + w[0].length;
        // one space between the words of a name; anything else ends it
        if (text.charCodeAt(end) !== 32) break;
        at = end + 1;
      }
      if (start >= 0) out.push({ start, end, category: 'person_name', priority: PRIORITY });
    }
  },
};

const HEBREW = /[\u05d0-\u05ea]/;
