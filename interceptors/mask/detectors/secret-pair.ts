import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Secrets as key=value / key: value under compound keys that url-secret.ts's list does not name,
 * in any case: `aws_secret_access_key`, `DB_PASSWORD`, `smtp.pass`, `AccountKey=` (Azure
 * connection strings), `SharedAccessKey=`, `private_key`, `client-secret`, `passphrase`,
 * `passcode`, `webhookSecret`, and the words for password in other languages (`Passwort`,
 * `mot de passe`, `contraseña`, `senha`, `hasło` …); and the password of a URL's `user:password@`.
 * Only the value is replaced. Paging and anti-forgery tokens (`page_token`,
 * `csrf_token`) are not secrets of a person and stay, as field hints treat them.
 */
const PAIR =
  /(?:^|[?&;,\s"'{])((?!(?:next[_.-]?)?page[_.-]?t|sync[_.-]?t|continuation[_.-]?t|resume[_.-]?t|csrf[_.-]?t|idempotency[_.-]?t)[A-Za-z0-9_.-]*?(?:(?:secret|private|access|account|master|signing|encryption|client|shared[_-]?access|app|auth|license|subscription|storage)[_-]?key|accountkey|sharedaccesskey|[A-Za-z0-9]*(?:token|password|passwd|pwd|pass|secret)|(?:wpa[_-]?)?psk|passphrase|passcode|passwort|kennwort|mot de passe|mdp|contraseña|clave|senha|wachtwoord|hasło|haslo|parola))["']?\s*[=:]\s*["']?([^\s,"'}]+)/gi;
/** user:password@ in a URL (`postgres://svc:s3cret@db:5432`): the password. */
const URL_USERINFO = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@]+:([^\s/@]+)@/g;

export const secretPairDetector: Detector = {
  category: 'credential',
  priority: 3,
  anchor: 'keyValue',
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
      const start = m.index + m[0].length - m[2].length;
      let end = m.index + m[0].length;
      // in a query string '&' and ';' end the value; elsewhere they belong to it ('SMTP_PASS=6N&vr^oUgwGi')
      const first = text.charCodeAt(m.index);
      if (first === 63 || first === 38) {
        const amp = m[2].search(/[&;]/);
        if (amp >= 0) end = start + amp;
      } else if (m[2].indexOf(';') >= 0) {
        // a connection string ('Password=…;Secret=…;Host=smtp…'): ';' before the next 'Key=' ends the value
        const semi = m[2].search(/;\s*[A-Za-z][A-Za-z0-9 _.-]{0,40}=/);
        if (semi >= 0) end = start + semi;
      }
      if (end - start < 4) continue;
      out.push({ start, end, category: 'credential', priority: 3 });
    }
  },
};

/** The password in a URL's userinfo (`postgres://svc:s3cret@db:5432/app`, `amqp://u:p@mq`). */
export const urlPasswordDetector: Detector = {
  category: 'credential',
  priority: 3,
  anchor: 'at',
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('://') < 0) return;
    URL_USERINFO.lastIndex = 0;
    for (let m = URL_USERINFO.exec(text); m; m = URL_USERINFO.exec(text)) {
      const end = m.index + m[0].length - 1;
      out.push({ start: end - m[1].length, end, category: 'credential', priority: 3 });
    }
  },
};

/**
 * A secret quoted after the word naming it, as exception and log messages write them: `refresh
 * token 'VR2Lm…' expired`, `invalid password "hunter2!"`, `API key `sk-…` revoked`. The value is
 * one token of 8+ characters with no space; the gate is a quote anywhere.
 */
const QUOTED = /(?:token|password|passwd|passphrase|secret|api[ _-]?key|access[ _-]?key|psk)[ \t]+(['"`\u2018\u201c])([^\s'"`\u2019\u201d]{8,200})(?:['"`\u2019\u201d])/gi;

export const quotedSecretDetector: Detector = {
  category: 'credential',
  priority: 3,
  anchor: 'self',
  needs: TEXT_CLASS.structure | TEXT_CLASS.nonAscii,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // searches that start at the quote (rare in prose), not at a space (the commonest character)
    if (text.indexOf("'") < 0 && text.indexOf('"') < 0 && text.indexOf('`') < 0 && text.indexOf('\u2018') < 0 && text.indexOf('\u201c') < 0) return;
    QUOTED.lastIndex = 0;
    for (let m = QUOTED.exec(text); m; m = QUOTED.exec(text)) {
      const start = m.index + m[0].length - 1 - m[2].length;
      out.push({ start, end: start + m[2].length, category: 'credential', priority: 3 });
    }
  },
};
