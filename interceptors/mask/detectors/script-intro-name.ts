import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * People named in chats, transcripts and letters written in Greek, Hindi (Devanagari and
 * romanised), Thai, Japanese, Russian and Ukrainian — scripts the capitalised-word rules of
 * person-name.ts do not read:
 * - a self-introduction: `λέγομαι Ελένη`, `με λένε Γιώργο Παπαδόπουλο`, `मेरा नाम प्रिया शर्मा है`,
 *   `main Kavya bol rahi hoon`, `ดิฉันชื่อสมศรี ใจดี ค่ะ`, `佐藤健一と申します`;
 * - a person addressed by a title: `κύριε Παπαδόπουλε`, `κα Νικολάου`, `пані Оксано`, `господин Петров`;
 * - a Russian or Ukrainian letter's signature: `С уважением, О. Смирнова`;
 * (Han names before 様 or さん are honorific-name.ts's.)
 * Each pattern names the person in its first group.
 */
const GREEK_WORD = '\\p{Lu}[\\p{Ll}\\u0384-\\u03ce]+';
const CYRILLIC = '\\p{Lu}[\\p{Ll}’\']+(?:-\\p{Lu}[\\p{Ll}’\']+)?';
const PATTERNS: readonly RegExp[] = [
  new RegExp(`(?<!\\p{L})(?:[Λλ]έγομαι|[Οο]νομάζομαι|[Μμ]ε λένε|[Ττ]ο όνομά μου είναι|[Εε]ίμαι (?:ο|η))[\\s,:]+(${GREEK_WORD}(?:[ \\u00a0]+${GREEK_WORD}){0,2})`, 'gu'),
  new RegExp(`(?<!\\p{L})(?:κύριε|κυρία|κύριος|κ\\.|κα|κος|Κύριε|Κυρία)[ \\u00a0]+(${GREEK_WORD}(?:[ \\u00a0]+${GREEK_WORD})?)`, 'gu'),
  /(?:मेरा नाम|मेरा नाम है|मैं)\s+([\p{Script=Devanagari}]+(?:\s+[\p{Script=Devanagari}]+)?)\s+(?:है|हूँ|हूं)/gu,
  /(?<![\p{L}])(?:main|mai|mein)\s+([\p{L}]{3,}(?:\s+[\p{L}]{3,})?)\s+bol\s+(?:raha|rahi)\s+(?:hoon|hun|hu|hoo)(?![\p{L}])/giu,
  /(?:ดิฉัน|ผม|ฉัน|หนู)ชื่อ\s*([\p{Script=Thai}]+(?: [\p{Script=Thai}]+)?)/gu,
  /([\p{Script=Han}\p{Script=Katakana}]{2,8})(?:と申します|と申し上げます|といいます|と言います)/gu,
  // `Dear …,` in Hindi, Bengali, Tamil, Punjabi and Gujarati (`प्रिय प्रिया वर्मा,`, `প্রিয় তানভীর আহমেদ চৌধুরী,`, `வணக்கம் கார்த்திகேயன் சுப்ரமணியம்,`)
  /(?:प्रिय|প্রিয়|அன்புள்ள|வணக்கம்|ਪਿਆਰੇ|પ્રિય)[ \u00a0]+([\p{L}\p{M}]+(?:[ \u00a0]+[\p{L}\p{M}]+){0,3})(?=[,،])/gu,
  // the full-name label of Ukrainian and Russian forms and bills (`ПІБ: КОВАЛЕНКО Олена Іванівна`, `ФИО: Петров Иван`),
  // and the labels of each part on a passport or a form (`Имя: ЕКАТЕРИНА`, `Отчество: …`, `Ім'я:`, `По батькові:`)
  /(?:ПІБ|П\.І\.Б\.|ФИО|Ф\.И\.О\.|Прізвище|Фамилия|Имя|Отчество|Ім[’']я|По батькові)[ \u00a0]*:[ \u00a0]*(\p{Lu}[\p{L}’'-]+(?:[ \u00a0]+\p{Lu}[\p{L}’'-]+){0,2})/gu,
  // an Arabic caller saying who is on the line (`معك نورة بنت سعد الدوسري`): two words or more, up to the punctuation
  /(?<![\p{L}])(?:معك|معاك|اسمي|انا اسمي|أنا اسمي)[ \u00a0]+([\p{Script=Arabic}]+(?:[ \u00a0]+[\p{Script=Arabic}]+){1,4})(?=[ \u00a0]*[.،,!؟?:]|$)/gu,
  new RegExp(`(?<!\\p{L})(?:[Пп]ан(?:і|е|и)?|[Гг]осподин|[Гг]оспожа|[Гг]-н|[Гг]-жа|[Уу]важаем(?:ый|ая)|[Шш]ановн(?:ий|а))[ \\u00a0]+(${CYRILLIC}(?:[ \\u00a0]+${CYRILLIC}){0,2})`, 'gu'),
  new RegExp(`(?:С уважением|С наилучшими пожеланиями|З повагою|З найкращими побажаннями),?[ \\t]*(?:\\r?\\n)?[ \\t]*((?:\\p{Lu}\\.[ \\u00a0]?){0,2}${CYRILLIC}(?:[ \\u00a0]+${CYRILLIC})?)`, 'gu'),
];
const SCRIPTS = /[\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff\u0900-\u0aff\u0b80-\u0bff\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]/;
/** Arabic words no name holds (`معك حق في ذلك`: you are right about that). */
const ARABIC_FUNCTION_WORDS = new Set(['في', 'من', 'على', 'الى', 'إلى', 'عن', 'مع', 'ذلك', 'هذا', 'هذه', 'حق', 'كل', 'هو', 'هي', 'انا', 'أنا', 'لا', 'نعم', 'شو', 'ايش', 'الآن', 'الان', 'اليوم', 'بخصوص']);
/** Polite particles glued to a Thai name at the end of a sentence (`ใจดีค่ะ`). */
const THAI_PARTICLE = /(?:นะคะ|นะครับ|ค่ะ|ครับ|คะ|จ้ะ|จ้า|นะ)$/u;

export const scriptIntroNameDetector: Detector = {
  category: 'person_name',
  priority: 13,
  anchor: 'self',
  minLength: 4,
  cues: ['bol rah'],
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // Greek, Cyrillic, Devanagari, Thai, kana and Han: one look for any of them before the patterns;
    // romanised Hindi (ASCII) only where 'bol raha' / 'bol rahi' stands (searched for by its first letter b, rarer than a space)
    const scripts = ctx.hasAnyClass(TEXT_CLASS.nonAscii) && SCRIPTS.test(text);
    const romanised = text.indexOf('bol rah') > 0;
    if (!scripts && !romanised) return;
    for (let k = 0; k < PATTERNS.length; k++) {
      if (k === 3 ? !romanised : !scripts) continue;
      const re = PATTERNS[k];
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        let name = m[1];
        if (k === 4) name = name.replace(THAI_PARTICLE, '');
        if (k === 8 && name.split(/[ \u00a0]+/).some((w) => ARABIC_FUNCTION_WORDS.has(w))) continue;
        if (name.length === 0) continue;
        const start = m.index + m[0].indexOf(m[1]);
        out.push({ start, end: start + name.length, category: 'person_name', priority: 13 });
      }
    }
  },
};

/**
 * Addresses written in Arabic in a sentence (`وعنواني حي النخيل، شارع الأمير سلطان، مبنى 12، الرياض 12384`):
 * from a district, street, building or flat word, the comma-separated parts (Arabic or Latin comma)
 * up to the sentence's end; at least two parts and a digit, so that `شارع` alone in prose stays.
 */
const ARABIC_ADDRESS = /(?<![\p{L}])(?:حي|شارع|طريق|مبنى|عمارة|شقة|مجمع|ص\.ب\.?)[ \u00a0][^،,.\n!?؟]{1,40}(?:[،,][ \u00a0]*[^،,.\n!?؟]{1,40}){1,5}/gu;

export const arabicAddressDetector: Detector = {
  category: 'postal_address',
  priority: 9,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('شارع') < 0 && text.indexOf('حي ') < 0 && text.indexOf('مبنى') < 0 && text.indexOf('طريق') < 0) return;
    ARABIC_ADDRESS.lastIndex = 0;
    for (let m = ARABIC_ADDRESS.exec(text); m; m = ARABIC_ADDRESS.exec(text)) {
      if (!/[0-9٠-٩]/.test(m[0])) continue;
      const value = m[0].replace(/[ \u00a0]+$/u, '');
      out.push({ start: m.index, end: m.index + value.length, category: 'postal_address', priority: 9 });
    }
  },
};
