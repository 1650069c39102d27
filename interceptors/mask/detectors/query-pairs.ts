import { givenNameSet, isOrdinaryWord } from './name-gazetteer';
import { hashOf } from './word-hash';
import { isTextCategory, type Category } from '../categories';
import { columnCategories } from '../delimited-records';
import { isHandsetIdField, isHandsetIdShape } from '../field-hints';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Key=value pairs in text — form-encoded (a query string, a form body, a redirect URL in a log
 * line: `first=li&last=wei&dob=1993-07-12`, `?addr=5+Rue+de+Rivoli%2C+75001+Paris`) or logfmt
 * (`first_name=Giulia last_name=Conti phone=3471234567`, `msg="profile updated"`). The keys are
 * field names, so the pairs are judged as the fields of one object are: the keys together say
 * what the object is (`first` and `last` make a person's name) and each value is masked by its
 * key's hint — values the content detectors cannot recognise (a lower-case given name, a lone
 * surname, an address encoded with '+'). Values of keys without a hint are left to the other
 * detectors. Gate: two '=' in the text; the pairs are found from each '=' (no regex over the text).
 */
const PRIORITY = 5;
const NOT_A_NAME_VALUE = /^(?:[0-9.+-]*|true|false|null|asc|desc)$/i;
const MAX_PAIRS = 64;
const SERIAL_KEY = /^(?:serial|serial[_-]?(?:no|nr|num|number)|sn|hw[_-]?serial)$/i;
/** A serial number: 8–20 letters and digits with at least one digit ('C02WGP0K6L4R', 'R58M12ABCDE'). */
const SERIAL_VALUE = /^(?=[A-Za-z]*[0-9])[A-Za-z0-9]{8,20}$/;

export const queryPairsDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'postal_address', 'phone', 'email', 'us_ssn', 'government_id', 'credential', 'api_key', 'personal', 'mac_address', 'device_id'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 7,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const first = text.indexOf('=');
    if (first < 0 || text.indexOf('=', first + 1) < 0) return;
    const keys: string[] = [];
    const spans: number[] = [];
    let amp = false;
    for (let q = first; q >= 0 && keys.length < MAX_PAIRS; q = text.indexOf('=', q + 1)) {
      // the key: identifier characters right before '=', opened by a separator
      let k = q;
      while (k > 0 && q - k <= 40 && isKeyChar(text.charCodeAt(k - 1))) k--;
      if (k === q || !isKeyStart(text.charCodeAt(k))) continue;
      const b = k > 0 ? text.charCodeAt(k - 1) : 32;
      // '|' too: SAP IDoc segments and other pipe-separated records (`E2KNVKM003|NAMEV=Zofia|TELF1=…`)
      if (!(b === 63 || b === 38 || b === 59 || b === 35 || b === 32 || b === 9 || b === 10 || b === 13 || b === 34 || b === 39 || b === 123 || b === 44 || b === 124)) continue;
      if (b === 38) amp = true;
      let vs = q + 1;
      let ve: number;
      if (text.charCodeAt(vs) === 34) {
        // logfmt quoting: key="two words"
        vs++;
        ve = vs;
        while (ve < text.length && text.charCodeAt(ve) !== 34) ve += text.charCodeAt(ve) === 92 ? 2 : 1;
        ve = Math.min(ve, text.length);
      } else {
        ve = vs;
        while (ve < text.length && !isValueEnd(text.charCodeAt(ve))) ve++;
      }
      keys.push(decodedKey(text.slice(k, q)));
      spans.push(vs, ve);
    }
    if (keys.length < 2) return;
    const cats = columnCategories(keys);
    // a handset's id under `device=` (an Android ID, not a model name), and a serial number next to
    // an IMEI or a MAC address: the pairs describe one device (an MDM enrolment line)
    const deviceLine = cats.some((c) => c === 'device_id' || c === 'mac_address');
    for (let i = 0; i < keys.length; i++) {
      if (cats[i] !== undefined) continue;
      const value = text.slice(spans[2 * i], spans[2 * i + 1]);
      if ((isHandsetIdField(keys[i]) && isHandsetIdShape(value)) || (deviceLine && SERIAL_KEY.test(keys[i]) && SERIAL_VALUE.test(value))) cats[i] = 'device_id';
      // a search for a person (`q=maria%20gonzalez`, `search=Kwame+Mensah`): a given name the list
      // knows, then one or two words of letters — what a CRM lookup or an agent's search sends
      else if (amp && SEARCH_KEY.test(keys[i]) && searchesForPerson(text.slice(spans[2 * i], multiWordEnd(text, spans[2 * i + 1])))) cats[i] = 'person_name';
    }
    for (let i = 0; i < keys.length; i++) {
      const start = spans[2 * i];
      let end = spans[2 * i + 1];
      const cat: Category | undefined = cats[i];
      if (cat === undefined) continue;
      // a count, a flag or an id under a name key is paging (`first=20&last=40`), not a name
      if (cat === 'person_name' && NOT_A_NAME_VALUE.test(text.slice(start, end))) continue;
      // in the decoded view of a percent-encoded query string a value holds spaces ('+', %20)
      if (amp && text.charCodeAt(start - 1) !== 34) end = multiWordEnd(text, end);
      // a number written in groups in an unquoted logfmt value ('mobile=0049 1522 3456789')
      else if (cat === 'phone') end = digitGroupsEnd(text, end);
      if (end > start && isTextCategory(cat)) out.push({ start, end, category: cat, priority: PRIORITY });
    }
  },
};

