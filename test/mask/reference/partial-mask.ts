/* Frozen reference copy for tests (see test/mask/reference/README.md). */
import type { Category } from '../../../interceptors/mask/categories';
import { isCardNumber } from './detectors/luhn';
import { ibanMod97Valid } from './detectors/iban-check';

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
  const digits = value.replace(/\D/g, '');
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  if (category === 'credit_card' || ((category === 'financial' || category === 'personal') && isCardNumber(digits) && digits.length === value.replace(/[\s-]/g, '').length)) {
    return digits.length >= 13 ? `**** **** **** ${digits.slice(-4)}` : '****';
  }
  if (category === 'iban' || ((category === 'financial' || category === 'personal') && ibanMod97Valid(compact))) {
    if (compact.length < 8) return '****';
    return `${compact.slice(0, 4)} ${'**** '.repeat(Math.max(1, Math.floor((compact.length - 6) / 4)))}${compact.slice(-2)}`;
  }
  if (category === 'us_ssn' || category === 'government_id') {
    return digits.length >= 9 ? `***-**-${digits.slice(-4)}` : '***';
  }
  if (category === 'phone') {
    return digits.length >= 6 ? `********${digits.slice(-2)}` : '***';
  }
  const at = value.indexOf('@');
  if (category === 'email' || category === 'contact') {
    if (at > 0) return `${value[0]}***${value.slice(at)}`;
    const enc = value.toLowerCase().indexOf('%40');
    if (enc > 0) return `${value[0]}***${value.slice(enc)}`;
  }
  if (category === 'jwt' || category === 'api_key' || category === 'bearer_token' || category === 'credential') {
    return `[REDACTED:${category}]`; // no safe part in a secret
  }
  const first = Array.from(value)[0] ?? '';
  return /\d/.test(first) ? '***' : `${first}***`;
}
