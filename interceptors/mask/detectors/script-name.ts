import type { Detector, Match, ScanContext } from './detector';

/**
 * Names written in a script without capitals inside text that is otherwise in Latin letters —
 * what a support desk or a CRM sees from customers everywhere: `Hello, I'm נועה כהן.`,
 * `Thanks يوسف, updated!`, `Customer 佐藤美咲 (…) reports`, `Dr. محمد العتيبي, Cardiology`,
 * `attn: अर्जुन देशपांडे`. The capitalised-word rules cannot see them, so a cue in English right
 * before the run of script carries the decision: a greeting, an introduction, a title or a role.
 * One to four words of one script (2–6 characters of Han or kana, 2–5 Hangul syllables).
 */
const UNCASED = /[\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const RUN =
  /[\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*(?: [\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*){0,2}|[\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*){0,3}|[\u0900-\u0dff]+(?: [\u0900-\u0dff]+){0,2}|[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+){0,2}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,6}|[\uac00-\ud7af]{2,5}/g;
/** The cue, ending right before the run (tested on the 32 characters before it). */
const CUE =
  /(?:^|[^A-Za-z])(?:i['’]?m|i am|this is|it['’]?s|it is|thanks|thank you|hi|hello|hey|dear|dr|mr|mrs|ms|mx|prof|customer|patient|client|guest|passenger|member|tenant|caller|contact|attn|signed by|regards|sincerely|best|cheers|from|name|by)\.?[:,]?(?:[ \u00a0]|<br ?\/?>|<\/?p>|\\r|\\n|\r|\n)*$/i;
const PRIORITY = 13;

export const scriptNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 4,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!UNCASED.test(text)) return;
    RUN.lastIndex = 0;
    for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
      const start = m.index;
      // the run stands alone: no letter of the same kind glued before it (a word of a sentence in that script)
      if (start > 0 && UNCASED.test(text[start - 1])) continue;
      const before = text.slice(Math.max(0, start - 32), start);
      if (before.length === 0 || UNCASED.test(before) || !CUE.test(before)) continue;
      out.push({ start, end: start + m[0].length, category: 'person_name', priority: PRIORITY });
    }
  },
};

/**
 * An address after its label in free text: `Address: Apartment 1684, Marina Heights Tower, Dubai
 * Marina, 00000 Dubai`, `new address is רחוב הרצל 28, תל אביב-יפו.`, `住所: 北区梅田1丁目12番13号`,
 * `Adresse : 12 rue …`. The label carries the decision, whatever the address's format or script;
 * the address runs to the end of its line or sentence and holds a digit (a house number or a
 * postcode). `e-mail address:`, `IP address:` and the like are not postal.
 */
const ADDRESS_LABEL =
  /(?:^|[^\p{L}])((?:[\p{L}-]+[ \u00a0])?(?:address|adresse|adres|adresa|dirección|direccion|indirizzo|endereço|endereco|anschrift|住所|地址|주소|כתובת|العنوان|адрес))(?:[ \u00a0]*:|[ \u00a0]+is[ \u00a0]+(?=\S))[ \u00a0]*/giu;
const NOT_POSTAL = /^(?:e-?mail|mail|ip|mac|web|wallet|server|url|delivery e-?mail|billing e-?mail|network|bluetooth|ipv4|ipv6|contract|public|private|hardware|sip)\b/i;
const ADDRESS_PRIORITY = 9;
const MAX_ADDRESS = 160;

export const labelledAddressDetector: Detector = {
  category: 'postal_address',
  priority: ADDRESS_PRIORITY,
  anchor: 'self',
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!ADDRESS_WORD.test(text)) return;
    ADDRESS_LABEL.lastIndex = 0;
    for (let m = ADDRESS_LABEL.exec(text); m; m = ADDRESS_LABEL.exec(text)) {
      const qualifier = m[1].slice(0, m[1].search(/[ \u00a0]|$/));
      if (m[1] !== qualifier && NOT_POSTAL.test(qualifier)) continue;
      const start = m.index + m[0].length;
      const end = addressEnd(text, start);
      if (end - start < 6) continue;
      const value = text.slice(start, end);
      if (!/\d/.test(value) || /@|:\/\//.test(value)) continue;
      out.push({ start, end, category: 'postal_address', priority: ADDRESS_PRIORITY });
    }
  },
};

