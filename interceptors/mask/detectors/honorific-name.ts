import type { Detector, Match, ScanContext } from './detector';

/**
 * Romanised names followed by a Japanese, Chinese or Korean honorific, as East Asian text writes
 * them (`Inoue Yui様`, `Tanaka Hiroshi さん`, `Huang Jun先生`, `Park Jihoon님`): the honorific only
 * ever follows a person's name, so it is the cue. A one-byte (Latin-1) string cannot hold any of
 * them: the indexOf probes return at once there. One or two words, not the end of a longer capitalised
 * phrase (`Samsung Medical Center様` addresses a company).
 */
const HONORIFICS = ['様', 'さん', 'さま', '氏', '殿', '先生', '女士', '小姐', '님', '씨', '君'];
const NAME_BEFORE = /(?<![A-Za-z\u00c0-\u024f][ \u00a0]?)((?:[A-Z][a-z\u00df-\u024f'’-]+|[A-Z]{2,})(?:[ \u00a0](?:[A-Z][a-z\u00df-\u024f'’-]+|[A-Z]{2,})){0,1})[ \u00a0]?(?=様|さん|さま|氏|殿|先生|女士|小姐|님|씨|君)/g;

export const honorificNameDetector: Detector = {
  category: 'person_name',
  priority: 13,
  anchor: 'self',
  minLength: 3,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let any = false;
    for (const h of HONORIFICS) {
      if (text.indexOf(h) >= 0) {
        any = true;
        break;
      }
    }
    if (!any) return;
    NAME_BEFORE.lastIndex = 0;
    for (let m = NAME_BEFORE.exec(text); m; m = NAME_BEFORE.exec(text)) {
      out.push({ start: m.index, end: m.index + m[1].length, category: 'person_name', priority: 13 });
    }
  },
};
