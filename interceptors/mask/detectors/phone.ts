import type { CountryCode } from 'libphonenumber-js';
import type { Detector, Match, ScanContext } from './detector';
import { overlapsAny, type DigitGroup } from './digit-runs';
import { notAPhone, startsWithDate } from './not-a-phone';
import { phoneParser as parser } from './phone-parser';

function isOrderId(g: readonly { start: number; end: number }[], text: string): boolean {
  return g[0].end - g[0].start === 3 && g[1].end - g[1].start === 7 && g[2].end - g[2].start === 7 && text[g[0].end] === '-' && text[g[1].end] === '-';
}

const CREDITOR_REFERENCE = /\bRF\d\d[ \u00a0]?$/;

/** Words right before a bare digit string that make it a phone number ("call 4158675309"). */
const PHONE_CONTEXT =
  /(?:電話(?:番号)?|連絡先|携帯(?:電話|番号)?|℡|☎|연락처|전화(?:번호)?|휴대폰|핸드폰|电话|手机|聯絡電話|טלפון|נייד|هاتف|جوال|موبايل|(?:ا|إ)تصل(?:ي|وا)?|تواصل|رقم|تماس|شماره|התקשר(?:י|ו)?|โทร(?:ศัพท์)?|เบอร์)(?:[\s:：=]|[はのがをでにへ]|번호|은|는|로|으로|على|علي|الرقم|با|به|ל)*$|(?<![A-Za-z0-9])(?:call(?:back)?|phone|tel|telephone|mobile|cell|sms|text|fax|whatsapp|contact|number|no|reach(?:able)?|handy|mobil|móvil|movil|mobiel|portable|joignable|rappeler|téléphone|tél|telefon|telefone|telefono|teléfono|telefoon|kom|komórka|cellulare|cel|celular|erreichbar|unter|al|au|op|numer|numero|número|nummer|nr|llámeme|llamar|bel|ring|ligue|liguem|richiamarmi|hubungi|telp|telefonu|gọi|liên hệ)\b(?:[\s_]*(?:me|us|him|her|them|on|at|to|is|was|back|number|no|nr|#|au|al|op|unter|pod|numerem|no)\b)*\s*[.:#=-]{0,2}\s*$/i;

/**
 * Phone numbers, validated by libphonenumber-js against full numbering-plan metadata:
 * international (`+…`) numbers in any region; national numbers in the policy's regions
 * (default US, GB, DE, FR, IN, BR). Only digit runs are considered (the pre-filter): 8–15 digits
 * with a leading '+', or 9–15 digits written with separators, or bare digits after a word such
 * as 'call' or 'phone'. Dates (`2025-03-14`, `14.03.2025`), dotted quads and version-like
 * fields are skipped.
 */
export const phoneDetector: Detector = {
  category: 'phone',
  priority: 10,
  anchor: 'digitRun',
  minLength: 8,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.versionField || ctx.codeField) return;
    const text = ctx.text;
    // national numbers of 8 digits (SG, HK, DK, NO…) only where the record names such a country:
    // elsewhere 8 digits are far more often a date, an order or a PIN
    const minNational = ctx.declaredRegions ? 8 : 9;
    for (const run of ctx.digitRuns()) {
      if (run.digitCount < 8) continue;
      // an ISO 11649 creditor reference ('RF18 5390 0754 7034') is not a phone number
      if (run.attached && CREDITOR_REFERENCE.test(text.slice(Math.max(0, run.start - 8), run.start))) continue;
      // a Swiss QR-bill or ESR reference ('21 00000 00003 13947 14300 09017': 27 digits, then groups of five) is no phone either
      if (groupsOfFive(run.groups)) continue;
      // every window lies inside the run: a match covering it (card, IBAN, IP) leaves nothing to try
      if (covered(out, run.start, run.end)) continue;
      const g = run.groups;
      // windows of at most 8 groups keep long lists of small numbers cheap
      // an order id written 3-7-7 with dashes ('684-0256420-6098214') is not a phone number
      if (g.length === 3 && isOrderId(g, text)) continue;
      // five or more groups joined by single dots are an object identifier (1.3.6.1.4.1.5923), not a number to dial
      if (g.length >= 5 && dottedThroughout(g, text)) continue;
      for (let i = 0; i < g.length; i++) {
        // a window starting with a date ('2024-11-11 03:18:59') is a timestamp
        if (i + 2 < g.length && startsWithDate(g, i, text)) {
          i += 2;
          continue;
        }
        const from = i === 0 ? run.start : leadIn(text, g[i]);
        const plus = text.charCodeAt(from) === 43;
        // '0049 179 …': the international prefix 00 dialled instead of '+'
        const dialled00 = !plus && text.charCodeAt(from) === 48 && text.charCodeAt(from + 1) === 48 && text.charCodeAt(from + 2) !== 48;
        let found = -1;
        let digits = 0;
        let filled = 0;
        // whether a word asking to call stands before this start: read once, not per window (-1: not yet)
        let cued = -1;
        for (let j = i; j < g.length && j < i + 8; j++) {
          digits += g[j].end - g[j].start;
          COUNTS[filled++] = digits;
          if (digits > 15) break;
        }
        for (let j = Math.min(g.length, i + 8) - 1; j >= i; j--) {
          if (j - i >= filled) continue;
          const d = COUNTS[j - i];
          if (d > 15 || d < 8) continue;
          // 8–13 digits in groups right after 'call' / 'tel' / 'ring' …: a number to call, of whatever
          // country (SG, HK and DK numbers have 8 digits, Argentine mobiles 13), regions or not;
          // without such a cue national numbers must validate in the regions (and have minNational digits)
          const mayBeCued = !plus && d <= 13 && j > i;
          if (!plus && d < minNational && !(mayBeCued && (cued < 0 ? (cued = calledAt(text, from) ? 1 : 0) : cued) === 1)) continue;
          if (overlapsAny(out, from, g[j].end)) continue; // already an IBAN, card, IP, SSN
          if (looksLikeDate(g, i, j, text) || looksLikeDottedQuad(g, i, j, text) || ssnShaped(g, i, j, text) || notAPhone(g, i, j, text, from, ctx.phoneRegions)) continue;
          const separated = j > i || plus;
          // one unbroken group: a phone only after a word that says so, or in the shape every country's
          // mobiles share when written nationally (trunk '0', then a mobile prefix: `0410103844`,
          // `0580358440`, `07700900123`, `09171234567`), which ids and counters rarely take
          const mobile = separated ? !plus && separatedMobileShape(text, g, i, j, from, d) : trunkMobileShape(text, from, g[j].end, d);
          if (!separated && !mobile && !PHONE_CONTEXT.test(text.slice(Math.max(0, from - 24), from))) continue;
          if (
            mobile ||
            isPhone(text.slice(from, g[j].end), plus, ctx.phoneRegions, d) ||
            (dialled00 && isPhone('+' + text.slice(from + 2, g[j].end), true, ctx.phoneRegions)) ||
            (mayBeCued && (cued < 0 ? (cued = calledAt(text, from) ? 1 : 0) : cued) === 1) ||
            // a country code and number written without '+' after a word asking to call (`hubungi
            // 6285687147972`, `WhatsApp 447700900123`): it must validate as an international number
            (!plus && !dialled00 && d >= 10 && d <= 13 && text.charCodeAt(from) !== 48 && (cued < 0 ? (cued = calledAt(text, from) ? 1 : 0) : cued) === 1 && isPhone('+' + digitsOf(text, from, g[j].end), true, ctx.phoneRegions))
          ) {
            found = j;
            break;
          }
        }
        if (found >= 0) {
          out.push({ start: from, end: g[found].end, category: 'phone', priority: this.priority });
          i = found;
        }
      }
    }
  },
};

