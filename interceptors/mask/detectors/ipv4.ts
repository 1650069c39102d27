import type { Detector, Match, ScanContext } from './detector';

/** Sticky: tried at one position at a time (the candidate stretches'). */
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\d|\.\d)/y;
/** A dotted quad right after these words is a version or build number, not an address. */
export const VERSION_CONTEXT = /(?:version|build|release|firmware|fw|ver|rev|v)(?:[_ -]?(?:number|num|no|nr|id|tag))?\s*[:=#]?\s*["']?$/i;
/** An object identifier (`urn:oid:2.5.4.42`, `OID 1.2.840.1`): dotted numbers, not an address. */
const OID_CONTEXT = /oid[:\s]$/i;

/**
 * IPv4 addresses (also `ipv4:a.b.c.d:port`, `a.b.c.d:port`), octets range-checked. Skipped in
 * version-like fields and after words like 'version'/'build'; loopback and 0.0.0.0 are kept
 * (they identify no one).
 */
export const ipv4Detector: Detector = {
  category: 'ipv4',
  priority: 7,
  anchor: 'dottedQuad',
  minLength: 7,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.versionField) return;
    const text = ctx.text;
    // an address lies inside one stretch of digits and separators with three dots: try the
    // positions of those stretches only, in order, as a scan of the whole text would
    const stretches = ctx.dottedStretches();
    for (let k = 0; k < stretches.length; k += 2) {
      const end = stretches[k + 1];
      for (let p = stretches[k]; p < end; ) {
        IPV4.lastIndex = p;
        const m = IPV4.exec(text);
        if (!m) {
          p++;
          continue;
        }
        p = m.index + m[0].length;
        const v = m[0];
        if (v === '0.0.0.0' || v.startsWith('127.')) continue;
        if (ctx.keepPrivateAddresses && isPrivateNetwork(v)) continue;
        const before = text.slice(Math.max(0, m.index - 20), m.index);
        if (VERSION_CONTEXT.test(before) || OID_CONTEXT.test(before)) continue;
        // glued to a letter (`v1.2.3.4`, `host1.2.3.4`) → part of a name
        const prev = text.charCodeAt(m.index - 1);
        if ((prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev === 95) continue;
        // a product token's version, as in a User-Agent: `OUI.sncf/4.6.16.249`, `Agent/10.0.0.2 (…)`
        if (prev === 47 && productBefore(text, m.index - 1)) continue;
        // a version inside a file or artifact name: `orders-service-10.2.3.4.tar.gz`
        if ((prev === 45 || prev === 95) && text.charCodeAt(p) === 46 && isAsciiLetter(text.charCodeAt(p + 1))) continue;
        out.push({ start: m.index, end: m.index + v.length, category: 'ipv4', priority: this.priority });
      }
    }
  },
};

/**
 * RFC 1918 private networks (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10) and IPv4 link-local (169.254/16): an
 * address there names a host inside one network, as seen from inside it, not a subscriber.
 * Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) stand for public addresses.
 */
export function isPrivateNetwork(v: string): boolean {
  const c0 = v.charCodeAt(0);
  if (c0 === 49) {
    // 10.x, 172.16–31.x, 192.168.x, 169.254.x
    if (v.charCodeAt(1) === 48 && v.charCodeAt(2) === 46) return true;
    if (v.startsWith('192.168.') || v.startsWith('169.254.')) return true;
    if (v.startsWith('172.')) {
      const second = parseInt(v.slice(4, v.indexOf('.', 4)), 10);
      return second >= 16 && second <= 31;
    }
    // 100.64/10: carrier-grade NAT's shared address space (RFC 6598), a carrier's inside, no subscriber's address
    if (v.startsWith('100.')) {
      const second = parseInt(v.slice(4, v.indexOf('.', 4)), 10);
      return second >= 64 && second <= 127;
    }
  }
  return false;
}

/** Words before '/' that introduce an address rather than name a product: `ip/10.1.2.3`. */
const NOT_A_PRODUCT = /^(?:ip|ipv4|addr|address|host|client|server|src|dst|source|dest|from|to|peer|remote|local|gw|gateway|nat)$/i;

/**
 * Whether `text[slash]` ('/') ends a product name: letters, digits, '.', '_', '-' with at least
 * one letter, standing alone (start of text, after a space, '(', '"' or ';'). A path or URL
 * (`host/…`, `http://…/`) has '/' or ':' before its last segment and does not qualify.
 */
export function productBefore(text: string, slash: number): boolean {
  let i = slash - 1;
  let letters = 0;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (isAsciiLetter(c)) letters++;
    else if (!((c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45)) break;
    i--;
  }
  if (letters === 0 || i === slash - 1) return false;
  if (NOT_A_PRODUCT.test(text.slice(i + 1, slash))) return false;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 32 || c === 40 || c === 34 || c === 59 || c === 9;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
