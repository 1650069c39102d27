import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * An address after its label in free text: `Address: Apartment 1684, Marina Heights Tower, Dubai
 * Marina, 00000 Dubai`, `new address is רחוב הרצל 28, תל אביב-יפו.`, `住所: 北区梅田1丁目12番13号`,
 * `Adresse : 12 rue …`. The label carries the decision, whatever the address's format or script;
 * the address runs to the end of its line or sentence and holds a digit (a house number or a
 * postcode). `e-mail address:`, `IP address:` and the like are not postal.
 */
const ADDRESS_LABEL =
  /(?:^|[^\p{L}])((?:[\p{L}-]+[ \u00a0])?(?:address|adresse|adres|adresa|dirección|direccion|indirizzo|endereço|endereco|anschrift|địa chỉ|dia chi|住所|地址|주소|כתובת|العنوان|عنواني|عنوان|адрес|адреса|lakcím|osoite|διεύθυνση|adresă|alamat|ที่อยู่|पता))(?:[ \u00a0]*:|[ \u00a0]+is[ \u00a0]+(?=\S)|[ \u00a0]*=[ \u00a0]*(?=['"‘“«])|[ \u00a0]+(?=['"‘“«])|[ \u00a0]+(?=\d{1,5}[A-Za-z]?[ \u00a0,/-])|[ \u00a0]+(?=(?:شارع|طريق|حي)[ \u00a0]))[ \u00a0]*/giu;
const NOT_POSTAL = /^(?:e-?mail|mail|ip|mac|web|wallet|server|url|delivery e-?mail|billing e-?mail|network|bluetooth|ipv4|ipv6|contract|public|private|hardware|sip)\b/i;
const ADDRESS_PRIORITY = 9;
const MAX_ADDRESS = 160;

export const labelledAddressDetector: Detector = {
  category: 'postal_address',
  priority: ADDRESS_PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!ADDRESS_WORD.test(text)) return;
    ADDRESS_LABEL.lastIndex = 0;
    for (let m = ADDRESS_LABEL.exec(text); m; m = ADDRESS_LABEL.exec(text)) {
      const qualifier = m[1].slice(0, m[1].search(/[ \u00a0]|$/));
      if (m[1] !== qualifier && NOT_POSTAL.test(qualifier)) continue;
      let start = m.index + m[0].length;
      let end: number;
      // quoted after the label (`beneficiary address 'Biltstraat 161-2, 1020 GV Amsterdam' geocode…`): up to the closing quote
      const close = CLOSING_QUOTE[text[start]];
      if (close !== undefined) {
        const q = text.indexOf(close, start + 1);
        if (q < 0 || q - start > MAX_ADDRESS) continue;
        start++;
        end = q;
      } else end = addressEnd(text, start);
      if (end - start < 6) continue;
      const value = text.slice(start, end);
      if (!/\d/.test(value) || /@|:\/\//.test(value)) continue;
      // a house number right after the label, no colon: a capitalised street name must follow ('address 2 lines below' is no address)
      if (m[0].slice(m[0].indexOf(m[1]) + m[1].length).trim() === '' && /^\d/.test(value) && !HOUSE_THEN_STREET.test(value)) continue;
      out.push({ start, end, category: 'postal_address', priority: ADDRESS_PRIORITY });
    }
  },
};

const HOUSE_THEN_STREET = /^\d{1,5}[A-Za-z]?[ \u00a0,/-]+\p{Lu}/u;
const CLOSING_QUOTE: Readonly<Record<string, string>> = { "'": "'", '"': '"', '‘': '’', '“': '”', '«': '»' };

const ADDRESS_WORD = /address|adress|adres|direcci|indirizzo|endere|anschrift|địa chỉ|dia chi|住所|地址|주소|כתובת|العنوان|عنوان|адрес|lakcím|osoite|διεύθυνση|alamat|ที่อยู่|पता/i;

/** A letter of a script without capitals (Han, kana, Hangul, Thai …). */
const CASELESS_LETTER = /\p{Lo}/u;

/** A line that opens with a label (`Tel.:`, `E-mail:`, `Phone number:`): the address stopped above it. */
const LABEL_LINE = /^[ \t]*[\p{L}][\p{L}. -]{0,18}:/u;

function lastNonBlank(text: string, from: number, end: number): number {
  let i = end - 1;
  while (i >= from && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= from ? text.charCodeAt(i) : -1;
}

/** Where the address ends: a line break, a field separator or markup, a sentence end, or MAX_ADDRESS characters; trailing punctuation is not part of it. */
function addressEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_ADDRESS);
  let end = start;
  for (; end < limit; end++) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) {
      // a line that ends on a comma goes on below (`Lakcím: 1134 Budapest,` / `Váci út 76. III/9`),
      // unless the next line is a label of its own (`Tel.: …`)
      const next = text.indexOf('\n', end) === end ? end + 1 : text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      if (lastNonBlank(text, start, end) === 44 && next < limit && !LABEL_LINE.test(text.slice(next, next + 24))) {
        end = next - 1;
        continue;
      }
      break;
    }
    if (c === 124 || c === 60 || c === 34 || c === 59 || c === 92) break;
    // '. ' then a capital: the next sentence ('… Dubai. Please call')
    // (not a floor or door: `Váci út 76. III/9`)
    if (c === 46 && text.charCodeAt(end + 1) === 32 && /[A-Z]/.test(text[end + 2] ?? '') && !/^[A-Z]+[/\d]/.test(text.slice(end + 2, end + 10))) break;
    // … or a letter of a script without capitals ('… 1503동 702호. 모델 KR-AC-77120')
    if (c === 46 && text.charCodeAt(end + 1) === 32 && text.charCodeAt(end + 2) > 0x2fff && CASELESS_LETTER.test(text[end + 2])) break;
    // ' - ' or ' – ': what follows is another item
    if (c === 32 && (text.charCodeAt(end + 1) === 45 || text.charCodeAt(end + 1) === 0x2013) && text.charCodeAt(end + 2) === 32) break;
  }
  while (end > start && /[\s.,;:)]/.test(text[end - 1])) end--;
  return end;
}

/**
 * A street in Hebrew or Arabic script with its house number: `רחוב הרצל 36`, `רח' דיזנגוף 100`,
 * `שדרות רוטשילד 22`, `شارع الملك فهد 12` — the street word, one to three words, the number.
 */
const SCRIPT_STREET = /(?:רחוב|רח['׳]|שדרות|שד['׳]|شارع|طريق)[ \u00a0](?:[\u05d0-\u05ea\u0620-\u064a][\u05d0-\u05ea\u05f3\u05f4\u0620-\u065f"'-]*[ \u00a0]){1,3}\d{1,4}(?:[א-ת]|\/\d{1,3})?(?!\d)/g;

export const scriptStreetDetector: Detector = {
  category: 'postal_address',
  priority: ADDRESS_PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!SCRIPT_STREET_GATE.test(text)) return;
    SCRIPT_STREET.lastIndex = 0;
    for (let m = SCRIPT_STREET.exec(text); m; m = SCRIPT_STREET.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: ADDRESS_PRIORITY });
    }
  },
};

const SCRIPT_STREET_GATE = /רחוב|רח['׳]|שדרות|שד['׳]|شارع|طريق/;
