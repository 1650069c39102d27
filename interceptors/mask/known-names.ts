import type { MaskScope } from './masker';
import { isOrdinaryWord, wideGivenNameSet } from './detectors/name-gazetteer';
import { hashOf } from './detectors/word-hash';
import { asciiDigits, dateForms, type DateForms } from './date-forms';
import { isOrganisationName } from './map-keys';

/**
 * A person named in a field of a record is often named again in its free text: `lastName:
 * "Jenkins"` and `riskNote: "name variant B. Jenkins found"`, `client.nom: "Girard"` and
 * `commentaire: "rappelé par Mme Girard"`. The detectors judge free text on its own, without
 * that knowledge, and a surname after an initial or a lower-case mention has no other cue. So
 * the masker remembers the names it masked in the record's fields and, once the record is
 * masked, masks those names (and each of their words long enough to identify) wherever they
 * still appear as whole words in its strings.
 */

/** Fewest letters of a name word worth looking for (shorter words are too often ordinary words). */
const MIN_WORD = 4;
/** The same for scripts without case, where a syllable or a character carries more (`田中`, `서아`, `अमित`). */
const MIN_UNCASED_WORD = 2;
/**
 * Honorifics, copulas and particles written glued after a Japanese, Chinese or Korean name (`田中様`,
 * `佐藤美咲です`, `서아님`): the one place a letter may follow a remembered name in those scripts,
 * which write no spaces.
 */
