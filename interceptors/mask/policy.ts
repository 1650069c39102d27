import type { Category, ContentCategory } from './categories';
import type { MaskAction } from './mask-action';

/**
 * A user rule: what to do with the values of fields matching `field` in methods matching
 * `method`. Rules are checked in order; the first match wins. Proto annotations are stronger
 * than any rule.
 */
export interface MaskRule {
  /** '*' (default), '/pkg.Service/*', '/pkg.Service/Method', or with '*' wildcards inside names. */
  method: string;
  /**
   * Dotted JSON field path; '*' matches one segment, '**' any number (also none). A pattern
   * without a dot matches a field of that name at any depth (`email` ≡ `**.email`).
   * Repeated/map markers ('[]', '{}') in paths are ignored when matching.
   */
  field: string;
  action: MaskAction;
  /** Names the marker for redact and the shape for mask; default: from field hints, else 'personal'. */
  category?: Category;
  /** The field identifies the data subject: its keyed pseudonym goes to the record's subject refs. */
  subjectId?: boolean;
}

/** The validated, normalised policy a masker runs with. */
export interface MaskPolicy {
  /** Explicit version or 'sha256:<12 hex>' of the normalised policy; recorded with every span. */
  version: string;
  /**
   * 'detect' (default): decided fields as ruled, everything else scanned by detectors.
   * 'allowlist': fail-closed — only fields marked safe survive (annotation sensitivity public
   * or action keep, a rule with action keep, or a `safe` pattern); all else is redacted.
   */
  mode: 'detect' | 'allowlist';
  defaults: Readonly<Record<Category, MaskAction>>;
  rules: readonly MaskRule[];
  /** Allowlist mode: field patterns (same syntax as rules) whose values are kept. */
  safe: readonly string[];
  detectors: {
    /** Content detectors switched off. */
    disable: readonly ContentCategory[];
    /** ISO regions tried, in order, for phone numbers written without a country code. */
    phoneRegions: readonly string[];
    /**
     * IPv4 addresses of private networks (RFC 1918: 10/8, 172.16/12, 192.168/16) and link-local
     * ones (169.254/16): 'keep' (default) leaves them, as they name a host inside a network, not a
     * subscriber; 'mask' treats them as any address.
     */
    privateAddresses: 'keep' | 'mask';
  };
  /** Field-name hints (fullName, dob, street, password, …) on or off. */
  fieldHints: boolean;
  /**
   * Payloads whose schema is unknown (wire fallback, messages of methods not in the registry):
   * 'redact' (default, fail-closed) redacts every string the detectors leave that is not cleared
   * by its shape (ids, numbers, timestamps, identifier-like tokens; see unknown-schema.ts);
   * 'scan' only runs the detectors. `scanMethods` opts methods out of 'redact' (method globs).
   */
  unknownSchema: { action: 'redact' | 'scan'; scanMethods: readonly string[] };
}

/** What users write, in code or YAML: every key optional. */
export interface PolicyInput {
  version?: string;
  mode?: 'detect' | 'allowlist';
  defaults?: Partial<Record<Category, MaskAction>>;
  rules?: Array<Omit<MaskRule, 'method'> & { method?: string }>;
  safe?: string[];
  detectors?: { disable?: ContentCategory[]; phoneRegions?: string[]; privateAddresses?: 'keep' | 'mask' };
  fieldHints?: boolean;
  unknownSchema?: { action?: 'redact' | 'scan'; scanMethods?: string[] };
}
