import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The machine-readable zone of a travel document (ICAO Doc 9303) pasted into free text or read by
 * OCR: a passport's two lines of 44 characters (TD3), an identity card's three of 30 (TD1), a
 * visa's or an older card's two of 36 (TD2), with the lines joined by a line break, an escaped
 * `\n`, spaces or nothing. Only the characters A–Z, 0–9 and the filler `<` occur, so the zone is
 * read as one stream of those characters with its separators left out, and each document layout
 * is recognised by its check digits rather than by its look: `<<<` filler, codes and references
 * pass unless the document number, the birth date and the expiry date each carry a valid 7-3-1
 * check digit and both dates are real dates. The composite check digit may fail (OCR misreads a
 * character of the optional data more often than the three fields' digits all agree by chance).
 *
 * Replaced: the holder's name (`SURNAME<<GIVEN<NAMES`, its trailing filler kept), the birth date
 * with its check digit, and the document number and personal number with theirs. The numbers are
 * reported twice on the same span: as government_id, which wins where the policy gives that category
 * a text strategy, and as person_name (the name's finding), which stands where it has none — today
 * government_id is a field-hint class only, and the scanner drops findings without a strategy.
 */
const PRIORITY = 3;
/** A document number as government_id: ranked before its person_name twin on the same span. */
const ID_PRIORITY = 2;
/** Longest stream of zone characters read around one `<<` (three TD1 lines and room for a heading). */
const MAX_STREAM = 400;
/**
 * Farthest a zone starts before its first `<<`: the first `<<` of a zone stands in its first line (after
 * the surname, or after a TD1 card's document number), so a line and its separators are enough. Bounded
 * so that text dense with `<<` is read once, not once per `<<`.
 */
const MAX_BACK = 100;
/** The fields every layout's data holds in this order: birth date and its check digit, sex, expiry and its check digit. */
const DATES = /[0-9]{7}[MFX<][0-9]{7}/g;

export const mrzDetector: Detector = {
  category: 'person_name',
  also: ['date_of_birth', 'government_id'],
  priority: PRIORITY,
  anchor: 'self',
  // every zone holds the filler '<' (a structure character) and capitals
  needs: TEXT_CLASS.structure,
  // the shortest data line (TD2, 36 characters) alone
  minLength: 36,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let from = 0;
    for (let p = text.indexOf('<<'); p >= 0; p = text.indexOf('<<', from)) {
      const zone = readZone(text, p, from);
      findDocuments(zone, out);
      from = Math.max(zone.end, p + 2);
    }
  },
};

/** The zone characters around a `<<` without their separators, and where each stood in the text. */
interface Zone {
  chars: string;
  at: number[];
  /** Offset in the text right after the zone. */
  end: number;
}

function isZoneChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 60;
}

function isBlankOrBreak(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Walks back (not before `floor`, the end of the zone read before) and forth from `p` over zone
 * characters and line separators (a break, blanks, an escaped `\n` or `\r`).
 */
function readZone(text: string, p: number, floor: number): Zone {
  let s = p;
  while (s > floor && p - s < MAX_BACK) {
    const c = text.charCodeAt(s - 1);
    if (isZoneChar(c) || isBlankOrBreak(c)) s--;
    else if ((c === 110 || c === 114) && text.charCodeAt(s - 2) === 92) s -= 2;
    else break;
  }
  let chars = '';
  const at: number[] = [];
  let i = s;
  while (i < text.length && at.length < MAX_STREAM) {
    const c = text.charCodeAt(i);
    if (isZoneChar(c)) {
      chars += text[i];
      at.push(i);
      i++;
    } else if (isBlankOrBreak(c)) i++;
    else if (c === 92 && (text.charCodeAt(i + 1) === 110 || text.charCodeAt(i + 1) === 114)) i += 2;
    else break;
  }
  return { chars, at, end: i };
}

/** ICAO 9303 part 3: a character's value (digits as themselves, A=10 … Z=35, filler 0). */
function charValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return 0;
}

const WEIGHTS = [7, 3, 1];

