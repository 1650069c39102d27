import { API_KEY_LITERALS } from './detectors/api-key';
import { TEXT_CLASS, type Anchor, type ScanContext } from './detectors/detector';
import { digitRunAt, type DigitRun } from './detectors/digit-runs';
import { ibanStartAt } from './detectors/iban';
import { withScriptRegions } from './script-regions';
import { CueGrams, type CompiledCues } from './cue-grams';

/**
 * A digit followed by five or more digits and number separators: a stretch long enough to hold a
 * run of 8 digits, a dotted quad or a six-digit postcode (an Indian PIN). Native, so digits in short stretches (`SKU-4412`, `12 ms`,
 * `09:26:53`) never reach JavaScript. A match starts at the first digit of its stretch (a later
 * digit of a short stretch has an even shorter tail) and, being greedy, ends where the stretch
 * ends, so the stretches found are exactly those the digit-run detectors need. The second
 * alternative adds years standing alone (`March 14, 1985`) for the birth-date detector; it
 * matches only where the first fails, and a stretch starting inside such a year would be a suffix
 * of one that failed, so the long stretches found are the same.
 */
const STRETCH = /\d[\d \u00a0()+\-./]{5,}|(?:19|20)\d\d(?!\d)/g;
/**
 * Two letters and two digits at a word boundary: where an IBAN may start. `\b` lets the engine
 * skip letters inside words; an IBAN may also follow '_' (a word character), found by indexOf.
 * The word-start rule itself (no letter or digit before) is checked in JS.
 */
const IBAN_HEAD = /\b[A-Za-z]{2}\d\d/g;
const DIGIT = /\d/g;
/**
 * A word that starts with a capital (ASCII, Latin-1, Latin Extended-A, or Latin Extended Additional — Vietnamese `Nguyễn Thị`) at a word start: where a
 * person's name or a street name can be. A capital then a small letter (`Joanna`, `Mr`, `St`,
 * `O'Brien`, `Kieślowska`) or four capitals (`SMITH`, `MARIA`): short upper-case codes (`SKU`,
 * `EUR`, `ID`) are left out, so M2M text yields few candidates; `D'Alessandro` and `O'Brien` count.
 */
