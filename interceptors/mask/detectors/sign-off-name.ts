import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { looksLikeOrganisation } from '../map-keys';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';
import { WORD_TOOLS } from './words';

const { wordHash, wordAt } = WORD_TOOLS;

/**
 * The name under a closing at the very end of a message, in the short forms chat and marketplace
 * messages use (`… noch da? LG Mareike Oberländer`, `Best, Hannah`, `Terveisin Mikko Virtanen`,
 * `Pozdrav, Ivana`): one or two capitalised words that end the text, right after a closing word
 * that starts a sentence or a line. Without a comma or line break after the closing, one word
 * alone must be a given name ('LG Electronics', 'Best Effort' are not sign-offs). Read backwards
 * from the end, so a string costs a few character tests unless it ends in a capitalised word.
 * Also the first line after an e-mail signature delimiter (`\n-- \nNiamh | Front desk`), and the
 * name a message opens with when it addresses someone (`Cody, please …`, see openingName).
 */
const CLOSINGS: ReadonlySet<string> = new Set(
  `lg vg glg mfg gruß grüße grüsse grüßen best cheers thanks thx ta love xoxo hugs saludos saludo abrazos besos cordialement bises groetjes groeten mvg gr pozdrawiam pozdrav pozdravy pozdrawiamy hilsen mvh vh hälsning hälsningar terveisin t üdv üdvözlettel saluti ciao cumprimentos abraços atenciosamente obrigado obrigada salam cariño carinho abrazo abraço affetto bisous kisses`.split(' '),
);
/** Who signs without a name ('Love, Mum', 'Cheers, Team'). */
const NOT_A_SIGNER: ReadonlySet<string> = new Set('mum mom mam mummy mommy dad daddy nan nana gran granny grandma grandpa papa mama team everyone all us me you'.split(' '));
/** Closings of several words end with these: the words before them belong to the closing. */
const LAST_OF_MANY: ReadonlySet<string> = new Set(['grüßen', 'grüße', 'saludo', 'hälsning', 'hilsen', 'cariño', 'carinho', 'abrazo', 'abraço', 'affetto']);
const PRIORITY = 12;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}
function isNameChar(c: number): boolean {
  return isLetter(c) || c === 39 || c === 0x2019 || c === 45;
}
function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x100 && c <= 0x17f && (c & 1) === 0);
}
function isLower(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (c >= 0x100 && c <= 0x17f && (c & 1) === 1);
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

/** Start of the word of name characters ending at `end`. */
function wordStart(text: string, end: number): number {
  let s = end;
  while (s > 0 && isNameChar(text.charCodeAt(s - 1))) s--;
  return s;
}

/** The closing's name, [start, end), or undefined. */
function signOffName(text: string): [number, number, boolean] | undefined {
  let e = text.length;
  while (e > 0) {
    const c = text.charCodeAt(e - 1);
    if (!(isBlank(c) || c === 46 || c === 33)) break;
    e--;
  }
  // a name ends in a small letter: values ending in digits, capitals or symbols stop here
  if (e < 6 || !isLower(text.charCodeAt(e - 1))) return undefined;
  const s2 = wordStart(text, e);
  if (e - s2 < 2 || !isUpper(text.charCodeAt(s2))) return undefined;
  let nameStart = s2;
  let twoWords = false;
  let p = s2;
  while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
  // two people signing ('love Declan & Aoife', 'Grüße, Anna und Jonas'): the word before the conjunction is the first
  // (the name after the conjunction must be a listed given name: 'Afrika & LatAm' is no pair of people)
  const joined = joinedBefore(text, p);
  if (joined >= 0) {
    if (!givenNameSet().has(wordHash(text, s2, e))) return undefined;
    p = joined;
  }
  if (p < s2) {
    const s1 = wordStart(text, p);
    if (p - s1 >= 2 && isUpper(text.charCodeAt(s1)) && !CLOSINGS.has(text.slice(s1, p).toLowerCase())) {
      nameStart = s1;
      twoWords = true;
    }
  }
  // a dash before the name ('… reset sent. -- Venkatesh', '— Ana Ribeiro'): a sign-off when it
  // follows a sentence or a line; the first word must then be a given name (sure = false)
  const dash = dashBefore(text, nameStart);
  if (dash >= 0) {
    // a dash inside a line ('Route Zürich – Berlin') signs only with two words, or a common given name
    if (!twoWords && !atLineStart(text, dash) && !givenNameSet().has(wordHash(text, nameStart, e))) return undefined;
    return [nameStart, e, false];
  }
  // the separator between closing and name, then the closing word
  let q = nameStart;
  let commaOrBreak = false;
  while (q > 0) {
    const c = text.charCodeAt(q - 1);
    if (c === 44 || c === 10 || c === 13) commaOrBreak = true;
    else if (!(isBlank(c) || c === 33 || c === 46)) break;
    q--;
  }
  if (q === nameStart && !commaOrBreak) return undefined;
  const c0 = wordStart(text, q);
  if (c0 === q) return undefined;
  const closing = text.slice(c0, q).toLowerCase();
  if (!CLOSINGS.has(closing)) return undefined;
  // the closing starts the text, a sentence or a line (or ends a closing of several words)
  let b = c0;
  while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
  const before = b === 0 ? -1 : text.charCodeAt(b - 1);
  const starts = b === 0 || before === 10 || before === 13 || ((before === 46 || before === 33 || before === 63 || before === 41) && b < c0);
  if (!starts && !(LAST_OF_MANY.has(closing) && isLetter(before))) return undefined;
  return [nameStart, e, commaOrBreak || twoWords];
}

/** Where the blank before '&' / 'and' / 'und' / 'y' / 'et' ending at `p` starts (the conjunction of two signing names), or -1. */
function joinedBefore(text: string, p: number): number {
  let w = p;
  while (w > 0 && text.charCodeAt(w - 1) !== 32 && p - w <= 3) w--;
  const word = text.slice(w, p);
  if (w === 0 || p - w > 3 || !(word === '&' || word === 'and' || word === 'und' || word === 'y' || word === 'et' || word === 'e')) return -1;
  let b = w;
  while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
  return b < w && isLetter(text.charCodeAt(b - 1)) ? b : -1;
}

/**
 * Start of a sign-off dash ('--', '—', '–', '~') right before `nameStart`, when it starts the text
 * or a line, or stands between blanks; else -1.
 */
function dashBefore(text: string, nameStart: number): number {
  let p = nameStart;
  while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
  let d = p;
  const c = text.charCodeAt(d - 1);
  if (c === 0x2014 || c === 0x2013 || c === 126) d--;
  else if (c === 45 && text.charCodeAt(d - 2) === 45) d -= 2;
  else return -1;
  if (d === p) return -1;
  let b = d;
  while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
  if (b === 0) return d;
  const before = text.charCodeAt(b - 1);
  // after a sentence or a line, or between blanks after a word ('please allow – Gianmarco Esposito');
  // not inside a word or a range ('A--B', 'Zürich–Berlin')
  if (before === 10 || before === 13) return d;
  return b < d && p < nameStart ? d : -1;
}

/** Whether only blanks stand between the start of the text or a line and `at`. */
function atLineStart(text: string, at: number): boolean {
  let b = at;
  while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
  return b === 0 || text.charCodeAt(b - 1) === 10 || text.charCodeAt(b - 1) === 13;
}

/** The first line after an e-mail signature delimiter ('-- ' on its own line): the sender's name, then a role or company. */
const SIGNATURE = /\n--[ \t]?\r?\n[ \t]*(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})[ \t]*(?=$|\r?\n|[|,/–-]|[ \t]+[|–-][ \t])/u;

