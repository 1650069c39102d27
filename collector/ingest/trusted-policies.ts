import { globToRegExp } from '../authz/identity-policy';

/** One `guard.trustedPolicies` entry: policy versions and the identities that may claim them. */
export interface TrustedPolicyRule {
  versions: readonly string[];
  identities: readonly string[];
}

/**
 * Which (identity, masking policy version) pairs the collector trusts to have masked their
 * records already. The version is what the emitter records in `grpcaudit.policy.version`; it is a
 * claim, so it only counts when the authenticated identity is one the configuration lets use it —
 * an untrusted identity naming a trusted version is scanned in full like any other record.
 * Compiled once; answers are cached per pair (a fleet has few of them; the cache is bounded).
 */
export class TrustedPolicies {
  private readonly rules: Array<{ versions: ReadonlySet<string>; identities: RegExp[] }>;
  private readonly cache = new Map<string, boolean>();

  constructor(rules: readonly TrustedPolicyRule[]) {
    this.rules = rules.map((r) => ({ versions: new Set(r.versions), identities: r.identities.map(globToRegExp) }));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  trusts(identity: string, policyVersion: string | undefined): boolean {
    if (policyVersion === undefined || this.rules.length === 0) return false;
    const key = `${identity}\u0000${policyVersion}`;
    let v = this.cache.get(key);
    if (v === undefined) {
      v = this.rules.some((r) => r.versions.has(policyVersion) && r.identities.some((re) => re.test(identity)));
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, v);
    }
    return v;
  }
}

const MAX_CACHED = 4096;
