import type { Detector, Match, ScanContext } from './detector';
import { wordSet } from './word-hash';
import { WORD_TOOLS } from './words';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';

const { wordHash, isLetter, wordAt } = WORD_TOOLS;

/**
 * Names people give for themselves in chat and call transcripts, in whatever case they type them:
 * `hi my name is siddharth rao and…`, `je m'appelle zoé martin`, `me llamo nicolás`, `ich heiße
 * jana novak`, `mi chiamo giulia`, `mijn naam is sem de vries`, `meu nome é joão`, `nazywam się
 * ola nowak`. The capitalised-word rules of person-name.ts cannot see lower-case names, and text
 * typed in lower case often has no capitalised word at all, so this detector has its own gate:
 * one regex of the introductions' rarer parts. Up to three words after the introduction
 * (particles inside), ending at a word that goes on with the sentence ('and', 'from', 'i').
 */
/** Every introduction below holds one of these (one native regex test, about 1 µs per KiB of text without one). */
const GATE = /(?:ame|aam) is|om(?:bre es|e [éè]| est)|ppelle|lam[oa]|hia(?:mo|ma)|cham[ao]|ei(?:ß|ss)e|zyw(?:am|a się)|[ôo]i l[àa]|ma saya|d[ıi]m |ra naam|y ?self|ko (?:po )?si |קוראים לי|שמי|اسمي|меня зовут/;
/**
 * Someone else introduced by name (`o porteiro se chama Inês`, `mi vecina se llama Rocío Paredes`,
 * `la gardienne s'appelle Odile`, `il corriere si chiama Marco`, `sąsiad nazywa się Piotr`): the
 * name must be capitalised, since what follows these verbs is as often a thing's name in lower case.
 */