/**
 * `0` + a mobile prefix, 10 or 11 digits, standing alone: AU/BE/FR/NL/IL/ZA/VN/TW (`04…`–`09…`, 10 digits),
 * UK/NG/PH/JP/TR/IN/KR/EG/DE (`07…`, `08…`, `09…`, `05…`, `010…`–`012…`, `015…`–`017…`, 11 digits).
 */
const IDENTIFIER_BEFORE =
  /(?:invoice|order|bestell\p{L}*|commande|pedido|ordine|zam[óo]wienie|ref\p{L}*|id|no|nr|num\p{L}*|nummer|tracking|ticket|case|account|konto|po|sku|awb|rechnung|factura|fattura|facture|booking|reservation|pnr|sendung|paket|auftrag|kunden\p{L}*|customer|contract|vertrag|policy|claim|serial|batch|lot|iban|bic|code|pin|otp)\W{0,3}$/iu;

export function trunkMobileShape(text: string, from: number, end: number, digits: number): boolean {
  // inside text only: a value that is the number alone is judged by its field (`trackingNumber`, `subs_id`, ISO 8583 field 7)
  if (end - from !== digits || text.charCodeAt(from) !== 48 || (from === 0 && end === text.length)) return false;
  // … nor a number a word names as a document's or an account's (`invoice 0580358440`, `Bestellung 0612345678`)
  if (from > 0 && IDENTIFIER_BEFORE.test(text.slice(Math.max(0, from - 24), from))) return false;
  const a = text.charCodeAt(from + 1) - 48;
  if (digits === 10) return a >= 4 && a <= 9;
  if (digits !== 11) return false;
  if (a >= 5 && a <= 9) return true;
  const b = text.charCodeAt(from + 2) - 48;
  return a === 1 && (b <= 2 || (b >= 5 && b <= 7));
}

