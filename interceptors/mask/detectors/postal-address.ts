import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { wordSet } from './word-hash';
import { WORD_TOOLS } from './words';

const { foldCode, wordHash, isCapital, isLetter, isSpace, isDigitCode, wordAt, wordStart } = WORD_TOOLS;

/**
 * Postal addresses in free text: a street (a street-type word — `Street`, `Ave`, `Straße`, `rue`,
 * `calle`, `via`, `straat`, `ul.`, `rua` … — or a compound ending in one, `Hauptstraße`,
 * `Keizersgracht`) with a house number before it (`4821 Maple Avenue`, `12 rue de la Paix`) or
 * after it (`Hauptstraße 12`, `Calle Mayor 5`, `ul. Marszałkowska 10/5`). The match then takes in
 * what follows in the same address: flat/suite/unit numbers, a postcode (UK, US ZIP(+4) with
 * state, DE/FR/ES/IT five digits, NL `1015 CJ`, PL `00-590`, BR CEP `01305-000`) and the city.
 * Candidates come from the one pass's capitalised words, plus the lower-case street words before
 * them (`rue`, `via`, `calle`); text without a house number near a street word costs a few hashes.
 */
const STREET_WORDS = wordSet(
  `street st road rd avenue ave av lane ln boulevard blvd drive dr court ct place pl way terrace close crescent square sq highway hwy parkway pkwy circle cir row mews
   walk grove gardens green hill rise vale wharf yard parade esplanade promenade
   lungarno lungomare lungotevere
   rue chemin allée allee impasse quai cours
   calle avenida avda paseo plaza carrer camino carretera ronda travesía
   via viale piazza corso largo vicolo strada piazzale
   straat laan gracht plein weg kade singel dijk steeg
   ulica ul aleja al plac osiedle os
   rua travessa praça alameda estrada rodovia
   straße strasse str allee platz gasse ring damm ufer chaussee
   quay embankment broadway route faubourg passage carrera calzada bulevar glorieta pasaje vico contrada borgo salita beco
   dreef markt hof wal rondo aleje gata gatan gade vej vei veien katu caddesi cadde cad cd sokak sok sk sokağı bulvarı bulv mahallesi mah mh
   jl jln jalan gang gg lorong soi thanon duong đường phố pho
   bv bvar bvard pje diag cll cra kra tv transversal diagonal rehov rechov sderot derech`.split(/\s+/),
);
/** Street words written before the name in lower case: the name follows ('rue de la Paix', 'via Roma', 'ul. Długa'). */
const LEADING_STREET_WORDS = wordSet(
  `rue avenue av boulevard bd chemin allée impasse quai cours place calle avenida avda paseo plaza carrer camino ronda via viale piazza corso largo vicolo strada piazzale lungarno ulica ul aleja al plac pl os osiedle rua travessa praça alameda estrada rodovia am im an auf zum zur jl jln jalan gang gg lorong soi thanon duong đường phố bv bvar pje diag cll cra rehov rechov sderot derech`.split(
    ' ',
  ),
);
/** The German prepositions among them: street words only as whole words ('Im Tal 3'), never 'im.'. */
const PREPOSITION_STREET_WORDS = wordSet(['am', 'im', 'an', 'auf', 'zum', 'zur']);
/** Endings of compound street names (folded): Hauptstraße, Gartenweg, Keizersgracht, Parklaan. */
const STREET_SUFFIXES = ['straße', 'strasse', 'str', 'weg', 'allee', 'platz', 'gasse', 'damm', 'ufer', 'ring', 'straat', 'laan', 'gracht', 'plein', 'kade', 'singel', 'dijk', 'steeg', 'chaussee', 'gata', 'gatan', 'gade', 'vej', 'veien', 'vägen', 'katu', 'ntie', 'kuja', 'polku', 'väylä', 'raitti', 'kaari'];
/** Words with a street ending that are no streets ('Garantie 24 Monate'). */
const NOT_STREET_WORDS = wordSet(['garantie', 'tantie']);
/** After a house number: 'bis', 'ter', 'quater' (French and Belgian addresses). */
const NUMBER_SUFFIXES = wordSet(['bis', 'ter', 'quater']);
/** Between a house number and the street word: particles of street names. */
const NAME_PARTICLES = wordSet(`de du des la le les l d del della delle dei di da do dos das der den van von am an im zum zur y e`.split(' '));

