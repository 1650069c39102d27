import type { Category } from '../../../../interceptors/mask/categories';
import type { DigitRun } from './digit-runs';

/** A detected span of a string: [start, end) in UTF-16 units. */
export interface Match {
  start: number;
  end: number;
  category: Category;
  /** Lower wins when two matches overlap. */
  priority: number;
}

/** Per-string state shared by the detectors of one scan; digit runs are computed once, on demand. */
export interface ScanContext {
  readonly text: string;
  /** Maximal runs of digits and separators, computed lazily and shared by card/SSN/phone. */
  digitRuns(): readonly DigitRun[];
  /** The field is named like an SSN field: undashed nine-digit numbers count without the word 'ssn'. */
  readonly ssnField: boolean;
  /** The field is version-like (`buildNumber`): dotted quads are versions, not IPv4 addresses. */
  readonly versionField: boolean;
  readonly phoneRegions: readonly string[];
}

/**
 * A content detector: `gate` is a cheap test on the whole string (a character or a short literal
 * that every match must contain) so that most strings cost one indexOf; `find` appends matches,
 * validated (checksums, context) so that look-alikes stay.
 */
export interface Detector {
  readonly category: Category;
  readonly priority: number;
  gate(text: string): boolean;
  /**
   * Every match holds two adjacent digits (cards, SSNs, phone numbers, IBAN check digits): the
   * scanner skips the detector for strings without any, found by one native regex test shared by
   * all such detectors, so prose costs no per-character loops.
   */
  readonly needsDigitPair?: boolean;
  find(ctx: ScanContext, out: Match[]): void;
}
