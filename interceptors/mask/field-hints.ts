import type { Category } from './categories';

/**
 * Field-name hints: a value is personal because of the field that holds it (names, birth dates,
 * street addresses) or secret (passwords, tokens). Names are normalised (lower-case, '_', '-'
 * and spaces removed) and compared against exact names and suffixes, so `billingFirstName`,
 * `first_name` and `x-api-key` all resolve. Deliberately absent: bare `name` (resource names such
 * as `users/<uuid>`), `line` (log lines), `channel`/`method` (values like "email"), and paging
 * tokens (`pageToken`, `syncToken`), which are opaque cursors, not credentials.
 */
export type HintCategory = Extract<
  Category,
  'person_name' | 'date_of_birth' | 'postal_address' | 'credential' | 'email' | 'phone' | 'us_ssn' | 'government_id' | 'api_key'
>;

const EXACT: ReadonlyMap<string, HintCategory> = new Map<string, HintCategory>([
  ['address', 'postal_address'],
  ['addresses', 'postal_address'],
  ['street', 'postal_address'],
  ['street1', 'postal_address'],
  ['street2', 'postal_address'],
  ['addressline', 'postal_address'],
  ['addressline1', 'postal_address'],
  ['addressline2', 'postal_address'],
  ['addressline3', 'postal_address'],
  ['dob', 'date_of_birth'],
  ['ssn', 'us_ssn'],
  ['token', 'credential'],
  ['auth', 'credential'],
  ['pin', 'credential'],
  ['cvv', 'credential'],
  ['cvc', 'credential'],
  ['otp', 'credential'],
  ['tel', 'phone'],
  ['fax', 'phone'],
  ['msisdn', 'phone'],
  ['mobile', 'phone'],
  ['surname', 'person_name'],
  ['forename', 'person_name'],
  ['cardholder', 'person_name'],
  ['username', 'person_name'],
]);

/** Suffixes, longest first within a category; checked in order. */
const SUFFIXES: ReadonlyArray<[string, HintCategory]> = [
  // paging cursors are not secrets: checked before the 'token' suffixes (mapped to undefined below)
  ['fullname', 'person_name'],
  ['firstname', 'person_name'],
  ['lastname', 'person_name'],
  ['givenname', 'person_name'],
  ['familyname', 'person_name'],
  ['middlename', 'person_name'],
  ['maidenname', 'person_name'],
  ['legalname', 'person_name'],
  ['customername', 'person_name'],
  ['cardholdername', 'person_name'],
  ['holdername', 'person_name'],
  ['patientname', 'person_name'],
  ['contactname', 'person_name'],
  ['beneficiaryname', 'person_name'],
  ['recipientname', 'person_name'],
  ['personname', 'person_name'],
  ['dateofbirth', 'date_of_birth'],
  ['birthdate', 'date_of_birth'],
  ['birthday', 'date_of_birth'],
  ['streetaddress', 'postal_address'],
  ['homeaddress', 'postal_address'],
  ['mailingaddress', 'postal_address'],
  ['postaladdress', 'postal_address'],
  ['billingaddress', 'postal_address'],
  ['shippingaddress', 'postal_address'],
  ['deliveryaddress', 'postal_address'],
  ['residentialaddress', 'postal_address'],
  ['socialsecuritynumber', 'us_ssn'],
  ['ssn', 'us_ssn'],
  ['taxid', 'government_id'],
  ['nationalid', 'government_id'],
  ['passportnumber', 'government_id'],
  ['driverslicense', 'government_id'],
  ['emailaddress', 'email'],
  ['emails', 'email'],
  ['email', 'email'],
  ['phonenumbers', 'phone'],
  ['phonenumber', 'phone'],
  ['phones', 'phone'],
  ['phone', 'phone'],
  ['mobilenumber', 'phone'],
  ['password', 'credential'],
  ['passwd', 'credential'],
  ['passphrase', 'credential'],
  ['secret', 'credential'],
  ['secretkey', 'credential'],
  ['privatekey', 'credential'],
  ['accesskeyid', 'api_key'],
  ['apikey', 'api_key'],
  ['apitoken', 'credential'],
  ['accesstoken', 'credential'],
  ['refreshtoken', 'credential'],
  ['idtoken', 'credential'],
  ['authtoken', 'credential'],
  ['bottoken', 'credential'],
  ['sessiontoken', 'credential'],
  ['bearertoken', 'credential'],
  ['authorization', 'credential'],
  ['cookie', 'credential'],
  ['credential', 'credential'],
  ['credentials', 'credential'],
];

/** Names that end like a hint but are not personal (checked first). */
const NOT_HINTS: ReadonlySet<string> = new Set([
  'pagetoken',
  'nextpagetoken',
  'synctoken',
  'continuationtoken',
  'resumetoken',
  'csrftoken',
  'idempotencytoken',
  'filename',
  'hostname',
  'servicename',
  'typename',
  'methodname',
  'emailverified',
  'phoneverified',
]);

export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s.]/g, '');
}

/** The category a field name implies, or undefined when the name says nothing. */
export function hintForFieldName(name: string): HintCategory | undefined {
  const n = normalizeFieldName(name);
  if (n.length === 0 || NOT_HINTS.has(n)) return undefined;
  const exact = EXACT.get(n);
  if (exact) return exact;
  for (const [suffix, cat] of SUFFIXES) if (n.endsWith(suffix)) return cat;
  return undefined;
}

/**
 * Fields whose dotted four-part values are versions, not addresses (`buildNumber: "10.2.3.4"`):
 * the IPv4 detector is off for them.
 */
export function isVersionLikeName(name: string): boolean {
  return /version|build|release|revision/.test(normalizeFieldName(name));
}