const UNIT =
  /(?:,|\s[-–])?\s*(?:(?:apt|apto|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|piso|planta|puerta|étage|etage|bte|bus|whg|wohnung|lok|lokal|m|app|appt|interno|int|scala|sala|casa|bloco|loja|andar|conj)\.?\s*(?:no\.?\s*)?#?\s*[0-9]{1,4}[A-Za-z]?|#\s*[0-9]{1,4}[A-Za-z]?|[A-H] ?[0-9]{1,3}|[0-9]{1,2}(?:st|nd|rd|th|º|ª|°)\s*(?:floor|fl|[A-Za-z]{1,4})?\.?)(?![A-Za-z0-9])/iy;
/** City words: a capital, then small letters ('SW1A' after 'London' is a postcode, not part of the city). */
const CITY_WORD = `[A-Z\\u00c0-\\u00de\\u0100-\\u017e][a-z\\u00df-\\u00ff\\u0100-\\u024f'’-]*(?![0-9A-Z])`;
const CITY = `${CITY_WORD}(?:[ -](?:(?:de|do|da|la|le|sur|am|an|upon|on|del|di)[ -])?${CITY_WORD}){0,3}`;
/** UK, BR CEP, PL, NL, Irish Eircode ('D02 X285': routing key and the dwelling's own code), DE/FR/ES/IT and 4-digit codes. */
const POSTCODE = `(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|[AC-FHKNPRTV-Y][0-9]{2} ?[0-9AC-FHKNPRTV-Y]{4}|D6W ?[0-9AC-FHKNPRTV-Y]{4}|[0-9]{5}-[0-9]{3}|[0-9]{3}-[0-9]{4}|[0-9]{2}-[0-9]{3}|[0-9]{4} ?[A-Z]{2}|(?:[A-Z]{1,2}-)?[0-9]{4,5})`;
/** ', 10115 Berlin', ' 75002 Paris', ', 1015 CJ Amsterdam', ', 00-590 Warszawa', ', 01305-000 São Paulo' */
const POSTCODE_CITY = new RegExp(`,?\\s*${POSTCODE}(?![A-Za-z0-9])(?:[ ,]\\s*${CITY})?`, 'y');
/** ', Springfield, IL 62704-1234', ', London SW1A 2AA', ', Paris 75002', ', Springfield' */
const CITY_TAIL = new RegExp(`,\\s*${CITY}(?:\\s*[-–]\\s*[A-Z]{2}(?![A-Za-z]))?(?:,?\\s*(?:[A-Z]{2}\\s+[0-9]{5}(?:-[0-9]{4})?|${POSTCODE})(?![A-Za-z0-9]))?`, 'y');
/** A house number: '12', '12b', '12-14', '10/5', '4821'. */
const HOUSE_NUMBER = /[0-9]{1,5}(?:[A-Za-z](?![A-Za-z]))?(?:[-/][0-9]{1,4}[A-Za-z]?(?![A-Za-z]))?/y;

const PRIORITY = 9;
/** A house number's label after the street: ' No:37', ', Nr. 5', ' N° 12' (the number itself is read after it). */
const NUMBER_LABEL = /,?\s*(?:no|nr|n°|nº|num|kav|blok|blk)\.?\s?:?\s?(?=[0-9])/iy;

export const postalAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'capitalWord',
  needs: TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 6,
  needsDigitPair: false,
  find(ctx: ScanContext, out: Match[]): void {
    // every address has a house number: prose without digits has none
    if (!ctx.hasDigit()) return;
    const text = plusAsSpace(ctx.text);
    const caps = ctx.capitalWords();
    let doneTo = -1;
    for (let k = 0; k < caps.length; k += 2) {
      const s = caps[k];
      const e = caps[k + 1];
      if (s < doneTo) continue;
      const span = streetAround(text, s, e) ?? postBoxAt(text, s, e) ?? bareStreet(text, s, e) ?? japaneseBlock(text, s, e);
      if (!span) continue;
      const end = extendTail(text, span.end);
      out.push({ start: span.start, end, category: 'postal_address', priority: PRIORITY });
      doneTo = end;
    }
    if (text.indexOf('Box') >= 0 || text.indexOf('BOX') >= 0 || text.indexOf('box') >= 0) poBoxes(text, out);
    if (text.indexOf('BP') >= 0 || text.indexOf('B.P') >= 0 || text.indexOf('CS ') >= 0) frenchBoxes(text, out);
  },
};

