/**
 * What kind of personal or secret data a value is. Content categories come from detectors,
 * field categories from field-name hints, sensitivity categories from proto annotations
 * (`grpcaudit.v1.Sensitivity`). The category names the redaction marker and selects the
 * default action.
 */
export const CONTENT_CATEGORIES = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'us_ssn',
  'ipv4',
  'ipv6',
  'jwt',
  'api_key',
  'bearer_token',
  'mac_address',
  'device_id',
] as const;

export const FIELD_CATEGORIES = ['person_name', 'date_of_birth', 'postal_address', 'credential'] as const;

/**
 * What the free-text detectors report: content categories, secrets, and names, addresses, birth
 * dates and national identity numbers (national-id.ts) found in prose.
 */
export const TEXT_CATEGORIES: readonly Category[] = [...CONTENT_CATEGORIES, 'credential', 'person_name', 'postal_address', 'date_of_birth', 'government_id'];
/** What a detector that labels a span by a field name's hint may report (see isTextCategory). */
const TEXT_CATEGORY_SET: ReadonlySet<string> = new Set(TEXT_CATEGORIES.filter((c) => c !== 'government_id'));

/**
 * Whether text masking has a strategy for the category: a detector that labels a span by a field
 * name's hint (a CSV column, a query key) reports only these. Not `government_id`, although
 * national-id.ts finds it in text: reported for a `tin` column it would only hide the span from the
 * detector that can name it (an SSN in that column).
 */
export function isTextCategory(c: string): boolean {
  return TEXT_CATEGORY_SET.has(c);
}

export const SENSITIVITY_CATEGORIES = [
  'personal',
  'contact',
  'financial',
  'government_id',
  'health',
  'location',
  'biometric',
] as const;

/** Used for values redacted only because allowlist mode did not list them as safe. */
export const UNCLASSIFIED = 'unclassified' as const;

export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];
export type Category =
  | ContentCategory
  | (typeof FIELD_CATEGORIES)[number]
  | (typeof SENSITIVITY_CATEGORIES)[number]
  | typeof UNCLASSIFIED;

export const ALL_CATEGORIES: readonly Category[] = [
  ...CONTENT_CATEGORIES,
  ...FIELD_CATEGORIES,
  ...SENSITIVITY_CATEGORIES,
  UNCLASSIFIED,
];

const CATEGORY_SET: ReadonlySet<string> = new Set(ALL_CATEGORIES);

export function isCategory(v: string): v is Category {
  return CATEGORY_SET.has(v);
}

/** The fixed marker that replaces a redacted value; it names the category and nothing else. */
export function redactionMarker(category: Category): string {
  return `[REDACTED:${category}]`;
}
