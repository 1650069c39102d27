import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { ALL_CATEGORIES, CONTENT_CATEGORIES, type Category } from './categories';
import { DEFAULT_ACTIONS, MASK_ACTIONS } from './mask-action';
import { isValidFieldPattern, isValidMethodGlob } from './path-pattern';
import type { MaskPolicy, PolicyInput } from './policy';

export const DEFAULT_PHONE_REGIONS = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'ES', 'IT', 'NL', 'PL', 'PT'] as const;

const category = z.enum(ALL_CATEGORIES as [Category, ...Category[]]);
const action = z.enum(MASK_ACTIONS);

const rule = z
  .object({
    method: z.string().refine(isValidMethodGlob, "must be '*', '/pkg.Service/*' or '/pkg.Service/Method' (wildcards '*' allowed)").optional(),
    field: z.string().min(1).refine(isValidFieldPattern, "must be a dotted field path like 'customer.email', 'items.*.sku' or '**.iban'"),
    action,
    category: category.optional(),
    subjectId: z.boolean().optional(),
  })
  .strict();

const schema = z
  .object({
    version: z.string().min(1).max(128).optional(),
    mode: z.enum(['detect', 'allowlist']).optional(),
    defaults: z.record(z.string(), action).optional(),
    rules: z.array(rule).optional(),
    safe: z.array(z.string().min(1).refine(isValidFieldPattern, 'must be a dotted field path pattern')).optional(),
    detectors: z
      .object({
        disable: z.array(z.enum(CONTENT_CATEGORIES)).optional(),
        phoneRegions: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 region such as US')).optional(),
        privateAddresses: z.enum(['keep', 'mask']).optional(),
      })
      .strict()
      .optional(),
    fieldHints: z.boolean().optional(),
    unknownSchema: z
      .object({
        action: z.enum(['redact', 'scan']).optional(),
        scanMethods: z.array(z.string().refine(isValidMethodGlob, "must be '*', '/pkg.Service/*' or '/pkg.Service/Method' (wildcards '*' allowed)")).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

function keyOf(path: Array<string | number>): string {
  let out = 'policy';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return out;
}

/**
 * Validates a policy once, at set-up, into the normalised form. The first problem becomes a
 * ConfigError naming the key (e.g. `policy.rules[2].action`) and the reason.
 */
export function normalizePolicy(input: PolicyInput | MaskPolicy | undefined | null): MaskPolicy {
  const raw: unknown = input ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('policy', 'must be an object');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let path = issue.path;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0]];
      message = 'unknown key';
    }
    throw new ConfigError(keyOf(path), message);
  }
  const p = parsed.data;
  const defaults: Record<Category, (typeof MASK_ACTIONS)[number]> = { ...DEFAULT_ACTIONS };
  for (const [k, v] of Object.entries(p.defaults ?? {})) {
    if (!(ALL_CATEGORIES as readonly string[]).includes(k)) {
      throw new ConfigError(`policy.defaults.${k}`, `unknown category; expected one of ${ALL_CATEGORIES.join(', ')}`);
    }
    defaults[k as Category] = v;
  }
  const body = {
    mode: p.mode ?? 'detect',
    defaults,
    rules: (p.rules ?? []).map((r) => ({ ...r, method: r.method ?? '*' })),
    safe: p.safe ?? [],
    detectors: {
      disable: p.detectors?.disable ?? [],
      phoneRegions: p.detectors?.phoneRegions ?? [...DEFAULT_PHONE_REGIONS],
      privateAddresses: p.detectors?.privateAddresses ?? 'keep',
    },
    fieldHints: p.fieldHints ?? true,
    unknownSchema: { action: p.unknownSchema?.action ?? 'redact', scanMethods: p.unknownSchema?.scanMethods ?? [] },
  };
  return { version: p.version ?? policyHash(body), ...body };
}

/** 'sha256:<12 hex>' over the canonical JSON of the normalised policy (keys sorted). */
export function policyHash(body: Omit<MaskPolicy, 'version'>): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 12);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}
