import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';
import { WORD_TOOLS } from './words';
import { compileCues } from '../cue-grams';

const { wordHash } = WORD_TOOLS;

/**
 * A given name typed in lower case after a title, a kinship word or a role, in text typed all in
 * lower case — search queries, chat and speech-to-text (`dr şahin diş hekimi`, `pemilik bu dewi`,
 * `resident niamh refused breakfast`, `my mum siobhan`). Without capitals person-name.ts sees
 * nothing, so this reads the word after such a cue and takes it when the multilingual given-name
 * list knows it. Only the given name is taken: what follows a lower-case name is as often the
 * sentence going on (`niamh refused`) as a family name. Runs only on text without an ASCII
 * capital (one class test), so ordinary text pays nothing.
 */
// \b and a plain space rather than a look-behind and \p{Ll}: tried at every position of lower-case
// prose, the look-behind form cost 2 µs per KiB, this one 1.1 (the character after is checked by hand)
const CUE =
  /\b(?:dr|mr|mrs|ms|miss|mx|bu|ibu|pak|bapak|sr|sra|srta|don|doña|herr|frau|sig|signora|mme|mlle|son|daughter|wife|husband|mum|mom|mother|dad|father|brother|sister|grandson|granddaughter|nephew|niece|resident|patient|pt|nok|client|customer|owner|pemilik|landlord|tenant|caller|driver|courier|nurse|doctor|hijo|hija|esposa|esposo|madre|padre|filho|filha|sohn|tochter|mann)[.,]? /g;
/**
 * The cues looked for in text with capitals too: titles and the kinship and role words agents'
 * notes use most (`cb to mrs okafor`, `wife funmilayo adeyemi`, `the driver peter`). Fewer first
 * letters than CUE: 0.4 against 1.0–1.9 µs per KiB of text with capitals.
 */
const MIXED_CUE = /\b(?:mrs?|ms|miss|mum|mom|husband|wife|daughter|driver)[.,]? /g;
const PRIORITY = 13;

const CUE_WORDS = compileCues(cueWords(CUE));
const MIXED_CUE_WORDS = compileCues(cueWords(MIXED_CUE));

/** The ASCII words of a `\b(?:a|b|…)[.,]? ` cue pattern as cue literals (` a `: a boundary, the word, a boundary). */
function cueWords(re: RegExp): string[] {
  const inner = /\(\?:([^()]*)\)/.exec(re.source);
  if (!inner) throw new Error('cue pattern without a word group');
  return inner[1].split('|').filter((w) => /^[a-z]+$/.test(w) || /^[a-z]+\?$/.test(w)).flatMap((w) => (w.endsWith('?') ? [` ${w.slice(0, -2)} `, ` ${w.slice(0, -1)} `] : [` ${w} `]));
}

function isNameLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0x24f && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff) || c === 39 || c === 0x2019;
}

