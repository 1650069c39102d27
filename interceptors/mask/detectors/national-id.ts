import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * National identity numbers in free text: tax and identity numbers of persons, passports, social
 * and health insurance numbers. Their formats are many (one or more per country) and most carry
 * no check digit that sets them apart from an order number, so in text they are recognised by the
 * document's name right before them, as people write them: `DNI 30.482.917`, `NI no JT 48 21 93
 * C`, `cpf 385.104.927-60`, `CCCD 001192034857`, `Versichertennummer K836271044`, `passport
 * number is X1234567`, `رقمي القومي 28503121401257`, `주민등록번호 850312-2478168`. Reported as
 * `government_id` (the category a `nationalId` field is hinted as).
 *
 * Three formats are structured enough to be recognised without a cue, by their shape and check
 * digit: Mexico's CURP (18 characters: name initials, birth date, sex, state, check digit),
 * China's resident identity number (17 digits holding a birth date, then an ISO 7064 MOD 11-2
 * check character) and Korea's resident registration number (birth date, a sex digit and a
 * weighted check digit).
 *
 * US SSNs have their own detector (us-ssn.ts); a cue before one is left to it.
 */

/**
 * The names of identity documents and numbers, case-insensitive, in the languages the other
 * detectors know. Abbreviations that are also words (`NI`, `PAN`, `SIN`, `RG`, `INN`) are in
 * CASED_CUE instead, in capitals only.
 */
// (no look-behind in front: a pattern that opens with one is tried at every position; the
// character before a match is checked in find)
// (no look-behind in front: a pattern that opens with one is tried at every position; the
// characters around a match are checked in find)
/** Cues in Latin script, case-insensitive. */
export const CUE = new RegExp(
  '(?:' +
    [
      'aadh?aa?r(?:\\s+(?:card|no\\.?|number))?',
      'pesel',
      'curp',
      'cuil',
      'cuit',
      'cpf',
      'dni',
      'nif',
      'nie',
      'bsn',
      'cccd',
      'cmnd',
      'nric',
      'hkid',
      'amka',
      'tckn',
      'snils',
      'passport(?:\\s+(?:no\\.?|nr\\.?|number|num|#))?',
      'passeport',
      'pasaporte',
      'passaporto',
      'passaporte',
      'reisepass(?:nummer)?',
      'paszport',
      'pasaport',
      'national\\s+(?:id|identity|identification|insurance)(?:\\s+(?:card|number|no\\.?|#))?',
      'ni\\s+(?:number|no\\.?)',
      'id\\s+card(?:\\s+(?:number|no\\.?))?',
      'identity\\s+(?:card|number|document)(?:\\s+(?:number|no\\.?))?',
      'id\\s+(?:number|no\\.?)',
      'c[ée]dula(?:\\s+de\\s+(?:identidad|ciudadan[íi]a))?',
      'tc\\s+kimlik(?:\\s+no)?',
      'kimlik\\s+(?:no|numaras[ıi])',
      'personalausweis(?:nummer)?',
      'ausweisnummer',
      '(?:kranken)?versichertennummer',
      'sozialversicherungsnummer',
      'steuer-?id(?:entifikationsnummer)?',
      'codice\\s+fiscale',
      'n[úu]mero\\s+de\\s+(?:documento|identidad|identificaci[óo]n|c[ée]dula|seguridad\\s+social)',
      'documento\\s+de\\s+identidad',
      'carteira\\s+de\\s+identidade',
      'num[ée]ro\\s+de\\s+s[ée]curit[ée]\\s+sociale',
      'burgerservicenummer',
      'personnummer',
      'henkil[öo]tunnus',
      'mykad',
      'my\\s+number',
      'social\\s+insurance\\s+(?:number|no\\.?)',
      'nomor\\s+(?:ktp|nik|induk\\s+kependudukan)',
    ].join('|') +
    ')',
  'giu',
);

/** Cues in other scripts, looked for only in text that holds a character above U+007F. */
const SCRIPT_CUE = new RegExp(
  '(?:' +
    [
      's[ốo]\\s+(?:c[ăa]n\\s+c[ưu][ớo]c|cccd|cmnd)',
      'c[ăa]n\\s+c[ưu][ớo]c(?:\\s+c[ôo]ng\\s+d[âa]n)?',
      'паспорт',
      'снилс',
      'αριθμός\\s+ταυτότητας',
      'αμκα',
      'マイナンバー',
      '個人番号',
      '身份证(?:号码|号)?',
      '公民身份号码',
      '주민등록번호',
      '주민번호',
      'เลขบัตรประชาชน',
      'เลขประจำตัวประชาชน',
      'رقم\\s*(?:ال)?هوي(?:ة|تي)',
      '(?:ال)?رقم(?:ي)?\\s+(?:ال)?قومي',
      'بطاقة\\s+(?:ال)?هوية',
    ].join('|') +
    ')',
  'giu',
);

/**
 * The same cues at the end of the text before a candidate number, with what may stand between:
 * tried only on the few stretches where a number of the right shape starts (`CUE` over the whole
 * text — a case-insensitive alternation of fifty words — cost about 3 µs per KiB of text that
 * holds none).
 */
export const CUE_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${CUE.source})(?:[\\s:#=(\\-–]|n[º°o]\\.?|nr\\.?|no\\.?|number|num(?:ber|ero|éro)?\\.?|is|es|est|ist|é)*$`, 'iu');
/** How far before a number its cue may start. */
const CUE_WINDOW = 56;

