import type { Detector, Match, ScanContext } from './detector';

/**
 * Secrets written as key=value (query strings, log lines) or key: value: access_token=…,
 * password=…, api_key=…, client_secret=…, sig=…. Only the value is replaced.
 */
const KV =
  /(?:^|[?&;,\s"'{])((?:access|refresh|id|auth|session)[_-]?token|token|api[_-]?key|apikey|x-api-key|password|passwd|pwd|secret|client[_-]?secret|signature|sig)["']?\s*[=:]\s*["']?([^\s&;,"'}]{4,})/gi;

export const urlSecretDetector: Detector = {
  category: 'credential',
  priority: 3,
  anchor: 'keyValue',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    KV.lastIndex = 0;
    for (let m = KV.exec(ctx.text); m; m = KV.exec(ctx.text)) {
      const value = m[2];
      const end = m.index + m[0].length;
      out.push({ start: end - value.length, end, category: 'credential', priority: this.priority });
    }
  },
};
