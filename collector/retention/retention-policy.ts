import { z } from 'zod';

/**
 * Retention classes (GDPR Art. 5(1)(e)): how long records of a class keep their body, and what
 * happens then. A record's class is the `grpcaudit.retention_class` attribute its emitter set
 * from the method's annotation or config; records without one take `defaultClass`, and with no
 * default they are kept. A record naming a class the policy does not know is kept and counted,
 * never expired on a guess.
 */
export const retentionPolicySchema = z
  .object({
    classes: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'class names are 1–64 letters, digits, _ . -'),
        z
          .object({
            /** Age after the call started beyond which the body goes. */
            maxAgeDays: z.number().positive('must be > 0'),
            /** archive: written with proofs to `archiveDir` first; delete: pruned only. */
            action: z.enum(['archive', 'delete']).default('archive'),
          })
          .strict(),
      )
      .default({}),
    defaultClass: z.string().optional(),
    /** Where `archive` classes write their compressed JSON Lines (needed when any class archives). */
    archiveDir: z.string().min(1, 'must be a directory path').optional(),
    /** The collector runs retention this often (minutes); 0 = only `grpc-audit retention run`. */
    intervalMinutes: z.number().nonnegative('must be >= 0').default(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.defaultClass !== undefined && !(p.defaultClass in p.classes)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['defaultClass'], message: `"${p.defaultClass}" is not one of the classes` });
    }
    if (!p.archiveDir && Object.values(p.classes).some((c) => c.action === 'archive')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['archiveDir'], message: 'a class archives, so archiveDir is required' });
    }
  });

export type RetentionPolicy = z.output<typeof retentionPolicySchema>;
export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;

/** Start times before this (Unix ns) are past the class's age at `nowMs`. */
export function cutoffUnixNano(maxAgeDays: number, nowMs: number): bigint {
  const ageNs = BigInt(Math.round(maxAgeDays * 86_400_000)) * 1_000_000n;
  return BigInt(nowMs) * 1_000_000n - ageNs;
}

/** The retention class a stored body names, undefined when none (or the body is not a span body). */
export function retentionClassOf(body: string): string | undefined {
  // Cheap pre-check: most bodies of a store without classes never need parsing.
  if (!body.includes('"grpcaudit.retention_class"')) return undefined;
  try {
    const parsed = JSON.parse(body) as { attributes?: Record<string, { stringValue?: unknown } | null> };
    const v = parsed.attributes?.['grpcaudit.retention_class'];
    return v && typeof v.stringValue === 'string' && v.stringValue ? v.stringValue : undefined;
  } catch {
    return undefined;
  }
}
