import { apiKeyDetector } from './api-key';
import { bearerTokenDetector } from './bearer-token';
import type { Detector } from './detector';
import { emailDetector } from './email';
import { ibanDetector } from './iban';
import { ipv4Detector } from './ipv4';
import { ipv6Detector } from './ipv6';
import { jwtDetector } from './jwt';
import { paymentCardDetector } from './payment-card';
import { phoneDetector } from './phone';
import { urlSecretDetector } from './url-secret';
import { usSsnDetector } from './us-ssn';

/** Every content detector, in priority order (lower priority number wins an overlap). */
export const DETECTORS: readonly Detector[] = [
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

export type { Detector, Match, ScanContext } from './detector';
export { luhnValid, isCardNumber } from './luhn';
export { ibanMod97Valid } from './iban-check';
export { ssnValid } from './us-ssn-check';
