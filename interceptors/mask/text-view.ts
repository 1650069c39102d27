/**
 * The text the detectors should see when the written text hides its content: compatibility forms
 * (full-width `４５３９`, ligatures, circled or mathematical letters and digits, odd spaces and
 * hyphens → NFKC), invisible characters inside values (zero-width space/joiners, word joiner,
 * BOM, soft hyphen → removed) and percent-encoded characters that separate or build values in URLs
 * and query strings (`%2B49%2030…`, `4111%201111…`, `jane%40…`; a '+' between digits is a space there). The detectors run on the view;
 * `map` takes each match back to the original text, so the mask covers the original characters
 * (a zero-width character inside a match is masked with it).
 *
 * Built only when the cheap check finds such a character: for text without them (nearly all)
 * the cost is one native regex test that fails at once on one-byte strings, and two `indexOf`.
 */
export interface TextView {
  text: string;
  /** map[i]: offset in the original of the view's character i; map[text.length] = original length. */
  map: Int32Array;
}

/** Characters whose NFKC form differs or that are invisible; none is in Latin-1, so one-byte strings fail at once. */
const WIDE_TRIGGER = /[\u180e\ufeff\u2000-\u206f\u2100-\u218f\u2460-\u24ff\u3000\ufb00-\ufb06\ufe50-\ufe6f\uff00-\uffef\ud835\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f\u0e50-\u0e59\u0ed0-\u0ed9\u1040-\u1049\u17e0-\u17e9]/;

/**
 * The zero of each block of decimal digits other than ASCII that numbers are written in (Arabic-Indic,
 * Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai,
 * Lao, Myanmar, Khmer): a phone number or card written `٠٥٢٨٠٩٤٥٩٢` or `९८७६५४३२१०` is read as its
 * ASCII digits. NFKC leaves these digits as they are.
 */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x1040, 0x17e0];

/** The ASCII digit a script's decimal digit stands for, or -1. */
function scriptDigit(c: number): number {
  if (c < 0x0660 || c > 0x17e9) return -1;
  for (const z of DIGIT_ZEROS) if (c >= z && c <= z + 9) return c - z;
  return -1;
}
/** Percent escapes decoded in the view: characters that build or separate values (space + - . ( ) / : = @ _ ,). */
const DECODED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['20', ' '],
  ['2B', '+'],
  ['2D', '-'],
  ['2E', '.'],
  ['28', '('],
  ['29', ')'],
  ['2F', '/'],
  ['3A', ':'],
  ['3D', '='],
  ['40', '@'],
  ['5F', '_'],
  ['2C', ','],
  // apostrophes and quotes of text sent form-encoded ('Hi+it%27s+Youssef', 'O%27Brien')
  ['27', "'"],
  ['22', '"'],
  ['21', '!'],
  ['3F', '?'],
]);

/** A UTF-8 lead byte escape and its continuation byte escapes. */
const UTF8_ESCAPES = /^%(?:[cCdD][0-9a-fA-F]%[89abAB][0-9a-fA-F]|[eE][0-9a-fA-F](?:%[89abAB][0-9a-fA-F]){2}|[fF][0-7](?:%[89abAB][0-9a-fA-F]){3})/;

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

function isInvisible(c: number): boolean {
  return c === 0x00ad || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0x180e;
}

/**
 * Digits written one by one with a space between them (`5 2 1 - 3 3 - 8 0 4 7`, `0 9 3 8 1 2 7 4 4 6`):
 * a number spaced out so that no detector sees it. Seven digits or more, each alone (a group of
 * two, `44 20 7946`, is how numbers are grouped, not spaced out); a dash or dot between groups
 * may stand between spaces. The view drops those spaces.
 */
const SPACED_DIGITS_HINT = /\d (?:[-.] )?\d (?:[-.] )?\d/;
const SPACED_DIGITS = /(?<![\d.,])\d(?: (?:[-.] )?\d(?!\d)){6,}/g;

/** Offsets of the spaces the view drops from spaced-out digits (empty when none). */
function spacedDigitGaps(text: string): number[] {
  const gaps: number[] = [];
  if (!SPACED_DIGITS_HINT.test(text)) return gaps;
  SPACED_DIGITS.lastIndex = 0;
  for (let m = SPACED_DIGITS.exec(text); m; m = SPACED_DIGITS.exec(text)) {
    for (let i = m.index; i < m.index + m[0].length; i++) if (text.charCodeAt(i) === 32) gaps.push(i);
  }
  return gaps;
}