/**
 * Where a number of an identity document's shape may start: a capital then four digits (found
 * from the last capital of `X1234567`, `K836271044`, `ABCDE1234F`, a CURP; the capitals before
 * it are taken in find), or five digits or more then a capital (`48291736Q`). Numbers of eight
 * digits or more come from the scan's digit runs. Spelled out (`\d\d\d\d`, no look-behind, no
 * `{1,5}`): the engine then finds candidates several times faster (0.4 against 2.2 µs per KiB of
 * M2M text).
 */
const ID_TOKEN = /[A-Z]\d\d\d\d|\d\d\d\d\d+[A-Z]/g;

/** Abbreviations that are also ordinary words in some language: a cue only in capitals. */
const CASED_CUE = /(?:NINO|NI|PESEL|CURP|CUIL|CUIT|CPF|DNI|NIF|NIE|BSN|CCCD|CMND|NRIC|HKID|AMKA|TCKN|SNILS|СНИЛС|PAN|SIN|INN|ИНН|NSS|NIR|RUT|EGN|CNP|OIB|JMBG|AFM|ΑΦΜ|ΑΜΚΑ|NIK|KTP|SVNR|AHV)(?![\p{L}\p{N}])/gu;

/** Between the cue and the number: a colon, `no.`, `#`, `nº`, `is`, `:` … (nothing else). */
const CONNECTOR = /^(?:[\s:#=(\-–]|n[º°o]\.?|nr\.?|no\.?|number|num(?:ber|ero|éro)?\.?|is|es|est|ist|é|é o|是|は|는|은|:|：)*/iu;

/**
 * The number itself: letters and digits, groups joined by one space, dot, dash or slash, ending
 * at the first character that is neither. At least five digits (an identity number; not a
 * `passport office`, a `DNI vigente`), at most 24 characters.
 */
const NUMBER = /[\p{Lu}\d](?:[\p{Lu}\d]|[ .\-/](?=[\p{Lu}\d])){3,23}(?![\p{L}\p{N}])/uy;

const MIN_DIGITS = 5;
/** India's PAN (`ABCDE1234F`) and other letter-heavy numbers: four digits are enough in eight characters or more. */
const MIN_DIGITS_LONG = 4;
const PRIORITY = 7;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** A date or a time (`12.03.1985`, `2026-01-09`, `16:55`) after a cue is the document's date, not its number. */
const DATE_SHAPED = /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})$/;

