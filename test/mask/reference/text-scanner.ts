/* Frozen reference copy for tests (see test/mask/reference/README.md). */
import type { Category } from '../../../interceptors/mask/categories';
import type { Detector, Match, ScanContext } from './detectors/detector';
import { findDigitRuns, type DigitRun } from './detectors/digit-runs';
import { DROP, type MaskScope } from '../../../interceptors/mask/masker';
import type { Strategy } from '../../../interceptors/mask/strategies/apply-action';

/** Field context that changes what the detectors accept. */
export interface ScanFlags {
  ssnField: boolean;
  versionField: boolean;
}

export const NO_FLAGS: ScanFlags = { ssnField: false, versionField: false };

/** Shortest string any detector can match ('a@b.co', '1.2.3.4', '2001::1'). */
const MIN_LENGTH = 6;
/** Fewest digits of anything found in digit runs (an international phone number). */
const MIN_RUN_DIGITS = 8;
const DIGIT_PAIR = /\d\d/;

class Context implements ScanContext {
  private runs: DigitRun[] | undefined;
  constructor(
    readonly text: string,
    readonly ssnField: boolean,
    readonly versionField: boolean,
    readonly phoneRegions: readonly string[],
  ) {}
  digitRuns(): readonly DigitRun[] {
    if (!this.runs) this.runs = findDigitRuns(this.text, MIN_RUN_DIGITS);
    return this.runs;
  }
}

/**
 * The compiled detector chain for free text. Built once per masker: only detectors whose category
 * is not kept, each with its strategy. Per string: each detector's gate (one indexOf or a tiny
 * regex), then `find` only where the gate passed; overlapping matches are resolved by detector
 * priority (a JWT inside 'Bearer …' is a JWT), and the string is rebuilt once.
 */
export class TextScanner {
  private readonly detectors: readonly Detector[];
  private readonly strategies: ReadonlyMap<Category, Strategy>;

  constructor(detectors: readonly Detector[], strategies: ReadonlyMap<Category, Strategy>, private readonly phoneRegions: readonly string[]) {
    this.detectors = detectors.filter((d) => strategies.has(d.category));
    this.strategies = strategies;
  }

  /** Finds sensitive spans without changing anything (used by tests and the evaluation). */
  find(text: string, flags: ScanFlags = NO_FLAGS): Match[] {
    if (text.length < MIN_LENGTH) return [];
    const ctx = new Context(text, flags.ssnField, flags.versionField, this.phoneRegions);
    let found: Match[] | undefined;
    let digitPair: boolean | undefined;
    for (const d of this.detectors) {
      if (d.needsDigitPair && !(digitPair ??= DIGIT_PAIR.test(text))) continue;
      if (!d.gate(text)) continue;
      found ??= [];
      d.find(ctx, found);
    }
    if (!found || found.length === 0) return [];
    return resolveOverlaps(found);
  }

  mask(text: string, scope: MaskScope, flags: ScanFlags = NO_FLAGS): string {
    const matches = this.find(text, flags);
    if (matches.length === 0) return text;
    let out = '';
    let at = 0;
    for (const m of matches) {
      const replaced = this.strategies.get(m.category)!(text.slice(m.start, m.end), scope);
      out += text.slice(at, m.start) + (replaced === DROP ? '' : replaced);
      at = m.end;
      scope.count++;
    }
    return out + text.slice(at);
  }
}

/** Highest priority (then longest) first; a match overlapping an accepted one is dropped. Result sorted by start. */
export function resolveOverlaps(found: Match[]): Match[] {
  if (found.length === 1) return found;
  found.sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
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
  return kept.sort((a, b) => a.start - b.start);
}
