import type { Detector, Match, ScanContext } from './detector';

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

/** SendGrid API keys: `SG.` + 22 + `.` + 43 base64url characters. */
const SENDGRID = /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

export const vendorKeyDetector: Detector = {
  category: 'api_key',
  priority: 1,
  anchor: 'self',
  minLength: 69,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('SG.') < 0) return;
    SENDGRID.lastIndex = 0;
    for (let m = SENDGRID.exec(text); m; m = SENDGRID.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'api_key', priority: 1 });
  },
};
