import type { Detector, Match, ScanContext } from './detector';

/** header.payload.signature, base64url; the header of every JWS/JWE starts `{"` → `eyJ`. The whole token goes. */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;

export const jwtDetector: Detector = {
  category: 'jwt',
  priority: 0,
  anchor: 'jwt',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    JWT.lastIndex = 0;
    for (let m = JWT.exec(ctx.text); m; m = JWT.exec(ctx.text)) {
      out.push({ start: m.index, end: m.index + m[0].length, category: 'jwt', priority: this.priority });
    }
  },
};
