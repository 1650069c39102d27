import { MemoryKeyring } from './keyring/memory-keyring';
import type { Keyring } from './keyring/keyring';
import type { MaskPolicy, PolicyInput } from './policy';
import { normalizePolicy } from './policy-schema';
import { PolicyMasker } from './policy-masker';

export interface MaskerOptions {
  /**
   * Keys for `hash`, subject refs and `encrypt`. Default: an in-memory keyring with a random
   * key — pseudonyms are then stable only for the life of the process. Pass a FileKeyring (or
   * your KMS-backed Keyring) for pseudonyms that join across restarts.
   */
  keyring?: Keyring;
}

/**
 * The masking engine. With no policy: the default policy — field-name hints and every content
 * detector, cards and IBANs partially masked, everything else redacted. The policy is validated
 * here, once (ConfigError naming the key).
 */
export function createMasker(policy?: MaskPolicy | PolicyInput, options: MaskerOptions = {}): PolicyMasker {
  return new PolicyMasker(normalizePolicy(policy), options.keyring ?? new MemoryKeyring());
}
