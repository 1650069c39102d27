import type { Category } from '../categories';
import { hintForFieldName, hintInContext, isPersonNameField, nameShapedIsPerson, ObjectKind } from '../field-hints';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { looksLikeOrganisation } from '../map-keys';

/**
 * Fields written inside text, whose names say what they hold — the same field-name hints the
 * masker uses for structured payloads, applied where a payload was flattened into a string:
 * - XML elements (a SOAP body or an XML document carried in a string field):
 *   `<ns:Nom>Castillo</ns:Nom><ns:DateNaissance>1949-05-11</ns:DateNaissance>`;
 * - `key=value` and `key="value"` pairs in log lines (logfmt and the like):
 *   `term=T67 name="BOZENA WISNIEWSKI" dob=1980-02-03 amt=12.00`.
 * The element's text or the pair's value is masked as its name's category. Names without a hint
 * (`<td>`, `amt=`) change nothing; a URL's query string is left to query-pairs.ts, which knows
 * its encoding.
 */
const XML_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]{0,60})(?:\s[^<>]{0,200})?>([^<>]{1,300})<\/(?:[A-Za-z_][\w.-]*:)?\1\s*>/g;
const PAIR = /(?<![\w.&?/-])([A-Za-z_][\w.-]{1,40})=(?:"([^"\n]{1,160})"|'([^'\n]{1,160})'|([^\s&;,"'<>]{1,100}))/g;
/** A name in a script without capitals (Hangul, Han, kana, Thai, Arabic, Hebrew, Devanagari, Ethiopic): one to four words. */
const CASELESS_NAME = /^[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Ethiopic}\p{M}]+(?:[ \u00a0·・][\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Ethiopic}\p{M}]+){0,3}$/u;
/** Categories a field name may give to text: those the text scanner has strategies for. */
const TEXT_HINTS: ReadonlySet<string> = new Set(['person_name', 'postal_address', 'date_of_birth', 'email', 'phone', 'us_ssn', 'credential', 'api_key']);
const PRIORITY = 9;
/** Every category a field name may give besides person_name (TEXT_HINTS). */
const ALSO: readonly Category[] = ['postal_address', 'date_of_birth', 'email', 'phone', 'us_ssn', 'credential', 'api_key'];
/** Two to four capitalised words, nothing else (a name as a log writes it, not an id or a status). */
const WRITTEN_AS_NAME = /^\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \u00a0](?:(?:van|der|den|de|del|della|di|da|das|dos|du|la|le|von|zu|zur|ter|ten|bin|al|el|y|e)[ \u00a0]){0,3}\p{Lu}[\p{L}\p{M}'’.-]*){1,3}$/u;
/** … or family name first, then a comma (`Kowalczyk, Marek`, `NAKAMURA, Haruki`). */
const WRITTEN_FAMILY_FIRST = /^\p{Lu}[\p{L}\p{M}'’.-]+,[ \u00a0]\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \u00a0]\p{Lu}[\p{L}\p{M}'’.-]*){0,2}$/u;

function hintOf(name: string): Category | undefined {
  const h = hintForFieldName(name);
  return h !== undefined && TEXT_HINTS.has(h) ? h : undefined;
}

/**
 * The category of a value written after its key in text (`key=value`, `'key': 'value'`): the key's
 * hint; or, for a key naming a person's role (`holder="Marek Nowicki"`, `display_name: "정하은"`),
 * a person's name when the value is written as one and names no organisation.
 */
function pairCategory(key: string, value: string): Category | undefined {
  const hinted = hintOf(key);
  if (hinted !== undefined) return hinted;
  // (a dotted key whose object is a person's role: `driver.assigned = "Kowalczyk, Marek"`)
  const person = nameShapedIsPerson(key, ObjectKind.None) || (key.lastIndexOf('.') > 0 && nameShapedIsPerson(key.slice(0, key.lastIndexOf('.')), ObjectKind.None));
  return person && (WRITTEN_AS_NAME.test(value) || WRITTEN_FAMILY_FIRST.test(value) || CASELESS_NAME.test(value)) && !looksLikeOrganisation(value) ? 'person_name' : undefined;
}