/**
 * The same national mobile shape written in groups with one separator throughout, as Swiss, French,
 * Belgian, Dutch and Australian numbers are (`079.318.44.26`, `0470 12 34 56`, `06-12 34 56 78`,
 * `0412 345 678`): `0`, a mobile prefix 4–9, 10 digits, a first group of two to four digits, two to
 * five groups. Not after a word naming an identifier (IDENTIFIER_BEFORE).
 */
export function separatedMobileShape(text: string, g: readonly DigitGroup[], i: number, j: number, from: number, digits: number): boolean {
  if (digits !== 10 || from !== g[i].start || text.charCodeAt(from) !== 48) return false;
  const a = text.charCodeAt(from + 1) - 48;
  const first = g[i].end - g[i].start;
  if (a < 4 || a > 9 || first < 2 || first > 4 || j - i < 1 || j - i > 4) return false;
  const sep = text.charCodeAt(g[i].end);
  if (sep !== 32 && sep !== 46 && sep !== 45) return false;
  for (let k = i + 1; k <= j; k++) {
    if (g[k].start - g[k - 1].end !== 1 || text.charCodeAt(g[k - 1].end) !== sep || g[k].end - g[k].start < 2) return false;
  }
  return !(from > 0 && IDENTIFIER_BEFORE.test(text.slice(Math.max(0, from - 24), from)));
}

/** An OID: arcs joined by single dots, the first 0, 1 or 2, none with a leading zero ('06.12.34.56.78' is a French number). */
function dottedThroughout(g: readonly DigitGroup[], text: string): boolean {
  const first = text.charCodeAt(g[0].start);
  if (g[0].end - g[0].start !== 1 || first < 48 || first > 50) return false;
  for (let k = 1; k < g.length; k++) {
    if (g[k].start - g[k - 1].end !== 1 || text.charCodeAt(g[k - 1].end) !== 46) return false;
    if (text.charCodeAt(g[k].start) === 48 && g[k].end - g[k].start > 1) return false;
  }
  return true;
}

/** The ASCII digits of text[from, end). */
function digitsOf(text: string, from: number, end: number): string {
  let out = '';
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out += text[i];
  }
  return out;
}

function covered(found: readonly Match[], start: number, end: number): boolean {
  for (const m of found) if (m.start <= start && m.end >= end) return true;
  return false;
}

function leadIn(text: string, g: DigitGroup): number {
  const c = text.charCodeAt(g.start - 1);
  if (c === 43 || c === 40) return text.charCodeAt(g.start - 2) === 43 ? g.start - 2 : g.start - 1;
  return g.start;
}