export const lowercaseCuedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 6,
  // CUE's words (MIXED_CUE's are among them), each at \b and followed by '.', ',' or a space; the
  // contact words (`ke w`, `ke t`, `ked `) — or '/', markup (`w/`)
  cues: [...cueWords(CUE), 'ke w', 'ke t', 'ked '],
  cuesUnless: TEXT_CLASS.structure,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // in text with capitals too: a given name in lower case after a word of contact (`Spoke w/ chidi re: …`)
    const mixed = ctx.hasAnyClass(TEXT_CLASS.upper);
    if (mixed) {
      // (searches from the rare '/' and 'k': `w/`, `spo|ke w|ith`, `spo|ke t|o`, `tal|ked |…`)
      if (text.indexOf('/') >= 0 || text.indexOf('ke w') >= 0 || text.indexOf('ke t') >= 0 || text.indexOf('ked ') >= 0) contactedNames(text, out);
    }
    // in text with capitals too: agents' notes and riders' quotes type names in lower case (`cb to mrs okafor`, `the driver peter took …`)
    // (markup lets the detector past the scanner's cue gate: the words are asked for again here)
    if (!ctx.mayHoldCue(mixed ? MIXED_CUE_WORDS : CUE_WORDS)) return;
    const names = mixed ? givenNameSet() : wideGivenNameSet();
    const cue = mixed ? MIXED_CUE : CUE;
    cue.lastIndex = 0;
    for (let m = cue.exec(text); m; m = cue.exec(text)) {
      const start = m.index + m[0].length;
      // \b took a letter outside ASCII for a boundary ('açaí dr'): the cue must stand apart
      if (m.index > 0 && isNameLetter(text.charCodeAt(m.index - 1))) continue;
      let end = start;
      while (end < text.length && isNameLetter(text.charCodeAt(end))) end++;
      if (end - start < 3 || (end < text.length && /[\p{L}\p{N}]/u.test(text[end]))) continue;
      // a possessive ('my mum siobhan's place'): the name without its 's
      if (end - start > 4 && text.charCodeAt(end - 1) === 115 && (text.charCodeAt(end - 2) === 39 || text.charCodeAt(end - 2) === 0x2019)) end -= 2;
      // a word joined to another by a dash (`client web-portal`, `user admin-bot`) is a thing's name, unless a title stands before it (`mrs smith-jones`)
      const honorific = HONORIFIC.has(m[0].replace(/[., ]+$/, ''));
      if (!honorific && text.charCodeAt(end) === 45 && isNameLetter(text.charCodeAt(end + 1))) continue;
      const given = names.has(wordHash(text, start, end));
      // a double family name after a title (`mrs smith-jones`)
      if (honorific) {
        while (text.charCodeAt(end) === 45 && isNameLetter(text.charCodeAt(end + 1))) {
          end++;
          while (end < text.length && isNameLetter(text.charCodeAt(end))) end++;
        }
      }
      // after a title of address the word is the family name as often as the given name (`mrs okafor`, `herr schmidt`)
      if (!given && honorific && end - start >= 3 && !NOT_AFTER_TITLE.has(text.slice(start, end)) && text.charCodeAt(end) !== 46) {
        out.push({ start, end, category: 'person_name', priority: PRIORITY });
        cue.lastIndex = end;
        continue;
      }
      if (given) {
        // the family name after it when the clause ends there or goes on with a connecting word (`husband emeka okafor to bring …`, `my mom, lourdes reyes`)
        if (text.lastIndexOf('-', end) < start) end = familyNameAfter(text, end);
        // a login made of the name (`owner ingrid.haugland`, `assignee ola_nowicka`): the whole handle
        let e2 = end;
        const j = text.charCodeAt(end);
        if (j === 46 || j === 95) {
          let f = end + 1;
          while (f < text.length && isNameLetter(text.charCodeAt(f))) f++;
          const next = text.charCodeAt(f);
          if (f - end > 2 && next !== 64 && !(next === 46 && isNameLetter(text.charCodeAt(f + 1)))) e2 = f;
        }
        out.push({ start, end: e2, category: 'person_name', priority: PRIORITY });
      }
      cue.lastIndex = end;
    }
  },
};

/** Titles of address: the lower-case word after one is a name even when the given-name list does not know it. */
const HONORIFIC: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'herr', 'frau', 'sr', 'sra', 'srta', 'sig', 'signora', 'mme', 'mlle', 'bu', 'ibu', 'pak', 'bapak', 'doña']);
/** Words after a title that are not a name (`ms word`, `mr and mrs`, `sr no`). */
const NOT_AFTER_TITLE: ReadonlySet<string> = new Set(['and', 'or', 'the', 'word', 'excel', 'office', 'teams', 'no', 'number', 'manager', 'engineer', 'developer', 'analyst', 'director', 'consultant', 'officer', 'staff', 'team', 'unknown', 'right']);
/** Words that may follow a lower-case name and end it: the clause goes on after the family name. */
const AFTER_FAMILY: ReadonlySet<string> = new Set(['to', 'from', 'on', 'at', 'with', 're', 'and', 'or', 'is', 'was', 'has', 'will', 'says', 'said', 'called', 'rang', 'for', 'in', 'via', 'e', 'y', 'et', 'und', 'en']);

/** The end of a lower-case family name right after a given name ending at `end` (one space between), or `end`. */
function familyNameAfter(text: string, end: number): number {
  if (text.charCodeAt(end) !== 32) return end;
  const s = end + 1;
  let e = s;
  while (e < text.length && (isNameLetter(text.charCodeAt(e)) || (text.charCodeAt(e) === 45 && e > s && isNameLetter(text.charCodeAt(e + 1))))) e++;
  if (e - s < 3 || text.charCodeAt(s) === 39) return end;
  const next = text.charCodeAt(e);
  // the clause ends after it
  if (e === text.length || next === 44 || next === 46 || next === 59 || next === 33 || next === 63 || next === 41 || next === 10 || next === 34) return e;
  if (next !== 32) return end;
  let w = e + 1;
  while (w < text.length && isNameLetter(text.charCodeAt(w))) w++;
  return AFTER_FAMILY.has(text.slice(e + 1, w)) ? e : end;
}