function numberAfter(text: string, from: number): [number, number] | undefined {
  const rest = text.slice(from, from + 24);
  const c = CONNECTOR.exec(rest);
  const start = from + (c ? c[0].length : 0);
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  let value = m[0];
  // a single letter glued after a space is part of it (`JT 48 21 93 C`), a word is not (`48291736Q vigente`)
  let end = start + value.length;
  // trailing group that is a plain word in capitals (`A09384721 JPN`) stays out when the rest has the digits
  const lastSpace = value.lastIndexOf(' ');
  if (lastSpace > 0 && digitCount(value.slice(lastSpace + 1)) === 0 && value.length - lastSpace - 1 > 1) {
    value = value.slice(0, lastSpace);
    end = start + value.length;
  }
  const digits = digitCount(value);
  if (digits < (value.length >= 8 ? MIN_DIGITS_LONG : MIN_DIGITS) || DATE_SHAPED.test(value)) return undefined;
  return [start, end];
}

/** Mexico's CURP: 4 letters, birth date YYMMDD, H/M (or X), state, 3 consonants, a character, the check digit. */
const CURP = /[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX](?:AS|B[CS]|C[CLMSH]|D[FG]|G[TR]|HG|JC|M[CNS]|N[ETL]|OC|P[L]|Q[TR]|S[PLR]|T[CSL]|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d(?![\p{L}\p{N}])/uy;
const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

function curpValid(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CURP_ALPHABET.indexOf(s[i]);
    if (v < 0) return false;
    sum += v * (18 - i);
  }
  return (10 - (sum % 10)) % 10 === s.charCodeAt(17) - 48;
}

/** China's resident identity number: region (6), birth date YYYYMMDD, sequence (3), check (digit or X). */
const CN_ID = /^[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{4}$/;
const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = '10X98765432';

function cnIdValid(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * CN_WEIGHTS[i];
  return CN_CHECK[sum % 11] === s[17].toUpperCase();
}

/** Korea's resident registration number: YYMMDD-SNNNNNC (S: 1–4 for births 1900–2099). */
const KR_RRN = /^\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-4]\d{6}$/;
const KR_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

function krRrnValid(s: string): boolean {
  const d = s.replace('-', '');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (d.charCodeAt(i) - 48) * KR_WEIGHTS[i];
  return (11 - (sum % 11)) % 10 === d.charCodeAt(12) - 48;
}

/** A letter or a digit of any script: a cue must not be the end of a longer word (`Kennedy`, `SINGAPORE`). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
/** space, tab, no-break space, ':', '#', '(', '=', '.', '：', 'º', '°' (`CPF: …`, `NIF nº …`, `no. …`) */
const SEPARATES_CUE: ReadonlySet<number> = new Set([32, 9, 0xa0, 58, 35, 40, 61, 46, 0xff1a, 0xba, 0xb0]);

function cued(re: RegExp, text: string, out: Match[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > 0 && WORD_CHAR.test(text[m.index - 1])) continue;
    const end = m.index + m[0].length;
    // the cue stands apart: followed by a space or a colon, `#`, `(`, `=` (not `SIN-2026-004417`, a
    // claim's id; `RG-38186-94`) — in scripts without spaces a digit may follow at once (`身份证号码310115…`)
    const next = text.charCodeAt(end);
    if (re === SCRIPT_CUE ? LETTER.test(text[end] ?? ' ') : !SEPARATES_CUE.has(next)) continue;
    const span = numberAfter(text, end);
    if (span) push(out, span[0], span[1]);
  }
}

/**
 * The last run of letters of every cue in Latin script (its final word: `card` of `id card`, `id`
 * of `steuer-id`), ASCII only — a cue ending in another letter (`cédula`, `numarası`) is caught by
 * mayEndInCue's fall-back on any character above U+007F.
 */