export const xmlElementDetector: Detector = {
  category: 'person_name',
  also: ALSO,
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('</') < 0) return;
    XML_ELEMENT.lastIndex = 0;
    let person = false;
    let unhinted: Array<{ tag: string; start: number; end: number }> | undefined;
    for (let m = XML_ELEMENT.exec(text); m; m = XML_ELEMENT.exec(text)) {
      const value = m[2];
      // the text starts after the opening tag's '>'
      const start = m.index + m[0].indexOf('>') + 1;
      // the element's end: a later element may start right after it
      XML_ELEMENT.lastIndex = start + value.length;
      if (value.trim().length === 0) continue;
      const category = hintOf(m[1]);
      if (category === undefined) {
        (unhinted ??= []).push({ tag: m[1], start, end: start + value.length });
        continue;
      }
      if (category === 'person_name') person = true;
      out.push({ start, end: start + value.length, category, priority: PRIORITY });
    }
    if (!unhinted) return;
    for (const u of unhinted) {
      // beside a first name, `<Nom>`, `<Name>`, `<Family>` are a person's name parts too
      if (person && (hintInContext(u.tag, ObjectKind.Person) === 'person_name' || isPersonNameField(u.tag, ObjectKind.Person))) {
        out.push({ start: u.start, end: u.end, category: 'person_name', priority: PRIORITY });
        continue;
      }
      const parent = parentTag(text, text.lastIndexOf('<', u.start - 1));
      // the one value of an element named by its parent (`<DateOfBirth><Date>1946-09-18</Date>`, `<HomePhone><Number>…`)
      const inherited = parent === undefined ? undefined : hintOf(parent);
      if (inherited === 'date_of_birth' || inherited === 'phone' || inherited === 'email') {
        out.push({ start: u.start, end: u.end, category: inherited, priority: PRIORITY });
        continue;
      }
      // the name of a party element (ISO 20022 `<Cdtr><Nm>Hannelore zu Solms</Nm>`, `<Customer><Name>…`): a person's unless it names an organisation
      if (isPersonNameField(u.tag, ObjectKind.Person)) {
        if (parent !== undefined && partyIsPerson(parent) && !looksLikeOrganisation(text.slice(u.start, u.end))) out.push({ start: u.start, end: u.end, category: 'person_name', priority: PRIORITY });
      }
    }
  },
};

/**
 * Whether the parent element names a person's role: `<Customer>`, and the UBL party elements
 * named after one (`<AccountingCustomerParty>`, `<BuyerCustomerParty>`, `<DeliveryParty>`).
 */
function partyIsPerson(parent: string): boolean {
  if (nameShapedIsPerson(parent, ObjectKind.None)) return true;
  const stem = /^(?:Accounting|Buyer|Seller|Originator|Payee|Payer)?(.{3,})Party$/.exec(parent);
  return stem !== null && nameShapedIsPerson(stem[1], ObjectKind.None);
}

/** The name of the opening tag that ends right before `at` (whitespace between allowed), without its namespace prefix. */
function parentTag(text: string, at: number): string | undefined {
  let p = at;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 10 || text.charCodeAt(p - 1) === 13 || text.charCodeAt(p - 1) === 9)) p--;
  if (text.charCodeAt(p - 1) !== 62) return undefined;
  const open = text.lastIndexOf('<', p - 1);
  if (open < 0 || p - open > 80 || text.charCodeAt(open + 1) === 47) return undefined;
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(open, p));
  return m ? m[1] : undefined;
}

export const logPairDetector: Detector = {
  category: 'person_name',
  also: ALSO,
  priority: PRIORITY,
  anchor: 'equals',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // a URL's query string (`?a=1&b=2`) is query-pairs.ts's: skip text that is one
    if (text.indexOf('?') >= 0 && text.indexOf('&') >= 0 && text.indexOf(' ') < 0) return;
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
      const value = m[2] ?? m[3] ?? m[4];
      const category = pairCategory(m[1], value);
      if (category === undefined) continue;
      const start = m.index + m[0].length - value.length - (m[4] === undefined ? 1 : 0);
      out.push({ start, end: start + value.length, category, priority: PRIORITY });
    }
  },
};

