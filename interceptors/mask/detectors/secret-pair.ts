import type { Detector, Match, ScanContext } from './detector';

/**
 * Secrets as key=value / key: value under compound keys that url-secret.ts's list does not name,
 * in any case: `aws_secret_access_key`, `DB_PASSWORD`, `smtp.pass`, `AccountKey=` (Azure
 * connection strings), `SharedAccessKey=`, `private_key`, `client-secret`, `passphrase`,
 * `passcode`. Only the value is replaced. Paging and anti-forgery tokens (`page_token`,
 * `csrf_token`) are not secrets of a person and stay, as field hints treat them.
 */
const PAIR =
  /(?:^|[?&;,\s"'{])((?!(?:next[_.-]?)?page[_.-]|sync[_.-]|continuation[_.-]|resume[_.-]|csrf[_.-]|idempotency[_.-])(?:[A-Za-z0-9]+[_.-])*(?:(?:secret|private|access|account|master|signing|encryption|client|shared[_-]?access|app|auth|license|subscription|storage)[_-]?key|accountkey|sharedaccesskey|[A-Za-z0-9]*[_.-](?:token|password|passwd|pwd|pass|secret)|passphrase|passcode|pass))["']?\s*[=:]\s*["']?([^\s&;,"'}]{4,})/gi;

export const secretPairDetector: Detector = {
  category: 'credential',
  priority: 3,
  anchor: 'keyValue',
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
      const value = m[2];
      const end = m.index + m[0].length;
      out.push({ start: end - value.length, end, category: 'credential', priority: 3 });
    }
  },
};