const CUE_LAST_WORD =
  /^(?:aadh?aa?r|card|no|nr|number|num|pesel|curp|cuil|cuit|cpf|dni|nif|nie|bsn|cccd|cmnd|nric|hkid|amka|tckn|snils|passport|passeport|pasaporte|passaporto|passaporte|reisepass(?:nummer)?|paszport|pasaport|id|identity|identification|insurance|card|document|cedula|identidad|ciudadania|kimlik|numarasi|personalausweis(?:nummer)?|ausweisnummer|(?:kranken)?versichertennummer|sozialversicherungsnummer|steuer-?id(?:entifikationsnummer)?|identifikationsnummer|fiscale|documento|identificacion|seguridad|social|sociale|identidade|burgerservicenummer|personnummer|henkilotunnus|mykad|ktp|nik|kependudukan)$/;
/** Words CUE_BEFORE lets stand between a cue and its number (`no`, `nr`, `number`, `num`, `numero`, `is`…), ASCII only. */
const CONNECTOR_WORDS: readonly string[] = ['no', 'nr', 'number', 'num', 'numero', 'is', 'es', 'est', 'ist'];

/** Whether `w` (lower-case ASCII letters) is a cue's last word, maybe with connector words glued after it (`peselnr`). */
function isCueEnd(w: string): boolean {
  if (CUE_LAST_WORD.test(w)) return true;
  for (const c of CONNECTOR_WORDS) if (w.length > c.length && w.endsWith(c) && isCueEnd(w.slice(0, w.length - c.length))) return true;
  return false;
}

/** The words a cue's `card` follows (`id card`, `identity card`, `national insurance card`, `aadhaar card`). */
const BEFORE_CARD = /^(?:aadh?aa?r|id|identity|identification|insurance)$/i;

/** Whether the word before `card` (ending at `end`, whitespace between) is one a cue's `card` follows; true when it cannot tell. */
function cardCue(text: string, from: number, end: number): boolean {
  let p = end;
  if (p <= from) return true;
  while (p > from) {
    const c = text.charCodeAt(p - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) p--;
    else if (c >= 0x80) return true;
    else break;
  }
  const s = asciiWordStart(text, from, p);
  return s < 0 || (p < end && BEFORE_CARD.test(text.slice(s, p)));
}

/** Start of the run of ASCII letters ending at `end` (not before `from`), or -1 at a character above U+007F (left to the regex). */
function asciiWordStart(text: string, from: number, end: number): number {
  let s = end;
  while (s > from) {
    const c = text.charCodeAt(s - 1);
    if (c >= 0x80) return -1;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) s--;
    else break;
  }
  return s;
}

/** Whether `w` (lower-case ASCII letters) is connector words only, glued or not. */
function isConnectors(w: string): boolean {
  if (w.length === 0) return true;
  for (const c of CONNECTOR_WORDS) if (w.endsWith(c) && isConnectors(w.slice(0, w.length - c.length))) return true;
  return false;
}

/**
 * A necessary condition for CUE_BEFORE to match `text.slice(from, at)`, answered by walking back
 * from `at`: over connector characters and words to a run of letters that can end a cue. A regex
 * with a leading look-behind and a 50-word alternation is tried at every position of its window,
 * about 2.4 µs per candidate number; most numbers (a phone's, an order's) have no cue in front
 * (text-scan bench, same process, against the regex alone: pii text 101 → 93 µs per KiB, the bench's
 * stream pii chunk 43 → 40). Answers true for anything it cannot judge (a character
 * above U+007F: `n°`, `–`, `cédula`, scripts), so the regex still decides every such case.
 */
export function mayEndInCue(text: string, from: number, at: number): boolean {
  let p = at;
  for (;;) {
    // connector characters, and the dot of `no.` / `nr.`
    while (p > from) {
      const c = text.charCodeAt(p - 1);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 58 || c === 35 || c === 61 || c === 40 || c === 45 || c === 46) p--;
      else break;
    }
    const s = asciiWordStart(text, from, p);
    if (s < 0) return true;
    if (s === p) return false;
    const w = text.slice(s, p).toLowerCase();
    // `card` ends a cue only after `id`, `identity`, `aadhaar` … (`about card 4539…` is a payment card)
    if (w === 'card') return cardCue(text, from, s);
    if (isCueEnd(w)) return true;
    // connector words only (`is`, `numberis`): the cue is further back
    if (!isConnectors(w)) return false;
    p = s;
  }
}