/** The 7-3-1 weighted sum over the ranges [from, to) of `s`, continuing the weights from range to range. */
function weightedSum(s: string, ranges: readonly number[]): number {
  let sum = 0;
  let k = 0;
  for (let r = 0; r < ranges.length; r += 2) for (let i = ranges[r]; i < ranges[r + 1]; i++) sum += charValue(s.charCodeAt(i)) * WEIGHTS[k++ % 3];
  return sum % 10;
}

/** Whether the digit at `check` is the check digit of [from, check). */
function checks(s: string, from: number, check: number): boolean {
  const c = s.charCodeAt(check);
  return c >= 48 && c <= 57 && weightedSum(s, [from, check]) === c - 48;
}

function compositeChecks(s: string, ranges: readonly number[], check: number): boolean {
  const c = s.charCodeAt(check);
  return c >= 48 && c <= 57 && weightedSum(s, ranges) === c - 48;
}

/** YYMMDD with a real month and day. */
function isDate(s: string, i: number): boolean {
  const month = Number(s.slice(i + 2, i + 4));
  const day = Number(s.slice(i + 4, i + 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A document number starts with a letter or digit (a field of filler alone checks to 0 and holds no number). */
function isDocumentNumber(s: string, from: number): boolean {
  return s.charCodeAt(from) !== 60;
}

function isLetterOrFiller(c: number): boolean {
  return (c >= 65 && c <= 90) || c === 60;
}

/** A name line's head: document code (letter, then letter or filler) and a three-letter issuer. */
function isNameHead(s: string, i: number): boolean {
  const c0 = s.charCodeAt(i);
  if (!(c0 >= 65 && c0 <= 90)) return false;
  for (let k = i + 1; k < i + 5; k++) if (!isLetterOrFiller(s.charCodeAt(k))) return false;
  return true;
}

function findDocuments(zone: Zone, out: Match[]): void {
  const s = zone.chars;
  DATES.lastIndex = 0;
  for (let m = DATES.exec(s); m; m = DATES.exec(s)) {
    const b = m.index;
    // the three dates' fields: birth date [b, b+6) and check b+6, expiry [b+8, b+14) and check b+14
    if (!isDate(s, b) || !isDate(s, b + 8) || !checks(s, b, b + 6) || !checks(s, b + 8, b + 14)) {
      DATES.lastIndex = b + 1;
      continue;
    }
    if (passportOrVisa(zone, b - 13, out) || identityCard(zone, b, out)) continue;
    DATES.lastIndex = b + 1;
  }
}

/**
 * TD3 or TD2: the data line starts 13 characters before the birth date with the document number
 * and its check digit, then the nationality; the name line is the line before it.
 */
function passportOrVisa(zone: Zone, j: number, out: Match[]): boolean {
  const s = zone.chars;
  if (j < 0 || !isDocumentNumber(s, j) || !checks(s, j, j + 9)) return false;
  for (let k = j + 10; k < j + 13; k++) if (!isLetterOrFiller(s.charCodeAt(k))) return false;
  const td3 = j + 44 <= s.length && compositeChecks(s, [j, j + 10, j + 13, j + 20, j + 21, j + 43], j + 43);
  const td2 = !td3 && j + 36 <= s.length && compositeChecks(s, [j, j + 10, j + 13, j + 20, j + 21, j + 35], j + 35);
  // neither composite holds (a misread optional character): the length the line was written with
  const width = td3 ? 44 : td2 ? 36 : lineWidth(zone, j);
  pushNumber(zone, j, j + 10, out);
  push(zone, j + 13, j + 20, 'date_of_birth', out);
  // TD3's personal number (a national identity number in some countries) and its check digit
  if (width === 44 && j + 43 <= s.length) filled(zone, j + 28, j + 43, out, true);
  const line = j - width;
  if (line >= 0 && isNameHead(s, line)) name(zone, line + 5, j, out);
  return true;
}

/** The width of the data line starting at `j` when the composite settles nothing: 36 if a separator or the end follows its 36th character. */
function lineWidth(zone: Zone, j: number): number {
  const at = zone.at;
  if (j + 36 >= at.length || at[j + 36] - at[j + 35] > 1) return 36;
  return 44;
}

/**
 * TD1: the birth date opens the second line; the first line (30 characters before it) holds the
 * document number from its sixth character, the third line the name.
 */
function identityCard(zone: Zone, b: number, out: Match[]): boolean {
  const s = zone.chars;
  const l1 = b - 30;
  if (l1 < 0 || !isNameHead(s, l1) || !isDocumentNumber(s, l1 + 5)) return false;
  let numberEnd = l1 + 14;
  if (s.charCodeAt(l1 + 14) === 60) {
    // a number longer than nine characters continues in the optional data, its check digit last before the filler
    let e = l1 + 15;
    while (e < b && s.charCodeAt(e) !== 60) e++;
    if (e === l1 + 15 || e >= b) return false;
    if (!compositeChecks(s, [l1 + 5, l1 + 14, l1 + 15, e - 1], e - 1)) return false;
    numberEnd = e;
  } else if (!checks(s, l1 + 5, l1 + 14)) return false;
  else numberEnd = l1 + 15;
  pushNumber(zone, l1 + 5, numberEnd, out);
  // the rest of the first line's optional data (a personal number on many cards)
  filled(zone, numberEnd, b, out, true);
  push(zone, b, b + 7, 'date_of_birth', out);
  if (b + 60 <= s.length) name(zone, b + 30, b + 60, out);
  return true;
}

/** The non-filler part of [from, to), when there is one: a name, or a number (`isNumber`). */
function filled(zone: Zone, from: number, to: number, out: Match[], isNumber = false): void {
  const s = zone.chars;
  while (from < to && s.charCodeAt(from) === 60) from++;
  while (to > from && s.charCodeAt(to - 1) === 60) to--;
  if (to <= from) return;
  if (isNumber) pushNumber(zone, from, to, out);
  else push(zone, from, to, 'person_name', out);
}

/** A document or personal number: government_id where the policy masks it in text, else with the name (see above). */
function pushNumber(zone: Zone, from: number, to: number, out: Match[]): void {
  out.push({ start: zone.at[from], end: zone.at[to - 1] + 1, category: 'government_id', priority: ID_PRIORITY });
  push(zone, from, to, 'person_name', out);
}

/**
 * The name field [from, to): letters and filler only, and at least one filler (between the surname
 * and the given names, or after them) — capitals of a heading read into the stream have none.
 */
function name(zone: Zone, from: number, to: number, out: Match[]): void {
  const s = zone.chars;
  for (let k = from; k < to; k++) if (!isLetterOrFiller(s.charCodeAt(k))) return;
  if (s.indexOf('<', from) < 0 || s.indexOf('<', from) >= to) return;
  filled(zone, from, to, out);
}

function push(zone: Zone, from: number, to: number, category: 'person_name' | 'date_of_birth', out: Match[]): void {
  out.push({ start: zone.at[from], end: zone.at[to - 1] + 1, category, priority: PRIORITY });
}

/**
 * A zone's name line given alone, as the lines of a zone are when a message keeps them as an array
 * (`mrz: ["P<SWELINDQVIST<<VIGGO<<<…", "36971756<0SWE…"]`): the whole value is one line of a layout,
 * only capitals and the filler, with the `<<` that ends the surname — a passport's or a visa's first
 * line (type, issuing state, name; 44 or 36 characters) or an identity card's third (the name alone,
 * 30). The name is replaced, its trailing filler kept. The data lines carry the check digits that
 * findDocuments needs; a name line carries none, so it is judged by its exact layout.
 */
const NAME_LINE_44_36 = /^[PIACV][A-Z<][A-Z<]{3}([A-Z][A-Z<]*<<[A-Z<]*)$/;
const NAME_LINE_30 = /^([A-Z][A-Z<]*<<[A-Z<]*)$/;

export const mrzNameLineDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 30,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const n = text.length;
    if (n !== 44 && n !== 36 && n !== 30) return;
    const m = (n === 30 ? NAME_LINE_30 : NAME_LINE_44_36).exec(text);
    if (!m) return;
    const start = n - m[1].length;
    let end = n;
    while (end > start && text.charCodeAt(end - 1) === 60) end--;
    if (end - start >= 4) out.push({ start, end, category: 'person_name', priority: PRIORITY });
  },
};
