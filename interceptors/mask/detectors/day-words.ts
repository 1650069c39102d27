/**
 * Days of the month (1–31) and years written as words, for the birth-date detectors (regular
 * expression sources, no groups that capture). English ordinals and cardinals, and the day words of
 * the other languages whose cues and month names date-of-birth.ts knows: Spanish (`catorce`,
 * `veintiuno`, `primero`), French (`quatorze`, `vingt et un`, `premier`), German ordinals
 * (`vierzehnten`, `einundzwanzigsten`), Italian (`quattordici`, `primo`), Portuguese (`catorze`,
 * `quatorze`, `primeiro`).
 */
export const UNITS = '(?:one|two|three|four|five|six|seven|eight|nine)';
export const TEENS = '(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';
export const TENS = '(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)';
const ORDINAL_UNITS = '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)';

/** 1–31 in English: ordinal or cardinal (`fourteenth`, `twenty-first`, `thirty first`, `fourteen`). */
export const ENGLISH_DAY =
  `(?:(?:twenty|thirty)[\\s-]${ORDINAL_UNITS}|twentieth|thirtieth|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|${ORDINAL_UNITS}` +
  `|(?:twenty|thirty)[\\s-]${UNITS}|${TEENS}|twenty|thirty|${UNITS})`;

const SPANISH_DAY =
  '(?:primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieci(?:séis|seis|siete|ocho|nueve)|veinti(?:uno|dós|dos|trés|tres|cuatro|cinco|séis|seis|siete|ocho|nueve)|veinte|treinta(?: y uno)?)';
const FRENCH_DAY =
  '(?:premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix(?:-(?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize|vingt(?:(?: et |-et-)un|-(?:deux|trois|quatre|cinq|six|sept|huit|neuf))?|trente(?:(?: et |-et-)un)?)';
const GERMAN_DAY =
  '(?:(?:(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?zwanzigsten|(?:einund)?dreißigsten|(?:ers|zwei|drit|vier|fünf|sechs|sieb|ach|neun|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn)ten)';
const ITALIAN_PORTUGUESE_DAY =
  '(?:primo|primeiro|quattordici|catorze|quatorze|quindici|quinze|ventuno|vinte e um|trentuno|trinta e um)';

/** 1–31 as a word in any of these languages. */
export const DAY_WORD = `(?:${ENGLISH_DAY}|${SPANISH_DAY}|${FRENCH_DAY}|${GERMAN_DAY}|${ITALIAN_PORTUGUESE_DAY})`;

/** A year as English words: `nineteen eighty five`, `nineteen eighty-five`, `nineteen oh five`, `two thousand and three`, `twenty twelve`. */
const ENGLISH_YEAR =
  `(?:(?:nineteen|twenty)[\\s-](?:${TENS}(?:[\\s-]${UNITS})?|${TEENS}|(?:oh|o|zero)[\\s-]${UNITS}|hundred)` +
  `|two[\\s-]thousand(?:\\s+(?:and\\s+)?(?:${TENS}(?:[\\s-]${UNITS})?|${TEENS}|${UNITS}))?)`;

/** A year as German words, written as one: `neunzehnhundertsiebzig`, `neunzehnhundertundachtzig`, `zweitausenddrei`. */
const GERMAN_YEAR =
  '(?:neunzehnhundert|zweitausend)(?:und)?(?:(?:(?:ein|zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun)und)?(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig)' +
  '|zehn|elf|zwölf|zwoelf|dreizehn|vierzehn|fünfzehn|fuenfzehn|sechzehn|siebzehn|achtzehn|neunzehn|eins|zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun)?';

/** A year as Spanish words: `mil novecientos setenta y cinco`, `dos mil tres`. */
const SPANISH_YEAR =
  '(?:mil\\s+novecientos|dos\\s+mil)(?:\\s+(?:(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\\s+y\\s+(?:uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?' +
  '|veinti(?:uno|dós|dos|trés|tres|cuatro|cinco|séis|seis|siete|ocho|nueve)|veinte|diez|once|doce|trece|catorce|quince|dieci(?:séis|seis|siete|ocho|nueve)|uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?';

/** A year in words, in English, German or Spanish. */
export const SPELLED_YEAR = `(?:${ENGLISH_YEAR}|${GERMAN_YEAR}|${SPANISH_YEAR})`;
