import type { Detector, Match, ScanContext } from './detector';
import { overlapsAny } from './digit-runs';
import { isCardNumber } from './luhn';
import { SPOKEN_RUN, spokenDigits } from './spoken-numbers';

/**
 * A phone number read out or typed in words, as call-centre transcripts and chats write it
 * (`nine eight four five zero - 71236`, `nueve seis cuatro, tres uno ocho, dos cero siete`):
 * digit words of English, Spanish, Portuguese, French, Italian, German and romanised Hindi, mixed with digit
 * groups, in lower case, joined by spaces, commas, dots, dashes or slashes. Seven digits or more, four of them
 * words, make a number to dial; counting in prose (`one, two, three`) stays short of that.
 * German `null` is left out: `null, null, null …` is a data dump, not a number.
 */
const DIGIT_WORD =
  '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|um|uma|dois|duas|tr[êe]s|quatro|sete|oito|nove|z[ée]ro|un|deux|trois|quatre|cinq|sept|huit|neuf|due|tre|quattro|cinque|sei|sette|otto|eins|zwei|drei|vier|f[üu]nf|sechs|sieben|acht|neun|shunya|sunya|ek|do|teen|chaar|char|paanch|panch|chhe|chhah|saat|aath|nau)';
const TOKEN = `(?:${DIGIT_WORD}(?![\\p{L}\\d])|\\d{1,6}(?![\\p{L}\\d]))`;
const SPELLED = new RegExp(`(?<![\\p{L}\\d])${TOKEN}(?:[ \\t]*[,./-]?[ \\t]*${TOKEN}){3,20}`, 'gu');
const WORD = new RegExp(`^${DIGIT_WORD}$`, 'iu');
/** The digit each word of DIGIT_WORD stands for. */
const DIGIT_OF: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      // … and Hindi as romanised by speech-to-text (`nau aath chaar paanch, ek do …`)
      ['0', 'zero oh cero zéro shunya sunya'],
      ['1', 'one uno una um uma un eins ek'],
      ['2', 'two dos dois duas deux due zwei do'],
      ['3', 'three tres três trois tre drei teen'],
      ['4', 'four cuatro quatro quatre quattro vier char chaar'],
      ['5', 'five cinco cinq cinque fünf funf paanch panch'],
      ['6', 'six seis sei sechs chhe chhah'],
      ['7', 'seven siete sete sept sette sieben saat'],
      ['8', 'eight ocho oito huit otto acht aath'],
      ['9', 'nine nueve nove neuf neun nau'],
    ] as const
  ).flatMap(([d, words]) => words.split(' ').map((w) => [w, d] as const)),
);
/**
 * Two digit words in a row: the cheap test that keeps the full one off ordinary text (0.7–1.3 µs
 * per KiB without Unicode mode and case folding, against 1.1–1.7 with case folding). Numbers are
 * read out in lower case (transcripts, chats); a capitalised first word is left to the rest.
 */
const PAIR = new RegExp(`\\b${DIGIT_WORD}[ \\t]*[,./-]?[ \\t]*${DIGIT_WORD}\\b`);

export const spelledPhoneDetector: Detector = {
  category: 'phone',
  also: ['credit_card'],
  priority: 12,
  anchor: 'self',
  minLength: 20,
  // PAIR's second word ends at \b: the word, then no letter
  cues: Object.keys(DIGIT_OF).filter((w) => /^[a-z]+$/.test(w)).map((w) => `${w} `),
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!PAIR.test(text)) return;
    SPELLED.lastIndex = 0;
    for (let m = SPELLED.exec(text); m; m = SPELLED.exec(text)) {
      let digits = 0;
      let words = 0;
      let value = '';
      for (const t of m[0].split(/[\s,./-]+/)) {
        if (t.length === 0) continue;
        if (WORD.test(t)) {
          words++;
          digits++;
          value += DIGIT_OF[t.toLowerCase()] ?? '?';
        } else {
          digits += t.length;
          value += t;
        }
      }
      if (words < 4 || digits < 7) continue;
      const start = m.index;
      const end = m.index + m[0].length;
      if (overlapsAny(out, start, end)) continue;
      // a card number read out (`four five three nine … oh three`): sixteen digits and its Luhn check digit
      if (digits >= 13 && digits <= 19) {
        if (isCardNumber(value)) out.push({ start, end, category: 'credit_card', priority: 12 });
        else if (digits <= 15) out.push({ start, end, category: 'phone', priority: 12 });
        continue;
      }
      if (digits <= 15) out.push({ start, end, category: 'phone', priority: 12 });
    }
    // numbers said in pairs or with teens and tens, in Spanish or German (spoken-numbers.ts)
    SPOKEN_RUN.lastIndex = 0;
    for (let m = SPOKEN_RUN.exec(text); m; m = SPOKEN_RUN.exec(text)) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (overlapsAny(out, start, end)) continue;
      const { digits, words } = spokenDigits(m[0]);
      if (words >= 4 && digits.length >= 8 && digits.length <= 13) out.push({ start, end, category: 'phone', priority: 12 });
    }
  },
};
