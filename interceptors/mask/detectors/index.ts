import { invertedNameDetector } from './inverted-name';
import { addressChainDetector } from './address-chain';
import { x12SegmentDetector } from './x12-segments';
import { unitAddressDetector } from './unit-address';
import { fixedWidthNameDetector } from './fixed-width-names';
import { vcardTextDetector, ldifTextDetector } from './vcard-text';
import { apiKeyDetector } from './api-key';
import { bearerTokenDetector } from './bearer-token';
import { dateOfBirthDetector } from './date-of-birth';
import { spelledBirthDateDetector } from './spelled-birth-date';
import { eraBirthDateDetector } from './era-birth-date';
import { thaiBirthDateDetector } from './thai-birth-date';
import { arabicBirthDateDetector } from './arabic-birth-date';
import type { Detector } from './detector';
import { delimitedTextDetector } from './delimited-text';
import { deviceIdDetector, macAddressDetector } from './device-id';
import { emailDetector } from './email';
import { emailSpelledNameDetector } from './email-spelled-name';
import { hebrewNameDetector } from './hebrew-name';
import { scriptNameDetector } from './script-name';
import { labelledAddressDetector, scriptStreetDetector } from './labelled-address';
import { calendarNameDetector } from './calendar-text';
import { labelledPhoneDetector } from './labelled-phone';
import { remittanceNameDetector } from './remittance-name';
import { swiftPartyDetector } from './swift-party';
import { profileUrlDetector } from './profile-url';
import { hl7SegmentDetector } from './hl7-segment';
import { upiAddressDetector } from './upi-address';
import { honorificNameDetector } from './honorific-name';
import { iataContactDetector, iataEmailDetector } from './iata-contact';
import { iataDocsDetector } from './iata-docs';
import { mrzDetector, mrzNameLineDetector } from './mrz';
import { ibanDetector } from './iban';
import { introducedNameDetector } from './introduced-name';
import { ipv4Detector } from './ipv4';
import { ipv6Detector } from './ipv6';
import { jwtDetector } from './jwt';
import { keyIdDetector } from './key-id';
import { obfuscatedEmailDetector } from './obfuscated-email';
import { paymentCardDetector } from './payment-card';
import { cardTrackDetector } from './card-track';
import { personNameDetector } from './person-name';
import { phoneDetector } from './phone';
import { postalAddressDetector } from './postal-address';
import { crossRoadAddressDetector, indianAddressDetector } from './indian-address';
import { koreanAddressDetector } from './korean-address';
import { japaneseAddressDetector } from './japanese-address';
import { cyrillicAddressDetector } from './cyrillic-address';
import { greekAddressDetector } from './greek-address';
import { persianAddressDetector } from './persian-address';
import { quotedRoleNameDetector } from './quoted-role-name';
import { eircodeAddressDetector } from './eircode-address';
import { queryPairsDetector } from './query-pairs';
import { multipartFormDetector } from './multipart-form';
import { loginNameDetector } from './login-names';
import { pnrContactDetector } from './pnr-contacts';
import { hereNameDetector } from './here-name';
import { awsSecretDetector, privateKeyDetector, vendorKeyDetector } from './private-key';
import { secretPairDetector, quotedSecretDetector, urlPasswordDetector } from './secret-pair';
import { sqlValuesDetector } from './sql-values';
import { urlSecretDetector } from './url-secret';
import { usSsnDetector } from './us-ssn';
import { logPairDetector, xmlElementDetector, quotedPairDetector, yamlPairDetector } from './labelled-fields';
import { familyFirstNameDetector } from './family-first-name';
import { vietnameseAddressDetector } from './vietnamese-address';
import { edifactPartyDetector } from './edifact-party';
import { segmentPhoneDetector } from './segment-phones';
import { signOffNameDetector, wishedNameDetector } from './sign-off-name';
import { koreanRomanisedNameDetector } from './korean-romanised-name';
import { lowercaseCuedNameDetector, openingLowercaseNameDetector } from './lowercase-cued-name';
import { mt940SubfieldDetector } from './mt940-subfields';
import { lineBrokenCardDetector } from './line-broken-card';
import { spelledPhoneDetector } from './spelled-phone';
import { cyrillicIntroNameDetector } from './cyrillic-intro-name';
import { arabicAddressDetector, scriptIntroNameDetector } from './script-intro-name';
import { spokenAddressDetector } from './spoken-address';
import { nationalIdDetector } from './national-id';
import { canadianAddressDetector } from './canadian-address';
import { thaiAddressDetector } from './thai-address';
import { brandCodedCardDetector } from './brand-coded-card';
import { latamAddressDetector } from './latam-address';

