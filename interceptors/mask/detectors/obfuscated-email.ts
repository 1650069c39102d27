import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { compileCues } from '../cue-grams';

/**
 * E-mail addresses written to dodge scrapers: `jane.doe[at]example.com`, `jane.doe (at) example
 * (dot) com`, `jane{at}example{dot}com`, `jane dot doe at example dot com`. A bracketed `at`
 * (or `@`) counts on its own; a bare ` at ` only with a spelled-out ` dot ` in the address
 * ("look at example.com" is prose). The spelled words in other languages count the same way
 * (`sofie punt janssens at telenet punt be`, `ana arroba correo punto es`, `theo point marchand arobase laposte point net`). Found only when the text holds one of those tokens.
 */
const SEP_DOT = String.raw`(?:\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>)\s*|\s+(?:dot|punt|punto|ponto|punkt|kropka|point)\s+)`;
const OBFUSCATED =
  new RegExp(
    String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:${SEP_DOT}[A-Za-z0-9_%+-]+)*` +
      String.raw`(\s*(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))\s*|\s+(?:at|arroba|arobase|chiocciola|apenstaartje|klammeraffe|małpa|malpa)\s+|\s+@\s+)` +
      String.raw`[A-Za-z0-9-]+(?:(?:${SEP_DOT}|\.)[A-Za-z0-9-]+)*(?:${SEP_DOT}|\.)[A-Za-z]{2,24}(?![A-Za-z0-9])`,
    'gi',
  );

/** The words of DOT_WORD (below) as cue literals. */
const DOT_WORDS = ['dot', 'punt', 'ponto', 'punkt', 'kropka', 'arobase'];

export const obfuscatedEmailDetector: Detector = {
  category: 'email',
  priority: 4,
  anchor: 'self',
  minLength: 10,
  // hasToken: a bracket or '@' (markup), or one of DOT_WORD's words
  cues: DOT_WORDS,
  cuesUnless: TEXT_CLASS.structure,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!hasToken(text, ctx)) return;
    OBFUSCATED.lastIndex = 0;
    for (let m = OBFUSCATED.exec(text); m; m = OBFUSCATED.exec(text)) {
      const bare = /^\s+(?:at|arroba|arobase|chiocciola|apenstaartje|klammeraffe|małpa|malpa)\s+$/i.test(m[1]);
      if (bare && !/\s(?:dot|punt|punto|ponto|punkt|kropka|point)\s|[[({<]dot[\])}>]/i.test(m[0])) {
        // prose ('email me at jane[at]…'): try again right after this ' at ', or the address it swallowed is never seen
        OBFUSCATED.lastIndex = m.index + m[0].indexOf(m[1]) + m[1].length;
        continue;
      }
      // French `point` for the dot only with French `arobase` for the at ('look at it point blank' is prose)
      if (/\spoint\s/i.test(m[0]) && !/arobase/i.test(m[1])) {
        OBFUSCATED.lastIndex = m.index + 1;
        continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length, category: 'email', priority: 4 });
    }
  },
};

/**
 * A closing bracket after 'at' / '@', a spaced ' @ ', or 'dot' in any case: searched from rare
 * characters ('@', brackets) by indexOf and one native case-insensitive test for 'dot' (three
 * indexOf calls for 'dot' / 'DOT' / 'Dot' and one for ' @ ' cost 2–3× as much on clean text).
 */
function hasToken(text: string, ctx: ScanContext): boolean {
  if (atBefore(text, ']') || atBefore(text, ')') || atBefore(text, '}') || atBefore(text, '>')) return true;
  for (let p = text.indexOf('@'); p >= 0; p = text.indexOf('@', p + 1)) if (text.charCodeAt(p - 1) === 32 && text.charCodeAt(p + 1) === 32) return true;
  // (markup lets the detector past the scanner's cue gate: the word is asked for again here)
  return ctx.mayHoldCue(DOT_CUES) && DOT_WORD.test(text);
}

/** The spelled 'dot' in English, Dutch, Spanish/Italian, Portuguese, German and Polish, and French 'arobase' (whose 'point' is too common a word to search for). */
const DOT_WORD = /dot|punt|ponto|punkt|kropka|arobase/i;
const DOT_CUES = compileCues(DOT_WORDS);

/** `close` right after 'at' (any case) or '@': `[at]`, `(@)`. */
function atBefore(text: string, close: string): boolean {
  for (let p = text.indexOf(close, 1); p >= 0; p = text.indexOf(close, p + 1)) {
    const a = text.charCodeAt(p - 1);
    if (a === 64 || ((a | 32) === 116 && (text.charCodeAt(p - 2) | 32) === 97)) return true;
  }
  return false;
}
