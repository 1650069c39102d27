/**
 * Cookie and Set-Cookie header values (`sid=4784…; Path=/; HttpOnly; lang=en-GB`): the secret is
 * in the cookies' values, not in their names, the attributes or the preferences a site keeps in a
 * cookie (a language tag, a theme, a consent flag). A cookie field is masked value by value: the
 * names and the attributes stay, a short preference value stays, every other value is replaced.
 */
const ATTRIBUTES: ReadonlySet<string> = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'secure', 'httponly', 'priority', 'partitioned', 'version', 'comment']);
/** A language tag, a word, a flag or a small number: what sites keep as preferences. */
const PREFERENCE = /^(?:[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4}){0,2}|true|false|yes|no|on|off|light|dark|auto|[0-9]{1,3})$/i;

/** Field names holding cookie headers (normalised: lower case, no separators). */
export function isCookieFieldName(normalised: string): boolean {
  return normalised === 'cookie' || normalised === 'cookies' || normalised === 'setcookie' || normalised.endsWith('cookie') || normalised.endsWith('cookieheader');
}

/** The header with each secret-looking value replaced by `mask(value)`. */
export function maskCookieHeader(header: string, mask: (value: string) => string): string {
  let out = '';
  let at = 0;
  while (at <= header.length) {
    let end = header.indexOf(';', at);
    if (end < 0) end = header.length;
    const part = header.slice(at, end);
    const eq = part.indexOf('=');
    if (eq < 0) out += part;
    else {
      const name = part.slice(0, eq).trim().toLowerCase();
      const raw = part.slice(eq + 1);
      const value = raw.trim();
      const keep = value === '' || ATTRIBUTES.has(name) || (value.length <= 12 && PREFERENCE.test(value));
      out += keep ? part : part.slice(0, eq + 1) + raw.slice(0, raw.indexOf(value)) + mask(value) + raw.slice(raw.indexOf(value) + value.length);
    }
    if (end >= header.length) break;
    out += ';';
    at = end + 1;
  }
  return out;
}