/** Words of contact before a person (`w/`, `spoke with`, `talked to`): a given name in lower case after them is the person. */
const CONTACTED = /(?<![\p{L}])(?:w\/|[Ss]poke (?:w\/|with|to)|[Tt]alked (?:w\/|with|to))[ \t]+(?=\p{Ll})/gu;

function contactedNames(text: string, out: Match[]): void {
  const names = givenNameSet();
  CONTACTED.lastIndex = 0;
  for (let m = CONTACTED.exec(text); m; m = CONTACTED.exec(text)) {
    const start = m.index + m[0].length;
    const end = lowerWordEnd(text, start);
    if (end - start >= 3 && !/[\p{L}\p{N}]/u.test(text[end] ?? '') && names.has(wordHash(text, start, end))) out.push({ start, end, category: 'person_name', priority: PRIORITY });
  }
}

/**
 * The opening of a message or a line: a speaker or timestamp prefix (`[10:02] customer: `), then a
 * greeting or the filler that opens a spoken answer, a self-introduction or both (`hi `, `hello this is `,
 * `hi im `, `dear `, `kia ora, `, `yeah it's ` — a transcript's reply to 'can I have your name').
 * Tried only where a line starts, so long text pays one sticky attempt per line.
 */
const OPENING =
  /[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?:[A-Za-z][A-Za-z ]{0,18}:[ \t]*)?((?:hi|hello|hey|hiya|dear|hola|ola|olá|ciao|bonjour|salut|hallo|halo|hai|jambo|habari|kia ora|hoi|hej|hei|moin|servus|salve|buongiorno|bom dia|oi|ahoj|merhaba|namaste|yeah|yes|yep|yup|sure|ok|okay|um|uh|erm|well|sí|si|ja|oui|sim)[ \t,!.]+)?((?:i['’]?m|i am|this is|it['’]?s|its|my name is|me llamo|soy|je suis|c['’]est|ich bin|hier ist|dit is|hier is|ik ben|sono|saya|nama saya)[ \t]+)?/iy;
/** Words that end a lower-case name at an opening rather than being its family name. */
const AFTER_NAME = new Set(['from', 'here', 'and', 'again', 'back', 'calling', 'speaking', 'writing', 'with', 'at', 'in', 'on', 'the', 'my', 'i', 'we', 'your', 'please', 'thanks', 'thank', 'there', 'team', 'all', 'good', 'again', ...'ici aquí aqui qui hier här täällä tässä'.split(' ')]);
/** `here` / `speaking` in the languages callers open with: the words before it are who is calling. */
const HERE_WORDS = new Set(['here', 'speaking', 'calling', 'ici', 'aquí', 'aqui', 'qui', 'hier', 'här', 'her', 'täällä', 'tässä']);

/** After the given name ending at `end` (and one more word, its family name), the caller's `here`. */
function saysHereAfter(text: string, end: number): boolean {
  let p = end;
  for (let words = 0; words < 2 && text.charCodeAt(p) === 32; words++) {
    const e = lowerWordEnd(text, p + 1);
    if (e === p + 1) return false;
    if (HERE_WORDS.has(text.slice(p + 1, e))) return true;
    p = e;
  }
  return false;
}

function isLowerNameLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0x24f && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
}

/** A dash standing alone as a clause break (`hi its sam kowalczyk - can u move…`). */
function isDashAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === 45 || c === 0x2013 || c === 0x2014) && text.charCodeAt(at + 1) === 32;
}

/** Particles of family names written in lower case (`de vries`, `van den berg`, `da silva`, `di stefano`). */
const FAMILY_PARTICLES = new Set(['de', 'der', 'den', 'van', 'von', 'da', 'di', 'do', 'dos', 'das', 'du', 'del', 'della', 'la', 'le', 'ter', 'ten', 'el', 'al', 'bin', 'binti', 'nic', 'mac', 'ní', 'ni', 'an', 'ap', 'uí']);