const ADDRESS_WORD = /address|adress|adres|direcci|indirizzo|endere|anschrift|住所|地址|주소|כתובת|العنوان|адрес/i;

/** Where the address ends: a line break, a field separator or markup, a sentence end, or MAX_ADDRESS characters; trailing punctuation is not part of it. */
function addressEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_ADDRESS);
  let end = start;
  for (; end < limit; end++) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13 || c === 124 || c === 60 || c === 34 || c === 59 || c === 92) break;
    // '. ' then a capital: the next sentence ('… Dubai. Please call')
    if (c === 46 && text.charCodeAt(end + 1) === 32 && /[A-Z]/.test(text[end + 2] ?? '')) break;
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

/**
 * The common name of an iCalendar organizer or attendee (RFC 5545 CN parameter):
 * `ORGANIZER;CN="Geneviève Gagnon":mailto:…`, `ATTENDEE;…;CN=山田太郎:mailto:…` — the person's
 * name, whatever its script; the address after `mailto:` is left to the e-mail detector.
 */
const ICS_LOCATION = /(?:^|\r\n|\n|\\r\\n|\\n)LOCATION(?:;[^:\r\n]*)?:/g;
const ICS_CN = /;CN=(?:"([^"\r\n]{1,80})"|([^";:\r\n]{1,80}))(?=[;:])/g;

export const calendarNameDetector: Detector = {
  category: 'person_name',
  also: ['postal_address'],
  priority: 3,
  anchor: 'colon',
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const cn = text.indexOf(';CN=') >= 0;
    if (!cn && text.indexOf('LOCATION') < 0) return;
    // LOCATION: a place, which is an address when it holds a number and a comma ('LOCATION:渋谷区神南1-20-5\\, 東京都')
    ICS_LOCATION.lastIndex = 0;
    for (let m = ICS_LOCATION.exec(text); m; m = ICS_LOCATION.exec(text)) {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && text.charCodeAt(end) !== 13 && text.charCodeAt(end) !== 10 && !(text.charCodeAt(end) === 92 && (text[end + 1] === 'r' || text[end + 1] === 'n'))) end++;
      // a number and a comma: 'Room 4' or 'Main hall' is a place, not an address
      const value = text.slice(start, end);
      if (/\d/.test(value) && value.indexOf(',') > 0) out.push({ start, end, category: 'postal_address', priority: 3 });
    }
    if (!cn) return;
    ICS_CN.lastIndex = 0;
    for (let m = ICS_CN.exec(text); m; m = ICS_CN.exec(text)) {
      const value = m[1] ?? m[2];
      const start = m.index + 4 + (m[1] !== undefined ? 1 : 0);
      if (value.trim().length > 0) out.push({ start, end: start + value.length, category: 'person_name', priority: 3 });
    }
  },
};

/**
 * A number after a phone label in free text, in whatever national format (`Mob: 011 15-9044-8553`,
 * `Tel.: (0221) 123 45 67`, `Handy 0171 2345678`, `Cel: 55 1234 5678`): the label says what it
 * is, so no region is needed. 8 to 15 digits with the usual separators.
 */
const PHONE_LABEL =
  /(?:^|[^\p{L}])(?:mob(?:ile)?|tel(?:ephone)?|t[ée]l[ée]phone|telefon[eo]?|tel[ée]fono|phone|ph|cell(?:ular)?|cel(?:ular)?|m[óo]vil|handy|tlf|whats ?app|fax|gsm|hp)\.?[ \u00a0]*(?::|no\.?:?|nr\.?:?|#)?[ \u00a0]*(?=[+(0-9])/giu;
const DATE_SHAPE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const PHONE_AFTER_LABEL = /\+?[0-9(][0-9 ()./\u00a0-]{6,22}[0-9]/y;

export const labelledPhoneDetector: Detector = {
  category: 'phone',
  priority: 10,
  anchor: 'digitRun',
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    PHONE_LABEL.lastIndex = 0;
    for (let m = PHONE_LABEL.exec(text); m; m = PHONE_LABEL.exec(text)) {
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