/** A cue ending right before `at` (within CUE_WINDOW characters): the number there. */
function cuedBefore(text: string, at: number, out: Match[]): void {
  const from = Math.max(0, at - CUE_WINDOW);
  if (!mayEndInCue(text, from, at)) return;
  const m = CUE_BEFORE.exec(text.slice(from, at));
  if (!m) return;
  const span = numberAfter(text, from + m.index + m[0].length);
  if (span) push(out, span[0], span[1]);
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

const AADHAAR = /^[2-9]\d{3} \d{4} \d{4}$/;
const PAN_VALUE = /^[A-Z]{3}P[A-Z]\d{4}[A-Z]$/;

/** Verhoeff's dihedral-group check (Aadhaar's last digit). */
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = VERHOEFF_D[c][VERHOEFF_P[i % 8][digits.charCodeAt(digits.length - 1 - i) - 48]];
  return c === 0;
}

function push(out: Match[], start: number, end: number): void {
  for (const m of out) if (m.start === start && m.end === end) return;
  out.push({ start, end, category: 'government_id', priority: PRIORITY });
}

export const nationalIdDetector: Detector = {
  category: 'government_id',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 8,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    cued(CASED_CUE, text, out);
    if (ctx.hasAnyClass(TEXT_CLASS.nonAscii)) cued(SCRIPT_CUE, text, out);
    const runs = ctx.digitRuns();
    for (const run of runs) cuedBefore(text, run.start, out);
    // a value that is an individual's Indian PAN and nothing else (`pan: "ABCPE1234F"`; the fourth letter P: a person)
    if (text.length === 10 && PAN_VALUE.test(text)) push(out, 0, 10);
    if (ctx.hasAnyClass(TEXT_CLASS.upper)) {
      ID_TOKEN.lastIndex = 0;
      for (let m = ID_TOKEN.exec(text); m; m = ID_TOKEN.exec(text)) {
        let start = m.index;
        if (isCapital(text.charCodeAt(start))) while (start > 0 && m.index - start < 4 && isCapital(text.charCodeAt(start - 1))) start--;
        // at a word start only (the engine tries a leading look-behind at every position)
        if (start > 0 && WORD_CHAR.test(text[start - 1])) continue;
        cuedBefore(text, start, out);
        CURP.lastIndex = start;
        const c = CURP.exec(text);
        if (c && curpValid(c[0])) push(out, start, start + 18);
      }
    }
    for (const run of runs) {
      const g = run.groups;
      // Korea: YYMMDD-SNNNNNC; China: 17 digits and a check digit, one group
      if (g.length === 2 && g[0].end - g[0].start === 6 && g[1].end - g[1].start === 7 && text.charCodeAt(g[0].end) === 45) {
        const v = text.slice(g[0].start, g[1].end);
        if (KR_RRN.test(v) && krRrnValid(v)) push(out, g[0].start, g[1].end);
      } else if (g.length === 3 && g.every((x) => x.end - x.start === 4) && text.charCodeAt(g[0].end) === 32 && text.charCodeAt(g[1].end) === 32) {
        // India's Aadhaar as printed on the card: 4-4-4, first digit 2–9, Verhoeff check digit
        const v = text.slice(g[0].start, g[2].end);
        if (AADHAAR.test(v) && verhoeffValid(v.replace(/ /g, ''))) push(out, g[0].start, g[2].end);
      } else if (g.length === 1 && g[0].end - g[0].start === 18) {
        const v = text.slice(g[0].start, g[0].end);
        if (CN_ID.test(v) && cnIdValid(v)) push(out, g[0].start, g[0].end);
      }
    }
  },
};