/**
 * Post-office boxes: a mailing address without a street — 'PO Box 4471', 'P.O. Box 12',
 * 'Post Office Box 9' (found by the word Box, BOX or box), and the one-word forms of other languages
 * as capitalised words: 'Postfach 10 11 52', 'Postbus 2040', 'Postboks 118', 'Apartado 1234',
 * 'Apartado de Correos 55', 'Apdo. 17', 'Caixa Postal 3120', 'Casella Postale 44', 'Skrytka
 * pocztowa 12'. The box number, then the city and postcode that follow, are the address.
 */
const POST_BOX_WORDS = wordSet(`postfach postbus postboks postbox apartado apdo`.split(' '));
/** Words that are a post box only with the word after them ('Caixa Postal', not 'Caixa 2'). */
const POST_BOX_PAIRS = wordSet(`caixa casella skrytka`.split(' '));
const POST_BOX_SECOND = /\s+(?:postal|postale|pocztowa)/iy;
const POST_BOX_TAIL = /\.?\s*(?:de correos\s*)?(?:n[oº°]\.?\s*|#\s*|:\s*)?[0-9]{1,6}(?: [0-9]{2,3}){0,3}(?![0-9A-Za-z])/iy;
const PO_BEFORE_BOX = /(?:^|[^A-Za-z])(p\.?\s?o\.?\s?|post\s+office\s+)$/i;

function postBoxAt(text: string, s: number, e: number): { start: number; end: number } | undefined {
  const h = wordHash(text, s, e);
  let at = e;
  if (POST_BOX_PAIRS.has(h)) {
    POST_BOX_SECOND.lastIndex = e;
    if (!POST_BOX_SECOND.test(text)) return undefined;
    at = POST_BOX_SECOND.lastIndex;
  } else if (!POST_BOX_WORDS.has(h)) return undefined;
  POST_BOX_TAIL.lastIndex = at;
  if (!POST_BOX_TAIL.test(text)) return undefined;
  return { start: s, end: POST_BOX_TAIL.lastIndex };
}

function poBoxes(text: string, out: Match[]): void {
  for (let p = 0; p < text.length; ) {
    // the 'ox' of 'Box' / 'BOX' / 'box'
    let a = text.indexOf('ox', p);
    const b = text.indexOf('OX', p);
    if (a < 0 || (b >= 0 && b < a)) a = b;
    if (a < 0) return;
    p = a + 2;
    const bx = a - 1;
    if ((text.charCodeAt(bx) | 32) !== 98 || isLetter(text.charCodeAt(a + 2))) continue;
    const m = PO_BEFORE_BOX.exec(text.slice(Math.max(0, bx - 14), bx));
    if (!m) continue;
    POST_BOX_TAIL.lastIndex = a + 2;
    if (!POST_BOX_TAIL.test(text)) continue;
    const start = bx - m[1].length;
    let covered = false;
    for (const o of out) if (o.start <= start && o.end > start) covered = true;
    if (covered) continue;
    out.push({ start, end: extendTail(text, POST_BOX_TAIL.lastIndex), category: 'postal_address', priority: PRIORITY });
  }
}

/**
 * French post boxes, `BP 819` / `B.P. 12` / `CS 70001` (boîte postale, course spéciale), taken
 * only with the postcode and town that follow them (`BP 819, 75008 Paris Cedex 08`): the letters
 * alone are as often a company's.
 */
const FRENCH_BOX = /(?<![A-Za-z0-9])(?:B\.?\s?P\.?|CS)\s?[0-9]{1,5}\s*[,-]?\s*[0-9]{5}\s+\p{Lu}[\p{L}'’-]+(?:[ -](?!Cedex\b|CEDEX\b)\p{Lu}[\p{L}'’-]+)*(?:\s+(?:Cedex|CEDEX)(?:\s+[0-9]{1,2})?)?/gu;

