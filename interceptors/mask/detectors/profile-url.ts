import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The member part of a personal profile URL: `linkedin.com/in/mette-kjaergaard-f180c7`,
 * `xing.com/profile/Anna_Schmidt42`. Those paths name one person by construction (a company has
 * `/company/`), and the slug is the person's name in lower case, which no capitalised-word rule
 * sees. The host and the path stay; the slug goes.
 */
const PROFILE = /(?:linkedin\.com\/in|xing\.com\/profile)\/([^/?#\s"'<>)\]]+)/gi;
const PRIORITY = 13;

export const profileUrlDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('linkedin.') < 0 && text.indexOf('xing.') < 0 && text.indexOf('LINKEDIN.') < 0) return;
    PROFILE.lastIndex = 0;
    for (let m = PROFILE.exec(text); m; m = PROFILE.exec(text)) {
      const end = m.index + m[0].length;
      out.push({ start: end - m[1].length, end, category: 'person_name', priority: PRIORITY });
    }
  },
};
