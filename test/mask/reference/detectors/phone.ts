import type { CountryCode, PhoneNumber } from 'libphonenumber-js';
import type { Detector, Match, ScanContext } from './detector';
import { overlapsAny, type DigitGroup } from './digit-runs';
import { notAPhone } from '../../../../interceptors/mask/detectors/not-a-phone';
import { calledAt, groupsOfFive, nanpParenthesized, separatedMobileShape, trunkMobileShape } from '../../../../interceptors/mask/detectors/phone';

type Parse = (text: string, region?: CountryCode) => PhoneNumber | undefined;
let parse: Parse | undefined;

/** libphonenumber-js with full metadata (number-type patterns, not only lengths), loaded on first use. */
function parser(): Parse {
  if (!parse) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('libphonenumber-js/max') as { parsePhoneNumberFromString: Parse };
    parse = lib.parsePhoneNumberFromString;
  }
  return parse;
}

function isOrderId(g: readonly { start: number; end: number }[], text: string): boolean {
  return g[0].end - g[0].start === 3 && g[1].end - g[1].start === 7 && g[2].end - g[2].start === 7 && text[g[0].end] === '-' && text[g[1].end] === '-';
}

/** Groups i..i+2 are a date: year 19xx/20xx, month and day in range, 4-2-2 or 2-2-4, joined by the same single '-', '/' or '.'. */
function startsWithDate(g: readonly { start: number; end: number }[], i: number, text: string): boolean {
  const a = g[i].end - g[i].start;
  const b = g[i + 1].end - g[i + 1].start;
  const c = g[i + 2].end - g[i + 2].start;
  if (a === 4 && b === 2 && c === 2) {
    if (!isYear(groupValue(text, g[i])) || !isDayMonth(groupValue(text, g[i + 2]), groupValue(text, g[i + 1]))) return false;
  } else if (a === 2 && b === 2 && c === 4) {
    if (!isYear(groupValue(text, g[i + 2])) || !isDayMonth(groupValue(text, g[i]), groupValue(text, g[i + 1]))) return false;
  } else return false;
  const sep = text[g[i].end];
  return (sep === '-' || sep === '/' || sep === '.') && g[i + 1].start - g[i].end === 1 && g[i + 2].start - g[i + 1].end === 1 && text[g[i + 1].end] === sep;
}