const THIRD_PERSON = /(?:\bse\s+chama|\bchama-se|\bse\s+llama|\bs['’]appelle|\bsi\s+chiama|\bnazywa\s+się)[\s:,]+(?=\p{Lu})/gu;
/** What follows a caller's name when they say where they are from ('it's marcus thornbury from the depot', 'this is Ana here'). */
const FROM_AFTER = /^,?[ \u00a0]+(?:from|here)\b/;
/** A greeting right before 'it's' / 'this is' (the message's first words, or a form field's value). */
const GREETING_INTRO = /(?:^|[=\n"'>])[ \t]*(?:hi|hello|hey|hiya|hola|bonjour|salut|hallo|olá|ola|ciao|good (?:morning|afternoon|evening))[ \t,!.]+(?:it['’]s|this is|i['’]m|i am)[ \t]/i;
const GREETING_BEFORE = /(?:hi|hello|hey|hiya|hola|bonjour|salut|hallo|olá|ola|ciao|morning|afternoon|evening)[ \t,!.]+$/i;
/** The name closes its clause: a comma, a full stop, '!' or the end. */
const CLAUSE_END = /^(?:[,.!]|$)/;
/** A bot introducing itself ("I'm Ava, the virtual assistant for …") names no one. */
const BOT_AFTER = /^[,\s]+(?:the|your|an?)\s+(?:(?:virtual|digital|ai|automated|friendly|smart|booking|shopping|support)\s+)*(?:assistant|bot|chatbot|agent|helper|concierge)\b/i;
/**
 * 'I am' / 'this is' / 'it's' in call transcripts (`it's poppy thistlethwaite calling`, `hi this
 * is marcus speaking`): far more often followed by something else (`it's fine`), so the first
 * word must be a given name from the gazetteer, and the text must say someone is calling or
 * speaking. That test is one search for 'ing' (a regex or searches for the whole words made
 * plain prose up to 25 % slower to scan; `soy` / `jestem` wait for a cheaper gate).
 */
const SELF_INTRO = /(?<![\p{L}'’])(?:it['’]?s|this is|i['’]m|i am)[ \u00a0]+(?=\p{L})/giu;
/**
 * 'I am' in Spanish, Polish and Dutch (`hola soy lucía martínez`, `jestem zofia`, `ik ben sem`):
 * as for 'it's', the first word must be a given name. Found by three plain searches first, which
 * cost less than another alternative in GATE (Portuguese `sou` would need a search for 'ou ',
 * which every 'you ' matches).
 */
const SELF_INTRO_ANY = /(?<![\p{L}'’])(?:it['’]?s|this is|i['’]m|i am|soy|jestem|ik ben|hier ist|hier spricht)[ \u00a0]+(?=\p{L})/giu;
const SOY = /soy /i;
/** German 'hier ist' / 'hier spricht' (`hallo hier ist mareike`), as a call opens: looked for in the first 64 characters only (a search of the whole text cost 0.4 µs per KiB). */
const HIER = /ier (?:ist|spricht) /;
function firstPersonWords(text: string): boolean {
  // measured on 1 KiB of English prose: searches starting at a rare letter ('j', 'J', 'k') cost
  // ~0.1 µs; 'soy ' as a case-blind regex 0.35 µs, as indexOf of 'oy ' twice that ('o' is common)
  return text.indexOf('jestem') >= 0 || text.indexOf('Jestem') >= 0 || text.indexOf('k ben ') >= 0 || SOY.test(text) || HIER.test(text.length > 64 ? text.slice(0, 64) : text);
}
const INTRO =
  /(?:\b(?:my|his|her|your|their|full|mein|meine|sein|ihr)\s+(?:(?:first|last|full|real|legal|married|maiden)\s+)?name\s+(?:is|ist)|\bmi\s+nombre\s+es|\bmon\s+nom\s+est|\b(?:meu|il\s+mio)\s+nome\s+[éè]|\bmijn\s+naam\s+is|\bje\s+m['’]appelle|\bme\s+llamo|\bich\s+hei(?:ße|sse)|\bmi\s+chiamo|\bnazywam\s+się|\bt[êe]n\s+t[ôo]i\s+l[àa]|\bt[ôo]i\s+l[àa]|\bnama\s+saya(?:\s+adalah)?|\bbenim\s+ad[ıi]m|\bad[ıi]m|\bmera\s+naam|\bmy\s+self|\bmyself|\bchamo-me|\bako\s+(?:po\s+)?si|קוראים\s+לי|שמי|اسمي|меня\s+зовут)(?![A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff])[\s:,]*/gi;
/** Words that end the name: the sentence goes on. */
const ENDS = wordSet(
  `and but or i im i'm my me from here calling speaking with the a an not is am was und ich et je y e pero mais ma aber en maar oraz to so also too please thanks thank hi hello who which that this at on in for of by sono soy suis bin ben jestem sou come como comme wie how can may could what when where why will would shall should do does did`.split(
    ' ',
  ),
);
/** First words that say no name follows ('my name is not on the list'). */
const NOT_FIRST = wordSet(
  `not unknown required missing invalid empty null none private confidential redacted on in as at same different written spelled spelt listed correct wrong still already there incorrect misspelled attached below above`.split(' '),
);
const PARTICLES = wordSet(`van der den de del della di da das dos du la le von zu ter ten bin al el y e`.split(' '));
const PRIORITY = 13;
const MAX_WORDS = 3;

export const introducedNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 12,
  // what find looks for before anything else (ASCII forms; text with other characters is never refused):
  // firstPersonWords, GATE, callerWords, "'s " (fromOnly), "t's " / "this is " (greetOnly)
  cues: [
    'jestem', 'k ben ', 'soy ', 'ier ist ', 'ier spricht ',
    'ame is', 'aam is', 'ombre es', 'om est', 'ppelle', 'lamo', 'lama', 'hiamo', 'hiama', 'chama', 'chamo', 'eisse', 'zyw', 'oi la', 'ma saya', 'dim ', 'ra naam', 'yself', 'y self', 'ko si ', 'ko po si ',
    'lling', 'aking',
    ' s ', 'his is ', 'i m ', 'i am ',
  ],
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // an English caller says who is calling or speaking ("it's poppy thistlethwaite calling"): two searches for the rarer word
    const firstPerson = firstPersonWords(text);
    // … or says where they are from ("hi, it's marcus thornbury from the Felixstowe depot"): then the name must be followed by that
    const gated = firstPerson || GATE.test(text) || callerWords(text);
    // (searched only after a rare "'s": searching every prose text for the word cost 2 µs per KiB)
    const fromOnly = !gated && (text.indexOf('’s ') >= 0 || text.indexOf("'s ") >= 0) && (text.indexOf(` from `) >= 0 || text.indexOf(` here`) >= 0);
    // … or greets first ("Hi it's Geneviève, please update my email"): then the name must close its clause
    // ('this is' only near the start: a search for it through the whole text cost 0.4 µs per KiB)
    const greetOnly =
      !gated && !fromOnly && (text.indexOf("t's ") >= 0 || text.indexOf('t’s ') >= 0 || text.slice(0, 48).indexOf('his is ') >= 0 || text.indexOf("'m ") >= 0 || text.indexOf('’m ') >= 0 || text.slice(0, 48).indexOf(' am ') >= 0) && GREETING_INTRO.test(text);
    if (!gated && !fromOnly && !greetOnly) return;
    INTRO.lastIndex = 0;
    for (let m = INTRO.exec(text); m; m = INTRO.exec(text)) {
      const start = m.index + m[0].length;
      const end = nameAfter(text, start);
      if (end > start) out.push({ start, end, category: 'person_name', priority: PRIORITY });
    }
    THIRD_PERSON.lastIndex = 0;
    for (let m = THIRD_PERSON.exec(text); m; m = THIRD_PERSON.exec(text)) {
      const start = m.index + m[0].length;
      const end = nameAfter(text, start);
      if (end > start && !out.some((o) => o.start === start)) out.push({ start, end, category: 'person_name', priority: PRIORITY });
    }
    const intro = firstPerson ? SELF_INTRO_ANY : SELF_INTRO;
    intro.lastIndex = 0;
    for (let m = intro.exec(text); m; m = intro.exec(text)) {
      const start = m.index + m[0].length;
      const first = wordAt(text, start);
      // the multilingual list too: callers introduce themselves by names of every language ('soy yesenia', 'hier ist mareike')
      const h = wordHash(text, start, first);
      if (first - start < 3 || !(givenNameSet().has(h) || wideGivenNameSet().has(h))) continue;
      const end = nameAfter(text, start);
      if (fromOnly && !FROM_AFTER.test(text.slice(end, end + 8))) continue;
      if (greetOnly && !(GREETING_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index)) && CLAUSE_END.test(text.slice(end, end + 2)))) continue;
      // a bot introducing itself ("I'm Ava, the virtual assistant for …") names no one
      if (end > start && !BOT_AFTER.test(text.slice(end, end + 48)) && !out.some((o) => o.start === start)) out.push({ start, end, category: 'person_name', priority: PRIORITY });
    }
  },
};

/** End of the name of one to three words starting at `at`, or `at` when none. */
function nameAfter(text: string, at: number): number {
  let words = 0;
  let end = at;
  let p = at;
  while (words < MAX_WORDS) {
    const e = wordAt(text, p);
    if (e - p < 2 && !(words > 0 && e > p)) break;
    const h = wordHash(text, p, e);
    if (ENDS.has(h) || (words === 0 && NOT_FIRST.has(h))) break;
    if (PARTICLES.has(h)) {
      // a particle only inside a name ('sem de vries'), never at its end
      if (words === 0 || text.charCodeAt(e) !== 32 || !isLetter(text.charCodeAt(e + 1))) break;
      p = e + 1;
      continue;
    }
    words++;
    end = e;
    if (text.charCodeAt(e) !== 32 || !isLetter(text.charCodeAt(e + 1))) break;
    p = e + 1;
  }
  return end;
}

/** 'calling' or 'speaking' somewhere: from each 'ing', the letters before it. */
function callerWords(text: string): boolean {
  for (let p = text.indexOf('ing', 4); p >= 0; p = text.indexOf('ing', p + 3)) {
    const a = text.charCodeAt(p - 1);
    const b = text.charCodeAt(p - 2);
    if ((a === 108 && b === 108) || (a === 107 && b === 97)) return true;
  }
  return false;
}
