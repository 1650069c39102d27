import type { Detector, Match, ScanContext } from './detector';
import { gapIs, overlapsAny } from './digit-runs';
import { itinValid, ssnValid } from './us-ssn-check';

/** The word that makes an SSN-shaped number in the 9xx area an ITIN rather than a look-alike. */
const ITIN_CUE = /\b(?:I?TIN|taxpayer)\b/i;

/** The word before an undashed number that makes it an SSN: 'SSN 123456789', 'social security no. …'. */
// 'SSN 123456789', 'SSN: …', 'SSN is …', and a correction of one ('SSN, corrected to 139…', 'SSN updated to …')
const SSN_CONTEXT = /(?:\bssn|social security(?: number| no\.?)?)[\s#:=.,-]{0,4}(?:is\s+|was\s+|(?:corrected|updated|changed|amended) to\s+|should be\s+|on file\s+)?$/i;

/**
 * US Social Security numbers: dashed `123-45-6789` anywhere; undashed or spaced only right after
 * the word SSN or in a field named like an SSN field — nine bare digits are too common otherwise.
 * SSA numbering rules (area/group/serial) are checked.
 */
export const usSsnDetector: Detector = {
  category: 'us_ssn',
  priority: 9,
  anchor: 'digitRun',
  minLength: 9,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (const run of ctx.digitRuns()) {
      const g = run.groups;
      for (let i = 0; i < g.length; i++) {
        const a = g[i];
        const len = a.end - a.start;
        if (len === 3 && i + 2 < g.length) {
          const b = g[i + 1];
          const c = g[i + 2];
          if (b.end - b.start !== 2 || c.end - c.start !== 4) continue;
          const dashed = gapIs(text, a, b, '-') && gapIs(text, b, c, '-');
          const spaced = gapIs(text, a, b, ' ') && gapIs(text, b, c, ' ');
          if (!dashed && !(spaced && hasContext(ctx, a.start))) continue;
          if (!isolated(g, i, i + 2, text)) continue;
          // … or an IRS individual taxpayer number in the same layout (`ITIN on file: 910-71-6911`), issued to people too
          const area = text.slice(a.start, a.end);
          const group = text.slice(b.start, b.end);
          if (!ssnValid(area, group, text.slice(c.start, c.end)) && !(itinValid(area, group) && ITIN_CUE.test(text.slice(Math.max(0, a.start - 48), a.start)))) continue;
          if (overlapsAny(out, a.start, c.end)) continue;
          out.push({ start: a.start, end: c.end, category: 'us_ssn', priority: this.priority });
          i += 2;
        } else if (len === 9 && hasContext(ctx, a.start) && isolated(g, i, i, text)) {
          const s = text.slice(a.start, a.end);
          if (ssnValid(s.slice(0, 3), s.slice(3, 5), s.slice(5)) && !overlapsAny(out, a.start, a.end)) {
            out.push({ start: a.start, end: a.end, category: 'us_ssn', priority: this.priority });
          }
        }
      }
    }
  },
};

function hasContext(ctx: ScanContext, at: number): boolean {
  return ctx.ssnField || SSN_CONTEXT.test(ctx.text.slice(Math.max(0, at - 28), at));
}

/** The SSN groups are not part of a longer dashed number (a phone, a date with more parts). */
function isolated(g: readonly { start: number; end: number }[], first: number, last: number, text: string): boolean {
  if (first > 0 && gapIs(text, g[first - 1], g[first], '-')) return false;
  if (last + 1 < g.length && gapIs(text, g[last], g[last + 1], '-')) return false;
  return true;
}
