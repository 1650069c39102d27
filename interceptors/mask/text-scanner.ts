import { withinFields, zplView } from './zpl-view';
import { emvQrView } from './emv-qr-view';
import type { Category } from './categories';
import { CandidateScan } from './candidate-scan';
import { compileCues, type CompiledCues } from './cue-grams';
import type { Anchor, Detector, Match } from './detectors/detector';
import { DROP, type MaskScope } from './masker';
import type { Strategy } from './strategies/apply-action';
import { decodedBase64Text } from './base64-text';
import { originalSpan, textView } from './text-view';
import { rememberDate, rememberName } from './known-names';
import { isTitleLike, looksLikeOrganisation, namesOrganisation } from './map-keys';
import { givenNameSet, wideGivenNameSet } from './detectors/name-gazetteer';
import { wordHash } from './detectors/word-hash';
import { GIVEN_ABBREVIATIONS } from './detectors/person-name';

/** Field context that changes what the detectors accept. */
export interface ScanFlags {
  ssnField: boolean;
  versionField: boolean;
  /** The field belongs to a thing (product, device, file…): capitalised words without a cue are its title, not a person. */
  thingField?: boolean;
  /** The field holds a code (`hsCode`, `sku`, `gtin`): its digits are not a phone number. */
  codeField?: boolean;
}

export const NO_FLAGS: ScanFlags = { ssnField: false, versionField: false };

/** A value that opens with a person's title and a capitalised word (`Dr. Hendra Wijaya, Sp.PD`, `Prof. Anna Berg`). */
const PERSONAL_TITLE_START = /^(?:dr|prof|mr|mrs|ms|mme|mlle|sr|sra|srta|herr|frau|hr|fr)\.?[ \u00a0]+\p{Lu}\p{Ll}/iu;

/** Longest value judged as one name (an organisation's or a person's) rather than as text. */
const SHORT_VALUE = 80;

function hasPersonName(found: readonly Match[]): boolean {
  for (const m of found) if (m.category === 'person_name') return true;
  return false;
}

/**
 * A browser's or an HTTP client's User-Agent (RFC 9110 §10.1.5): products (`Chrome/130.0.0.0`)
 * and comments (`(Macintosh; Intel Mac OS X 10_15_7)`, `(KHTML, like Gecko)`) after the first
 * product. Its capitalised words (`Mac OS`, `Intel Mac`) name platforms, never a person. Ends after
 * its last product or comment, so text after it is judged as usual.
 */
const USER_AGENT = /(?:Mozilla|Opera|Dalvik)\/\d[\w.]*(?:[ \t]+(?:\([^()\n\r]{0,200}\)|[A-Za-z][\w.-]*\/[\w.+-]+))*/g;

/** Drops names found inside a User-Agent string (looked for only when a name was found). */
function namesOutsideUserAgents(text: string, found: Match[]): void {
  if (text.indexOf('Mozilla/') < 0 && text.indexOf('Opera/') < 0 && text.indexOf('Dalvik/') < 0) return;
  USER_AGENT.lastIndex = 0;
  for (let m = USER_AGENT.exec(text); m; m = USER_AGENT.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    for (let i = found.length - 1; i >= 0; i--) {
      const f = found[i];
      if (f.category === 'person_name' && f.start >= s && f.end <= e) found.splice(i, 1);
    }
  }
}

/** Fewest base64 characters before the padding of a token worth decoding inside text. */
const MIN_BASE64 = 16;

function isBase64Code(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** End of a base64 or base64url value starting at `from` (its padding included). */
function base64ValueEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isBase64Code(c) || c === 45 || c === 95) i++;
    else break;
  }
  while (text.charCodeAt(i) === 61) i++;
  return i;
}

/** What may follow a token's padding: the end, whitespace, or a separator of fields. */
function isTokenEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 38 || c === 59 || c === 44 || c === 34 || c === 39 || c === 41 || c === 93 || c === 125 || c === 124;
}

/** Shortest string any detector can match ('a@b.co', '1.2.3.4', '2001::1'). */
const MIN_LENGTH = 6;
const NONE: Match[] = Object.freeze([]) as unknown as Match[];

/**
 * The compiled detector chain for free text. Built once per masker: only detectors whose category
 * is not kept, each with its strategy. Per string, one pass (`CandidateScan`) finds the candidate
 * positions of every detector: a detector's `find` runs only when the pass found its anchor, and
 * validators run only on candidates. Overlapping matches are resolved by detector priority (a
 * JWT inside 'Bearer …' is a JWT), and the string is rebuilt once.
 */