function isKeyChar(c: number): boolean {
  // '%': a form body encodes its brackets (`data%5Bmerges%5D%5BFNAME%5D=…`, Mailchimp, PHP-style arrays)
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93 || c === 37;
}

/** A key with its percent escapes decoded (`data%5Bmerges%5D%5BFNAME%5D` → `data[merges][FNAME]`); as written when it does not decode. */
function decodedKey(key: string): string {
  if (key.indexOf('%') < 0) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** '&', '#', whitespace or a quote ends an unquoted value. */
function isValueEnd(c: number): boolean {
  return c === 38 || c === 35 || c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39 || c === 124;
}

/** Past further groups of digits after a space ('0049 1522 3456789'), up to 20 characters. */
function digitGroupsEnd(text: string, end: number): number {
  let e = end;
  while (e < end + 20 && text.charCodeAt(e) === 32 && text.charCodeAt(e + 1) >= 48 && text.charCodeAt(e + 1) <= 57) {
    let f = e + 1;
    while (f < text.length && ((text.charCodeAt(f) >= 48 && text.charCodeAt(f) <= 57) || text.charCodeAt(f) === 45)) f++;
    if (f < text.length && !isValueEnd(text.charCodeAt(f))) break;
    e = f;
  }
  return e;
}

/** Past spaces and words up to the next '&', '#', quote or line end (at most 120 characters). */
function multiWordEnd(text: string, end: number): number {
  let e = end;
  const limit = Math.min(text.length, end + 120);
  while (e < limit) {
    const c = text.charCodeAt(e);
    if (c === 38 || c === 35 || c === 34 || c === 39 || c === 10 || c === 13 || c === 9) break;
    e++;
  }
  while (e > end && text.charCodeAt(e - 1) === 32) e--;
  return e;
}

/** Keys of a search query. */
const SEARCH_KEY = /^(?:q|query|search|term|keyword|keywords|search_?query|searchterm|lookup|name_?query)$/i;
const SEARCH_WORDS = /^([\p{L}'’-]{3,20})(?: [\p{L}'’-]{2,24}){1,2}$/u;

/** Whether a decoded search value is a person's name: two or three words of letters, the first a listed given name. */
function searchesForPerson(value: string): boolean {
  // '+' is a space in a form-encoded value (the text view leaves it: it is a phone number's too)
  const m = SEARCH_WORDS.exec(value.replace(/\+/g, ' ').trim());
  // four letters at least: `red shoes`, `max size` search for things
  if (!m || m[1].length < 4) return false;
  return givenNameSet().has(hashOf(m[1])) && !isOrdinaryWord(m[1].toLowerCase());
}
