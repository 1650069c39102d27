import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Names in Hebrew script after a role or a conversation cue: `הלקוח יוסף כהן התקשר` (the customer
 * … called), `שיחה עם תמר לוי, לחזור…` (a call with …), `המטופלת רחל אברהם`, and after an
 * introduction or a title (`שמי …`, `אני …` — not `אני רוצה` —, `מר`, `גב'`, `ד"ר`), a greeting and 'this
 * is' (`שלום, זה …`), or a word of kinship (`אשתי …`, my wife; `השכן …`, the neighbour). Hebrew has no
 * capitals, so the cue carries the decision: one or two Hebrew words right after it, stopping at
 * punctuation and at the verbs that usually follow a name in a CRM note. Also the person greeted
 * (`היי יוסי,`; not `שלום רב,`) and the signer on the line after a closing (`תודה,\nמיכל לוי-אברהם`).
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
/** A greeting, then one word closed by a comma or '!' (`היי יוסי,`): the person greeted. */
const GREETED = /(?:^|[\s,.:;("])(?:היי|הי|שלום|בוקר טוב|ערב טוב|צהריים טובים)\s+([\u05d0-\u05ea][\u05d0-\u05ea'׳״-]*)(?=[,!])/gu;
/** Words after a greeting that are no one's name (`שלום רב,` 'dear sir', `היי לכולם,`, `שלום לך,`). */
const NOT_GREETED = new Set(['רב', 'רבה', 'לכולם', 'לך', 'לכם', 'לכן', 'שוב', 'עליכם', 'וברכה', 'צוות', 'חברים', 'כולם', 'מותק', 'אדוני', 'גברתי']);
/** A closing (`תודה,`, `בברכה,`) at the end of its line, then a line of one to three Hebrew words alone: the signer. */
const SIGNED = /(?:תודה|תודה רבה|בברכה|בתודה|כל טוב|להתראות|בהוקרה)[,.!]?[ \t]*\r?\n[ \t]*([\u05d0-\u05ea][\u05d0-\u05ea'׳״-]*(?:[ \t][\u05d0-\u05ea][\u05d0-\u05ea'׳״-]*){0,2})[ \t]*(?=\r?\n|$)/gu;

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
    GREETED.lastIndex = 0;
    for (let m = GREETED.exec(text); m; m = GREETED.exec(text)) {
      if (NOT_GREETED.has(m[1]) || STOP.has(m[1])) continue;
      const start = m.index + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
    }
    if (text.indexOf('\n') > 0) {
      SIGNED.lastIndex = 0;
      for (let m = SIGNED.exec(text); m; m = SIGNED.exec(text)) {
        const start = m.index + m[0].indexOf(m[1], m[0].length - m[1].length - 2);
        out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
      }
    }
  },
};

const HEBREW = /[\u05d0-\u05ea]/;
