import type { FieldSite, Masker, MaskScope, TextSite, ValueMasker } from './masker';

/**
 * Minimal masker used until a policy is configured: keeps payload fields, but never lets
 * credentials through in free text (bearer tokens, JWTs, basic auth). The full engine lives in
 * the other files of this folder.
 */
const TOKEN_PATTERNS: RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
];

export class BasicMasker implements Masker {
  readonly policyVersion = 'basic-1';

  compileField(_site: FieldSite): ValueMasker | undefined {
    return undefined;
  }

  maskText(value: string, scope: MaskScope, _site: TextSite): string {
    let out = value;
    for (const re of TOKEN_PATTERNS) {
      re.lastIndex = 0;
      if (re.test(out)) {
        re.lastIndex = 0;
        out = out.replace(re, () => {
          scope.count++;
          return '[REDACTED:credential]';
        });
      }
    }
    return out;
  }

  maskUntyped(value: unknown, scope: MaskScope): unknown {
    if (typeof value === 'string') return this.maskText(value, scope, { kind: 'json-key' });
    if (Array.isArray(value)) return value.map((v) => this.maskUntyped(v, scope));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.maskUntyped(v, scope);
      return out;
    }
    return value;
  }
}
