import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';
import { WORD_TOOLS } from './words';

const { wordHash } = WORD_TOOLS;

/**
 * A name written family name first in capitals, then a comma and the given names or initials, as
 * payroll rows, bank returns, call logs and clinical lists write people inside running text
 * (`row 14: SMITH, J. account …`, `KHAN, Mohammed Imran IBAN …`, `OKAFOR, NGOZI A. -- verified`,
 * `PATEL, NIRAV`). Taken when what follows the comma is initials only or opens with a given name
 * the lists know; capitalised words of status and logging (`ERROR, A.`) are not family names.
 */
// (the look-behind after the first capital: a pattern that opens with one is tried at every position)
const INVERTED =
  /\p{Lu}(?<![\p{L}\p{N}].)\p{Lu}+(?:[-'’]\p{Lu}{2,})?,[ \u00a0]+(?:(\p{Lu}\.(?:[ \u00a0]?\p{Lu}\.)?)|((?:\p{Lu}\p{Ll}+|\p{Lu}{2,})(?:-(?:\p{Lu}\p{Ll}+|\p{Lu}{2,}))?)((?:[ \u00a0]+(?:\p{Lu}\p{Ll}+|\p{Lu}{2,}))?(?:[ \u00a0]+\p{Lu}\.)?))(?![\p{L}\p{N}])/gu;
/** Capitalised words that are not family names before a comma (log levels, codes, places in capitals). */
const NOT_FAMILY: ReadonlySet<string> = new Set(
  'NOTE NOTES ERROR ERRORS WARN WARNING INFO DEBUG TRACE FATAL TODO FIXME OK YES NO NA ID IDS USA US UK EU UAE NYC LA DC PS PPS RE FW FWD CC BCC ATTN URGENT DONE PAID NEW OLD TEST PASS FAIL'.split(' '),
);
const PRIORITY = 13;

/** A capital right before some ', ' (where a family name in capitals ends): one indexOf per comma. */
function capitalBeforeComma(text: string): boolean {
  for (let p = text.indexOf(', '); p >= 0; p = text.indexOf(', ', p + 2)) {
    const c = text.charCodeAt(p - 1);
    if ((c >= 65 && c <= 90) || (c >= 0xc0 && text[p - 1] !== text[p - 1].toLowerCase())) return true;
  }
  return false;
}

export const invertedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!capitalBeforeComma(text)) return;
    INVERTED.lastIndex = 0;
    for (let m = INVERTED.exec(text); m; m = INVERTED.exec(text)) {
      const family = m[0].slice(0, m[0].indexOf(','));
      if (family.length < 3 || NOT_FAMILY.has(family)) continue;
      if (m[1] === undefined) {
        // the first given name must be one the lists know (`KHAN, Mohammed`, `OKAFOR, NGOZI`), each half of a double one (`Jean-Luc`)
        const first = m[2];
        const start = m.index + m[0].indexOf(first, family.length);
        const parts = first.split('-');
        let at = start;
        let known = true;
        for (const p of parts) {
          const h = wordHash(text, at, at + p.length);
          if (!givenNameSet().has(h)) known = false;
          at += p.length + 1;
        }
        if (!known) continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length, category: 'person_name', priority: PRIORITY });
    }
  },
};
