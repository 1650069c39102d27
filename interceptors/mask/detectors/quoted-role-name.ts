import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Names quoted in error and validation messages about a person's name: `beneficiary name mismatch:
 * expected 'HOANG DUC ANH' got 'Hoàng Đức Anh'`, `account holder name "Ana María Pérez" does not
 * match`. The role before `name` says whose name it is; each quoted value of two to five words
 * in the rest of the clause is taken (the sender's copy and the one it was checked against). A
 * quoted value after `service name` or `file name` has no role before it and stays.
 */
const ROLE_NAME =
  /\b(?:beneficiary|customer|(?:account|card)[ _-]?holder|holder|payee|payer|originator|recipient|sender|patient|cardholder|debtor|creditor|applicant|passenger|guest|member|insured|policyholder|employee)[ _-]?name\b/gi;
/** A quoted value of two to five words: letters of any script, marks, apostrophes, dots and hyphens. */
const QUOTED = /(['"‘“])([\p{L}\p{M}][\p{L}\p{M}'’.-]*(?:[ \u00a0][\p{L}\p{M}][\p{L}\p{M}'’.-]*){1,4})(['"’”])/gu;
const PRIORITY = 12;

export const quotedRoleNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 16,
  // 'ame' (the role's `name`) and a quote: ASCII quotes are markup, curly ones above U+007F
  needs: TEXT_CLASS.structure | TEXT_CLASS.nonAscii,
  cues: ['ame'],
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // (the role's word is always followed by 'name' in any case: one search for 'ame' before the regex)
    if (text.indexOf('ame') < 0 && text.indexOf('AME') < 0) return;
    if (text.indexOf("'") < 0 && text.indexOf('"') < 0 && text.indexOf('‘') < 0 && text.indexOf('“') < 0) return;
    ROLE_NAME.lastIndex = 0;
    for (let m = ROLE_NAME.exec(text); m; m = ROLE_NAME.exec(text)) {
      // the rest of the clause: up to a sentence end or a line break, at most 160 characters
      let end = m.index + m[0].length;
      const limit = Math.min(text.length, end + 160);
      while (end < limit && text.charCodeAt(end) !== 10 && !(text.charCodeAt(end) === 46 && text.charCodeAt(end + 1) === 32)) end++;
      const clause = text.slice(m.index + m[0].length, end);
      QUOTED.lastIndex = 0;
      for (let q = QUOTED.exec(clause); q; q = QUOTED.exec(clause)) {
        const start = m.index + m[0].length + q.index + 1;
        out.push({ start, end: start + q[2].length, category: 'person_name', priority: PRIORITY });
      }
      ROLE_NAME.lastIndex = end;
    }
  },
};
