import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The id of a service account's private key written as key=value or key: value in text (an env
 * file, YAML, a log line): `GOOGLE_PRIVATE_KEY_ID=0a1b…`, `private_key_id: "9f8e…"`,
 * `apiKeyId=…` — the same keys field hints take as api_key in JSON. Only the value (16–64
 * characters of a key id) goes. Gate: one regex for 'key_id' / 'KEY_ID' / 'KeyId' / 'key-id'
 * (it starts at a 'k' or 'K' only).
 */
const KEY_ID = /[kK](?:ey|EY)[_-]?(?:id|Id|ID)/g;
const PAIR = /(?:private|service[_-]?account|api)[_-]?key[_-]?id["']?\s*[=:]\s*["']?([A-Za-z0-9_-]{16,64})(?![A-Za-z0-9_-])/giy;
const PRIORITY = 2;

export const keyIdDetector: Detector = {
  category: 'api_key',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 24,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    KEY_ID.lastIndex = 0;
    for (let k = KEY_ID.exec(text); k; k = KEY_ID.exec(text)) {
      const p = k.index;
      // back to where the key's name starts ('GOOGLE_PRIVATE_KEY_ID', 'serviceAccountKeyId')
      let s = p;
      while (s > 0 && p - s < 24 && isKeyChar(text.charCodeAt(s - 1))) s--;
      for (let from = s; from < p; from++) {
        PAIR.lastIndex = from;
        const m = PAIR.exec(text);
        if (!m) continue;
        const end = m.index + m[0].length;
        out.push({ start: end - m[1].length, end, category: 'api_key', priority: PRIORITY });
        KEY_ID.lastIndex = end;
        break;
      }
    }
  },
};

function isKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}