const GLUED_HONORIFIC = /^(?:様|さん|さま|氏|殿|先生|君|ちゃん|くん|です|でした|と申|より|から|宛|女士|小姐|先生|님|씨|고객님|환자|입니다|이에요|예요|[はがのをにへと])/;
/** Fewest letters of a family name remembered from a name found in free text. */
const MIN_SURNAME = 5;
/** An airline's passenger name: `SURNAME/GIVEN`, a title after it. */
const PNR_NAME = /^(?:\d{1,2}\.\d{1,2})?([A-Z][A-Z'-]+)\/([A-Z][A-Z'-]+)(?:\s+(?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF))?$/;
/** A family name as written: capitalised, maybe after O' or with a second capital (Mc, Mac) or a hyphen. */
const FAMILY_NAME_SHAPE = /^(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?$/u;
/** Bound on remembered names per record (a record listing thousands of people gains little from this). */
const MAX_NAMES = 256;
const LETTER = /[\p{L}\p{M}]/u;
/** Text of a name (letters, spaces, apostrophes, hyphens, dots): not a masked marker, a pseudonym or an id. */
const NAME_TEXT = /^[\p{L}\p{M}][\p{L}\p{M} '’.,-]*$/u;

/**
 * Remembers `value`, a name masked in this record. `words`: also each of its words — for names
 * from fields (strong evidence); a name the detectors found in free text is remembered whole only,
 * so that a first name in a note ('Gift for Beatrice Holloway') does not reach a product title.
 */
export function rememberName(scope: MaskScope, value: string, words = true): void {
  const names = (scope.knownNames ??= []);
  if (names.length >= MAX_NAMES) return;
  const v = value.trim();
  // a passenger name as airlines write it (`KOVACS/ESZTER MRS`, `1.1KOVACS/ESZTER MRS`): its family and given names
  const pnr = PNR_NAME.exec(v);
  if (pnr) {
    if (pnr[1].length >= MIN_SURNAME && !names.includes(pnr[1])) names.push(pnr[1]);
    if (pnr[2].length >= MIN_WORD && !names.includes(pnr[2]) && !isOrdinaryWord(pnr[2].toLowerCase())) {
      names.push(pnr[2]);
      // (only where no capitalised word follows it: `Eszter Hall` may be a place)
      (scope.knownGivenOnly ??= []).push(foldName(pnr[2]));
    }
    return;
  }
  if (v.length < (/^\p{Lo}/u.test(v) ? MIN_UNCASED_WORD : MIN_WORD) || v.length > 80 || !NAME_TEXT.test(v)) return;
  if (!names.includes(v)) names.push(v);
  if (words) rememberStrong(scope, v);
  else if (v === v.toLowerCase() && v !== v.toUpperCase()) rememberLowerCase(scope, names, v);
  // a name in a script without spaces between words, written with one in a field (`佐藤 美咲`): also as text writes it (`佐藤美咲です`)
  if (/^\p{Lo}+(?:[ \u3000]\p{Lo}+)+$/u.test(v)) {
    const joined = v.replace(/[ \u3000]/g, '');
    if (!names.includes(joined)) names.push(joined);
  }
  if (!words) {
    // from free text: the family name too, when the name has a given name before it ('User Jamal
    // Washington wants…' and a search for `"query": "Washington"` in the same record)
    // (written as family names are: `Washington`, `O'Sullivan`, `McGrath`, `Okafor-Whitman`)
    const parts = v.split(/\s+/);
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && last.length >= MIN_SURNAME && FAMILY_NAME_SHAPE.test(last) && !names.includes(last)) names.push(last);
    // … and each half of a double family name (`Lefèvre-Dubois` → `Lefèvre`, `Dubois`)
    if (parts.length >= 2 && last.indexOf('-') > 0 && FAMILY_NAME_SHAPE.test(last)) rememberHalves(scope, last);
    // … and the given name, when the multilingual given-name list knows it (`Conor McGrath` signs a letter, the
    // record's note says `Conor asked to CC finance`)
    const first = parts[0];
    if (parts.length >= 2 && first.length >= MIN_WORD && /^\p{Lu}\p{Ll}+$/u.test(first) && wideGivenNameSet().has(hashOf(first)) && !isOrdinaryWord(first.toLowerCase()) && !names.includes(first)) {
      names.push(first);
      // … but only where no capitalised word follows it: `Beatrice Garden Lantern` is a product's title
      (scope.knownGivenOnly ??= []).push(foldName(first));
    }
    return;
  }
  // the words of a full name, each on its own ('Mac Giolla Phádraig' → 'Giolla', 'Phádraig')
  for (const w of v.split(/[\s,/]+/)) {
    // marks stay: a Devanagari or Thai word ends in a vowel sign ('प्रिया')
    const word = w.replace(/^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu, '');
    // a capitalised word, or a word of a script without case (Devanagari, Arabic, Hangul, Han: 'प्रिया', '田中') of two letters or more
    const wanted = /^\p{Lu}/u.test(word) ? word.length >= MIN_WORD : /^\p{Lo}/u.test(word) && word.length >= MIN_UNCASED_WORD;
    if (wanted && word !== v && !names.includes(word)) {
      names.push(word);
      rememberStrong(scope, word);
    }
    // each half of a double name (`Lefèvre-Dubois` → `Lefèvre`), where no capitalised word follows it
    // (`- Lefèvre - fattura` is the person; `Adebayo Road` is a street)
    if (wanted && word.indexOf('-') > 0) rememberHalves(scope, word);
  }
}

function rememberHalves(scope: MaskScope, word: string): void {
  const names = (scope.knownNames ??= []);
  for (const half of word.split('-')) {
    if (half.length < MIN_SURNAME || !/^\p{Lu}/u.test(half) || names.includes(half)) continue;
    names.push(half);
    (scope.knownGivenOnly ??= []).push(foldName(half));
  }
}

/** A name from a field: its lower-case mentions in text count too (maskKnownNames). */
function rememberStrong(scope: MaskScope, name: string): void {
  const strong = (scope.knownFieldNames ??= []);
  if (strong.length < MAX_NAMES) strong.push(foldName(name));
}

/**
 * `value` with every remembered name that still appears as a whole word in its strings replaced by
 * `mask(name)`. Case and diacritics are ignored (`BRANDT TYLER` in a field, `T.Brandt` in the
 * addenda; `Đặng Văn Hùng` in a field, `DANG VAN HUNG` as the cardholder); the boundaries are
 * letters: a name inside a longer word is not that name.
 *
 * An occurrence in lower case is a name only when the name came from a field (strong evidence) and
 * the text writes it as people type in chats and logs (`clientul ioana stănescu a sunat`, `verify
 * name="tyrone castellanos"`, `hello this is arjun`): a full name of several words anywhere between
 * word boundaries; a single word only in a text without capitals and when it is no ordinary word.
 * A lower-case slug or path (`people/esposito-1979`, `arjun_k`) is not a mention.
 */
export function maskKnownNames(value: unknown, scope: MaskScope, mask: (name: string) => string): unknown {
  const strong = new Set(scope.knownFieldNames ?? []);
  // names the record's own text wrote in lower case are found again so (rememberLowerCase)
  const lowerCase = scope.knownLowerNames === undefined ? undefined : new Set(scope.knownLowerNames.map(foldName));
  const givenOnly = new Set(scope.knownGivenOnly ?? []);
  // a full name from a field as a login or a slug (`ingrid.haugland`, `weiling_chen_export.zip`, `ola-nowicka`)
  const slugs = new Set<string>();
  for (const n of [...strong, ...(scope.knownSlugs ?? [])]) {
    const words = n.split(' ');
    if (words.length < 2 || words.length > 3 || words.some((w) => w.length < 2 || !/^[\p{L}]+$/u.test(w))) continue;
    for (const j of ['.', '_', '-']) {
      slugs.add(words.join(j));
      if (words.length === 2) slugs.add(words[1] + j + words[0]);
    }
  }
  const names = [...new Set([...(scope.knownNames ?? []).map(foldName), ...slugs])].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  const replaceIn = (s: string): string => {
    let out = s;
    let folded = foldName(s);
    // an organisation's name (`Magazine Luiza S.A.` beside the customer `Ana Luíza …`): a one-word name
    // found in it is the company's word, not the person; the person's full name still counts
    let organisation: boolean | undefined;
    for (const name of names) {
      if (folded.indexOf(name) < 0) continue;
      if (name.indexOf(' ') < 0 && !slugs.has(name) && (organisation ??= isOrganisationName(s))) continue;
      let rebuilt = '';
      let at = 0;
      for (let i = folded.indexOf(name); i >= 0; i = folded.indexOf(name, i + name.length)) {
        const before = i > 0 ? out[i - 1] : '';
        const after = out[i + name.length] ?? '';
        if ((before && LETTER.test(before)) || (after && LETTER.test(after) && !GLUED_HONORIFIC.test(out.slice(i + name.length, i + name.length + 3)))) continue;
        // as a name is written (exact, Title Case or UPPER CASE); a name in a script without case is written one way only
        const seen = out.slice(i, i + name.length);
        // a saint's or a place's name (`Hospital de Santa Maria`, `San José`), or a word of a code (`JUAN-VALDEZ-CUMBRE-500G`)
        // (unless the record's own name has that word: `Callum St John` … `Cardholder St John`)
        if (!slugs.has(name) && (saintOrPlace(out, i, name, names) || inCode(out, i, i + name.length))) continue;
        // a slug is written in any case, glued to what it names (`weiling_chen_export.zip`), not inside a longer one
        if (slugs.has(name) ? isDigitOrLetter(out.charCodeAt(i + name.length)) : seen === seen.toLowerCase() && seen !== seen.toUpperCase() && !((strong.has(name) || lowerCase?.has(name) === true) && lowerCaseMention(out, i, name))) continue;
        if (givenOnly.has(name) && !strong.has(name) && CAPITAL_WORD_AFTER.test(out.slice(i + name.length, i + name.length + 3))) continue;
        rebuilt += out.slice(at, i) + mask(seen);
        scope.count++;
        at = i + name.length;
      }
      if (at > 0) {
        out = rebuilt + out.slice(at);
        folded = foldName(out);
      }
    }
    return out;
  };
  return mapStrings(value, replaceIn);
}

/** Particles of family names: never a name on their own. */
const PARTICLE_WORDS: ReadonlySet<string> = new Set(['de', 'der', 'den', 'van', 'von', 'da', 'di', 'do', 'dos', 'das', 'du', 'del', 'della', 'la', 'le', 'ter', 'ten', 'el', 'al', 'bin', 'binti', 'ibn']);

/**
 * A name found in text typed without capitals (`my name is darnell okafor`, a speech-to-text
 * transcript): the record writes its names so, and each word is found again in lower case in its
 * other sentences (`sorry to hear that mister okafor`) — still only where a sentence has no
 * capitals and the word is no ordinary one (lowerCaseMention).
 */
function rememberLowerCase(scope: MaskScope, names: string[], v: string): void {
  const lower = (scope.knownLowerNames ??= []);
  if (!lower.includes(v)) lower.push(v);
  for (const w of v.split(/\s+/)) {
    if (w.length < MIN_WORD || PARTICLE_WORDS.has(w) || isOrdinaryWord(w) || !/^[\p{Ll}'’-]+$/u.test(w)) continue;
    if (!names.includes(w)) names.push(w);
    if (!lower.includes(w)) lower.push(w);
  }
}

/** A capitalised word right after: the given name starts a title or another name (`Beatrice Garden Lantern`). */
const CAPITAL_WORD_AFTER = /^[ \t\u00a0]+\p{Lu}/u;

/** Words that make the next one a saint's or a place's name. */
const SAINT_BEFORE = /(?:^|[^\p{L}])(?:santa|santo|san|são|sao|saint|sainte|st\.?|ste\.?|sankt|sveti|sveta|sv\.)[ \u00a0]$/iu;

function saintOrPlace(text: string, i: number, name: string, names: readonly string[]): boolean {
  const m = SAINT_BEFORE.exec(text.slice(Math.max(0, i - 7), i));
  if (!m) return false;
  const phrase = foldName(m[0].replace(/^[^\p{L}]/u, '')) + name;
  return !names.some((n) => n.includes(phrase));
}

/** Whether [s, e) lies inside a code: letters and digits joined by '-' or '_' around it, a digit among them (`JUAN-VALDEZ-CUMBRE-500G`). */
function inCode(text: string, s: number, e: number): boolean {
  const b = text.charCodeAt(s - 1);
  const a = text.charCodeAt(e);
  if (b !== 45 && b !== 95 && a !== 45 && a !== 95) return false;
  let from = s;
  while (from > 0 && isCodeChar(text.charCodeAt(from - 1))) from--;
  let to = e;
  while (to < text.length && isCodeChar(text.charCodeAt(to))) to++;
  return /\d/.test(text.slice(from, to)) && !/\p{Ll}/u.test(text.slice(from, to));
}

function isCodeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

/** A mask the engine wrote (`[REDACTED:ipv4]`, `[REDACTED:person_name]`). */
const MASK_TOKEN = /\[[A-Z]+:[a-z0-9_]+\]/g;

/** Characters that glue a lower-case word into a slug, a path, an id or an address rather than a sentence. */
const SLUG_JOINERS = '/\\_-.@#~+=%&|';

/** Whether the lower-case `name` at `i` of `text` is a mention in prose (see maskKnownNames). */
function lowerCaseMention(text: string, i: number, name: string): boolean {
  const before = text.charCodeAt(i - 1);
  const e = i + name.length;
  const after = text.charCodeAt(e);
  if (isDigitOrLetter(before) || isDigitOrLetter(after)) return false;
  if (i > 0 && SLUG_JOINERS.indexOf(text[i - 1]) >= 0) return false;
  // a full stop ends a sentence ('… arjun.'), but glues a host or an address ('arjun.k@…', 'ioana.ro')
  if (e < text.length && SLUG_JOINERS.indexOf(text[e]) >= 0 && !(text[e] === '.' && !isDigitOrLetter(text.charCodeAt(e + 1)))) return false;
  if (name.indexOf(' ') > 0) return true;
  // one word: only in a sentence typed without capitals (not a value of its own: `subtype: "checking"`),
  // and not an ordinary word ('rose', 'long')
  // (the masks put in the text so far, `[REDACTED:ipv4]`, are no capitals of the writer's)
  return text.indexOf(' ') >= 0 && !/[A-Z]/.test(text.replace(MASK_TOKEN, '')) && name.length >= MIN_WORD && !isOrdinaryWord(name);
}

/** Code points folded for comparison: Latin (with its extensions), Greek and Cyrillic; other scripts compare as written. */
const FOLDED_BELOW = 0x530;
const FOLD_SPECIAL: Record<number, number> = { 0x111: 100, 0x110: 100, 0x142: 108, 0x141: 108, 0xf8: 111, 0xd8: 111, 0x131: 105, 0x127: 104, 0x126: 104 };
const FOLD_CACHE = new Map<number, number>();

function foldOne(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  let f = FOLD_CACHE.get(c);
  if (f === undefined) {
    f = c;
    if (FOLD_SPECIAL[c] !== undefined) f = FOLD_SPECIAL[c];
    else if (c < FOLDED_BELOW || (c >= 0x1e00 && c <= 0x1fff)) {
      // the base letter without its marks, in lower case ('Ặ' → 'a', 'ö' → 'o', 'Й' → 'и')
      const base = String.fromCharCode(c).normalize('NFD').charAt(0).toLowerCase();
      if (base.length === 1) f = base.charCodeAt(0);
    }
    FOLD_CACHE.set(c, f);
  }
  return f;
}

/**
 * `s` in lower case without diacritics, of the same length as `s` (so that offsets map back):
 * `Đặng Văn Hùng` → `dang van hung`, `İzmir` → `izmir`. Characters of other scripts stay.
 */
export function foldName(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      plain = false;
      break;
    }
  }
  if (plain) return s.toLowerCase();
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = foldOne(s.charCodeAt(i));
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** Remembers a birth date masked in a field of this record (as written: dates repeat verbatim). */
export function rememberDate(scope: MaskScope, value: string): void {
  const v = value.trim();
  // a date has at least 6 characters with 4 digits ('1/2/85' is too loose to look for elsewhere)
  if (v.length < 6 || v.length > 40 || (v.match(/\d/g)?.length ?? 0) < 4) return;
  const dates = (scope.knownDates ??= []);
  if (dates.length < MAX_NAMES && !dates.includes(v)) dates.push(v);
}

/**
 * `value` with every remembered birth date that still appears in its strings replaced by
 * `mask(date)`: `applicant.dob: "1972-09-16"` and `note: "DOB on document differs (1972-09-16 vs …)"`,
 * and the same day in another form (`(s. 16.9.1972)`, `born 16-Sep-1972`, `১৬ সেপ্টেম্বর ১৯৭২`;
 * date-forms.ts). An occurrence inside a longer number ('21972-09-160') is not that date.
 */
export function maskKnownDates(value: unknown, scope: MaskScope, mask: (date: string) => string): unknown {
  const dates = [...(scope.knownDates ?? [])].sort((a, b) => b.length - a.length);
  const forms = dates.map(dateForms).filter((p): p is DateForms => p !== undefined);
  const replaceIn = (s: string): string => {
    let out = s;
    for (const d of dates) {
      let at = out.indexOf(d);
      if (at < 0) continue;
      let rebuilt = '';
      let from = 0;
      for (; at >= 0; at = out.indexOf(d, at + d.length)) {
        if (isDigitOrLetter(out.charCodeAt(at - 1)) || isDigitOrLetter(out.charCodeAt(at + d.length))) continue;
        rebuilt += out.slice(from, at) + mask(d);
        scope.count++;
        from = at + d.length;
      }
      if (from > 0) out = rebuilt + out.slice(from);
    }
    if (forms.length === 0 || out.length < 6) return out;
    // the digits of other scripts read as ASCII digits (same length, so offsets map back)
    let view = asciiDigits(out);
    for (const { pattern: form, yearTail } of forms) {
      // every form holds the year's last two digits: most strings fail this one search
      if (view.indexOf(yearTail) < 0) continue;
      form.lastIndex = 0;
      let rebuilt = '';
      let from = 0;
      for (let m = form.exec(view); m; m = form.exec(view)) {
        rebuilt += out.slice(from, m.index) + mask(out.slice(m.index, m.index + m[0].length));
        scope.count++;
        from = m.index + m[0].length;
      }
      if (from > 0) {
        out = rebuilt + out.slice(from);
        view = asciiDigits(out);
      }
    }
    return out;
  };
  return mapStrings(value, replaceIn);
}

function isDigitOrLetter(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `value` with every string in it (at any depth of arrays and objects) replaced by `f(string)`. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  // arrays and objects are copied only when a string inside them changed (most of a record does not)
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const x = mapStrings(value[i], f);
      if (x !== value[i]) (copy ??= value.slice())[i] = x;
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const k in value as Record<string, unknown>) {
      const v = (value as Record<string, unknown>)[k];
      const x = mapStrings(v, f);
      if (x !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = x;
    }
    return copy ?? value;
  }
  return value;
}

/**
 * An e-mail's local part made of a person's two names (`ingrid.haugland@…`, `weiling.chen@…`) names
 * them where it reappears as a login or in a file name (`owner ingrid.haugland`,
 * `weiling_chen_export.zip`): remembered as a slug (maskKnownNames), with any of `.`, `_`, `-`
 * between the names, in either order. One of the two must be a given name of the multilingual list,
 * neither an ordinary word nor a shared mailbox's (`sales.team`).
 */
function rememberLocalPartSlug(scope: MaskScope, local: string): void {
  const m = /^([a-z]{3,15})[._-]([a-z]{3,20})$/.exec(local);
  if (!m) return;
  const [, a, b] = m;
  if (MAILBOX_WORDS.has(a) || MAILBOX_WORDS.has(b) || isOrdinaryWord(a) || isOrdinaryWord(b)) return;
  const names = wideGivenNameSet();
  if (!names.has(hashOf(a)) && !names.has(hashOf(b))) return;
  const slugs = (scope.knownSlugs ??= []);
  if (slugs.length < MAX_NAMES && !slugs.includes(`${a} ${b}`)) slugs.push(`${a} ${b}`);
}

/** A local part of an e-mail address in a string (`washington.deshawn93@…`, `latoya-jefferson@…`). */
const EMAIL_LOCAL = /([A-Za-z][A-Za-z0-9._+-]{2,63})@[A-Za-z0-9-]+\./g;
/** Two to four capitalised words: the shape of a full name, in a field or inside a short text (`Avigail Friedman 05…`). */
const FULL_NAME_SHAPE = /\p{Lu}[\p{L}\p{M}'’]+(?:[ -]\p{Lu}[\p{L}\p{M}'’]+){1,3}/gu;
/** Strings longer than this are prose: their names are the detectors' to find. */
const MAX_NAMED_STRING = 200;
/** Words of shared mailboxes (`support.team@…`, `sales-office@…`): a value made of them names no one. */
const MAILBOX_WORDS = new Set('team support sales info service services desk office admin billing help noreply reply hello contact orders order booking bookings accounts account hr jobs careers press media marketing news newsletter care customer customers shop store'.split(' '));
/** Bounds of the walk (a record is walked once more, before masking). */
const EMAIL_WALK_NODES = 2000;
const EMAIL_WALK_DEPTH = 8;

