import type { Metadata } from '@grpc/grpc-js';
import type { Attributes } from '@opentelemetry/api';
import type { Masker, MaskScope } from '../mask/masker';
import * as names from '../delivery/attributes';

/** Keys whose values are credentials: never recorded in clear, whatever the allowlist says. */
const CREDENTIAL_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);
const CREDENTIAL_LIKE = /token|secret|passw|api[-_]?key|auth|session|credential|signature/i;
// Same marker the masking engine writes for credentials, so every stage (and the collector's guard) reads it as masked.
export const REDACTED_METADATA = '[REDACTED:credential]';

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEYS.has(key) || CREDENTIAL_LIKE.test(key) || key.endsWith('-bin');
}

type Side = 'request' | 'response' | 'trailer';

/** Per allowlisted key, decided once: its attribute name on each side and whether it is a credential. */
interface KeyPlan {
  request: string;
  response: string;
  trailer: string;
  credential: boolean;
}

/**
 * Key plans of allowlisted keys. Only keys that are on an allowlist get here, so the map is as
 * small as the allowlists in use (bounded anyway, since allowlists are configuration).
 */
const keyPlans = new Map<string, KeyPlan>();
const KEY_PLAN_LIMIT = 1024;

function keyPlan(key: string): KeyPlan {
  let kp = keyPlans.get(key);
  if (kp === undefined) {
    const prefix = names.ATTR_METADATA_PREFIX;
    kp = { request: prefix + 'request.' + key, response: prefix + 'response.' + key, trailer: prefix + 'trailer.' + key, credential: isCredentialKey(key) };
    if (keyPlans.size >= KEY_PLAN_LIMIT) keyPlans.clear();
    keyPlans.set(key, kp);
  }
  return kp;
}

/**
 * Writes allowlisted metadata as `grpcaudit.metadata.<side>.<key>` attributes, values through
 * the masker. Keys outside the allowlist are not recorded at all; credential-like keys on the
 * allowlist are recorded as a redaction marker only. Returns how many attributes it wrote.
 */
export function recordMetadata(
  attributes: Attributes,
  side: Side,
  metadata: Metadata,
  allowlist: ReadonlySet<string>,
  masker: Masker,
  scope: MaskScope,
  /**
   * Per key, the last value the masker left unchanged without counting anything. Metadata values
   * repeat from call to call (user-agent, content-type), so this skips the masker for them; a value
   * the masker changes or counts is never cached. At most one entry per allowlisted key.
   */
  cleanValues?: Map<string, string>,
): number {
  if (allowlist.size === 0) return 0;
  let written = 0;
  const map = metadata.getMap();
  for (const key in map) {
    if (!allowlist.has(key)) continue;
    written++;
    const kp = keyPlan(key);
    const name = kp[side];
    if (kp.credential) {
      attributes[name] = REDACTED_METADATA;
      scope.count++;
      continue;
    }
    const raw = map[key];
    const value = typeof raw === 'string' ? raw : '[binary]';
    if (cleanValues !== undefined && cleanValues.get(key) === value) {
      attributes[name] = value;
      continue;
    }
    const before = scope.count;
    const masked = masker.maskText(value, scope, { kind: 'metadata', key });
    attributes[name] = masked;
    if (cleanValues !== undefined && masked === value && scope.count === before) cleanValues.set(key, value);
  }
  return written;
}
