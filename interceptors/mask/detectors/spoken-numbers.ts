/**
 * Numbers read out in Spanish, German or English number words (`eleven eighty seven`), as speech-to-text writes a phone number said
 * in pairs (`cincuenta y cinco veintiocho cuarenta y uno noventa y tres cero siete` — 55 28 41 93
 * 07; `null neun elf drei acht …` — 0 9 11 3 8 …): the digits a run of number words spells. Used by
 * spelled-phone.ts after its own gate (two digit words in a row), so text without any pays nothing.
 */
const UNITS: Readonly<Record<string, number>> = {
  cero: 0, uno: 1, una: 1, un: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9,
  null: 0, eins: 1, ein: 1, zwei: 2, zwo: 2, drei: 3, vier: 4, fünf: 5, funf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9,
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const TEENS: Readonly<Record<string, number>> = {
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciséis: 16, dieciseis: 16, diecisiete: 17, dieciocho: 18,
  diecinueve: 19, veinte: 20, veintiuno: 21, veintiún: 21, veintidós: 22, veintidos: 22, veintitrés: 23, veintitres: 23,
  veinticuatro: 24, veinticinco: 25, veintiséis: 26, veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29,
  zehn: 10, elf: 11, zwölf: 12, zwoelf: 12, dreizehn: 13, vierzehn: 14, fünfzehn: 15, fuenfzehn: 15, sechzehn: 16,
  siebzehn: 17, achtzehn: 18, neunzehn: 19,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
  zwanzig: 20, dreißig: 30, dreissig: 30, vierzig: 40, fünfzig: 50, fuenfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
/** English tens take their unit without a joining word (`eighty seven`). */
const ENGLISH_TENS: ReadonlySet<string> = new Set(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']);
/** German units and tens in one word (`dreiundzwanzig`). */
const GERMAN_COMPOUND = /^(eins|ein|zwei|drei|vier|fünf|funf|sechs|sieben|acht|neun)und(zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig)$/;

/** A run of number words (and `y` between a ten and a unit), at word boundaries. */
const WORD = '(?:' + [...Object.keys(UNITS), ...Object.keys(TEENS), ...Object.keys(TENS)].sort((a, b) => b.length - a.length).join('|') + '|(?:eins|ein|zwei|drei|vier|fünf|funf|sechs|sieben|acht|neun)und(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig))';
export const SPOKEN_RUN = new RegExp(`(?<![\\p{L}\\d])${WORD}(?:[ \\t,.-]+(?:y[ \\t]+)?${WORD}){3,24}(?![\\p{L}\\d])`, 'giu');

/** The digits a run of number words spells, and how many number words it holds. */
export function spokenDigits(run: string): { digits: string; words: number } {
  const tokens = run.toLowerCase().split(/[\s,.-]+/).filter((t) => t.length > 0);
  let digits = '';
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'y') continue;
    words++;
    const ten = TENS[t];
    if (ten !== undefined) {
      // `cincuenta y cinco`: the ten and its unit are one number
      if (tokens[i + 1] === 'y' && UNITS[tokens[i + 2]] !== undefined && UNITS[tokens[i + 2]] > 0) {
        digits += String(ten + UNITS[tokens[i + 2]]);
        i += 2;
      } else if (ENGLISH_TENS.has(t) && UNITS[tokens[i + 1]] !== undefined && UNITS[tokens[i + 1]] > 0 && tokens[i + 1] !== 'ein' && tokens[i + 1] !== 'un') {
        digits += String(ten + UNITS[tokens[i + 1]]);
        i += 1;
      } else digits += String(ten);
      continue;
    }
    const teen = TEENS[t];
    if (teen !== undefined) {
      digits += String(teen);
      continue;
    }
    const unit = UNITS[t];
    if (unit !== undefined) {
      digits += String(unit);
      continue;
    }
    const c = GERMAN_COMPOUND.exec(t);
    if (c) digits += String(TENS[c[2]] + (UNITS[c[1]] ?? 1));
  }
  return { digits, words };
}
