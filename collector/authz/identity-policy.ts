import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { globToRegExp } from '../../interceptors/config/identity-glob';

/**
 * Which services (resource `service.name`) and, optionally, which RPC methods each workload
 * identity may report. Compiled once per policy version; `authorize` is called per span with a
 * per-request cache in front of it.
 *
 * YAML:
 * ```yaml
 * rules:
 *   - identity: spiffe://example.org/payments        # exact
 *     services: [payments]
 *     methods: ["/shop.v1.Payments/*"]                # optional; absent = any method
 *   - identity: spiffe://example.org/ns/shop/*        # '*' = one path segment part, '**' = anything
 *     services: ["shop-*"]
 * ```
 * Several matching rules add up. A `methods` list restricts RPC spans only; spans that are not
 * RPCs (no rpc.service/rpc.method, e.g. gap reports) are governed by `services` alone.
 */
export type AuthzDecision = { allowed: true } | { allowed: false; reason: 'unknown_identity' | 'service_not_allowed' | 'method_not_allowed' };

export interface IdentityPolicy {
  /** Content hash of the source, for logs ("policy reloaded, version …"). */
  readonly version: string;
  authorize(identity: string, service: string, method: string): AuthzDecision;
  /**
   * Administrative roles of an identity (collector/admin): the union over matching rules; none for
   * emitters. Optional so that policies without roles need not implement it (no roles then).
   */
  rolesOf?(identity: string): ReadonlySet<AdminRole>;
  /** True when some rule names this identity (it may follow the consent feed). */
  knows?(identity: string): boolean;
}

/** `auditor`: read, export, verify. `dpo`: erase, consent (and legal hold). */
export const ADMIN_ROLES = ['auditor', 'dpo'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

const ruleSchema = z
  .object({
    identity: z.string().min(1, 'must be a SPIFFE ID, pattern or CN'),
    // An officer's identity (roles only) reports no service, so `services` may be left out then.
    services: z.array(z.string().min(1, 'must not be empty')).optional(),
    methods: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one method pattern when present').optional(),
    roles: z.array(z.enum(ADMIN_ROLES)).min(1, 'must list at least one role when present').optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.roles) return;
    if (r.services === undefined) ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: 'array', received: 'undefined', path: ['services'] });
    else if (r.services.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must list at least one service', path: ['services'] });
  });

type RuleInput = z.output<typeof ruleSchema>;

const policySchema = z.object({ rules: z.array(ruleSchema) }).strict();

interface CompiledRule {
  identity: RegExp;
  services: RegExp[];
  methods?: RegExp[];
  roles: readonly AdminRole[];
}

const NO_ROLES: ReadonlySet<AdminRole> = new Set();

/** Glob to anchored RegExp: `**` matches anything, `*` anything but '/' (shared with the interceptors). */
export { globToRegExp };

export class YamlIdentityPolicy implements IdentityPolicy {
  private readonly rules: CompiledRule[];

  constructor(
    rules: ReadonlyArray<RuleInput>,
    readonly version: string,
  ) {
    this.rules = rules.map((r) => ({
      identity: globToRegExp(r.identity),
      services: (r.services ?? []).map(globToRegExp),
      methods: r.methods?.map(globToRegExp),
      roles: r.roles ?? [],
    }));
  }

  rolesOf(identity: string): ReadonlySet<AdminRole> {
    let roles: Set<AdminRole> | undefined;
    for (const rule of this.rules) {
      if (rule.roles.length === 0 || !rule.identity.test(identity)) continue;
      roles ??= new Set();
      for (const r of rule.roles) roles.add(r);
    }
    return roles ?? NO_ROLES;
  }

  knows(identity: string): boolean {
    return this.rules.some((r) => r.identity.test(identity));
  }

  authorize(identity: string, service: string, method: string): AuthzDecision {
    let known = false;
    let serviceMatched = false;
    for (const rule of this.rules) {
      if (!rule.identity.test(identity)) continue;
      known = true;
      if (!rule.services.some((re) => re.test(service))) continue;
      serviceMatched = true;
      if (!rule.methods || method === '' || rule.methods.some((re) => re.test(method))) return { allowed: true };
    }
    if (!known) return { allowed: false, reason: 'unknown_identity' };
    return { allowed: false, reason: serviceMatched ? 'method_not_allowed' : 'service_not_allowed' };
  }
}

/** Allows everything: used only in insecure mode without a policy file (local demos). */
export const ALLOW_ALL_POLICY: IdentityPolicy = {
  version: 'allow-all',
  authorize: () => ({ allowed: true }),
};

/** Parses policy YAML; errors are ConfigErrors naming the key (e.g. `rules.2.services`). */
export function parseIdentityPolicy(text: string, version: string, source: string): IdentityPolicy {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError('(root)', `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`, source);
  }
  const parsed = policySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const msg = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
    throw new ConfigError(issue.path.join('.') || '(root)', issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}` : msg, source);
  }
  return new YamlIdentityPolicy(parsed.data.rules, version);
}