/**
 * Quoted key/value pairs inside text that is not JSON as a whole: a Python dict in a traceback
 * (`'dob': '1979-10-10'`), one line of NDJSON among others, a truncated JSON fragment, protobuf
 * text format (`display_name: "정하은"`), a SQL condition (`dob = '1942-10-06'`). The key's field-name hint names the value, as for
 * `key=value` pairs; a key naming a person's role takes a value written as a name.
 */
const QUOTED_PAIR = /(?:(["'])([A-Za-z_][\w.-]{0,40})\1|(?<![\w"'.-])([A-Za-z_][\w.-]{0,40}))[ \t]*(?::|=(?!=))[ \t]*(["'])((?:(?!\4)[^\n\\]){1,200})\4/g;

export const quotedPairDetector: Detector = {
  category: 'person_name',
  also: ALSO,
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // a quote right after ': ' (or a quote before ':') — one indexOf each for text without them
    if (text.indexOf(': "') < 0 && text.indexOf(": '") < 0 && text.indexOf('":"') < 0 && text.indexOf("':'") < 0 && text.indexOf(':"') < 0 && text.indexOf("= '") < 0 && text.indexOf('= "') < 0) return;
    QUOTED_PAIR.lastIndex = 0;
    for (let m = QUOTED_PAIR.exec(text); m; m = QUOTED_PAIR.exec(text)) {
      const key = m[2] ?? m[3];
      const value = m[5];
      const category = pairCategory(key, value);
      if (category === undefined || value.trim().length === 0) continue;
      const start = m.index + m[0].length - 1 - value.length;
      out.push({ start, end: start + value.length, category, priority: PRIORITY });
    }
  },
};

/**
 * YAML written into a string field (a configuration or an export carried as text): `key: value`
 * lines with the value unquoted (`name_en: KITTIPONG SRISAWAT`, `fecha_nacimiento: 1979-10-30`),
 * and block scalars whose value is the more indented lines after `key: >` or `key: |`
 * (`address: >` then the street and the city). Quoted values are quotedPairDetector's. The key's
 * hint names the value, as for the other pairs.
 */
const YAML_LINE = /^([ \t]*)(?:-[ \t]+)?([A-Za-z_][\w.-]{0,40}):[ \t]+([^\n]{1,200})$/gm;

export const yamlPairDetector: Detector = {
  category: 'person_name',
  also: ALSO,
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // several lines, one of them `key: value` (a colon then a space)
    const nl = text.indexOf('\n');
    if (nl < 0 || text.indexOf(': ') < 0) return;
    YAML_LINE.lastIndex = 0;
    for (let m = YAML_LINE.exec(text); m; m = YAML_LINE.exec(text)) {
      let value = m[3].replace(/[ \t]+(?:#.*)?$/, '');
      const first = value.charCodeAt(0);
      // quoted, a flow collection or an anchor: not a plain scalar
      if (first === 34 || first === 39 || first === 91 || first === 123 || first === 38 || first === 42) continue;
      let start = m.index + m[0].length - m[3].length;
      if (/^[>|][+-]?$/.test(value)) {
        // a block scalar: the following lines indented deeper than the key
        const indent = m[1].length;
        const from = text.indexOf('\n', m.index + m[0].length);
        if (from < 0) continue;
        let end = from;
        let at = from + 1;
        while (at < text.length) {
          const eol = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
          const line = text.slice(at, eol);
          const lead = line.length - line.trimStart().length;
          if (line.trim().length > 0 && lead <= indent) break;
          end = eol;
          at = eol + 1;
        }
        const block = text.slice(from + 1, end);
        const lead = block.length - block.trimStart().length;
        start = from + 1 + lead;
        value = block.slice(lead).trimEnd();
        if (value.length === 0) continue;
      }
      const category = pairCategory(m[2], value);
      if (category === undefined) continue;
      out.push({ start, end: start + value.length, category, priority: PRIORITY });
    }
  },
};