/**
 * The content detectors with a frozen reference implementation (test/mask/reference): the
 * scanner-equivalence test holds the one-pass scanner to exactly their old results.
 */
export const CORE_DETECTORS: readonly Detector[] = [
  jwtDetector,
  apiKeyDetector,
  bearerTokenDetector,
  urlSecretDetector,
  emailDetector,
  ibanDetector,
  ipv6Detector,
  ipv4Detector,
  paymentCardDetector,
  usSsnDetector,
  phoneDetector,
];

/** Detectors for free text as people and systems write it: secrets, device ids, obfuscated e-mail, birth dates, addresses, names, HL7 v2 segments, IATA DOCS elements. */
export const FREE_TEXT_DETECTORS: readonly Detector[] = [
  // first, so that the priority sort keeps it right after paymentCardDetector as before it left CORE_DETECTORS
  cardTrackDetector,
  lineBrokenCardDetector,
  brandCodedCardDetector,
  spelledPhoneDetector,
  privateKeyDetector,
  awsSecretDetector,
  vendorKeyDetector,
  keyIdDetector,
  secretPairDetector,
  urlPasswordDetector,
  obfuscatedEmailDetector,
  macAddressDetector,
  deviceIdDetector,
  dateOfBirthDetector,
  spelledBirthDateDetector,
  eraBirthDateDetector,
  thaiBirthDateDetector,
  arabicBirthDateDetector,
  postalAddressDetector,
  indianAddressDetector,
  crossRoadAddressDetector,
  koreanAddressDetector,
  japaneseAddressDetector,
  cyrillicAddressDetector,
  canadianAddressDetector,
  thaiAddressDetector,
  latamAddressDetector,
  greekAddressDetector,
  persianAddressDetector,
  eircodeAddressDetector,
  personNameDetector,
  quotedRoleNameDetector,
  honorificNameDetector,
  upiAddressDetector,
  introducedNameDetector,
  emailSpelledNameDetector,
  hebrewNameDetector,
  scriptNameDetector,
  labelledAddressDetector,
  scriptStreetDetector,
  calendarNameDetector,
  labelledPhoneDetector,
  remittanceNameDetector,
  swiftPartyDetector,
  profileUrlDetector,
  hl7SegmentDetector,
  iataDocsDetector,
  mrzDetector,
  mrzNameLineDetector,
  iataContactDetector,
  iataEmailDetector,
  sqlValuesDetector,
  queryPairsDetector,
  multipartFormDetector,
  loginNameDetector,
  pnrContactDetector,
  hereNameDetector,
  delimitedTextDetector,
  vcardTextDetector,
  xmlElementDetector,
  logPairDetector,
  familyFirstNameDetector,
  vietnameseAddressDetector,
  edifactPartyDetector,
  segmentPhoneDetector,
  signOffNameDetector,
  wishedNameDetector,
  koreanRomanisedNameDetector,
  lowercaseCuedNameDetector,
  openingLowercaseNameDetector,
  cyrillicIntroNameDetector,
  scriptIntroNameDetector,
  arabicAddressDetector,
  spokenAddressDetector,
  nationalIdDetector,
  quotedSecretDetector,
  mt940SubfieldDetector,
  fixedWidthNameDetector,
  unitAddressDetector,
  addressChainDetector,
  invertedNameDetector,
  ldifTextDetector,
  quotedPairDetector,
  yamlPairDetector,
  x12SegmentDetector,
];

/** Every content detector, in priority order (lower priority number wins an overlap). */
export const DETECTORS: readonly Detector[] = [...CORE_DETECTORS, ...FREE_TEXT_DETECTORS].sort((a, b) => a.priority - b.priority);

export type { Detector, Match, ScanContext } from './detector';
export { TEXT_CLASS } from './detector';
export { luhnValid, isCardNumber } from './luhn';
export { ibanMod97Valid } from './iban-check';
export { ssnValid } from './us-ssn-check';