/**
 * A record that holds a person's e-mail address spelled from their name (`washington.deshawn93@…`
 * beside `f1: "DeShawn Washington"`, `latoya-jefferson@…` beside `"Latoya Jefferson-Hayes"`) names
 * that person in its other fields, whatever the fields are called (`f1`, `col4`) and however rare
 * the name. Before the record is masked, its e-mail local parts are split into words; a string of
 * the record shaped as a full name (or a run of two to four capitalised words in a string of at most
 * 200 characters), two of whose words are among them, is remembered as a name (whole, not word by
 * word) and masked wherever it appears (maskKnownNames). Shared mailboxes' words (`support`,
 * `team`) disqualify a candidate.
 */
export function rememberEmailNamedValues(value: unknown, scope: MaskScope): void {
  if (value === null || typeof value !== 'object') return;
  const words = new Set<string>();
  // strings that may hold a full name, looked into only once an e-mail was found (most records have none)
  const texts: string[] = [];
  let nodes = 0;
  const visit = (v: unknown, depth: number): void => {
    if (++nodes > EMAIL_WALK_NODES) return;
    if (typeof v === 'string') {
      if (v.indexOf('@') < 0) {
        if (v.length <= MAX_NAMED_STRING) texts.push(v);
      } else {
        EMAIL_LOCAL.lastIndex = 0;
        for (let m = EMAIL_LOCAL.exec(v); m; m = EMAIL_LOCAL.exec(v)) {
          const local = m[1].toLowerCase();
          for (const w of local.split(/[^a-z]+/)) if (w.length >= 3) words.add(w);
          rememberLocalPartSlug(scope, local);
        }
      }
      return;
    }
    if (v === null || typeof v !== 'object' || depth >= EMAIL_WALK_DEPTH) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  if (words.size === 0) return;
  const candidates: string[] = [];
  for (const v of texts) {
    FULL_NAME_SHAPE.lastIndex = 0;
    for (let m = FULL_NAME_SHAPE.exec(v); m; m = FULL_NAME_SHAPE.exec(v)) candidates.push(m[0]);
  }
  for (const c of candidates) {
    let hits = 0;
    let mailbox = false;
    for (const w of c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[ '’-]+/)) {
      if (MAILBOX_WORDS.has(w)) mailbox = true;
      else if (w.length >= 3 && words.has(w)) hits++;
    }
    if (hits >= 2 && !mailbox) rememberName(scope, c, false);
  }
}

/** Digits of a phone number's tail looked for elsewhere (a national significant number has 8–10). */
const PHONE_TAIL = 9;
/** Fewest digits of a whole number remembered when it is shorter than the tail (Norway, Denmark, Singapore: eight). */
const SHORT_PHONE = 8;
/** A number as people write it: digits with spaces, dots, dashes, slashes or parentheses between, maybe a '+'. */
const WRITTEN_NUMBER = /\+?\d[\d ()./-]{6,22}\d/g;

/**
 * Remembers a phone number masked in a field of this record by its last nine digits — the part
 * every way of writing it keeps (`+60 12-384 7712` in `MOBILE_NO`, `0123847712` as the DuitNow
 * proxy id; `+44 7700 900123` and `07700 900123`).
 */
export function rememberPhone(scope: MaskScope, value: string): void {
  let digits = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += value[i];
  }
  if (digits.length < SHORT_PHONE || digits.length > 15) return;
  const tails = (scope.knownPhoneTails ??= []);
  // (an eight-digit number is remembered whole: the tail then is the number)
  const tail = digits.slice(-PHONE_TAIL);
  if (tails.length < MAX_NAMES && !tails.includes(tail)) tails.push(tail);
}

/**
 * `value` with every number in its strings whose digits end with a remembered phone's tail (at most
 * four digits before it: a trunk prefix or a country code) replaced by `mask(number)`.
 */
export function maskKnownPhones(value: unknown, scope: MaskScope, mask: (number: string) => string): unknown {
  const tails = scope.knownPhoneTails ?? [];
  if (tails.length === 0) return value;
  const replaceIn = (s: string): string => {
    if (s.length < SHORT_PHONE) return s;
    WRITTEN_NUMBER.lastIndex = 0;
    let out = '';
    let from = 0;
    for (let m = WRITTEN_NUMBER.exec(s); m; m = WRITTEN_NUMBER.exec(s)) {
      if (isDigitOrLetter(s.charCodeAt(m.index - 1)) || isDigitOrLetter(s.charCodeAt(m.index + m[0].length))) continue;
      const digits = m[0].replace(/\D/g, '');
      if (digits.length > PHONE_TAIL + 4 || !(tails.includes(digits.slice(-PHONE_TAIL)) || (digits.length <= PHONE_TAIL + 3 && tails.includes(digits.slice(-SHORT_PHONE))))) continue;
      out += s.slice(from, m.index) + mask(m[0]);
      scope.count++;
      from = m.index + m[0].length;
    }
    return from === 0 ? s : out + s.slice(from);
  };
  return mapStrings(value, replaceIn);
}
