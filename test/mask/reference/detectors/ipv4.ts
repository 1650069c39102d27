import type { Detector, Match, ScanContext } from './detector';
// shared with the engine: an intentional change made in both (see ../README.md)
import { productBefore, VERSION_CONTEXT } from '../../../../interceptors/mask/detectors/ipv4';

const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\d|\.\d)/g;
/** A dotted quad right after these words is a version or build number, not an address. */

/**
 * IPv4 addresses (also `ipv4:a.b.c.d:port`, `a.b.c.d:port`), octets range-checked. Skipped in
 * version-like fields and after words like 'version'/'build'; loopback and 0.0.0.0 are kept
 * (they identify no one).
 */
export const ipv4Detector: Detector = {
  category: 'ipv4',
  priority: 7,
  gate: (text) => text.length >= 7 && text.indexOf('.') >= 0,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.versionField) return;
    const text = ctx.text;
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
      const v = m[0];
      if (v === '0.0.0.0' || v.startsWith('127.')) continue;
      const before = text.slice(Math.max(0, m.index - 20), m.index);
      if (VERSION_CONTEXT.test(before) || /oid[:\s]$/i.test(before)) continue;
      // glued to a letter (`v1.2.3.4`, `host1.2.3.4`) → part of a name
      const prev = text.charCodeAt(m.index - 1);
      if ((prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev === 95) continue;
      if (prev === 47 && productBefore(text, m.index - 1)) continue;
      // a version inside a file or artifact name (`orders-service-10.2.3.4.tar.gz`): mirrors the engine
      const end = m.index + v.length;
      if ((prev === 45 || prev === 95) && text.charCodeAt(end) === 46 && /[A-Za-z]/.test(text[end + 1] ?? '')) continue;
      out.push({ start: m.index, end: m.index + v.length, category: 'ipv4', priority: this.priority });
    }
  },
};
