import type { Detector, Match, ScanContext } from './detector';

/**
 * Well-known key formats: AWS access key ids (AKIA/ASIA + 16), GitHub tokens (ghp_/gho_/ghu_/
 * ghs_/ghr_ + 36, github_pat_), Stripe secret/restricted keys (sk_/rk_ live/test), Slack tokens
 * (xoxb-/xoxp-/xoxa-/xoxr-/xoxs-), Google API keys (AIza + 35), GitLab (glpat-), npm (npm_),
 * Hugging Face (hf_), OpenAI and Anthropic project keys (sk-proj-, sk-ant-), Mailgun (key- + 32 hex),
 * Telegram bot tokens (bot id, ':AA', 33 more).
 */
const KEYS =
  /(?<![A-Za-z0-9])(?:(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|hf_[A-Za-z0-9]{30,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|sk-ant-[A-Za-z0-9_-]{20,}|key-[0-9a-f]{32}|[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9])/g;
/** Every key above contains one of these literals (the scanner's `apiKey` anchor, after cheaper probes). */
export const API_KEY_LITERALS = /AKIA|ASIA|gh[pousr]_|github_pat_|k_live_|k_test_|xox|AIza|glpat-|npm_|hf_|sk-|key-|:AA/;

export const apiKeyDetector: Detector = {
  category: 'api_key',
  priority: 1,
  anchor: 'apiKey',
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    KEYS.lastIndex = 0;
    for (let m = KEYS.exec(ctx.text); m; m = KEYS.exec(ctx.text)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'api_key', priority: this.priority });
    }
  },
};
