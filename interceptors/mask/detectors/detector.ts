import type { Category } from '../categories';
import type { DigitRun } from './digit-runs';
import type { CompiledCues } from '../cue-grams';

/** A detected span of a string: [start, end) in UTF-16 units. */
export interface Match {
  start: number;
  end: number;
  category: Category;
  /** Lower wins when two matches overlap. */
  priority: number;
}

/**
 * What the text scanner's one pass looks for on behalf of a detector; every match of the
 * detector contains (or starts at) its anchor, so a string without it never reaches `find`.
 * - `jwt`: 'eyJ' (a JOSE header);
 * - `apiKey`: one of the key prefixes (AKIA, ASIA, AIza, xox, glpat-, or '_' with gh*_ / sk_live_ …);
 * - `authScheme`: an auth-scheme word followed by whitespace, or 'ya29.';
 * - `keyValue`: '=' or ':' right after a secret-like key (token, key, password, pwd, secret, sig…);
 * - `at`: '@' or '%40';
 * - `colon`: ':';
 * - `ibanStart`: two letters + two digits at a word start;
 * - `dottedQuad`: a stretch of digits and separators holding three '.';
 * - `digitRun`: a run of 8+ digits and separators not wholly part of an identifier;
 * - `capitalWord`: a word starting with a capital letter (names, street names);
 * - `self`: none the pass computes — the detector's `find` checks its own rare literal first.
 */
/**
 * Character classes a string may hold (ScanContext.hasAnyClass). A detector that declares `needs`
 * is skipped for a string that holds none of them: M2M prose (`order shipped, awaiting pickup`)
 * has no digit, capital or markup, and most detectors cannot match without one.
 */
export const TEXT_CLASS = {
  /** 0-9 */
  digit: 1,
  /** A-Z */
  upper: 2,
  /** any character above U+007F (accented capitals, other scripts, curly quotes) */
  nonAscii: 4,
  /** markup and separators: tab, line breaks and `"#%&'()*+/:;<=>@[\]^_\`{|}~` */
  structure: 8,
} as const;

export type Anchor = 'jwt' | 'apiKey' | 'authScheme' | 'keyValue' | 'at' | 'colon' | 'equals' | 'ibanStart' | 'dottedQuad' | 'digitRun' | 'capitalWord' | 'self';

/** Per-string candidates shared by the detectors of one scan, found by one pass over the text. */
export interface ScanContext {
  readonly text: string;
  /** Maximal runs of digits and separators with 8+ digits (card, SSN, phone search inside these). */
  digitRuns(): readonly DigitRun[];
  /** Four-digit groups 19xx / 20xx standing alone or inside a stretch of digits and separators (birth years), ascending. */
  years(): readonly number[];
  /** Groups of exactly six digits not starting with 0, standing alone or inside a stretch of digits and separators (six-digit postcodes), ascending. */
  sixDigitGroups(): readonly number[];
  /** Stretches of digits and separators holding three '.' (where a dotted quad can be): start, end pairs, ascending. */
  dottedStretches(): readonly number[];
  /** Positions where an IBAN may start (two letters and two digits at a word start), ascending. */
  ibanStarts(): readonly number[];
  /** The string holds a digit (one native test, shared). */
  hasDigit(): boolean;
  /** The string holds a character of at least one of these TEXT_CLASS bits (each answered once per string). */
  hasAnyClass(classes: number): boolean;
  /** Words starting with a capital letter: start, end pairs, ascending. */
  capitalWords(): readonly number[];
  /** The field is named like an SSN field: undashed nine-digit numbers count without the word 'ssn'. */
  readonly ssnField: boolean;
  /** The field is version-like (`buildNumber`): dotted quads are versions, not IPv4 addresses. */
  readonly versionField: boolean;
  /** IPv4 addresses of private and link-local networks are left alone (policy `detectors.privateAddresses`). */
  readonly keepPrivateAddresses: boolean;
  /** The field belongs to a thing (product, device): names need a cue. */
  readonly thingField: boolean;
  /** The field holds a code (`hsCode`, `sku`): no phone numbers. */
  readonly codeField: boolean;
  /**
   * One of these cue literals (cue-grams.ts `compileCues`, the rules of Detector.cues) may be in the
   * string: for a detector whose cue is needed on one of its paths only. Always true when the
   * scanner runs without gates (the tests that hold the gates to account).
   */
  mayHoldCue(cues: CompiledCues): boolean;
  readonly phoneRegions: readonly string[];
  /** The record declared countries of its own (record-regions.ts): `phoneRegions` includes them. */
  readonly declaredRegions: boolean;
}

/**
 * A content detector. The scanner calls `find` only when the string is at least `minLength`
 * long and its one pass found the detector's `anchor`; `find` appends matches, validated
 * (checksums, context) so that look-alikes stay.
 */
export interface Detector {
  readonly category: Category;
  /** Other categories it reports (kept only where the policy masks them). */
  readonly also?: readonly Category[];
  readonly priority: number;
  readonly anchor: Anchor;
  /** Shortest string that can hold a match. */
  readonly minLength: number;
  /**
   * Only run when the string holds two adjacent digits somewhere (cards, SSNs, phone numbers,
   * IBAN check digits): one native regex test shared by all such detectors.
   */
  readonly needsDigitPair?: boolean;
  /**
   * TEXT_CLASS bits, one of which every match (and every string the detector can match in) holds:
   * the scanner skips the detector for strings with none. Leave it out when a match can be plain
   * lower-case letters (names typed in lower case, `jane dot doe at example dot com`).
   * test/mask/class-gates.test.ts holds the findings equal with and without these gates.
   */
  readonly needs?: number;
  /**
   * Cue literals, one of which the string holds wherever the detector can find something (unless
   * it holds a character of `cuesUnless`): the scanner skips the detector when the shared trigram
   * pass (cue-grams.ts) shows none can be there. Letters compare case-blind; ' ' stands for one
   * character that is not an ASCII letter (space, digit, punctuation, the start or the end). A
   * literal must appear, read that way, as one piece of every string the detector matches in —
   * so a word written after `\s+` is its own literal, and '#' marks a boundary only where the
   * detector's pattern requires one. Strings with characters above U+007F are never skipped.
   * test/mask/class-gates.test.ts holds the findings equal with and without the cues.
   */
  readonly cues?: readonly string[];
  /** TEXT_CLASS bits whose presence lets the detector run without a cue (its other ways to match need them). */
  readonly cuesUnless?: number;
  /** Strings shorter than this are never refused for want of a cue (the detector has a path for short values without one). */
  readonly cuesBelowLength?: number;
  find(ctx: ScanContext, out: Match[]): void;
}