/** True when `text` holds something the view would change (cheap; see the module comment). */
export function needsView(text: string): boolean {
  if (WIDE_TRIGGER.test(text) || text.indexOf('\u00ad') >= 0) return true;
  if (SPACED_DIGITS_HINT.test(text) && spacedDigitGaps(text).length > 0) return true;
  for (let p = text.indexOf('%'); p >= 0; p = text.indexOf('%', p + 1)) {
    if (DECODED_ESCAPES.has(text.slice(p + 1, p + 3).toUpperCase()) || UTF8_ESCAPES.test(text.slice(p, p + 6))) return true;
  }
  for (let p = text.indexOf('+', 1); p >= 0; p = text.indexOf('+', p + 1)) if (isPlusSpace(text, p)) return true;
  return false;
}

/** A '+' between two digits (or a digit and '(' / ')' and a digit, as in `%2B33+(0)1+…`, `%2B1+(607)+303-…`): a space written the query-string way (`%2B48+810+519+995`); a phone's own '+' only leads. */
function isPlusSpace(text: string, p: number): boolean {
  const a = text.charCodeAt(p - 1);
  const b = text.charCodeAt(p + 1);
  return ((a >= 48 && a <= 57) || a === 41) && ((b >= 48 && b <= 57) || b === 40);
}

/** The normalised view of `text`, or undefined when it would equal the text. */
export function textView(text: string): TextView | undefined {
  if (!needsView(text)) return undefined;
  const n = text.length;
  const escaped = text.indexOf('%') >= 0;
  const gaps = spacedDigitGaps(text);
  let gap = 0;
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (gap < gaps.length && gaps[gap] === i) {
      gap++;
      i++;
      continue;
    }
    if (c === 37) {
      const d = DECODED_ESCAPES.get(text.slice(i + 1, i + 3).toUpperCase());
      if (d !== undefined) {
        out += d;
        map.push(i);
        i += 3;
        continue;
      }
      // a UTF-8 sequence written as escapes ('R%C3%B6%C3%9Fler'): the character it encodes
      const utf8 = UTF8_ESCAPES.exec(text.slice(i, i + 12));
      if (utf8) {
        let decoded: string | undefined;
        try {
          decoded = decodeURIComponent(utf8[0]);
        } catch {
          decoded = undefined; // not valid UTF-8: left as written
        }
        if (decoded !== undefined) {
          for (let k = 0; k < decoded.length; k++) map.push(i);
          out += decoded;
          i += utf8[0].length;
          continue;
        }
      }
    }
    if (c === 43 && escaped && isWordCode(text.charCodeAt(i - 1)) && (isWordCode(text.charCodeAt(i + 1)) || escapeAt(text, i + 1))) {
      // 'name=Bj%C3%B6rn+R%C3%B6%C3%9Fler', 'addr=5+Rue+de+Rivoli%2C+75001+Paris': a space written the query-string way,
      // also before an escape ('Body=my+number+%28415%29+898-7837': form encoding writes every '+' of the text as %2B)
      out += ' ';
      map.push(i);
      i++;
      continue;
    }
    if (c === 43 && isPlusSpace(text, i)) {
      out += ' ';
      map.push(i);
      i++;
      continue;
    }
    if (c < 0x80) {
      out += text[i];
      map.push(i);
      i++;
      continue;
    }
    if (isInvisible(c)) {
      i++;
      continue;
    }
    const digit = scriptDigit(c);
    if (digit >= 0) {
      out += String.fromCharCode(48 + digit);
      map.push(i);
      i++;
      continue;
    }
    // one code point (a surrogate pair stays together) and the combining marks after it
    let j = i + (c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1);
    while (j < n && isCombining(text.charCodeAt(j))) j++;
    const norm = text.slice(i, j).normalize('NFKC');
    for (let k = 0; k < norm.length; k++) map.push(i);
    out += norm;
    i = j;
  }
  map.push(n);
  return { text: out, map: Int32Array.from(map) };
}

function isCombining(c: number): boolean {
  return (c >= 0x0300 && c <= 0x036f) || c === 0x3099 || c === 0x309a || (c >= 0x20d0 && c <= 0x20ff);
}

/** The original span of the view's [start, end). */
export function originalSpan(view: TextView, start: number, end: number): { start: number; end: number } {
  const map = view.map;
  // a match ending inside the expansion of one character (NFKC 'ﬁ' → 'fi') covers all of it
  let e = end;
  while (e > start && e < map.length - 1 && map[e] === map[e - 1]) e++;
  return { start: map[start], end: map[e] };
}

/** A percent escape the view decodes starts at `p` (`%28`, `%C3%B6`). */
function escapeAt(text: string, p: number): boolean {
  return text.charCodeAt(p) === 37 && (DECODED_ESCAPES.has(text.slice(p + 1, p + 3).toUpperCase()) || UTF8_ESCAPES.test(text.slice(p, p + 12)));
}

/** A letter or a digit: a '+' between two of them in percent-encoded text is a space. */
function isWordCode(c: number): boolean {
  return isLetterCode(c) || (c >= 48 && c <= 57);
}