export class TextScanner {
  private readonly detectors: readonly Detector[];
  private readonly strategies: ReadonlyMap<Category, Strategy>;
  private readonly scan: CandidateScan;
  private readonly minLengths: number[];
  private readonly needsPair: boolean[];
  private readonly anchors: Anchor[];
  private readonly needs: number[];
  /** Per detector: its compiled cue literals (undefined: none, or gates off) and the classes that let it run without one. */
  private readonly cues: Array<CompiledCues | undefined>;
  private readonly cuesUnless: number[];
  private readonly cuesBelow: number[];

  /** `classGates: false` runs every detector whatever the string holds (for tests that hold the gates to account). */
  constructor(detectors: readonly Detector[], strategies: ReadonlyMap<Category, Strategy>, phoneRegions: readonly string[], classGates = true, keepPrivateAddresses = false) {
    this.detectors = detectors.filter((d) => strategies.has(d.category) || d.also?.some((c) => strategies.has(c)) === true);
    this.strategies = strategies;
    this.scan = new CandidateScan(phoneRegions, keepPrivateAddresses, classGates);
    this.minLengths = this.detectors.map((d) => d.minLength);
    this.needsPair = this.detectors.map((d) => d.needsDigitPair === true);
    this.anchors = this.detectors.map((d) => d.anchor);
    this.needs = classGates ? this.detectors.map((d) => d.needs ?? 0) : this.detectors.map(() => 0);
    this.cues = this.detectors.map((d) => (classGates && d.cues !== undefined ? compileCues(d.cues) : undefined));
    this.cuesBelow = this.detectors.map((d) => d.cuesBelowLength ?? 0);
    this.cuesUnless = this.detectors.map((d) => d.cuesUnless ?? 0);
  }

  /**
   * Finds sensitive spans without changing anything (used by tests and the evaluation). Text with
   * full-width or invisible characters or percent escapes is scanned in its normalised view
   * (text-view.ts) and the spans are mapped back; a value that is all base64 of printable text
   * is one span when its decoded text holds anything (the category of the first finding).
   */
  find(text: string, flags: ScanFlags = NO_FLAGS, regions?: readonly string[]): Match[] {
    if (text.length < MIN_LENGTH) return NONE;
    // a ZPL shipping label: its field data, unglued from the printer commands (zpl-view.ts)
    if (text.indexOf('^FD') >= 0) {
      const zpl = zplView(text);
      if (zpl) {
        const found = withinFields(this.findIn(zpl.text, flags, regions), zpl.fields);
        const all = zpl.names.length > 0 && this.strategies.has('person_name') ? [...found, ...zpl.names] : found;
        return all.length === 0 ? NONE : resolveOverlaps(all);
      }
    }
    // an EMV QR payload (Pix copia e cola, PromptPay …): its values apart from the ids and lengths glued to them (emv-qr-view.ts)
    if (text.charCodeAt(0) === 48 && text.startsWith('000201')) {
      const emv = emvQrView(text);
      if (emv !== undefined) return this.findIn(emv, flags, regions);
    }
    const view = textView(text);
    if (view) {
      const found = this.findIn(view.text, flags, regions);
      if (found.length === 0) return NONE;
      return found.map((m) => ({ ...m, ...originalSpan(view, m.start, m.end) }));
    }
    const found = this.findIn(text, flags, regions);
    // base64 of text inside a longer string, padded (`ctx=am9hby5…cHQ= role=admin`): scanned decoded, masked whole
    if (text.length > MIN_LENGTH && text.indexOf('=') >= 0) {
      const inner = this.base64Tokens(text, flags, regions, found);
      if (inner !== found) return inner;
    }
    if (found.length > 0) return found;
    const decoded = decodedBase64Text(text);
    if (decoded !== undefined) {
      const inner = this.find(decoded, flags, regions);
      if (inner.length > 0) return [{ start: 0, end: text.length, category: inner[0].category, priority: inner[0].priority }];
    }
    return NONE;
  }

