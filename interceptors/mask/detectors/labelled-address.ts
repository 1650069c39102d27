import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * An address after its label in free text: `Address: Apartment 1684, Marina Heights Tower, Dubai
 * Marina, 00000 Dubai`, `new address is רחוב הרצל 28, תל אביב-יפו.`, `住所: 北区梅田1丁目12番13号`,
 * `Adresse : 12 rue …`. The label carries the decision, whatever the address's format or script;
 * the address runs to the end of its line or sentence and holds a digit (a house number or a
 * postcode). `e-mail address:`, `IP address:` and the like are not postal.
 */
const ADDRESS_LABEL =
  /(?:^|[^\p{L}])((?:[\p{L}-]+[ \u00a0])?(?:address|adresse|adres|adresa|dirección|direccion|indirizzo|endereço|endereco|anschrift|địa chỉ|dia chi|住所|地址|주소|כתובת|العنوان|عنواني|عنوان|адрес|адреса|lakcím|osoite|διεύθυνση|adresă|alamat|ที่อยู่|पता|addr|morada|domicilio))(?:[ \u00a0]*:|[ \u00a0]+(?:is|é|è|es|est|ist)[ \u00a0]+(?=\S)|[ \u00a0]*=[ \u00a0]*(?=['"‘“«])|[ \u00a0]+(?=['"‘“«])|[ \u00a0]+(?=\d{1,5}[A-Za-z]?[ \u00a0,/-])|[ \u00a0]+(?=(?:شارع|طريق|حي)[ \u00a0]))[ \u00a0]*/giu;
const NOT_POSTAL = /^(?:e-?mail|mail|ip|mac|web|wallet|server|url|delivery e-?mail|billing e-?mail|network|bluetooth|ipv4|ipv6|contract|public|private|hardware|sip)\b/i;
const ADDRESS_PRIORITY = 9;
const MAX_ADDRESS = 160;

export const labelledAddressDetector: Detector = {
  category: 'postal_address',
  priority: ADDRESS_PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 12,
  // ADDRESS_WORD's ASCII words
  cues: ['addr', 'adres', 'direcci', 'morada', 'domicilio', 'indirizzo', 'endere', 'anschrift', 'dia chi', 'osoite', 'alamat'],
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
      // (or a street typed in lower case with its type and more parts: `addr 14b adeola odeku st, victoria island, lagos`)
      if (m[0].slice(m[0].indexOf(m[1]) + m[1].length).trim() === '' && /^\d/.test(value) && !HOUSE_THEN_STREET.test(value) && !(value.indexOf(',') > 0 && LOWER_STREET_TYPE.test(value))) continue;
      out.push({ start, end, category: 'postal_address', priority: ADDRESS_PRIORITY });
    }
  },
};

const HOUSE_THEN_STREET = /^\d{1,5}[A-Za-z]?[ \u00a0,/-]+\p{Lu}/u;
/** A street type word (`st`, `road`, `avenida`, `marg`) in an address typed in lower case. */
const LOWER_STREET_TYPE = /(?<![\p{L}])(?:st|street|rd|road|ave|avenue|lane|ln|drive|dr|way|close|crescent|blvd|boulevard|marg|nagar|gali|calle|rua|avenida|rue|via|strasse|straße|weg|laan|straat|ulica|ul)(?![\p{L}])/iu;
const CLOSING_QUOTE: Readonly<Record<string, string>> = { "'": "'", '"': '"', '‘': '’', '“': '”', '«': '»' };

const ADDRESS_WORD = /addr|adres|direcci|morada|domicilio|indirizzo|endere|anschrift|địa chỉ|dia chi|住所|地址|주소|כתובת|العنوان|عنوان|адрес|lakcím|osoite|διεύθυνση|alamat|ที่อยู่|पता/i;

/** A letter of a script without capitals (Han, kana, Hangul, Thai …). */
const CASELESS_LETTER = /\p{Lo}/u;

/** A line that opens with a label (`Tel.:`, `E-mail:`, `Phone number:`): the address stopped above it. */
const LABEL_LINE = /^[ \t]*[\p{L}][\p{L}. -]{0,18}:/u;

function lastNonBlank(text: string, from: number, end: number): number {
  let i = end - 1;
  while (i >= from && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= from ? text.charCodeAt(i) : -1;
}

/**
 * Abbreviations written with a dot before the rest of an address (street types that lead, units,
 * areas), lower-cased: the address goes on after them (`Șos. Pantelimon`, `Brgy. Malanday`,
 * `bl. 7`). Street types that end a street name (`St.`, `Rd.`) are left out: a sentence may start after them.
 */
const ADDRESS_ABBREVIATIONS: ReadonlySet<string> = new Set(
  'str șos sos bd av avda nr no bl sc ap et brgy bgy jl ul pr apt bldg blk dist distt teh h д кв ул пр просп корп стр r c fl al vill po ps'.split(' '),
);

/** Whether the word ending at the dot at `dot` is an address abbreviation (`Șos.`, `Brgy.`, `d.`). */
function abbreviationBefore(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && /[\p{L}]/u.test(text[s - 1])) s--;
  return dot - s > 0 && dot - s <= 5 && ADDRESS_ABBREVIATIONS.has(text.slice(s, dot).toLowerCase());
}

/** Four to six digits end right before `at`, in an address that already has a comma. */
function postcodeBefore(text: string, start: number, at: number): boolean {
  let s = at;
  while (s > start && text.charCodeAt(s - 1) >= 48 && text.charCodeAt(s - 1) <= 57) s--;
  return at - s >= 4 && at - s <= 6 && (s === start || !/[\p{L}\p{N}]/u.test(text[s - 1])) && text.lastIndexOf(',', s) >= start;
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
    // '. ' then a word: the next sentence ('… Dubai. Please call', '… lagos. wants payout') — not after
    // an abbreviation of an address (`Șos. Pantelimon`, `Brgy. Malanday`, `St. Kilda`), nor a floor or door (`Váci út 76. III/9`)
    if (c === 46 && text.charCodeAt(end + 1) === 32 && /[\p{L}]/u.test(text[end + 2] ?? '') && !/^[A-Z]+[/\d]/.test(text.slice(end + 2, end + 10)) && !abbreviationBefore(text, end)) break;
    // … or a letter of a script without capitals ('… 1503동 702호. 모델 KR-AC-77120')
    if (c === 46 && text.charCodeAt(end + 1) === 32 && text.charCodeAt(end + 2) > 0x2fff && CASELESS_LETTER.test(text[end + 2])) break;
    // a remark in parentheses after the address (`… 80121 Napoli (citofono DELL'ACQUA, …)`)
    if (c === 40 && end > start && text.charCodeAt(end - 1) === 32) break;
    // a postcode, then the sentence goes on in lower case (`… Chicago, IL 60618 differs from …`)
    if (c === 32 && postcodeBefore(text, start, end) && /\p{Ll}/u.test(text[end + 1] ?? '')) break;
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
    NUMBER_FIRST_STREET.lastIndex = 0;
    for (let m = NUMBER_FIRST_STREET.exec(text); m; m = NUMBER_FIRST_STREET.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: ADDRESS_PRIORITY });
    }
  },
};

/**
 * The house number first, as Egypt and the Levant write it (`12 شارع الميرغني، مصر الجديدة، القاهرة`): the
 * number, the street word, one to three words, then up to three districts or the city after Arabic commas.
 */
const NUMBER_FIRST_STREET =
  /(?<!\d)\d{1,4}[ \u00a0]+(?:شارع|طريق)(?:[ \u00a0][\u0620-\u064a][\u0620-\u065f'-]*){1,3}(?:[،,][ \u00a0]*[\u0620-\u064a][\u0620-\u065f]*(?:[ \u00a0][\u0620-\u064a][\u0620-\u065f]*){0,2}){0,3}/g;
const SCRIPT_STREET_GATE = /רחוב|רח['׳]|שדרות|שד['׳]|شارع|طريق/;
