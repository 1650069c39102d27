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
  new RegExp(`(?<!\\p{L})(?:[Пп]ан(?:і|е|и)?|[Гг]осподин|[Гг]оспожа|[Гг]-н|[Гг]-жа|[Уу]важаем(?:ый|ая)|[Шш]ановн(?:ий|а))[ \\u00a0]+(${CYRILLIC}(?:[ \\u00a0]+${CYRILLIC}){0,2})`, 'gu'),
  new RegExp(`(?:С уважением|С наилучшими пожеланиями|З повагою|З найкращими побажаннями),?[ \\t]*(?:\\r?\\n)?[ \\t]*((?:\\p{Lu}\\.[ \\u00a0]?){0,2}${CYRILLIC}(?:[ \\u00a0]+${CYRILLIC})?)`, 'gu'),
];
const SCRIPTS = /[\u0370-\u03ff\u0400-\u04ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]/;
/** Polite particles glued to a Thai name at the end of a sentence (`ใจดีค่ะ`). */
const THAI_PARTICLE = /(?:นะคะ|นะครับ|ค่ะ|ครับ|คะ|จ้ะ|จ้า|นะ)$/u;

export const scriptIntroNameDetector: Detector = {
  category: 'person_name',
  priority: 13,
  anchor: 'self',
  minLength: 4,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // Greek, Cyrillic, Devanagari, Thai, kana and Han: one look for any of them before the patterns;
    // romanised Hindi (ASCII) only where 'bol raha' / 'bol rahi' stands (a search from 'b', rarer than a space)
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
