import type { Detector, Match, ScanContext } from './detector';

/**
 * Names written in a script without capitals inside text that is otherwise in Latin letters —
 * what a support desk or a CRM sees from customers everywhere: `Hello, I'm נועה כהן.`,
 * `Thanks يوسف, updated!`, `Customer 佐藤美咲 (…) reports`, `Dr. محمد العتيبي, Cardiology`,
 * `attn: अर्जुन देशपांडे`. The capitalised-word rules cannot see them, so a cue in English right
 * before the run of script carries the decision: a greeting, an introduction, a title or a role.
 * One to four words of one script (2–6 characters of Han or kana, 2–5 Hangul syllables).
 */
const UNCASED = /[\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const RUN =
  /[\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*(?: [\u05d0-\u05ea][\u05d0-\u05ea\u05f3\u05f4'"]*){0,2}|[\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*(?: [\u0620-\u064a][\u0620-\u065f\u0670-\u06d3]*){0,3}|[\u0900-\u0dff]+(?: [\u0900-\u0dff]+){0,2}|[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+){0,2}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,6}|[\uac00-\ud7af]{2,5}/g;
/** The cue, ending right before the run (tested on the 32 characters before it). */
const CUE =
  /(?:^|[^A-Za-z])(?:i['’]?m|i am|this is|it['’]?s|it is|thanks|thank you|hi|hello|hey|dear|dr|mr|mrs|ms|mx|prof|customer|patient|client|guest|passenger|member|tenant|caller|contact|attn|signed by|regards|sincerely|best|cheers|from|name|by)\.?[:,]?(?:[ \u00a0]|<br ?\/?>|<\/?p>|\\r|\\n|\r|\n)*$/i;
const PRIORITY = 13;

export const scriptNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 4,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!UNCASED.test(text)) return;
    RUN.lastIndex = 0;
    for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
      const start = m.index;
      // the run stands alone: no letter of the same kind glued before it (a word of a sentence in that script)
      if (start > 0 && UNCASED.test(text[start - 1])) continue;
      const before = text.slice(Math.max(0, start - 32), start);
      if (before.length === 0 || UNCASED.test(before) || !CUE.test(before)) continue;
      out.push({ start, end: start + m[0].length, category: 'person_name', priority: PRIORITY });
    }
  },
};
