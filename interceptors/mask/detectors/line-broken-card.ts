import type { Detector, Match, ScanContext } from './detector';
import { overlapsAny } from './digit-runs';
import { isCardNumber } from './luhn';

/**
 * A card number whose groups of four wrap onto the next line (`4916 3116\n6506 7399`: an e-mail
 * body hard-wrapped at a fixed width, OCR of an embossed card): the digit runs stop at the line
 * break, so the card rule sees two numbers of eight digits. Two neighbouring runs joined by one
 * line break (spaces around it allowed), every group exactly four digits, 16 digits in all, with
 * a valid Luhn check and issuer prefix, are one card.
 */
export const lineBrokenCardDetector: Detector = {
  category: 'credit_card',
  priority: 8,
  anchor: 'digitRun',
  minLength: 17,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('\n') < 0) return;
    const runs = ctx.digitRuns();
    for (let r = 0; r + 1 < runs.length; r++) {
      const a = runs[r];
      const b = runs[r + 1];
      if (!lineBreakBetween(text, a.end, b.start)) continue;
      // the last groups of the first run and the first groups of the second: 16 digits in groups of four
      const tail = trailingFours(a.groups.slice(-3).map((g) => text.slice(g.start, g.end)));
      const head = leadingFours(b.groups.slice(0, 3).map((g) => text.slice(g.start, g.end)));
      for (let t = 1; t <= tail.length; t++) {
        const h = 4 - t;
        if (h < 1 || h > head.length) continue;
        const digits = tail.slice(-t).join('') + head.slice(0, h).join('');
        if (!isCardNumber(digits)) continue;
        const start = a.groups[a.groups.length - t].start;
        const end = b.groups[h - 1].end;
        if (!overlapsAny(out, start, end)) out.push({ start, end, category: 'credit_card', priority: 8 });
        break;
      }
    }
  },
};

/** The groups of exactly four digits at the end of `groups`. */
function trailingFours(groups: string[]): string[] {
  let k = groups.length;
  while (k > 0 && groups[k - 1].length === 4) k--;
  return groups.slice(k);
}

/** The groups of exactly four digits at the start of `groups`. */
function leadingFours(groups: string[]): string[] {
  let k = 0;
  while (k < groups.length && groups[k].length === 4) k++;
  return groups.slice(0, k);
}

/** Only spaces and one line break between `from` and `to`. */
function lineBreakBetween(text: string, from: number, to: number): boolean {
  if (to - from > 8) return false;
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return breaks === 1;
}