/** Words that may follow an opening name and its comma: a request or a message to that person. */
const AFTER_OPENING: ReadonlySet<string> = new Set(
  `please pls can could would will kindly thanks thank just i i'm we hope as following per quick sorry good hi hello sure yes no ok okay bitte danke merci s'il por favor gracias grazie per favore proszę prosze dziękuję obrigado`.split(' '),
);

/**
 * A message that opens by addressing someone (`Jean-Baptiste, please send the signed copy …`,
 * `Cody, can you …`): a given name from the gazetteer (the first part of a hyphenated one), maybe
 * a second capitalised word, then a comma and a word of request. Only the start of the text is
 * read, so this costs a few character tests per string.
 */
function openingName(text: string): [number, number] | undefined {
  let s = 0;
  while (s < text.length && isBlank(text.charCodeAt(s))) s++;
  if (!isUpper(text.charCodeAt(s))) return undefined;
  let e = s;
  while (e < text.length && isNameChar(text.charCodeAt(e))) e++;
  if (e - s < 2 || !isLower(text.charCodeAt(e - 1))) return undefined;
  const firstEnd = text.indexOf('-', s) > s && text.indexOf('-', s) < e ? text.indexOf('-', s) : e;
  if (!wideGivenNameSet().has(wordHash(text, s, firstEnd))) return undefined;
  let end = e;
  // a family name after the given name ('Cody Harris, please …')
  if (text.charCodeAt(e) === 32 && isUpper(text.charCodeAt(e + 1))) {
    let f = e + 1;
    while (f < text.length && isNameChar(text.charCodeAt(f))) f++;
    if (f - e > 2 && isLower(text.charCodeAt(f - 1))) end = f;
  }
  if (text.charCodeAt(end) !== 44) return undefined;
  let w = end + 1;
  while (w < text.length && isBlank(text.charCodeAt(w))) w++;
  if (w === end + 1) return undefined;
  let we = w;
  while (we < text.length && (isLetter(text.charCodeAt(we)) || text.charCodeAt(we) === 39)) we++;
  if (!AFTER_OPENING.has(text.slice(w, we).toLowerCase())) return undefined;
  return [s, end];
}