/** A box named as the address without its town (`adresse BP 819`, `Adresse : B.P. 12`). */
const NAMED_BOX = /(?:adresse|address|Adresse|ADRESSE)\s*:?\s*((?:B\.?\s?P\.?|CS)\s?[0-9]{1,5})(?![0-9A-Za-z])/g;

function frenchBoxes(text: string, out: Match[]): void {
  NAMED_BOX.lastIndex = 0;
  for (let m = NAMED_BOX.exec(text); m; m = NAMED_BOX.exec(text)) {
    const end = m.index + m[0].length;
    out.push({ start: end - m[1].length, end, category: 'postal_address', priority: PRIORITY });
  }
  FRENCH_BOX.lastIndex = 0;
  for (let m = FRENCH_BOX.exec(text); m; m = FRENCH_BOX.exec(text)) {
    const start = m.index;
    if (out.some((o) => o.start <= start && o.end > start)) continue;
    out.push({ start, end: start + m[0].length, category: 'postal_address', priority: PRIORITY });
  }
}

/**
 * Japanese addresses written in Latin letters: a block number chōme-banchi(-gō) next to the
 * district ('2-11-3 Meguro', 'Minami-Aoyama 5-4-41', '3-7-1 Nishi-Shinjuku'). Taken when the
 * district is written with a hyphen (Nishi-Shinjuku) or a ward or city (`-ku`, `-shi`, `-gun`,
 * `-cho`, `-machi`) or a postcode NNN-NNNN follows within the next 60 characters.
 */