/** The number a group of digits writes (read from char codes). */
function groupValue(text: string, grp: { start: number; end: number }): number {
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

const CREDITOR_REFERENCE = /\bRF\d\d[ \u00a0]?$/;

/** Words right before a bare digit string that make it a phone number ("call 4158675309"). */
// mirrored: the cue may follow '_' (`_call 0100…`), as in the engine
const PHONE_CONTEXT =
  /(?<![A-Za-z0-9])(?:call(?:back)?|phone|tel|telephone|mobile|cell|sms|text|fax|whatsapp|contact|number|no|reach(?:able)?|handy|mobil|móvil|movil|mobiel|portable|joignable|rappeler|téléphone|tél|telefon|telefone|telefono|teléfono|telefoon|kom|komórka|cellulare|cel|celular|erreichbar|unter|al|au|op|numer|numero|número|nummer|nr|llámeme|llamar|bel|ring|ligue|liguem|richiamarmi)\b(?:\s*(?:me|us|him|her|them|on|at|is|was|back|number|no|nr|#|au|al|op|unter|pod|numerem|no)\b)*\s*[.:#=-]{0,2}\s*$/i;

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
  gate: (text) => text.length >= 8,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.versionField) return;
    const text = ctx.text;
    for (const run of ctx.digitRuns()) {
      if (run.digitCount < 8) continue;
      // an ISO 11649 creditor reference ('RF18 5390 0754 7034') is not a phone number
      if (run.attached && CREDITOR_REFERENCE.test(text.slice(Math.max(0, run.start - 8), run.start))) continue;
      // a Swiss QR-bill or ESR reference ('21 00000 00003 13947 14300 09017': 27 digits, then groups of five) is no phone either
      if (groupsOfFive(run.groups)) continue;
      const g = run.groups;
      // windows of at most 8 groups keep long lists of small numbers cheap
      // an order id written 3-7-7 with dashes ('684-0256420-6098214') is not a phone number
      if (g.length === 3 && isOrderId(g, text)) continue;
      if (g.length >= 5 && isOid(g, text)) continue;
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
        const counts: number[] = [];
        for (let j = i; j < g.length && j < i + 8; j++) {
          digits += g[j].end - g[j].start;
          counts.push(digits);
          if (digits > 15) break;
        }
        for (let j = Math.min(g.length, i + 8) - 1; j >= i; j--) {
          const d = counts[j - i];
          if (d === undefined || d > 15 || d < 8) continue;
          const mayBeCued = !plus && d <= 13 && j > i;
          if (!plus && d < 9 && !(mayBeCued && calledAt(text, from))) continue;
          if (overlapsAny(out, from, g[j].end)) continue; // already an IBAN, card, IP, SSN
          const candidate = text.slice(from, g[j].end);
          if (looksLikeDate(g, i, j, text) || looksLikeDottedQuad(g, i, j, text) || ssnShaped(g, i, j, text) || notAPhone(g, i, j, text, from, ctx.phoneRegions)) continue;
          const separated = j > i || plus;
          const mobile = separated ? !plus && separatedMobileShape(text, g, i, j, from, d) : trunkMobileShape(text, from, g[j].end, d);
          if (!separated && !mobile && !PHONE_CONTEXT.test(text.slice(Math.max(0, from - 24), from))) continue;
          if (
            mobile ||
            isPhone(candidate, plus, ctx.phoneRegions, d) ||
            (dialled00 && isPhone('+' + text.slice(from + 2, g[j].end), true, ctx.phoneRegions)) ||
            (mayBeCued && calledAt(text, from)) ||
            (!plus && !dialled00 && d >= 10 && d <= 13 && text.charCodeAt(from) !== 48 && calledAt(text, from) && isPhone('+' + candidate.replace(/[^0-9]/g, ''), true, ctx.phoneRegions))
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

function leadIn(text: string, g: DigitGroup): number {
  const c = text.charCodeAt(g.start - 1);
  if (c === 43 || c === 40) return text.charCodeAt(g.start - 2) === 43 ? g.start - 2 : g.start - 1;
  return g.start;
}

function looksLikeDate(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  if (j - i !== 2) return false;
  const l = [g[i], g[i + 1], g[j]].map((x) => x.end - x.start).join('');
  if (l !== '422' && l !== '224') return false;
  const sep = text[g[i].end];
  return sep === '-' || sep === '.' || sep === '/';
}

/** `123-45-6789` is the SSN detector's to judge (valid SSN or never-issued number), not a phone. */
function ssnShaped(g: readonly DigitGroup[], i: number, j: number, text: string): boolean {
  if (j - i !== 2) return false;
  const l = [g[i], g[i + 1], g[j]].map((x) => x.end - x.start).join('');
  return l === '324' && text[g[i].end] === '-' && text[g[i + 1].end] === '-';
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

export function isPhone(candidate: string, international: boolean, regions: readonly string[], digits?: number): boolean {
  const key = (international ? '+' : regions.join(',')) + '|' + candidate;
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
    if (n === undefined) return false;
    return n.isValid() || (/^\+\d{8,15}$/.test(candidate) && n.isPossible());
  }
  if (nanpParenthesized(candidate, regions)) return true;
  const n = digits ?? candidate.replace(/\D/g, '').length;
  for (const r of regions) {
    if (!plausibleNational(candidate, n, r)) continue;
    if (p(candidate, r as CountryCode)?.isValid() === true) return true;
  }
  return false;
}

/** Mirrors the engine: five or more dot-joined arcs, the first 0–2, none with a leading zero, are an OID. */
function isOid(g: readonly DigitGroup[], text: string): boolean {
  const first = text.charCodeAt(g[0].start);
  if (g[0].end - g[0].start !== 1 || first < 48 || first > 50) return false;
  for (let k = 1; k < g.length; k++) {
    if (g[k].start - g[k - 1].end !== 1 || text.charCodeAt(g[k - 1].end) !== 46) return false;
    if (text.charCodeAt(g[k].start) === 48 && g[k].end - g[k].start > 1) return false;
  }
  return true;
}
