import type { Detector, Match, ScanContext } from './detector';

/** The credential after an auth scheme; the scheme word itself stays so the record shows what was sent. */
const SCHEME = /\b(?:Bearer|Basic|Token|Digest|Negotiate)\s+([A-Za-z0-9._~+/-]+=*)/gi;
/** Google OAuth access tokens, wherever they appear. */
const GOOGLE_OAUTH = /\bya29\.[A-Za-z0-9_-]{20,}/g;

export const bearerTokenDetector: Detector = {
  category: 'bearer_token',
  priority: 2,
  anchor: 'authScheme',
  // the anchor's probe: an auth-scheme word's tail before whitespace, or 'ya29.'
  cues: ['earer ', 'asic ', 'oken ', 'igest ', 'egotiate ', 'ya '],
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    SCHEME.lastIndex = 0;
    for (let m = SCHEME.exec(text); m; m = SCHEME.exec(text)) {
      const token = m[1];
      // 'bearer token expired' is prose: a credential is long or has digits/symbols
      if (token.length < 8 || (!/[0-9._~+/=-]/.test(token) && token.length < 20)) continue;
      const start = m.index + m[0].length - token.length;
      out.push({ start, end: start + token.length, category: 'bearer_token', priority: this.priority });
    }
    GOOGLE_OAUTH.lastIndex = 0;
    for (let m = GOOGLE_OAUTH.exec(text); m; m = GOOGLE_OAUTH.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'bearer_token', priority: this.priority });
    }
  },
};