export const signOffNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure | TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('\n--') >= 0) signatureName(text, out);
    const opening = openingName(text);
    if (opening && !looksLikeOrganisation(text.slice(opening[0], opening[1]))) out.push({ start: opening[0], end: opening[1], category: 'person_name', priority: PRIORITY });
    if (text.charCodeAt(text.length - 1) === 41) parenthesisedSignOff(text, out);
    const found = signOffName(text);
    if (!found) return;
    const [start, end, sure] = found;
    const name = text.slice(start, end);
    if (looksLikeOrganisation(name) || NOT_A_SIGNER.has(name.toLowerCase())) return;
    if (!sure && !wideGivenNameSet().has(wordHash(text, start, wordAt(text, start)))) return;
    out.push({ start, end, category: 'person_name', priority: PRIORITY });
  },
};

/**
 * A name in brackets that ends a message after its last sentence (`Le service était rapide,
 * merci! (Hoang)`, `Great support. (Ana Lima)`): the writer signing a survey answer or a review.
 * One or two capitalised words; the first must be a given name of the multilingual list, so
 * `(Pending)`, `(Admin)` or `(EU)` stay.
 */
function parenthesisedSignOff(text: string, out: Match[]): void {
  const close = text.length - 1;
  const open = text.lastIndexOf('(', close);
  if (open < 2 || close - open > 40) return;
  let b = open;
  while (b > 0 && isBlank(text.charCodeAt(b - 1))) b--;
  const before = text.charCodeAt(b - 1);
  // after a sentence's end (or a line break), with a space before the bracket
  if (b === open || !(before === 46 || before === 33 || before === 63 || before === 10 || before === 13)) return;
  const inner = text.slice(open + 1, close);
  const m = /^(\p{Lu}[\p{Ll}'’-]+)(?: \p{Lu}[\p{Ll}'’-]+)?$/u.exec(inner);
  if (!m || looksLikeOrganisation(inner) || !wideGivenNameSet().has(wordHash(text, open + 1, open + 1 + m[1].length))) return;
  out.push({ start: open + 1, end: close, category: 'person_name', priority: PRIORITY });
}

function signatureName(text: string, out: Match[]): void {
  const m = SIGNATURE.exec(text);
  if (!m || looksLikeOrganisation(m[1])) return;
  const start = m.index + m[0].length - m[1].length - (m[0].length - m[0].trimEnd().length);
  out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
}

/**
 * A person wished well by name (`Feliz grado, Juanca!`, `Happy birthday, Tomek!`, `Congrats,
 * Ama!`): a wish, a comma, one capitalised word and '!' — a gift message or a card's text. The word
 * need not be a listed given name (nicknames are what such messages use). Found from each '!'.
 */
const WISH_BEFORE =
  /(?:^|[^\p{L}])(?:happy|feliz|joyeux|joyeuse|bon|bonne|buon|frohe[ns]?|alles gute|congrats|congratulations|felicidades|felicitaciones|parabéns|félicitations|felicitations|herzlichen glückwunsch|gefeliciteerd|wszystkiego najlepszego|welcome|bienvenid[oa]|bienvenue|willkommen)\b[^,!.?\n]{0,32},[ \t]+$/iu;

/** Who is wished well without a name. */
const NOT_WISHED: ReadonlySet<string> = new Set('admin user users guest guests customer customers friend friends folks everybody world there sir madam amigos amigo amiga todos everyone all team colleagues'.split(' '));

export const wishedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let p = text.indexOf('!'); p >= 0; p = text.indexOf('!', p + 1)) {
      let e = p;
      while (e > 0 && isBlank(text.charCodeAt(e - 1))) e--;
      const s = wordStart(text, e);
      if (e - s < 2 || e - s > 20 || !isUpper(text.charCodeAt(s)) || !isLower(text.charCodeAt(e - 1))) continue;
      const word = text.slice(s, e).toLowerCase();
      if (NOT_A_SIGNER.has(word) || NOT_WISHED.has(word) || !WISH_BEFORE.test(text.slice(Math.max(0, s - 60), s))) continue;
      out.push({ start: s, end: e, category: 'person_name', priority: PRIORITY });
    }
  },
};
