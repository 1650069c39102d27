import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * PEM private keys (`-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----` … `-----END …-----`),
 * as in a GCP service-account JSON's `private_key` (also with its newlines written `\n`): the
 * whole block, or from BEGIN to the end of the string when the END line was cut off.
 */
const BEGIN = /-----BEGIN [A-Z ]*PRIVATE KEY-----/g;
const END = /-----END [A-Z ]*PRIVATE KEY-----/y;

export const privateKeyDetector: Detector = {
  category: 'credential',
  priority: 0,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 30,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('PRIVATE KEY-----') < 0) return;
    BEGIN.lastIndex = 0;
    while (BEGIN.test(text)) {
      const s = text.lastIndexOf('-----BEGIN', BEGIN.lastIndex);
      let end = text.length;
      const e = text.indexOf('-----END', BEGIN.lastIndex);
      if (e >= 0) {
        END.lastIndex = e;
        if (END.test(text)) end = END.lastIndex;
      }
      out.push({ start: s, end, category: 'credential', priority: 0 });
      BEGIN.lastIndex = end;
    }
  },
};

/**
 * The secret half of an AWS key pair: 40 characters of base64 written after the key id
 * (`AKIA… / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, `id=AKIA… secret=…`) within 100 characters.
 * (`aws_secret_access_key = …` is a key=value secret for url-secret.ts.)
 */
const KEY_ID = /(?:AKIA|ASIA)[0-9A-Z]{16}/g;
const SECRET_40 = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

export const awsSecretDetector: Detector = {
  category: 'credential',
  priority: 1,
  anchor: 'apiKey',
  minLength: 60,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    KEY_ID.lastIndex = 0;
    while (KEY_ID.test(text)) {
      const from = KEY_ID.lastIndex;
      SECRET_40.lastIndex = from;
      const m = SECRET_40.exec(text);
      if (m && m.index - from <= 100 && /[0-9/+]/.test(m[0]) && /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0])) {
        out.push({ start: m.index, end: m.index + 40, category: 'credential', priority: 1 });
      }
    }
  },
};

/**
 * Vendor API keys by their documented prefixes and lengths: SendGrid (`SG.` + 22 + `.` + 43),
 * Twilio API keys (`SK` + 32 hex), Shopify access tokens (`shpat_`/`shpss_`/`shpca_`/`shppa_` +
 * 32 hex), Square (`sq0atp-`/`sq0csp-`), PyPI upload tokens (`pypi-AgE…`), Doppler (`dp.pt.`…),
 * Linear (`lin_api_`), DigitalOcean (`dop_v1_` + 64 hex), Postman (`PMAK-`), Databricks (`dapi` +
 * 32 hex), New Relic (`NRAK-`), Atlassian (`ATATT3…`), Notion integrations (`secret_` + 43).
 */
const VENDOR_KEYS =
  /(?<![A-Za-z0-9])(?:SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|SK[0-9a-f]{32}|shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}|sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}|pypi-AgE[A-Za-z0-9_-]{50,}|dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}|lin_api_[A-Za-z0-9]{40}|dop_v1_[0-9a-f]{64}|PMAK-[0-9a-f]{24}-[0-9a-f]{34}|dapi[0-9a-f]{32}(?:-\d)?|NRAK-[A-Z0-9]{27}|ATATT3[A-Za-z0-9_=-]{100,}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_-])/g;
/** A literal every key above starts with: one native test before the full pattern runs (text without digits never gets here). */
const VENDOR_LITERALS = /SG\.|SK[0-9a-f]{8}|shp|sq0|pypi-|dp\.|lin_api_|dop_v1_|PMAK-|dapi|NRAK-|ATATT3|secret_/;

export const vendorKeyDetector: Detector = {
  category: 'api_key',
  priority: 1,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 34,
  // VENDOR_LITERALS as cue literals: `SK` then a hex digit or a–f, the other prefixes with their punctuation as a separator
  cues: ['sg ', 'sk ', 'ska', 'skb', 'skc', 'skd', 'ske', 'skf', 'shp', 'sq ', 'pypi ', 'dp ', 'lin api ', 'dop v ', 'pmak ', 'dapi', 'nrak ', 'atatt ', 'secret '],
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // every key holds a digit (hex, or 20+ random base64 characters): the scanner's shared digit test first
    if (!ctx.hasDigit() || !VENDOR_LITERALS.test(text)) return;
    VENDOR_KEYS.lastIndex = 0;
    for (let m = VENDOR_KEYS.exec(text); m; m = VENDOR_KEYS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'api_key', priority: 1 });
  },
};
