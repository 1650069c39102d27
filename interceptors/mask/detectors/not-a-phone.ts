import type { CountryCode } from 'libphonenumber-js';
import type { DigitGroup } from './digit-runs';
import { phoneParser } from './phone-parser';

/**
 * Digit windows that numbering plans would accept but that are something else by their shape or
 * their neighbours (issue 11's false positives):
 * - ISO 11649 creditor references (`RF18 5390 0754 7034`): digits after `RF` + two check digits, and
 *   IBAN-shaped account numbers whose checksum failed (`PL83 9986 8152 …`);
 * - timestamps: a window that starts with a real calendar date (`2024-11-11 03…`) or runs into a
 *   clock time (`… 03:18:59`);
 * - parts of longer hyphenated or slashed identifiers (`684-0256420-6098214`): a phone number is
 *   not glued by '-' or '/' to more digits, nor by '.' to digits before it (an address, a version);
 * - numbers named as orders, invoices, shipments or references, or written `#12345678`, unless
 *   they are valid mobile or fixed-line numbers of one of `regions` (`ticket 06 00 00 00 00`).
 * - windows with a one-digit group after the first (`12463 443 6 4`): phone numbers are grouped in
 *   twos or more, save a leading 1 or 0 and a trunk '(0)'.
 * A number written with '+' (E.164) is always left to validation: only the date and clock-time
 * shapes rule it out.
 */
export function notAPhone(g: readonly DigitGroup[], i: number, j: number, text: string, from: number, regions: readonly string[]): boolean {
  const end = g[j].end;
  // a clock time right after: "2024-11-11 03:18:59", "14 03:18"
  if (text.charCodeAt(end) === 58 && isDigit(text.charCodeAt(end + 1))) return true;
  // the seconds of a clock time and what follows them: "16:20:41.000+0000"
  if (text.charCodeAt(from - 1) === 58 && isDigit(text.charCodeAt(from - 2))) return true;
  // a date at the start: 4-2-2 or 2-2-4 with '-', '.', '/' between, with a real year, month and day
  if (j - i >= 3 && startsWithDate(g, i, text)) return true;
  // … or a day-first or ISO date inside the window ('16 22/07/2024 01' of a fixed-width record): a number has no date in it
  for (let k = i + 1; k + 2 <= j; k++) if (startsWithDate(g, k, text)) return true;
  if (text.charCodeAt(from) === 43) return false; // '+…': the caller validates it
  // a one-digit group after the first (`12463 443 6 4` of a flow log, `4 2 9 1 7 …` of counts):
  // numbers are written in groups of two or more; only a leading 1 or 0 stands alone ('1 800 …')
  // (a number read out digit by digit, `0 7 9 5 0 3 …`, is all one-digit groups: it stays a candidate)
  if (mixesSingleDigits(g, i, j, text)) return true;
  // glued by '-' or '/' to more digits on either side (inside a longer identifier)
  const before = text.charCodeAt(from - 1);
  if ((before === 45 || before === 47) && isDigit(text.charCodeAt(from - 2))) return true;
  // … or by '.' on the left: the rest of a dotted quad, a version or a decimal (`10.0.214.173 27066 443` of a flow log)
  if (before === 46 && isDigit(text.charCodeAt(from - 2))) return true;
  const after = text.charCodeAt(end);
  if ((after === 45 || after === 47) && isDigit(text.charCodeAt(end + 1))) return true;
  // … or by '.' on the right: the head of a longer dotted identifier (`160.100.000.000.021.76`, a
  // prescription's task id); a number written with dots is taken whole, never as its first groups
  if (after === 46 && isDigit(text.charCodeAt(end + 1))) return true;
  const lead = leadOf(text, from);
  if (lead === LEAD_REFERENCE) return true;
  // an order or ticket number is a phone only if it is a valid mobile or fixed-line number
  if (before === 35 || lead === LEAD_ORDER) return !validNationalLine(g, i, j, text, regions);
  return false;
}

const LEAD_NONE = 0;
const LEAD_REFERENCE = 1;
const LEAD_ORDER = 2;
/**
 * What the words before a window say (a reference, an order, nothing), remembered for the last
 * start: the caller tries up to eight windows from one start, longest first, and the two
 * expressions read the same 28 characters each time (they were ~5 % of a scan of dense PII text).
 */
let leadText = '';
let leadFrom = -1;
let leadKind = LEAD_NONE;

function leadOf(text: string, from: number): number {
  if (from === leadFrom && text === leadText) return leadKind;
  const lead = text.slice(Math.max(0, from - 28), from);
  leadKind = CREDITOR_REFERENCE.test(lead) ? LEAD_REFERENCE : ORDER_CONTEXT.test(lead) ? LEAD_ORDER : LEAD_NONE;
  leadText = text;
  leadFrom = from;
  return leadKind;
}