/** Where a family name starts at `at`, after at most two particles each followed by one space. */
function afterParticles(text: string, at: number): number {
  let p = at;
  for (let k = 0; k < 2; k++) {
    const e = lowerWordEnd(text, p);
    if (e === p || text.charCodeAt(e) !== 32 || !FAMILY_PARTICLES.has(text.slice(p, e))) break;
    p = e + 1;
  }
  return p;
}

function lowerWordEnd(text: string, at: number): number {
  let e = at;
  while (e < text.length && (isLowerNameLetter(text.charCodeAt(e)) || (text.charCodeAt(e) === 45 && e > at && isLowerNameLetter(text.charCodeAt(e + 1))))) e++;
  return e;
}

/**
 * A given name typed in lower case at the opening of a message or a line, in any text (`hi wanjiru
 * kamau, your order …`, `hi im priya venkataraman from Chennai`, `[10:02] customer: hello this is
 * arjun`): the given-name list must know the first word (the narrow one: the wide lists hold words
 * such as `done`); a second lower-case word is
 * the family name when the opening ends after it (a comma, a full stop, the end) or goes on with
 * `from` / `here` / `calling` ….
 */
export const openingLowercaseNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const names = givenNameSet();
    // a message sent as a form or query value (`…&Body=hi+its+sam+kowalczyk+-+…`, read with its '+' as spaces) opens there too
    // … and a speaker's turn inside a one-line transcript (`… how can i help caller: hiya it's siobhan …`)
    const starts = (text.indexOf('=') > 0 && text.indexOf('&') > 0) || text.indexOf(': ') > 0 ? messageValueStarts(text) : undefined;
    if (starts) for (const at of starts) this.opening(text, at, names, out);
    for (let line = 0; line >= 0 && line < text.length; ) {
      this.opening(text, line, names, out);
      const nl = text.indexOf('\n', line);
      line = nl < 0 ? -1 : nl + 1;
    }
  },
  opening(text: string, line: number, names: ReadonlySet<number>, out: Match[]): void {
    {
      OPENING.lastIndex = line;
      const m = OPENING.exec(text);
      if (m && (m[1] !== undefined || m[2] !== undefined)) {
        const start = m.index + m[0].length;
        const end = lowerWordEnd(text, start);
        const h = wordHash(text, start, end);
        // a name the wide multilingual list knows, when the caller then says it is them (`bonjour, baptiste lefèvre ici`,
        // `hei, päivi järvinen täällä`): the narrow list alone misses most names outside English
        if (end - start >= 3 && !/[\p{L}\p{N}]/u.test(text[end] ?? '') && (names.has(h) || (wideGivenNameSet().has(h) && saysHereAfter(text, end)))) {
          let last = end;
          // a family name after one space, when the opening ends or goes on right after it
          // (particles before it: `sanne de vries`, `jan van den berg`)
          if (text.charCodeAt(end) === 32) {
            const family = afterParticles(text, end + 1);
            const e2 = lowerWordEnd(text, family);
            const next = text.charCodeAt(e2);
            if (e2 - family >= 3 && !AFTER_NAME.has(text.slice(family, e2))) {
              const nextWord = text.slice(e2 + 1, lowerWordEnd(text, e2 + 1));
              if (e2 === text.length || next === 44 || next === 46 || next === 33 || (next === 32 && (AFTER_NAME.has(nextWord) || isDashAt(text, e2 + 1)))) last = e2;
            }
          }
          out.push({ start, end: last, category: 'person_name', priority: PRIORITY });
        }
      }
    }
  },
} as Detector & { opening(text: string, line: number, names: ReadonlySet<number>, out: Match[]): void };

/** Message keys of a form or query string (`Body=`, `text=`, `message=`): where their values start. */
const MESSAGE_VALUE = /(?:^|[?&])(?:body|text|message|msg|content|comment|note)=|(?<=[ \t])(?:caller|customer|client|user|klant|cliente|kunde):[ \t]/gi;

function messageValueStarts(text: string): number[] {
  const out: number[] = [];
  MESSAGE_VALUE.lastIndex = 0;
  for (let m = MESSAGE_VALUE.exec(text); m; m = MESSAGE_VALUE.exec(text)) out.push(m.index + m[0].length);
  return out;
}
