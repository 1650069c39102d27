import { isIPv6 } from 'node:net';
import type { Detector, Match, ScanContext } from './detector';

/** Candidate: hex groups and colons (optionally an embedded dotted quad), then validated by node:net. */
const CANDIDATE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[0-9A-Za-z]+)?/g;

/**
 * IPv6 addresses, full or compressed, bare or in `[…]:port` / `ipv6:[…]:port`. A candidate must
 * be a valid address (node:net.isIPv6), contain '::' or eight groups (so `12:30:45` and MAC
 * addresses are not), and have at least three non-empty groups. Loopback `::1` is kept.
 */
export const ipv6Detector: Detector = {
  category: 'ipv6',
  priority: 6,
  gate: (text) => text.length >= 6 && text.indexOf(':') >= 0,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
      let v = m[0];
      if (v.length < 6) continue;
      // a trailing ':port' after a bare compressed address is ambiguous; a trailing lone ':' is punctuation
      while (v.endsWith(':') && !v.endsWith('::')) v = v.slice(0, -1);
      const plain = v.replace(/%.*$/, '');
      if (!isIPv6(plain)) continue;
      const groups = plain.split(':').filter((x) => x.length > 0);
      if (groups.length < 3) continue;
      if (!plain.includes('::') && plain.split(':').length < 8 && !plain.includes('.')) continue;
      if (!/\d/.test(plain)) continue;
      out.push({ start: m.index, end: m.index + v.length, category: 'ipv6', priority: this.priority });
    }
  },
};
