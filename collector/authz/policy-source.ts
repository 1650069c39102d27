import { ALLOW_ALL_POLICY, type IdentityPolicy } from './identity-policy';

/**
 * The policy used when no policy file is configured. Config validation only allows that in
 * insecure mode, where there is no identity to check; anywhere else it denies everything, so a
 * wiring mistake can never open the collector.
 */
const DENY_ALL: IdentityPolicy = {
  version: 'deny-all',
  authorize: () => ({ allowed: false, reason: 'unknown_identity' }),
};

export function fallbackPolicy(insecure: boolean): () => IdentityPolicy {
  const p = insecure ? ALLOW_ALL_POLICY : DENY_ALL;
  return () => p;
}