/** A one-digit group after the first, among longer groups ('(0)', a trunk prefix, excepted). */
function mixesSingleDigits(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  let single = false;
  let longer = g[i].end - g[i].start > 1;
  for (let k = i + 1; k <= j; k++) {
    const len = g[k].end - g[k].start;
    if (len > 1) longer = true;
    // (in parentheses, or Budapest's area code 1 after the Hungarian trunk prefix 06: `06-1-555-4412`)
    else if (!(text.charCodeAt(g[k].start - 1) === 40 && text.charCodeAt(g[k].end) === 41) && !(k === i + 1 && isBudapest(g[i], g[k], text))) single = true;
  }
  return single && longer;
}

function isBudapest(first: DigitGroup, area: DigitGroup, text: string): boolean {
  return first.end - first.start === 2 && text.charCodeAt(first.start) === 48 && text.charCodeAt(first.start + 1) === 54 && text.charCodeAt(area.start) === 49;
}

/**
 * The window validates as a mobile or fixed-line number of one of `regions` (the right digit
 * count and a real numbering-plan range: `ticket 06 00 00 00 00`, `order 0151 66509359`), not
 * merely as some number (`order 2024 5512 3341`). The grouping is not required to be the national
 * format's: people group their own numbers as they like. Only reached after an order-like word.
 */
function validNationalLine(g: readonly DigitGroup[], i: number, j: number, text: string, regions: readonly string[]): boolean {
  const candidate = text.slice(g[i].start, g[j].end);
  const parse = phoneParser();
  for (const r of regions) {
    const n = parse(candidate, r as CountryCode);
    if (!n || !n.isValid()) continue;
    const type = n.getType();
    if (type === 'MOBILE' || type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE') return true;
  }
  return false;
}

/** Groups i..i+2 are a date: year 19xx/20xx, month and day in range, 4-2-2 or 2-2-4, joined by the same single '-', '/' or '.'. */
export function startsWithDate(g: readonly DigitGroup[], i: number, text: string): boolean {
  const a = g[i].end - g[i].start;
  const b = g[i + 1].end - g[i + 1].start;
  const c = g[i + 2].end - g[i + 2].start;
  if (a === 4 && b === 2 && c === 2) {
    if (!isYear(groupValue(text, g[i])) || !isDayMonth(groupValue(text, g[i + 2]), groupValue(text, g[i + 1]))) return false;
  } else if (a === 2 && b === 2 && c === 4) {
    if (!isYear(groupValue(text, g[i + 2])) || !isDayMonth(groupValue(text, g[i]), groupValue(text, g[i + 1]))) return false;
  } else return false;
  const sep = text.charCodeAt(g[i].end);
  return (sep === 45 || sep === 47 || sep === 46) && g[i + 1].start - g[i].end === 1 && g[i + 2].start - g[i + 1].end === 1 && text.charCodeAt(g[i + 1].end) === sep;
}

/** The number a group of digits writes (read from char codes). */
function groupValue(text: string, grp: DigitGroup): number {
  let v = 0;
  for (let k = grp.start; k < grp.end; k++) v = v * 10 + text.charCodeAt(k) - 48;
  return v;
}

function isYear(v: number): boolean {
  return v >= 1900 && v <= 2099;
}

/** Day and month in either order (both ≤ 31, one ≤ 12). */
function isDayMonth(d: number, m: number): boolean {
  return d >= 1 && d <= 31 && m >= 1 && m <= 31 && (d <= 12 || m <= 12);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `RF` and two check digits right before (the reference's digits follow, grouped or not). Case
 * matters: references are written in capitals, and with /i the groups would take ordinary words
 * (`RF71 PKHY HASA 81 mobile 714 417 3721` hid the phone after 'mobile').
 */
/**
 * Digits after a country code and two check digits, in groups of four: an account number written
 * the IBAN way (`PL83 9986 8152 …`) whose checksum failed, or an ISO 11649 creditor reference
 * (`RF18 5390 …`) — not a phone number either way.
 */
const CREDITOR_REFERENCE = /\b(?:RF\d{2}[ ]?(?:[0-9A-Z]{1,4}[ ]?)*|[A-Z]{2}\d{2} (?:[0-9A-Z]{4} )*)$/;

/** Words that name the number as something other than a phone (EN, DE, FR, ES, IT, NL, PT, PL). */
const ORDER_CONTEXT =
  /\b(?:order|orders|invoice|inv|ref|reference|tracking|shipment|booking|transaction|txn|receipt|acct|iban|ticket|bestellung|bestellnummer|rechnung|auftrag|vorgang|commande|facture|dossier|pedido|factura|ordine|fattura|bestelling|factuur|fatura|zamówienie|faktura|nr\.?\s*zamówienia)\b\s*(?:no\.?|nr\.?|number|#|id|n°|nº)?\s*[:#=-]?\s*$/i;
