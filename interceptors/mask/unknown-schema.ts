import { countAsciiDigits as digitCount } from './digit-count';

/**
 * Strings of payloads whose schema is unknown (wire fallback, objects of unregistered methods)
 * are redacted unless they are cleared: fail-closed, because without a schema the field names
 * that reveal names, addresses and birth dates are missing (issue 11). A string is cleared when,
 * after the detectors ran, its shape is one that carries no personal data by itself: a number,
 * an id (UUID, hex digest, resource name), a timestamp with a time, a recent date, an
 * identifier-like token (`booked`, `eu-central-1`, `text/plain`, `PAYMENT_PENDING`), a version, a
 * URL without query or credentials, or text made only of redaction markers and such tokens (no
 * words).
 * Free text, capitalised words and anything else are redacted whole.
 */

const MARKER = /\[REDACTED:[a-z_]+\]/g;
const WORD = /^\p{L}+[.:!?]?$/u;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?(?:e[+-]?\d+)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:0x)?[0-9a-f]{8,}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT_TIMESTAMP = /^\d{8}T\d{6}Z?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?$/;
/** lower-case identifiers, hosts, paths, MIME types, region names, resource names with ids — with a letter in them. */
const LOWER_TOKEN = /^(?=[^a-z]*[a-z])[a-z0-9][a-z0-9_./-]{0,127}$/;
/** Shapes that look like tokens but are personal: dotted or slashed dates, MAC addresses, dialable numbers. */
const PERSONAL_SHAPE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|\+\d{7,}|0\d{7,})$/i;
/** ENUM_VALUES with an underscore or a digit, and codes of up to three letters (EUR, DE, LHR). */
const ENUM_TOKEN = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{1,3}\d*|[A-Z]+\d+[A-Z0-9]*)$/;
/** camelCase / PascalCase identifiers and dotted type names (`demo.v1.Address`, `ErrorInfo`). */
const CODE_TOKEN = /^(?:[a-z]+(?:[A-Z][a-z0-9]*)+|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){2,})$/;
const URL_NO_QUERY = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/-]*)?$/;
/** Upper-case reference numbers (`ACC-98779599`, `MSG-8034414360`, `#49385289`), short check-digit codes (`72313-4`). */
/** Only digits in groups, with spaces, dashes, dots or parentheses between (and maybe a leading '+'). */
const GROUPED_DIGITS = /^\+?\(?\d+\)?(?:[ .-]\(?\d+\)?)+$/;
const REFERENCE = /^(?:[A-Z]{2,6}[-_]?\d[0-9A-Z-]*|#\d{4,}|\d{3,6}-\d)$/;
/** ISO 11649 creditor references, grouped or not. */
const CREDITOR_REFERENCE = /^RF\d{2}(?: ?[0-9A-Z]{1,4}){1,6}$/;

/** Common upper-case status words (a lone upper-case word could otherwise be a surname). */
const STATUS_WORDS: ReadonlySet<string> = new Set(
  (
    'OK ERROR WARN WARNING INFO DEBUG TRACE FATAL NONE NULL TRUE FALSE YES NO ACTIVE INACTIVE ENABLED DISABLED PENDING ' +
    'CONFIRMED CANCELLED CANCELED COMPLETED COMPLETE FAILED FAILURE SUCCESS SUCCEEDED APPROVED DECLINED REJECTED ' +
    'OPEN CLOSED NEW PAID UNPAID REFUNDED BOOKED ISSUED VOID VALID INVALID UNKNOWN DEFAULT MOBILE HOME WORK ' +
    'EMAIL PHONE SMS PUSH CARD CASH VISA MASTERCARD AMEX ADT CHD INF PASSPORT LIVENESS ADDRESS PASS REVIEW'
  ).split(' '),
);

function recentDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const now = new Date().getUTCFullYear();
  return year >= now - 2 && year <= now + 5; // a birth date is rarely this recent
}

function clearedToken(t: string): boolean {
  if (PERSONAL_SHAPE.test(t)) return false;
  // 13–19 digits in a dotted or grouped form is how cards are written, not versions
  if (VERSION.test(t) && digitCount(t) >= 13) return false;
  return (
    NUMBER.test(t) ||
    UUID.test(t) ||
    HEX.test(t) ||
    TIMESTAMP.test(t) ||
    COMPACT_TIMESTAMP.test(t) ||
    recentDate(t) ||
    VERSION.test(t) ||
    LOWER_TOKEN.test(t) ||
    ENUM_TOKEN.test(t) ||
    CODE_TOKEN.test(t) ||
    URL_NO_QUERY.test(t) ||
    REFERENCE.test(t) ||
    STATUS_WORDS.has(t)
  );
}

/** May this string of a schema-less payload be kept (after the detectors ran on it)? */
export function clearedWithoutSchema(s: string): boolean {
  if (s.length === 0) return true;
  if (s.length <= 128 && s.indexOf(' ') < 0 && s.indexOf('[') < 0) return clearedToken(s);
  if (TIMESTAMP.test(s) || CREDITOR_REFERENCE.test(s)) return true;
  // digit groups that add up to a number to dial ('185 1340 1916', '0722 999 658'): each group alone is a number, together a phone
  if (GROUPED_DIGITS.test(s) && digitCount(s) >= 8 && digitCount(s) <= 15) return false;
  // markers and cleared tokens separated by spaces or commas: "[REDACTED:email], 200, ok"
  const rest = s.replace(MARKER, ' ');
  // words are prose, and prose is what a schema would have named: only ids, numbers and markers pass
  for (const t of rest.split(/[\s,;]+/)) if (t.length > 0 && (WORD.test(t) || !clearedToken(t))) return false;
  return true;
}