  /**
   * `found` plus every padded base64 token of `text` that decodes to text holding a finding (one
   * match over the token, the category of its first finding); `found` itself when there is none.
   * Found back from each '=' (padding), so text without one costs one indexOf.
   */
  private base64Tokens(text: string, flags: ScanFlags, regions: readonly string[] | undefined, found: Match[]): Match[] {
    let out = found;
    for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
      // a value after '=' (`?e=dGFtaWth…`, unpadded base64url in a link): the token up to the next separator
      const valueEnd = base64ValueEnd(text, eq + 1);
      if (valueEnd - (eq + 1) >= MIN_BASE64) {
        const decoded = decodedBase64Text(text.slice(eq + 1, valueEnd));
        const inner = decoded === undefined ? NONE : this.findIn(decoded, flags, regions);
        if (inner.length > 0) {
          if (out === found) out = found.length === 0 ? [] : [...found];
          out.push({ start: eq + 1, end: valueEnd, category: inner[0].category, priority: inner[0].priority });
          eq = valueEnd - 1;
          continue;
        }
      }
      // the token ends after its padding and starts at the first character outside the alphabet before it
      let end = eq + 1;
      if (text.charCodeAt(end) === 61) end++;
      const after = text.charCodeAt(end);
      if (!Number.isNaN(after) && !isTokenEnd(after)) continue;
      let start = eq;
      while (start > 0 && isBase64Code(text.charCodeAt(start - 1))) start--;
      if (eq - start < MIN_BASE64) continue;
      const decoded = decodedBase64Text(text.slice(start, end));
      if (decoded === undefined) continue;
      const inner = this.findIn(decoded, flags, regions);
      if (inner.length === 0) continue;
      if (out === found) out = found.length === 0 ? [] : [...found];
      out.push({ start, end, category: inner[0].category, priority: inner[0].priority });
      eq = end;
    }
    return out === found ? found : resolveOverlaps(out);
  }

  /** Per set of TEXT_CLASS bits (0–15): the detectors whose `needs` it meets, in order. */
  private readonly byClasses: Array<Int16Array | undefined> = [];

  private eligible(classes: number): Int16Array {
    let list = this.byClasses[classes];
    if (list === undefined) {
      const ks: number[] = [];
      for (let k = 0; k < this.detectors.length; k++) if (this.needs[k] === 0 || (this.needs[k] & classes) !== 0) ks.push(k);
      list = Int16Array.from(ks);
      this.byClasses[classes] = list;
    }
    return list;
  }

  private findIn(text: string, flags: ScanFlags, regions: readonly string[] | undefined): Match[] {
    const n = text.length;
    const scan = this.scan;
    scan.reset(text, flags.ssnField, flags.versionField, flags.thingField === true, flags.codeField === true, regions);
    let found: Match[] | undefined;
    try {
      // the detectors' fields copied into arrays: reading them from twenty object shapes is megamorphic
      const detectors = this.detectors;
      const minLengths = this.minLengths;
      const pairs = this.needsPair;
      const anchors = this.anchors;
      const cues = this.cues;
      const cuesUnless = this.cuesUnless;
      // only the detectors whose class gate the string passes (one list per set of classes, in priority order)
      const eligible = this.eligible(scan.classes());
      for (let e = 0; e < eligible.length; e++) {
        const k = eligible[e];
        if (n < minLengths[k]) continue;
        const cue = cues[k];
        if (cue !== undefined && n >= this.cuesBelow[k] && !scan.mayHoldCue(cue) && (cuesUnless[k] === 0 || !scan.hasAnyClass(cuesUnless[k]))) continue;
        if (pairs[k] && !scan.digitPair()) continue;
        if (anchors[k] !== 'self' && !scan.has(anchors[k])) continue;
        found ??= [];
        detectors[k].find(scan, found);
      }
    } finally {
      scan.clear();
    }
    if (!found || found.length === 0) return NONE;
    // a detector may report a second category (dash-written MACs from the device-id walk): only those with a strategy count
    for (let i = found.length - 1; i >= 0; i--) if (!this.strategies.has(found[i].category)) found.splice(i, 1);
    // a short value that is an organisation's name ('Dr. Oetker Digital GmbH', 'Zonda Exchange sp. z
    // o.o.', 'Redeemed Christian Church of God, Jesus House') holds no person's name
    // (not one opening with a person's title: `Dr. Hendra Wijaya, Sp.PD` ends in a specialist's letters, not a legal form)
    if (n <= SHORT_VALUE && found.length > 0 && hasPersonName(found) && isTitleLike(text) && looksLikeOrganisation(text) && !(PERSONAL_TITLE_START.test(text) && !namesOrganisation(text))) {
      for (let i = found.length - 1; i >= 0; i--) if (found[i].category === 'person_name') found.splice(i, 1);
    }
    if (found.length > 0 && hasPersonName(found)) namesOutsideUserAgents(text, found);
    if (found.length === 0) return NONE;
    addresseeNames(text, found);
    contactLineNames(text, found);
    namesBeforeNumbers(text, found);
    shortCapitalGivenNames(text, found);
    abbreviatedGivenNames(text, found);
    joinedGivenNames(text, found);
    aliasNames(text, found);
    if (text.indexOf('\n') > 0) addressNextLines(text, found);
    return resolveOverlaps(found);
  }

  mask(text: string, scope: MaskScope, flags: ScanFlags = NO_FLAGS): string {
    const matches = this.find(text, flags, scope.phoneRegions);
    if (matches.length === 0) return text;
    let out = '';
    let at = 0;
    for (const m of matches) {
      // a name found in text is known for the rest of the record (known-names.ts)
      if (m.category === 'person_name') rememberName(scope, text.slice(m.start, m.end), false);
      // a birth date found in text (after `DOB`, `doğum tarihi`) is known for the rest of the record too,
      // in any of its forms (`14.03.1985` there, `14 Mart 1985` further on)
      else if (m.category === 'date_of_birth') rememberDate(scope, text.slice(m.start, m.end));
      const replaced = this.strategies.get(m.category)!(text.slice(m.start, m.end), scope);
      out += text.slice(at, m.start) + (replaced === DROP ? '' : replaced);
      at = m.end;
      scope.count++;
    }
    return out + text.slice(at);
  }
}

