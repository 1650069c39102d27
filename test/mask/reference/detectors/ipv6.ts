import { isIPv6 } from 'node:net';
import type { Detector, Match, ScanContext } from './detector';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isTokenChar(c: number): boolean {
  return isHex(c) || c === 58 || c === 46; // hex, ':' and '.' (embedded IPv4)
}
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The candidate is an address we mask: valid, '::' or eight groups, ≥ 3 groups, a digit, not loopback. */
function acceptable(v: string): boolean {
  if (v.length < 6 || !isIPv6(v)) return false;
  const groups = v.split(':');
  if (groups.filter((x) => x.length > 0).length < 3) return false;
  if (!v.includes('::') && groups.length < 8 && !v.includes('.')) return false;
  return /\d/.test(v);
}

/**
 * IPv6 addresses, full or compressed, bare or in `[…]:port` / `ipv6:[…]:port`, with an optional
 * zone (`%eth0`). Anchored on each ':' (indexOf) and expanded over hex digits, colons and dots,
 * then validated by node:net.isIPv6 and the shape rules above, so `12:30:45`, MAC addresses and
 * `std::vector` are not addresses. Loopback `::1` has too few groups and is kept.
 */
export const ipv6Detector: Detector = {
  category: 'ipv6',
  priority: 6,
  gate: (text) => text.length >= 6 && text.indexOf(':') >= 0,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let from = 0;
    for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
      let start = colon;
      while (start > 0 && isTokenChar(text.charCodeAt(start - 1))) start--;
      let end = colon + 1;
      while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
      from = end + 1;
      let s = start;
      // glued to a word on the left ('ipv6:2001:db8::1', 'abc12:…'): drop the glued piece
      if (s > 0 && isWordChar(text.charCodeAt(s - 1))) {
        const cut = text.indexOf(':', s);
        s = cut + 1;
      }
      let v = text.slice(s, end);
      while (v.endsWith('.')) v = v.slice(0, -1);
      while (v.endsWith(':') && !v.endsWith('::')) v = v.slice(0, -1);
      if (end < text.length && isWordChar(text.charCodeAt(end)) && text.charCodeAt(end) !== 37) continue; // glued on the right
      let zoneEnd = s + v.length;
      if (text.charCodeAt(zoneEnd) === 37) {
        let z = zoneEnd + 1;
        while (z < text.length && isWordChar(text.charCodeAt(z))) z++;
        if (z > zoneEnd + 1) zoneEnd = z;
      }
      if (!acceptable(v)) {
        // intentional change (see README): eight full groups joined to a decimal port by ':'
        const lastColon = v.lastIndexOf(':');
        const head = v.slice(0, lastColon);
        if (lastColon < 0 || v.includes('::') || head.split(':').length !== 8 || !/^\d{1,5}$/.test(v.slice(lastColon + 1)) || Number(v.slice(lastColon + 1)) > 65535 || !acceptable(head)) continue;
        out.push({ start: s, end: s + head.length, category: 'ipv6', priority: this.priority });
        from = Math.max(s + v.length, end);
        continue;
      }
      out.push({ start: s, end: zoneEnd, category: 'ipv6', priority: this.priority });
      // past the whole token run: a trimmed trailing ':' ('2001:db8::1: down') would otherwise be
      // found again and expand to the same address, forever (the one change to the frozen copy: it looped forever here)
      from = Math.max(zoneEnd, end);
    }
  },
};