/** Digit counts of the window's groups per window position (reused: find is not re-entered). */
const COUNTS = new Int32Array(8);

/** Lengths of three consecutive groups. */
function lengthsAre(g: readonly DigitGroup[], i: number, a: number, b: number, c: number): boolean {
  return g[i].end - g[i].start === a && g[i + 1].end - g[i + 1].start === b && g[i + 2].end - g[i + 2].start === c;
}

function looksLikeDate(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  if (j - i !== 2) return false;
  if (!lengthsAre(g, i, 4, 2, 2) && !lengthsAre(g, i, 2, 2, 4)) return false;
  const sep = text[g[i].end];
  return sep === '-' || sep === '.' || sep === '/';
}

/** `123-45-6789` is the SSN detector's to judge (valid SSN or never-issued number), not a phone. */
function ssnShaped(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  if (j - i !== 2) return false;
  return lengthsAre(g, i, 3, 2, 4) && text[g[i].end] === '-' && text[g[i + 1].end] === '-';
}

/** `11.17.11.135`: an address or a four-part version, never written that way as a phone number. */
function looksLikeDottedQuad(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  if (j - i !== 3) return false;
  // '079.318.44.26' (a Swiss mobile): a leading zero, then a group no address has (> 255)
  let zeroLed = false;
  let over = false;
  for (let k = i; k <= j; k++) {
    if (g[k].end - g[k].start > 3) return false;
    if (g[k].end - g[k].start === 3) {
      if (text.charCodeAt(g[k].start) === 48) zeroLed = true;
      if (Number(text.slice(g[k].start, g[k].end)) > 255) over = true;
    }
    if (zeroLed && over) return false;
    if (k > i && !(g[k].start - g[k - 1].end === 1 && text[g[k - 1].end] === '.')) return false;
  }
  return true;
}