/**
 * Highest priority (then longest) first; a match overlapping an accepted one is dropped. Result
 * sorted by start. Usually nothing overlaps: then one sort by start is the whole answer.
 */
/** Two or three capitalised words and a comma, alone at the start of a line, ending right before an address. */
const ADDRESSEE = /(?:^|[\n\r])[ \t]*(\p{Lu}[\p{L}'’.-]+(?:[ \t]+\p{Lu}[\p{L}'’.-]+){1,2}),[ \t]*$/u;
const ADDRESSEE_PRIORITY = 6;
/**
 * … or after a word that sends something to someone, inside a line (`label generated for Itzel
 * Hernández Treviño, Av. Insurgentes Sur 2243, …`, `ship to Jan de Vries, Kerkstraat 12, …`).
 */
const ADDRESSEE_AFTER_WORD =
  /(?:^|[\s(:])(?:for|to|an|à|para|per|voor|för|dla|pro|cho|kepada|untuk|attn\.?|c\/o)[ \t]+(\p{Lu}[\p{L}'’.-]+(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]+|de|del|da|das|dos|van|von|der|den|la|le|di|bin|binti|al|el)){1,3}),[ \t]*$/u;

/**
 * An addressee line ('Roswitha Böhm, Am Mühlbach 7a, 20095 Hamburg', 'Jan Kowalski, ul. Długa 5,
 * 00-001 Warszawa'): the words before a found postal address, at the start of its line and
 * separated by a comma, name the person who lives there — unless they name an organisation.
 */
/**
 * A name in capitals found from its second word ('ANA BEATRIZ ASSUNÇÃO FILHO' found as 'BEATRIZ
 * ASSUNÇÃO FILHO'): capital words of three letters are left out of the candidates as codes (EUR,
 * SKU), so a short given name in capitals before a found name joins it when the list knows it
 * (ANA, EVA, IAN, JOE).
 */
function shortCapitalGivenNames(text: string, found: Match[]): void {
  for (const m of found) {
    if (m.category !== 'person_name' || m.start < 3 || text.charCodeAt(m.start - 1) !== 32) continue;
    const c0 = text.charCodeAt(m.start);
    const c1 = text.charCodeAt(m.start + 1);
    if (!(c0 >= 65 && c0 <= 90) || !((c1 >= 65 && c1 <= 90) || c1 >= 0xc0)) continue;
    let s = m.start - 1;
    while (s > 0 && ((text.charCodeAt(s - 1) >= 65 && text.charCodeAt(s - 1) <= 90) || (text.charCodeAt(s - 1) >= 0xc0 && text.charCodeAt(s - 1) <= 0xde))) s--;
    const len = m.start - 1 - s;
    if (len < 2 || len > 3) continue;
    const b = s > 0 ? text.charCodeAt(s - 1) : 32;
    if (!(b === 32 || b === 40 || b === 9 || b === 10 || b === 34 || b === 58 || b === 44)) continue;
    if (givenNameSet().has(wordHash(text, s, m.start - 1))) m.start = s;
  }
}

/**
 * Abbreviated given names written before a name (`Md. Rafiqul Islam`, `Mohd. Faizal Hassan`,
 * `Ma. Lourdes Santos`, `Wm. Thornton`): the abbreviation is part of the name (Muhammad, María,
 * William) and would be left in clear before the mask. Only these abbreviations, with their dot.
 */

/**
 * A second person joined to a found name by '&' or 'and' (`love Declan & Aoife`, `Anna und Jonas`,
 * `María y Lucía`): the capitalised word after the conjunction is a name too when the given-name
 * list knows it. Only after a name found by another rule, so `Smith & Wesson` needs `Smith` found first.
 */
const JOINING_WORDS: ReadonlySet<string> = new Set(['&', 'and', 'und', 'y', 'e', 'et', 'en', 'og', 'och', 'i', 'a']);

function joinedGivenNames(text: string, found: Match[]): void {
  const n = found.length;
  for (let i = 0; i < n; i++) {
    const m = found[i];
    if (m.category !== 'person_name' || text.charCodeAt(m.end) !== 32) continue;
    let p = m.end + 1;
    let w = p;
    while (w < text.length && w - p < 4 && text.charCodeAt(w) !== 32) w++;
    if (text.charCodeAt(w) !== 32 || !JOINING_WORDS.has(text.slice(p, w))) continue;
    p = w + 1;
    const c = text.charCodeAt(p);
    if (!((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde))) continue;
    let e = p + 1;
    while (e < text.length && isNameTail(text.charCodeAt(e))) e++;
    if (e - p < 3 || !givenNameSet().has(wordHash(text, p, e))) continue;
    found.push({ start: p, end: e, category: 'person_name', priority: m.priority });
  }
}

/** A name written again in parentheses right after a found one (`Youssef El Amrani (يوسف العمراني)`, `Lupita (Guadalupe Hernández)`): one to four words of any script. */
const ALIAS_AFTER = /^[ \t]*\(([\p{L}\p{M}][\p{L}\p{M}'’.-]*(?:[ \t]+[\p{L}\p{M}][\p{L}\p{M}'’.-]*){0,3})\)/u;
/** `aka`, `a.k.a.` or `alias`, then one or two capitalised words: the same person's other name. */
const AKA_AFTER = /^,?[ \u00a0]+\(?(?:aka|a\.k\.a\.?|alias)[ \u00a0]+(\p{Lu}\p{Ll}[\p{L}'’-]*(?:[ \u00a0]+\p{Lu}\p{Ll}[\p{L}'’-]*)?)/u;
/** One capitalised word in quotes after a name, in parentheses or not. */
const QUOTED_NICKNAME = /^[ \t]+\(?["'‘“]([\p{Lu}][\p{Ll}'’-]{1,19})["'’”]\)?(?:[ \t]+(\p{Lu}\p{Ll}[\p{L}'’-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*){0,2}))?/u;

/**
 * A line that is only a postcode and a town, as the second line of an address (`67000 Strasbourg`,
 * `SAN ANTONIO, TX 78205`, `Leeds LS6 2QT`, `10439 Berlin`).
 */
const POSTCODE_TOWN_LINE =
  /^[ \t]*(?:\d{4,5}(?:-\d{3,4})?[ \t]+\p{Lu}[\p{L}'’ .-]{1,40}|\p{Lu}[\p{Lu} .'’-]{1,30},[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|(?:\p{Lu}[\p{L}'’ -]{1,30}[ \t]+)?[A-Z]{1,2}\d[A-Z\d]?[ \t]+\d[A-Z]{2})[ \t]*(?=\r?\n|$)/u;

/**
 * An address written on two lines, as letters, bills and scanned documents write it: the line right
 * after a found street line (what is left of that line at most a few characters, `, Bât. B`), when
 * it holds only a postcode and a town, belongs to the address.
 */
function addressNextLines(text: string, found: Match[]): void {
  for (const m of found) {
    if (m.category !== 'postal_address') continue;
    const nl = text.indexOf('\n', m.end);
    if (nl < 0 || nl - m.end > 8) continue;
    const line = POSTCODE_TOWN_LINE.exec(text.slice(nl + 1, nl + 64));
    if (line) m.end = nl + 1 + line[0].length;
  }
}

/** Two to four words of a script other than Latin (marks included) right before an opening parenthesis. */
const SCRIPT_ALIAS_BEFORE = /((?:[\p{L}\p{M}]*[^\p{Script=Latin}\p{Script=Common}\p{M}\s][\p{L}\p{M}]*)(?:[ \u00a0]+[\p{L}\p{M}]*[^\p{Script=Latin}\p{Script=Common}\p{M}\s][\p{L}\p{M}]*){1,3})[ \u00a0]*\($/u;

/** Written in the Latin script only. */
const LATIN_NAME = /^[\p{Script=Latin}\p{M}\s'’.-]+$/u;

/** End of the first word of `s`. */
function wordEnd(s: string): number {
  const sp = s.search(/[ \t]/);
  return sp < 0 ? s.length : sp;
}

/** A nickname right before a name found in parentheses (`rosie (Rosalind Whitfield)`, `Bob (Robert Mensah)`). */
const ALIAS_BEFORE = /(?:^|[^\p{L}\p{M}'’-])([\p{L}][\p{L}'’-]{1,20})[ \t]*\($/u;

/**
 * A person named twice, the second time in parentheses: a nickname and the full name, or the name
 * in two scripts. The other half is a name when the first was found; a nickname before the
 * parentheses only when the given-name list knows it (`account for rosie (Rosalind Whitfield)`,
 * not `the order (Rosalind Whitfield)`).
 */
function aliasNames(text: string, found: Match[]): void {
  const n = found.length;
  for (let i = 0; i < n; i++) {
    const m = found[i];
    if (m.category !== 'person_name') continue;
    if (text.charCodeAt(m.end) === 40 || text.charCodeAt(m.end + 1) === 40) {
      const a = ALIAS_AFTER.exec(text.slice(m.end, m.end + 80));
      // the same name in another script, or a name the given-name list opens (not `Dr. Emre Aydın (Acıbadem Kardiyoloji)`)
      if (a && !looksLikeOrganisation(a[1]) && (LATIN_NAME.test(a[1]) !== LATIN_NAME.test(text.slice(m.start, m.end)) || wideGivenNameSet().has(wordHash(a[1], 0, wordEnd(a[1]))))) {
        const start = m.end + a[0].indexOf(a[1]);
        found.push({ start, end: start + a[1].length, category: 'person_name', priority: m.priority });
      }
    }
    // a nickname after `aka` / `a.k.a.` / `alias` (`Chukwuemeka Obi aka Emeka`, `Robert Lee a.k.a. Bobby Lee`)
    const k = AKA_AFTER.exec(text.slice(m.end, m.end + 60));
    if (k) {
      const start = m.end + k[0].length - k[1].length;
      found.push({ start, end: start + k[1].length, category: 'person_name', priority: m.priority });
    }
    // a nickname in quotes right after the name (`Maximiliano "Maxi" Fernández`, `J.P. van der Merwe ('Kobus')`)
    const q = QUOTED_NICKNAME.exec(text.slice(m.end, m.end + 80));
    if (q) {
      const start = m.end + q[0].indexOf(q[1]);
      found.push({ start, end: start + q[1].length, category: 'person_name', priority: m.priority });
      // … and the family name after it (`Maximiliano "Maxi" Fernández Etcheverry`)
      if (q[2] !== undefined) {
        const family = m.end + q[0].length - q[2].length;
        found.push({ start: family, end: family + q[2].length, category: 'person_name', priority: m.priority });
      }
    }
    // the name in another script right before the parentheses this one stands in (`रोगी राजेश कुमार शर्मा (Rajesh K. Sharma)`,
    // `Consignee: خالد بن ناصر العتيبي (Khalid bin Nasser Al-Otaibi)`)
    const open = m.start > 2 ? text.lastIndexOf('(', m.start) : -1;
    if (open > 0 && m.start - open <= 24 && text.indexOf(')', open) >= m.end && LATIN_NAME.test(text.slice(m.start, m.end))) {
      const sa = SCRIPT_ALIAS_BEFORE.exec(text.slice(Math.max(0, open - 60), open + 1));
      if (sa) {
        const start = open + 1 - sa[0].length + sa[0].indexOf(sa[1]);
        found.push({ start, end: start + sa[1].length, category: 'person_name', priority: m.priority });
      }
    }
    if (m.start >= 3 && text.charCodeAt(m.end) === 41 && text.lastIndexOf('(', m.start) >= m.start - 2) {
      const b = ALIAS_BEFORE.exec(text.slice(Math.max(0, m.start - 40), text.lastIndexOf('(', m.start) + 1));
      if (b) {
        const end = text.lastIndexOf(b[1], m.start);
        if (end >= 0 && givenNameSet().has(wordHash(text, end, end + b[1].length))) found.push({ start: end, end: end + b[1].length, category: 'person_name', priority: m.priority });
      }
    }
  }
}

function abbreviatedGivenNames(text: string, found: Match[]): void {
  for (const m of found) {
    if (m.category !== 'person_name' || m.start < 4 || text.charCodeAt(m.start - 1) !== 32 || text.charCodeAt(m.start - 2) !== 46) continue;
    let s = m.start - 2;
    while (s > 0 && m.start - 2 - s < 5 && isAbbreviationChar(text.charCodeAt(s - 1))) s--;
    if (s > 0 && !isBlank(text.charCodeAt(s - 1)) && text.charCodeAt(s - 1) !== 40 && text.charCodeAt(s - 1) !== 34 && text.charCodeAt(s - 1) !== 58) continue;
    if (GIVEN_ABBREVIATIONS.has(text.slice(s, m.start - 2))) m.start = s;
  }
}

function isAbbreviationChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0xaa;
}

/**
 * A contact line: a name at the start of a line, then a separator and the person's e-mail or
 * phone number (`Jens-Uwe Tiedemann – jens-uwe[at]…`, `Marisol Quintanilla | marisol DOT q AT …`,
 * `Dr. Aiko Brandt, Tel. +49 …`), as scraped lead lists, signatures and exported address books
 * write them. Two to four capitalised words (a title before them and an initial among them
 * allowed), not an organisation's or a desk's name (`Customer Support – help@…`).
 */
const CONTACT_LINE =
  /(?:^|[\n\r])[ \t]*(?:[-*•·][ \t]+)?(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Dipl\.-Ing|Ing|Mag|Sr|Sra)\.?[ \t]+)?(\p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{Lu}\p{Ll}+)?(?:[ \t]+(?:\p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{Lu}\p{Ll}+)?|\p{Lu}\.)){1,3})[ \t]*(?:[–—|;,:<(]|--?)[ \t]*(?:(?:[Ee]-?[Mm]ail|[Mm]ail|[Tt]el|[Pp]hone|[Mm]obile?|[Mm]obil|[Mm]ob|[Ff]on|[Cc]ell|[Ff]ax|[Ww]hats[Aa]pp)[ \t]*[.:]?[ \t]*)?$/u;
const CONTACT_LINE_PRIORITY = 6;
const CONTACT_LINE_REACH = 90;
/** Words that make a line's head a desk, a team or a label rather than a person. */
const NOT_CONTACT_NAME = new Set(
  'customer customers support service services team sales office desk contact contacts info information help helpdesk billing admin account accounts department dept center centre hotline reception shop store company inc ltd order invoice ref reference call email mail phone tel mobile fax whatsapp from to cc bcc reply subject sent date note notes owner manager general enquiries inquiries press media careers jobs hr legal privacy security abuse noreply no-reply the and our your dear hello hi thanks regards'.split(' '),
);

function contactLineNames(text: string, found: Match[]): void {
  const n = found.length;
  let lastLine = -1;
  // one line (most values): only a match within reach of the text's start can end a contact line
  let oneLine: boolean | undefined;
  for (let i = 0; i < n; i++) {
    const m = found[i];
    if ((m.category !== 'email' && m.category !== 'phone') || m.start < 5) continue;
    if (m.start > CONTACT_LINE_REACH && (oneLine ??= text.indexOf('\n') < 0 && text.indexOf('\r') < 0)) continue;
    // the line's start, looked for at most CONTACT_LINE_REACH characters back (a long line of text is no contact line)
    const floor = Math.max(0, m.start - CONTACT_LINE_REACH);
    let lineStart = m.start;
    while (lineStart > floor && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
    if (lineStart === lastLine || (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13)) continue;
    const r = CONTACT_LINE.exec(text.slice(lineStart, m.start));
    if (!r) continue;
    lastLine = lineStart;
    const name = r[1];
    if (looksLikeOrganisation(name) || name.split(/[ \t]+/).some((w) => NOT_CONTACT_NAME.has(w.toLowerCase().replace(/[.’']/g, '')))) continue;
    const start = lineStart + r.index + r[0].indexOf(name);
    found.push({ start, end: start + name.length, category: 'person_name', priority: CONTACT_LINE_PRIORITY });
  }
}

/**
 * A person named right before their number (`call the backup Tamsin Whitfield on 07543 326914`,
 * `reach Ana Beltrán at +34 612 …`, `ruf Jonas Keller unter 0171 …`): one to three capitalised
 * words, then 'on' / 'at' / 'unter' / 'au' / 'al' or a colon or dash, then a phone number found in
 * the text. The first word must be a known given name, or a word asking to call must stand shortly
 * before the name (`New York on +1 212 …` is a place).
 */
/** The words that join a name to its number ('on', 'at', 'unter', 'au', 'al', 'op', 'pod', 'no', 'em', 'sur'). */
const NUMBER_PREPOSITIONS = new Set(['on', 'at', 'unter', 'au', 'al', 'op', 'pod', 'no', 'em', 'sur']);
const CALL_WORD_BEFORE = /(?:^|[^\p{L}])(?:call|ring|reach|contact|text|phone|dial|whatsapp|message|ask for|speak to|talk to|ruf|rufen|anrufen|kontaktieren|appelle[rz]?|appeler|contacte[rz]?|llam[ae]|llamar|contacta[r]?|liga(?:r)? (?:pro|para)|ligue (?:para|pro)|chiama(?:re)?|contatta(?:re)?|bel|zadzwoń|zadzwon)\b/iu;
const NAME_BEFORE_NUMBER_PRIORITY = 12;

function namesBeforeNumbers(text: string, found: Match[]): void {
  const n = found.length;
  for (let i = 0; i < n; i++) {
    const m = found[i];
    if (m.category !== 'phone' || m.start < 4) continue;
    // walked back by hand from the number: a regex anchored at its end would be tried at every position before it
    let p = skipBlanksBack(text, m.start);
    const c = text.charCodeAt(p - 1);
    // 'Gülşen Aydın, tel. 0 (533) …': a comma and a phone label between the name and the number
    const labelled = isLowerAsciiOrDot(c) || c === 58 || c > 0x36f ? COMMA_PHONE_LABEL.exec(text.slice(Math.max(0, p - 16), p)) : null;
    if (labelled) p = skipBlanksBack(text, p - labelled[0].length);
    else if (c === 58 || c === 0x2013 || c === 0x2014 || c === 45 || c === 40) p = skipBlanksBack(text, p - 1);
    else {
      let w = p;
      while (w > 0 && isLowerAscii(text.charCodeAt(w - 1))) w--;
      if (w === p || p - w > 5 || !NUMBER_PREPOSITIONS.has(text.slice(w, p)) || !isBlank(text.charCodeAt(w - 1))) continue;
      p = skipBlanksBack(text, w);
    }
    // one to three capitalised words ending at p
    const end = p;
    let start = -1;
    let count = 0;
    while (count < 3) {
      let w = p;
      while (w > 0 && isNameTail(text.charCodeAt(w - 1))) w--;
      if (w === p || !isCapitalAt(text, w) || p - w < 2) break;
      start = w;
      count++;
      if (w === 0 || !isBlank(text.charCodeAt(w - 1))) break;
      p = skipBlanksBack(text, w);
    }
    if (start < 0) continue;
    // leading words of a label or a desk are not the name ('Contact Maria Lopez', 'Customer Care')
    let name = text.slice(start, end);
    let words = name.split(/[ \t]+/);
    while (words.length > 1 && NOT_CONTACT_NAME.has(words[0].toLowerCase())) {
      start += name.indexOf(words[1], words[0].length);
      words = words.slice(1);
      name = text.slice(start, end);
    }
    if (words.some((w) => NOT_CONTACT_NAME.has(w.toLowerCase())) || looksLikeOrganisation(name)) continue;
    const given = givenNameSet().has(wordHash(text, start, start + words[0].length));
    if (!given && !(words.length >= 2 && (labelled || CALL_WORD_BEFORE.test(text.slice(Math.max(0, start - 40), start))))) continue;
    found.push({ start, end, category: 'person_name', priority: NAME_BEFORE_NUMBER_PRIORITY });
  }
}

/** A comma, then a phone label, ending right before a number (`, tel.`, `, Tel:`, `, mob.`, `, cep`). */
const COMMA_PHONE_LABEL = /,[ \t]*(?:tel|tél|phone|ph|mob|mobile|cell|cep|gsm|handy|telefon|telefone|teléfono|tlf|tfn|puh|tel\. kom|τηλ|κιν|тел|моб)[.:]{0,2}[ \t]*$/i;

function isLowerAsciiOrDot(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 46;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 160;
}

function skipBlanksBack(text: string, p: number): number {
  while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
  return p;
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** A letter, apostrophe or hyphen inside a name's word. */
function isNameTail(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 0x2019 || c === 45 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000 && LETTER.test(String.fromCharCode(c)));
}

/** An upper-case letter then a lower-case one at `i` (`Tamsin`, not `NASA` or `iPhone`). */
function isCapitalAt(text: string, i: number): boolean {
  const a = text[i];
  const b = text[i + 1];
  return a !== a.toLowerCase() && b !== undefined && b !== b.toUpperCase();
}

const LETTER = /\p{L}/u;

function addresseeNames(text: string, found: Match[]): void {
  const n = found.length;
  for (let i = 0; i < n; i++) {
    const m = found[i];
    if (m.category !== 'postal_address' || m.start < 5) continue;
    const from = Math.max(0, m.start - 80);
    const before = text.slice(from, m.start);
    const r = ADDRESSEE.exec(before) ?? ADDRESSEE_AFTER_WORD.exec(before);
    if (!r || looksLikeOrganisation(r[1])) continue;
    const start = from + r.index + r[0].indexOf(r[1]);
    found.push({ start, end: start + r[1].length, category: 'person_name', priority: ADDRESSEE_PRIORITY });
  }
}

export function resolveOverlaps(found: Match[]): Match[] {
  if (found.length === 1) return found;
  found.sort(byStart);
  let maxEnd = -1;
  let overlapping = false;
  for (const m of found) {
    if (m.start < maxEnd || m.start === m.end) {
      overlapping = true;
      break;
    }
    maxEnd = m.end;
  }
  if (!overlapping) return found;
  found.sort(byRank);
  const kept: Match[] = [];
  for (const m of found) {
    let overlaps = false;
    for (const k of kept) {
      if (m.start < k.end && k.start < m.end) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) kept.push(m);
  }
  return kept.sort(byStart);
}

function byStart(a: Match, b: Match): number {
  return a.start - b.start;
}

function byRank(a: Match, b: Match): number {
  return a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}
