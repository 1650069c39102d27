import type { Category } from './categories';

/** What masking does with a value (mirrors `grpcaudit.v1.MaskAction`). */
export const MASK_ACTIONS = ['keep', 'redact', 'mask', 'hash', 'encrypt', 'drop'] as const;
export type MaskAction = (typeof MASK_ACTIONS)[number];

export function isMaskAction(v: string): v is MaskAction {
  return (MASK_ACTIONS as readonly string[]).includes(v);
}

/**
 * Default action per category. Cards and IBANs keep a safe part (last 4 digits, country and
 * check digits + last 2) because support staff need it to tell accounts apart; everything else
 * is redacted — the only choice that needs no key and cannot leak.
 */
export const DEFAULT_ACTIONS: Readonly<Record<Category, MaskAction>> = {
  email: 'redact',
  phone: 'redact',
  credit_card: 'mask',
  iban: 'mask',
  us_ssn: 'redact',
  ipv4: 'redact',
  ipv6: 'redact',
  jwt: 'redact',
  api_key: 'redact',
  bearer_token: 'redact',
  mac_address: 'redact',
  device_id: 'redact',
  person_name: 'redact',
  date_of_birth: 'redact',
  postal_address: 'redact',
  credential: 'redact',
  personal: 'redact',
  contact: 'redact',
  financial: 'mask',
  government_id: 'redact',
  health: 'redact',
  location: 'redact',
  biometric: 'redact',
  unclassified: 'redact',
};