/** Words that ask to call or text a number (a subset of PHONE_CONTEXT without 'no', 'nr', 'al'…), right before it. */
const CALL_CUE =
  /(?:電話(?:番号)?|連絡先|折り?返し先?|携帯(?:電話|番号)?|℡|☎|연락처|전화(?:번호)?|휴대폰|핸드폰|电话|手机|聯絡電話|טלפון|נייד|هاتف|جوال|موبايل|(?:ا|إ)تصل(?:ي|وا)?|تواصل|رقم|تماس|شماره|התקשר(?:י|ו)?|โทร(?:ศัพท์)?|เบอร์)(?:[\s:：=]|[はのがをでにへ]|번호|은|는|로|으로|:|على|علي|الرقم|با|به|ל)*$|(?<![A-Za-z0-9])(?:call(?:back)?|phone|tel|telephone|mobile|cell|sms|text|fax|whatsapp|reach(?:able)?|handy|mobil|móvil|movil|mobiel|portable|joignable|rappeler|téléphone|tél|telefon|telefone|telefono|teléfono|telefoon|komórka|cellulare|celular|erreichbar|llámeme|llamar|bel|ring|ligue|liguem|richiamarmi|rückruf|hubungi|telp|telefonu|arayın|ara|gọi|liên hệ)\b(?:[\s_]*(?:me|us|him|her|them|on|at|to|back|number|no|nr|#|au|al|op|unter|pod|numerem|bitte|is|was)\b)*\s*[.:#=-]{0,2}\s*$/i;

/** A word asking to call or text (CALL_CUE) ends right before `from`. */
export function calledAt(text: string, from: number): boolean {
  return CALL_CUE.test(text.slice(Math.max(0, from - 24), from));
}

/**
 * Cheap shape checks per region, so that libphonenumber (~20 µs a parse) only sees candidates
 * that could be national numbers there: trunk prefix 0 (GB, DE, FR, IN landlines), 10 digits not
 * starting with 0/1 (US, IN mobiles), or an area code in parentheses (US, BR).
 */
function plausibleNational(candidate: string, digits: number, region: string): boolean {
  const first = candidate.charCodeAt(0);
  const paren = first === 40;
  const lead = candidate.replace(/^\(/, '').charCodeAt(0);
  switch (region) {
    case 'US':
      return (digits === 10 && lead >= 50) || (digits === 11 && lead === 49);
    case 'GB':
      return lead === 48 && (digits === 10 || digits === 11);
    case 'DE':
      return lead === 48 && digits >= 6 && digits <= 13;
    case 'FR':
      return lead === 48 && digits === 10;
    case 'IN':
      return (lead === 48 && digits === 11) || (digits === 10 && lead >= 54);
    case 'BR':
      return digits >= 10 && digits <= 12;
    case 'ES':
      return digits === 9 && lead >= 54;
    case 'IT':
      return (lead === 51 && (digits === 9 || digits === 10)) || (lead === 48 && digits >= 6 && digits <= 11);
    case 'NL':
      return lead === 48 && digits === 10;
    case 'PL':
      return digits === 9 && lead !== 48;
    case 'PT':
      return digits === 9 && (lead === 50 || lead === 57);
    default:
      return true; // regions without a shape rule go straight to libphonenumber
  }
}

/**
 * Verdicts for recently seen candidates: the same number tends to recur (a customer's phone in
 * every message of a stream) and a libphonenumber parse costs tens of microseconds.
 */
const verdicts = new Map<string, boolean>();
const VERDICT_LIMIT = 2048;

/** The regions part of the verdict key, joined once per regions array (a policy's list never changes). */
let keyedRegions: readonly string[] | undefined;
let regionsKey = '';

export function isPhone(candidate: string, international: boolean, regions: readonly string[], digits?: number): boolean {
  if (!international && regions !== keyedRegions) {
    keyedRegions = regions;
    regionsKey = regions.join(',');
  }
  const key = (international ? '+' : regionsKey) + '|' + candidate;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = validate(candidate, international, regions, digits);
  if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function validate(candidate: string, international: boolean, regions: readonly string[], digits?: number): boolean {
  const p = parser();
  // '+49 (0)30 …': the national trunk prefix in parentheses is written but not dialled
  if (international) {
    const n = p(candidate.replace('(0)', ''));
    // a Mexican mobile with the '1' dropped from the plan in 2019 (`+52 1 55 1234 5678`, WhatsApp's
    // `5215512345678`): the number without it
    if (candidate.startsWith('+52')) {
      const d = candidate.replace(/\D/g, '');
      if (d.length === 13 && d.startsWith('521') && p('+52' + d.slice(3))?.isValid() === true) return true;
    }
    if (n === undefined) return false;
    if (n.isValid()) return true;
    // compact E.164 ('+33714674777', as booking and messaging systems store numbers): a country
    // code and a possible length for it is a number even where the metadata does not know the
    // range yet (plans change faster than libraries); written with spaces it must validate
    return /^\+\d{8,15}$/.test(candidate) && n.isPossible();
  }
  if (nanpParenthesized(candidate, regions)) return true;
  const n = digits ?? candidate.replace(/\D/g, '').length;
  for (const r of regions) {
    if (!plausibleNational(candidate, n, r)) continue;
    if (p(candidate, r as CountryCode)?.isValid() === true) return true;
  }
  return false;
}

/** `(NXX) NXX-XXXX`: area code and exchange 2–9 first, the area code not N11 (211, 911…). */
const NANP_PARENTHESIZED = /^\([2-9](?!11)\d\d\) ?[2-9]\d\d[-. ]\d{4}$/;

/**
 * A number written `(NXX) NXX-XXXX` follows the North American numbering plan's rules even when
 * its area code is not (yet) assigned: libphonenumber accepts only assigned ones, and a writer
 * who formats a number so is writing a phone number. Only when the regions include US.
 */
export function nanpParenthesized(candidate: string, regions: readonly string[]): boolean {
  return candidate.charCodeAt(0) === 40 && NANP_PARENTHESIZED.test(candidate) && regions.includes('US');
}

/** Four or more groups of exactly five digits after the first group: a payment reference's layout, not a number to dial. */
export function groupsOfFive(g: readonly { start: number; end: number }[]): boolean {
  if (g.length < 5) return false;
  for (let k = 1; k < g.length; k++) if (g[k].end - g[k].start !== 5) return false;
  return true;
}