const BLOCK_BEFORE = /(?:^|[\s,:;(])([0-9]{1,2}-[0-9]{1,2}(?:-[0-9]{1,4})?) $/;
const BLOCK_AFTER = / ([0-9]{1,2}-[0-9]{1,2}(?:-[0-9]{1,4})?)(?![0-9-])/y;
const JAPAN_CONTEXT = /-(?:ku|shi|gun|cho|machi)(?![a-z])|(?<![0-9-])[0-9]{3}-[0-9]{4}(?![0-9-])/;

function japaneseBlock(text: string, s: number, e: number): { start: number; end: number } | undefined {
  let start = -1;
  let end = -1;
  if (text.charCodeAt(s - 1) === 32 && isDigitCode(text.charCodeAt(s - 2))) {
    const m = BLOCK_BEFORE.exec(text.slice(Math.max(0, s - 14), s));
    if (m) {
      start = s - 1 - m[1].length;
      end = e;
    }
  }
  if (start < 0 && text.charCodeAt(e) === 32 && isDigitCode(text.charCodeAt(e + 1))) {
    BLOCK_AFTER.lastIndex = e;
    if (BLOCK_AFTER.test(text)) {
      start = s;
      end = BLOCK_AFTER.lastIndex;
    }
  }
  if (start < 0) return undefined;
  const hyphenated = text.slice(s, e).indexOf('-') > 0;
  if (!hyphenated && !JAPAN_CONTEXT.test(text.slice(end, end + 60))) return undefined;
  return { start, end };
}

/**
 * A street name without a street word ('Damrak 70', 'Kungsholmstorg 5', 'Nowy Świat 15') counts
 * only with what makes it an address beyond doubt: right after the house number, a comma or a new
 * line, then a postcode of a common shape and a city ('…, 1012 AB Amsterdam', '…, 00-372
 * Warszawa', '…, 114 55 Stockholm', '…, 8001 Zürich'). A four-digit code that reads as a year
 * (19xx, 20xx) is not taken for a postcode.
 */
const BARE_POSTCODE_CITY = new RegExp(`(?:,\\s*|[ \\t]*\\r?\\n\\s*)(?:([0-9]{4}) ?[A-Z]{2}|[0-9]{5}|[0-9]{2}-[0-9]{3}|([0-9]{4})|[A-Z]{1,2}-[0-9]{4,5}|[0-9]{3} [0-9]{2})[ ,]\\s*${CITY}`, 'y');
const DISTRICT_NUMBER = /^ [0-9]{1,2}(?![0-9A-Za-z])/;
/** Words before a number that make it a count or a label, not a house number. */
const NOT_BARE_STREET = wordSet(
  `version release build page step item items order invoice ticket case line row total qty chapter section part level phase stage round season episode vol volume no nr number table figure fig room unit flat suite floor`.split(' '),
);

function bareStreet(text: string, s: number, e: number): { start: number; end: number } | undefined {
  if (text.charCodeAt(e) !== 32 || !isDigitCode(text.charCodeAt(e + 1))) return undefined;
  if (NOT_BARE_STREET.has(wordHash(text, s, e))) return undefined;
  HOUSE_NUMBER.lastIndex = e + 1;
  if (!HOUSE_NUMBER.test(text)) return undefined;
  const numEnd = HOUSE_NUMBER.lastIndex;
  // a Czech or Slovak number is two joined by '/' (`Vinohradská 1511/230`: the building's, then the street's)
  if (numEnd - e - 1 > (text.lastIndexOf('/', numEnd) > e ? 9 : 5)) return undefined;
  BARE_POSTCODE_CITY.lastIndex = numEnd;
  const m = BARE_POSTCODE_CITY.exec(text);
  if (!m) return undefined;
  const four = m[1] ?? m[2];
  if (four !== undefined && (four.startsWith('19') || four.startsWith('20'))) return undefined;
  // up to two capitalised words before belong to the street's name ('Lange Voorhout 9')
  let start = s;
  for (let n = 0; n < 2; n++) {
    if (text.charCodeAt(start - 1) !== 32) break;
    const ws = wordStart(text, start - 1);
    if (ws === start - 1 || !isCapital(text.charCodeAt(ws))) break;
    start = ws;
  }
  // a city's district number after it (`Praha 10`, `Brno 2`)
  let end = BARE_POSTCODE_CITY.lastIndex;
  const d = DISTRICT_NUMBER.exec(text.slice(end, end + 4));
  if (d) end += d[0].length;
  return { start, end };
}

/**
 * 'q=221+Baker+Street': a query string writes spaces as '+'. The same text with each '+' between
 * two letters or digits read as a space (same length, so every offset stays), or the text itself.
 */
function plusAsSpace(text: string): string {
  let p = text.indexOf('+');
  if (p < 0) return text;
  let out: string | undefined;
  for (; p >= 0; p = text.indexOf('+', p + 1)) {
    if (isWordChar(text.charCodeAt(p - 1)) && isWordChar(text.charCodeAt(p + 1))) {
      out = (out ?? text).slice(0, p) + ' ' + (out ?? text).slice(p + 1);
    }
  }
  return out ?? text;
}

function isWordChar(c: number): boolean {
  return isLetter(c) || isDigitCode(c);
}

/** The suffixes by their last letter: a word is compared only with those ending like it. */
const SUFFIXES_BY_LAST = new Map<number, string[]>();
for (const suf of STREET_SUFFIXES) {
  const last = suf.charCodeAt(suf.length - 1);
  const list = SUFFIXES_BY_LAST.get(last) ?? [];
  list.push(suf);
  SUFFIXES_BY_LAST.set(last, list);
}

/** Street words written in lower case after the street's name, as Hungarian writes them. */
const LOWER_TRAILING_STREET_WORDS = wordSet(`utca út útja körút krt tér köz sor sétány fasor rakpart`.split(' '));

/** End of a lower-case trailing street word starting at `at`, or -1. */
function lowerStreetWordAt(text: string, at: number): number {
  // first letters of the list: u ú k t s f r
  const c = text.charCodeAt(at);
  if (c !== 117 && c !== 0xfa && c !== 107 && c !== 116 && c !== 115 && c !== 102 && c !== 114) return -1;
  const e = wordAt(text, at);
  return e > at && LOWER_TRAILING_STREET_WORDS.has(wordHash(text, at, e)) ? e : -1;
}

function isStreetWord(text: string, s: number, e: number): boolean {
  if (STREET_WORDS.has(wordHash(text, s, e))) return true;
  const list = SUFFIXES_BY_LAST.get(foldCode(text.charCodeAt(e - 1)));
  if (list) for (const suf of list) if (e - s > suf.length + 1 && endsFolded(text, e, suf)) return !NOT_STREET_WORDS.has(wordHash(text, s, e));
  return false;
}

function endsFolded(text: string, e: number, suf: string): boolean {
  const s = e - suf.length;
  for (let i = 0; i < suf.length; i++) if (foldCode(text.charCodeAt(s + i)) !== suf.charCodeAt(i)) return false;
  return true;
}

/**
 * The street with its house number around the capitalised word [s, e), or undefined. The word is
 * a street word itself, or a lower-case street word stands up to three words before it.
 */
/**
 * A leading street word that is something else here: written in capitals before a name that is not
 * (`9:02 AM Jordan Lee wrote`: a time), or `via` in lower case before a brand written in camel case
 * (`ship via FedEx 7749 1234 5521`: a carrier and its tracking number).
 */
function notLeadingStreet(text: string, ws: number, we: number, s: number, e: number): boolean {
  const word = text.slice(ws, we);
  if (word.length >= 2 && word === word.toUpperCase() && text.slice(s, e) !== text.slice(s, e).toUpperCase()) return true;
  return word === 'via' && /^\p{Lu}\p{Ll}+\p{Lu}/u.test(text.slice(s, e));
}

function streetAround(text: string, s: number, e: number): { start: number; end: number } | undefined {
  let streetStart = -1;
  let streetEnd = -1;
  // a street word written in lower case after the name (Hungarian 'Andrássy út 66', 'Kárász utca 9')
  const lowerAfter = text.charCodeAt(e) === 32 ? lowerStreetWordAt(text, e + 1) : -1;
  if (lowerAfter > 0) {
    streetStart = namesBefore(text, s);
    streetEnd = lowerAfter;
  } else if (isStreetWord(text, s, e)) {
    streetStart = s;
    streetEnd = e;
  } else {
    // 'rue de la Paix', 'via Roma', 'ul. Marszałkowska', 'calle Mayor'
    let p = s;
    const slash = calleSlashBefore(text, s);
    if (slash >= 0) {
      streetStart = slash;
      streetEnd = e;
      p = 0;
    }
    for (let n = 0; n < 4 && p > 0; n++) {
      let q = p;
      while (q > 0 && (isSpace(text.charCodeAt(q - 1)) || text.charCodeAt(q - 1) === 46)) q--;
      if (q === p || q === 0) break;
      const ws = wordStart(text, q);
      if (ws === q) break;
      const h = wordHash(text, ws, q);
      // German 'Am Markt', 'Im Tal' are never abbreviated: 'im.' before a name is something else
      // ('Szkoła nr 12 im. Marii …', Polish 'named after')
      // nor before a short abbreviation: 'Am Mo., 3. März 2025 um 09:14 schrieb …' is a weekday (a quoted e-mail's header)
      if (LEADING_STREET_WORDS.has(h) && !(PREPOSITION_STREET_WORDS.has(h) && (text.charCodeAt(q) === 46 || (text.charCodeAt(e) === 46 && e - s <= 3))) && !notLeadingStreet(text, ws, q, s, e)) {
        streetStart = ws;
        streetEnd = e;
        break;
      }
      if (!NAME_PARTICLES.has(h)) break;
      p = ws;
    }
    if (streetStart < 0) {
      // text in capitals: a street word of two or three capitals is no capitalised word of the one
      // pass ('48 MOHAMED MAZHAR ST', 'BAHARIYE SOK.'): look at the word after this one
      const next = nextUpperStreetWord(text, e);
      if (next < 0) return undefined;
      streetStart = wordStart(text, next);
      streetEnd = next;
    }
  }
  // name words after the street word: 'Calle Mayor', 'Via Roma', 'Maple Avenue' (ends here)
  let after = streetEnd;
  if (text.charCodeAt(after) === 46) after++; // 'St.', 'Str.'
  // a number after (the continental order): skip up to three more name words
  let p = after;
  // 'Sok. No:37', 'Str. Nr. 5', 'Calle Mayor N° 5': the number's label before it
  p = numberLabelEnd(text, p);
  let afterLabel = false;
  for (let n = 0; n < 4; n++) {
    let q = p;
    const comma = text.charCodeAt(q) === 44;
    if (comma) q++; // 'Calle Mayor, 5', 'Rua XV de Novembro, 153'
    while (q < text.length && isSpace(text.charCodeAt(q))) q++;
    if (q === p && n > 0 && !afterLabel) break;
    afterLabel = false;
    // a digit glued to the street word's letters ('Os0', 'Al2') is part of a token, not a house number ('Str.5' still is)
    if (q === p && n === 0 && after === streetEnd && p === after) break;
    const c = text.charCodeAt(q);
    if (c >= 48 && c <= 57) {
      HOUSE_NUMBER.lastIndex = q;
      if (HOUSE_NUMBER.test(text) && !isLetter(text.charCodeAt(HOUSE_NUMBER.lastIndex)) && !isDigitCode(text.charCodeAt(HOUSE_NUMBER.lastIndex))) {
        const numEnd = HOUSE_NUMBER.lastIndex;
        // ', 75002 Paris' after a street is a postcode, not a house number
        if (numEnd - q <= 4 || !comma) return { start: unitBefore(text, numberBefore(text, streetStart) ?? namesBefore(text, streetStart)), end: flatAfter(text, numEnd) };
      }
      break;
    }
    if (n === 3 || q === p) break;
    const we = wordAt(text, q);
    if (we === q) break;
    if (!isCapital(c) && !NAME_PARTICLES.has(wordHash(text, q, we))) break;
    p = we;
    // 'Jl. Kebon Sirih No. 63', 'Atatürk Cd. Yeni Sk. No:74': the number's label after a further name word
    const labelled = numberLabelEnd(text, p);
    if (labelled !== p && isDigitCode(text.charCodeAt(labelled))) {
      p = labelled;
      afterLabel = true;
    }
  }
  // a number before (the English and French order): '4821 Maple Avenue', '12 rue de la Paix'
  const before = numberBefore(text, streetStart);
  if (before !== undefined) return { start: unitBefore(text, before), end: after };
  return undefined;
}

/** A Turkish flat or floor after the house number ('No:74 D:7', 'No:12 Kat:3 Daire:5'). */
const FLAT_AFTER = /(?:\s?(?:D|Daire|Kat|K)\s?[:.]\s?[0-9]{1,4}(?![0-9]))+/y;

function flatAfter(text: string, at: number): number {
  FLAT_AFTER.lastIndex = at;
  return FLAT_AFTER.test(text) ? FLAT_AFTER.lastIndex : at;
}

/** Start of up to three capitalised name words right before a street word ('Bahariye Sok.', 'İstiklal Cd.'), or `at`. */
function namesBefore(text: string, at: number): number {
  let start = at;
  for (let n = 0; n < 3; n++) {
    let q = start;
    while (q > 0 && text.charCodeAt(q - 1) === 32) q--;
    if (q === start || q === 0) break;
    const ws = wordStart(text, q);
    if (ws === q || !isCapital(text.charCodeAt(ws))) break;
    start = ws;
  }
  return start;
}

/** End of the upper-case street word right after the all-capitals word ending at `e` ('MAZHAR ST'), or -1. */
function nextUpperStreetWord(text: string, e: number): number {
  if (!isCapital(text.charCodeAt(e - 1))) return -1;
  let q = e;
  while (q < text.length && text.charCodeAt(q) === 32) q++;
  if (q === e) return -1;
  const we = wordAt(text, q);
  if (we - q < 2 || we - q > 6) return -1;
  for (let i = q; i < we; i++) if (!isCapital(text.charCodeAt(i))) return -1;
  return isStreetWord(text, q, we) ? we : -1;
}

/** Past ' No:', ' No.', ' Nr.', ' N°', ' Nº' (any case) before a house number; `p` when there is none. */
function numberLabelEnd(text: string, p: number): number {
  NUMBER_LABEL.lastIndex = p;
  return NUMBER_LABEL.test(text) ? NUMBER_LABEL.lastIndex : p;
}

/** Start of a house number up to three name words before `at` ('4821 [Maple] Avenue'), or undefined. */
function numberBefore(text: string, at: number): number | undefined {
  let p = at;
  for (let n = 0; n < 4; n++) {
    let q = p;
    while (q > 0 && isSpace(text.charCodeAt(q - 1))) q--;
    if (q === p) return undefined;
    if (q > 0 && text.charCodeAt(q - 1) === 44) q--; // '12, rue …'
    const c = text.charCodeAt(q - 1);
    if (isDigitCode(c) || isLetter(c)) {
      // the house number: digits, maybe one letter after ('12b')
      let ns = q;
      if (isLetter(c) && isDigitCode(text.charCodeAt(q - 2))) ns = q - 1;
      let digits = 0;
      while (ns > 0 && isDigitCode(text.charCodeAt(ns - 1))) {
        ns--;
        digits++;
      }
      if (digits > 0 && digits <= 5) {
        // a range of house numbers ('18-20 King Street', '12–14', '3/5')
        const r = text.charCodeAt(ns - 1);
        if ((r === 45 || r === 0x2013 || r === 47) && isDigitCode(text.charCodeAt(ns - 2))) {
          let rs = ns - 1;
          while (rs > 0 && isDigitCode(text.charCodeAt(rs - 1)) && ns - rs <= 5) rs--;
          if (ns - 1 - rs <= 4) ns = rs;
        }
        const b = text.charCodeAt(ns - 1);
        if (ns === 0 || opensValue(b)) return ns;
        return undefined;
      }
      if (n === 3) return undefined;
      const ws = wordStart(text, q);
      if (ws === q) return undefined;
      const wh = wordHash(text, ws, q);
      // '12 bis rue du Four', '84 ter chemin …': the French repetition suffix of a house number
      if (NUMBER_SUFFIXES.has(wh) && text.charCodeAt(ws - 1) === 32 && isDigitCode(text.charCodeAt(ws - 2))) {
        p = ws;
        continue;
      }
      if (!isCapital(text.charCodeAt(ws)) && !NAME_PARTICLES.has(wh) && !LEADING_STREET_WORDS.has(wh)) return undefined;
      p = ws;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/**
 * What may stand right before the house number that starts an address: a space, a comma, a bracket,
 * a colon, a quote, or the '=' / ';' / '|' / '>' that open a value in query strings, delimited
 * records and markup ('q=221 Baker Street', 'E1;12 Mill Lane;…').
 */
function opensValue(b: number): boolean {
  return isSpace(b) || b === 44 || b === 40 || b === 58 || b === 34 || b === 39 || b === 61 || b === 59 || b === 124 || b === 62 || b === 91;
}

/** 'C/ Mayor 7', 'c/Alcalá 20': the Spanish abbreviation of 'calle' before the street name; its start, or -1. */
function calleSlashBefore(text: string, s: number): number {
  let q = s;
  while (q > 0 && text.charCodeAt(q - 1) === 32) q--;
  if (q < 2 || text.charCodeAt(q - 1) !== 47) return -1;
  const c = text.charCodeAt(q - 2) | 32;
  if (c !== 99) return -1;
  return q < 3 || !(isLetter(text.charCodeAt(q - 3)) || isDigitCode(text.charCodeAt(q - 3)) || text.charCodeAt(q - 3) === 47) ? q - 2 : -1;
}

/** 'Flat 12B, ' / 'Apt 4, ' / 'Suite 200, ' written before the street: the address starts there. */
const UNIT_BEFORE = /(?:flat|apt|apartment|unit|suite|ste|room)\.?\s*#?\s*[0-9]{1,4}[A-Za-z]?,?\s*$/i;

function unitBefore(text: string, start: number): number {
  const from = Math.max(0, start - 20);
  const m = UNIT_BEFORE.exec(text.slice(from, start));
  return m ? from + m.index : start;
}

/** The address goes on with units, postcode and city: the end of the last such part. */
function extendTail(text: string, end: number): number {
  let at = end;
  for (let n = 0; n < 4; n++) {
    UNIT.lastIndex = at;
    if (UNIT.test(text)) {
      at = UNIT.lastIndex;
      continue;
    }
    POSTCODE_CITY.lastIndex = at;
    if (POSTCODE_CITY.test(text)) {
      at = POSTCODE_CITY.lastIndex;
      continue;
    }
    CITY_TAIL.lastIndex = at;
    if (CITY_TAIL.test(text)) {
      at = CITY_TAIL.lastIndex;
      continue;
    }
    break;
  }
  // a city word swallowed up to a sentence's '.' keeps the '.' out
  while (at > end && (text.charCodeAt(at - 1) === 46 || text.charCodeAt(at - 1) === 45)) at--;
  return at;
}

