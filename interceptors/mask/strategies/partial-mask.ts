import type { Category } from '../categories';
import { isCardNumber } from '../detectors/luhn';
import { ibanMod97Valid } from '../detectors/iban-check';
import * as digits from '../digit-count';

// bound once: loaders such as tsx compile each use of a named import into a getter call
const { countAsciiDigits: digitCount } = digits;

/**
 * `mask`: keep a part that is safe to show and useful to tell values apart, nothing more.
 * - card: last 4 digits (`**** **** **** 4242`), as PCI DSS allows for display;
 * - IBAN: country, check digits and last 2 characters (`DE89 **** … 00`);
 * - US SSN: last 4 (`***-**-6789`);
 * - phone: last 2 digits (`+** *** ****89` shape is not kept: `[phone …89]` would still be
 *   readable in a run, so `***…**89` with no separators);
 * - email: first character of the local part and the domain (`j***@example.com`);
 * - anything else: first character and `***` (never the length).
 * The kept parts are too short to rebuild the value: no digit run of the original survives.
 */
export function partialMask(value: string, category: Category): string {
  // each branch computes only what it shows (this runs once per masked card/IBAN in free text)
  const either = category === 'financial' || category === 'personal';
  if (category === 'credit_card' || (either && looksLikeCard(value))) {
    return digitCount(value) >= 13 ? `**** **** **** ${lastDigits(value, 4)}` : '****';
  }
  if (category === 'iban' || (either && ibanMod97Valid(compactUpper(value)))) {
    const compact = compactUpper(value);
    if (compact.length < 8) return '****';
    return `${compact.slice(0, 4)} ${'**** '.repeat(Math.max(1, Math.floor((compact.length - 6) / 4)))}${compact.slice(-2)}`;
  }
  if (category === 'us_ssn' || category === 'government_id') {
    return digitCount(value) >= 9 ? `***-**-${lastDigits(value, 4)}` : '***';
  }
  if (category === 'phone') {
    return digitCount(value) >= 6 ? `********${lastDigits(value, 2)}` : '***';
  }
  if (category === 'email' || category === 'contact') {
    const at = value.indexOf('@');
    if (at > 0) return `${value[0]}***${value.slice(at)}`;
    const enc = value.toLowerCase().indexOf('%40');
    if (enc > 0) return `${value[0]}***${value.slice(enc)}`;
  }
  if (category === 'jwt' || category === 'api_key' || category === 'bearer_token' || category === 'credential') {
    return `[REDACTED:${category}]`; // no safe part in a secret
  }
  const first = firstCodePoint(value);
  return first.length === 1 && first.charCodeAt(0) >= 48 && first.charCodeAt(0) <= 57 ? '***' : `${first}***`;
}

/** Only digits, spaces and dashes, and the digits a valid card number. */
function looksLikeCard(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return isCardNumber(digits) && digits.length === value.replace(/[\s-]/g, '').length;
}

/** Without whitespace and '-', upper case. IBANs from the detector hold only letters, digits and spaces: no regex for those. */
function compactUpper(value: string): string {
  let out = '';
  let from = 0;
  let lower = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) {
      out += value.slice(from, i);
      from = i + 1;
    } else if (c >= 97 && c <= 122) lower = true;
    else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return value.replace(/[\s-]/g, '').toUpperCase();
  }
  out = from === 0 ? value : out + value.slice(from);
  return lower ? out.toUpperCase() : out;
}

/** The last `k` ASCII digits of the value (fewer if it has fewer). */
function lastDigits(value: string, k: number): string {
  let end = value.length;
  let out = '';
  while (end > 0 && out.length < k) {
    const c = value.charCodeAt(--end);
    if (c >= 48 && c <= 57) out = value[end] + out;
  }
  return out;
}

/** `Array.from(value)[0] ?? ''` without building the array. */
function firstCodePoint(value: string): string {
  if (value.length === 0) return '';
  const c = value.charCodeAt(0);
  if (c >= 0xd800 && c <= 0xdbff && value.length > 1) {
    const d = value.charCodeAt(1);
    if (d >= 0xdc00 && d <= 0xdfff) return value.slice(0, 2);
  }
  return value[0];
}