// The look-behind stands after the first capital (`.` steps back over it): a pattern that opens
// with a look-behind is tried at every position, one that opens with a class skips to its
// candidates (2.1 → 0.9 µs per KiB of dense pii text, same matches).
const CAPITAL_WORD =
  /[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017e\u0218\u021a\u1e00-\u1efe](?<![A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'\u2019-].)(?:[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e01-\u1eff]|['\u2019][A-Z]|[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017e]{3})[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff'\u2019-]*/g;
const DIGIT_PAIR = /\d\d/g;
const ALL_CLASSES = TEXT_CLASS.digit | TEXT_CLASS.upper | TEXT_CLASS.nonAscii | TEXT_CLASS.structure;
/**
 * An auth-scheme word (bearer-token.ts: Bearer, Basic, Token, Digest, Negotiate) followed by
 * whitespace, without its first letter: a superset ('broken ' passes) that the engine finds
 * faster than the whole words, because no alternative starts with a letter as common as 't' or 'd'.
 */
const AUTH_SCHEME = /(?:earer|asic|oken|igest|egotiate)\s/i;
/** Fewest digits of anything found in digit runs (an international phone number). */
const MIN_RUN_DIGITS = 8;

/** One bit per anchor, for CandidateScan's per-string answers. */
const ANCHOR_BITS: Readonly<Record<Anchor, number>> = {
  jwt: 1,
  apiKey: 2,
  authScheme: 4,
  keyValue: 8,
  at: 16,
  colon: 32,
  ibanStart: 64,
  dottedQuad: 128,
  digitRun: 256,
  capitalWord: 512,
  self: 1024,
  equals: 2048,
};

const UNKNOWN = 0;
const NO = 1;
const YES = 2;
type Tri = typeof UNKNOWN | typeof NO | typeof YES;

/**
 * The candidate pass over a string: finds candidate positions for every detector, each kind once
 * and shared, computed lazily so that a string pays only for what the active detectors ask. No
 * detector walks the text on its own any more:
 * - rare characters and prefixes by `indexOf` (native memchr: '@', '%40', ':', '=', '_', 'J' of
 *   'eyJ', 'xox', 'A' of AKIA/ASIA/AIza), the only cost for text that has none of them;
 * - digits by one native regex pass (`STRETCH`) that hands JavaScript only the long stretches of
 *   digits and separators; per stretch, one walk records its digit run (card, SSN and phone
 *   search inside runs) and whether it can hold a dotted quad (IPv4 is tried only there) — four
 *   detectors that used to walk or regex the whole text share it;
 * - IBAN heads by one native regex at word boundaries (`IBAN_HEAD`), only when IBANs are masked;
 * - the auth-scheme words (the only case-insensitive keywords without a rare character) by one
 *   native regex test, run only for the bearer-token detector;
 * - key=value secrets by looking back from each '=' / ':' for a secret-like key.
 * Strings without digits cost one native `\d` test for all digit detectors together. Validators
 * (Luhn, mod 97, libphonenumber, isIPv6) run in the detectors, on candidates only. One instance
 * per scanner, reset per string (no allocation for strings without candidates).
 */
export class CandidateScan implements ScanContext {
  text = '';
  ssnField = false;
  versionField = false;
  thingField = false;
  codeField = false;
  private firstDigit = -2;
  private pair: Tri = UNKNOWN;
  private digitsScanned = false;
  private ibansScanned = false;
  private capitalsScanned = false;
  private readonly capitals: number[] = [];
  private readonly dotted: number[] = [];
  /** Every STRETCH match: start (first digit), end pairs — where years are looked for. */
  private readonly stretches: number[] = [];
  private readonly yearList: number[] = [];
  private readonly sixList: number[] = [];
  /** Whether yearList and sixList are filled for the current string. */
  private groupsScanned = false;
  /** Anchors answered for the current string (ANCHOR_BITS), and which of them were found. */
  private anchorsKnown = 0;
  private anchorsFound = 0;
  /** TEXT_CLASS bits answered for the current string, and which of them it holds. */
  private classesKnown = 0;
  private classesFound = 0;
  private readonly runs: DigitRun[] = [];
  private readonly ibans: number[] = [];
  /** Letter trigrams of the current string (Detector.cues), filled on first use. */
  private readonly grams = new CueGrams();
  private gramsFilled = false;

  /** Regions national phone numbers are checked against for the current text, before its script is looked at. */
  private regions: readonly string[];
  /** `regions` plus the countries the text's script names (scriptRegions), once asked for. */
  private regionsWithScript: readonly string[] | undefined;

  constructor(
    readonly policyRegions: readonly string[],
    /** Policy `detectors.privateAddresses: 'keep'`: IPv4 addresses of private networks are no finding. */
    readonly keepPrivateAddresses = false,
    /** false: mayHoldCue always answers true (the scanner runs without its gates). */
    private readonly cueGates = true,
  ) {
    this.regions = policyRegions;
  }

  /**
   * Regions national phone numbers are checked against: the policy's (or the record's), and the
   * country a script written in the text names (`電話は09075892916です` is a Japanese number).
   */
  get phoneRegions(): readonly string[] {
    if (this.regionsWithScript === undefined) {
      this.regionsWithScript = this.hasAnyClass(TEXT_CLASS.nonAscii) ? withScriptRegions(this.text, this.regions) : this.regions;
    }
    return this.regionsWithScript;
  }

  get declaredRegions(): boolean {
    return this.regions !== this.policyRegions;
  }

  reset(text: string, ssnField: boolean, versionField: boolean, thingField = false, codeField = false, regions?: readonly string[]): void {
    this.text = text;
    this.regions = regions ?? this.policyRegions;
    this.regionsWithScript = undefined;
    this.ssnField = ssnField;
    this.versionField = versionField;
    this.thingField = thingField;
    this.codeField = codeField;
    this.firstDigit = -2;
    this.pair = UNKNOWN;
    this.digitsScanned = false;
    this.ibansScanned = false;
    this.capitalsScanned = false;
    this.groupsScanned = false;
    this.gramsFilled = false;
    this.anchorsKnown = 0;
    this.anchorsFound = 0;
    this.classesKnown = 0;
    this.classesFound = 0;
    // setting an array's length is a runtime call: only when there is something to drop
    if (this.dotted.length > 0) this.dotted.length = 0;
    if (this.runs.length > 0) this.runs.length = 0;
    if (this.ibans.length > 0) this.ibans.length = 0;
    if (this.capitals.length > 0) this.capitals.length = 0;
    if (this.stretches.length > 0) this.stretches.length = 0;
    if (this.yearList.length > 0) this.yearList.length = 0;
    if (this.sixList.length > 0) this.sixList.length = 0;
  }

  /** One of the cue literals may be in the string (cue-grams.ts): one shared pass over it, on first use. */
  mayHoldCue(cues: CompiledCues): boolean {
    if (!this.cueGates) return true;
    this.fillGrams();
    return this.grams.any(cues);
  }

  private fillGrams(): void {
    if (!this.gramsFilled) {
      this.grams.fill(this.text);
      this.gramsFilled = true;
    }
  }

  /** Drops the reference to the last string (called after each scan). */
  clear(): void {
    this.text = '';
  }

  /**
   * True when the string holds the anchor (a necessary condition for any match of the detectors
   * that name it). Answered once per string and anchor: several detectors share an anchor ('at',
   * 'colon', 'keyValue', 'apiKey'), and some answers walk the text.
   */
  has(anchor: Anchor): boolean {
    const bit = ANCHOR_BITS[anchor];
    if ((this.anchorsKnown & bit) !== 0) return (this.anchorsFound & bit) !== 0;
    const found = this.probe(anchor);
    this.anchorsKnown |= bit;
    if (found) this.anchorsFound |= bit;
    return found;
  }

  private probe(anchor: Anchor): boolean {
    const text = this.text;
    switch (anchor) {
      case 'at':
        return text.indexOf('@') >= 0 || text.indexOf('%40') >= 0;
      case 'colon':
        return text.indexOf(':') >= 0;
      case 'equals':
        return text.indexOf('=') >= 0;
      case 'jwt':
        return hasJoseHeader(text);
      case 'apiKey':
        return mayHoldApiKey(text) && API_KEY_LITERALS.test(text);
      case 'authScheme':
        return text.indexOf('ya29.') >= 0 || AUTH_SCHEME.test(text);
      case 'keyValue':
        return hasSecretKeyValue(text);
      case 'ibanStart':
        this.scanIbans();
        return this.ibans.length > 0;
      case 'dottedQuad':
        this.scanDigits();
        return this.dotted.length > 0;
      case 'digitRun':
        this.scanDigits();
        return this.runs.length > 0;
      case 'capitalWord':
        this.scanCapitals();
        return this.capitals.length > 0;
      case 'self':
        return true;
    }
  }

  hasDigit(): boolean {
    return this.digitFrom() >= 0;
  }

  /** The string's TEXT_CLASS bits (all of them, from the shared pass). */
  classes(): number {
    this.hasAnyClass(0);
    return this.classesFound;
  }

  hasAnyClass(classes: number): boolean {
    if (this.classesKnown === 0) {
      // every class at once, from the walk that also collects the cue trigrams (one pass for both)
      this.fillGrams();
      this.classesKnown = ALL_CLASSES;
      this.classesFound = this.grams.classes;
      if ((this.classesFound & TEXT_CLASS.digit) === 0) this.firstDigit = -1;
    }
    return (this.classesFound & classes) !== 0;
  }

  /** Two adjacent digits somewhere in the string. */
  digitPair(): boolean {
    if (this.pair === UNKNOWN) {
      const from = this.digitFrom();
      if (from < 0) this.pair = NO;
      else {
        DIGIT_PAIR.lastIndex = from;
        this.pair = DIGIT_PAIR.test(this.text) ? YES : NO;
      }
    }
    return this.pair === YES;
  }

  digitRuns(): readonly DigitRun[] {
    this.scanDigits();
    return this.runs;
  }

  dottedStretches(): readonly number[] {
    this.scanDigits();
    return this.dotted;
  }

  ibanStarts(): readonly number[] {
    this.scanIbans();
    return this.ibans;
  }

  /** Positions of four-digit groups 19xx / 20xx not inside a longer number, ascending. */
  years(): readonly number[] {
    this.scanGroups();
    return this.yearList;
  }

  /**
   * Positions of groups of exactly six digits not starting with 0 (`600017`), ascending: where a
   * six-digit postcode can be. From the stretches of the one pass (a six-digit group is one).
   */
  sixDigitGroups(): readonly number[] {
    this.scanGroups();
    return this.sixList;
  }

  /** One walk over the digit groups inside the stretches: the years and the six-digit groups. */
  private scanGroups(): void {
    if (this.groupsScanned) return;
    this.groupsScanned = true;
    this.scanDigits();
    const text = this.text;
    const st = this.stretches;
    for (let k = 0; k < st.length; k += 2) {
      const end = st[k + 1];
      for (let i = st[k]; i + 4 <= end; ) {
        if (!isDigitCode(text.charCodeAt(i))) {
          i++;
          continue;
        }
        let j = i;
        while (j < end && isDigitCode(text.charCodeAt(j))) j++;
        const a = text.charCodeAt(i);
        if (j - i === 4) {
          const b = text.charCodeAt(i + 1);
          if ((a === 49 && b === 57) || (a === 50 && b === 48)) this.yearList.push(i);
        } else if (j - i === 6 && a !== 48) this.sixList.push(i);
        i = j;
      }
    }
  }

  capitalWords(): readonly number[] {
    this.scanCapitals();
    return this.capitals;
  }

  /** Capitalised words (start, end pairs; a trailing hyphen or apostrophe is not part of the word), shared by the name and address detectors. */
  private scanCapitals(): void {
    if (this.capitalsScanned) return;
    this.capitalsScanned = true;
    const text = this.text;
    CAPITAL_WORD.lastIndex = 0;
    while (CAPITAL_WORD.test(text)) {
      let e = CAPITAL_WORD.lastIndex;
      let s = e - 1;
      while (s > 0 && isWordTail(text.charCodeAt(s - 1))) s--;
      while (e > s + 1 && !isLetterCode(text.charCodeAt(e - 1))) e--;
      this.capitals.push(s, e);
    }
  }

  /** Index of the first digit, or -1. */
  private digitFrom(): number {
    if (this.firstDigit === -2) {
      DIGIT.lastIndex = 0;
      this.firstDigit = DIGIT.test(this.text) ? DIGIT.lastIndex - 1 : -1;
    }
    return this.firstDigit;
  }

  private scanDigits(): void {
    if (this.digitsScanned) return;
    this.digitsScanned = true;
    const from = this.digitFrom();
    if (from < 0) return;
    const text = this.text;
    STRETCH.lastIndex = from;
    while (STRETCH.test(text)) {
      // the match ends where its stretch ends; walk back to the stretch's start counting digits
      // and dots, then forward to its first digit (where the match began): no match object
      const e = STRETCH.lastIndex;
      let s = e;
      let digits = 0;
      let dots = 0;
      while (s > 0) {
        const c = text.charCodeAt(s - 1);
        if (c >= 48 && c <= 57) digits++;
        else if (c === 46) dots++;
        else if (!isSeparatorCode(c)) break;
        s--;
      }
      for (let c = text.charCodeAt(s); c < 48 || c > 57; c = text.charCodeAt(++s)) if (c === 46) dots--;
      if (dots >= 3) this.dotted.push(s, e);
      this.stretches.push(s, e);
      if (digits >= MIN_RUN_DIGITS) {
        const run = digitRunAt(text, s, e, MIN_RUN_DIGITS);
        if (run) this.runs.push(run);
      }
    }
  }

  /** IBAN starts, found only when the IBAN detector asks (two letters + two digits at a word start). */
  private scanIbans(): void {
    if (this.ibansScanned) return;
    this.ibansScanned = true;
    const from = this.digitFrom();
    if (from < 0) return;
    const text = this.text;
    IBAN_HEAD.lastIndex = from < 2 ? 0 : from - 2;
    while (IBAN_HEAD.test(text)) {
      const i = IBAN_HEAD.lastIndex - 4;
      if (ibanStartAt(text, i)) this.ibans.push(i);
    }
    let afterUnderscore = false;
    for (let u = text.indexOf('_'); u >= 0; u = text.indexOf('_', u + 1)) {
      if (ibanStartAt(text, u + 1)) {
        this.ibans.push(u + 1);
        afterUnderscore = true;
      }
    }
    if (afterUnderscore) this.ibans.sort((a, b) => a - b);
  }
}

/** space, NBSP, ( ) + - . / — digit-runs.ts's separators (a local copy: called per character, and
 * an imported function is read through a getter under tsx, the benchmarks' loader). */
function isSeparatorCode(c: number): boolean {
  return c === 32 || c === 160 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46 || c === 47;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A letter, apostrophe or hyphen: the characters CAPITAL_WORD takes after the capital. */
function isWordTail(c: number): boolean {
  return isLetterCode(c) || c === 39 || c === 0x2019 || c === 45;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
}

/** 'eyJ' (`{"` in base64url), found from its rare 'J'. */
function hasJoseHeader(text: string): boolean {
  for (let j = text.indexOf('J', 2); j >= 0; j = text.indexOf('J', j + 1)) {
    if (text.charCodeAt(j - 1) === 121 && text.charCodeAt(j - 2) === 101) return true;
  }
  return false;
}

/**
 * A superset of API_KEY_LITERALS from rare characters: every key prefix holds '_' (gh*_,
 * github_pat_, sk_live_, npm_, hf_ …), 'xox', 'glpat-', 'sk-', 'key-', ':AA' (Telegram) or an 'A'
 * followed by K, S or I (AKIA, ASIA, AIza).
 */
function mayHoldApiKey(text: string): boolean {
  if (text.indexOf('_') >= 0 || text.indexOf('xox') >= 0) return true;
  // the dashed and colon prefixes behind one single-character search each (memchr)
  if (text.indexOf('-') >= 0 && (text.indexOf('glpat-') >= 0 || text.indexOf('sk-') >= 0 || text.indexOf('key-') >= 0)) return true;
  if (text.indexOf(':') >= 0 && text.indexOf(':AA') >= 0) return true;
  for (let i = text.indexOf('A'); i >= 0; i = text.indexOf('A', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c === 75 || c === 83 || c === 73) return true;
  }
  return false;
}

/** The keys of url-secret.ts's and secret-pair.ts's patterns all end in one of these (lower case). */
const SECRET_KEY_ENDINGS = ['token', 'key', 'psk', 'password', 'passwd', 'pwd', 'secret', 'signature', 'sig', 'pass', 'passphrase', 'passcode', 'passwort', 'kennwort', 'passe', 'mdp', 'contraseña', 'clave', 'senha', 'wachtwoord', 'hasło', 'haslo', 'parola'];

/**
 * A '=' or ':' preceded (after optional whitespace and one quote) by a secret-like key: what the
 * KV pattern in url-secret.ts needs. Cheap for text whose ':' are in timestamps or URLs.
 */
function hasSecretKeyValue(text: string): boolean {
  for (let p = text.indexOf('='); p >= 0; p = text.indexOf('=', p + 1)) if (secretKeyBefore(text, p)) return true;
  for (let p = text.indexOf(':'); p >= 0; p = text.indexOf(':', p + 1)) if (secretKeyBefore(text, p)) return true;
  return false;
}

function secretKeyBefore(text: string, sep: number): boolean {
  let k = sep;
  while (k > 0 && isJsSpace(text.charCodeAt(k - 1))) k--;
  if (k > 0) {
    const q = text.charCodeAt(k - 1);
    if (q === 34 || q === 39) k--;
  }
  const last = text.charCodeAt(k - 1) | 32;
  // every ending finishes with one of n, y, d, t, e, g, s, a, o, p, k
  if (last !== 110 && last !== 121 && last !== 100 && last !== 116 && last !== 101 && last !== 103 && last !== 115 && last !== 97 && last !== 111 && last !== 112 && last !== 107) return false;
  for (const w of SECRET_KEY_ENDINGS) if (endsWithIgnoreCase(text, k, w)) return true;
  return false;
}

/** text[end - w.length, end) equals `w` (lower-case ASCII) ignoring ASCII case. */
function endsWithIgnoreCase(text: string, end: number, w: string): boolean {
  const start = end - w.length;
  if (start < 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = text.charCodeAt(start + i);
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (lower !== w.charCodeAt(i)) return false;
  }
  return true;
}

/** JavaScript's `\s`. */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
