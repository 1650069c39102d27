/**
 * SPIFFE ID syntax (spiffe.io SPIFFE-ID spec §2): `spiffe://<trust-domain><path>`, trust domain of
 * lower-case letters, digits, '.', '-', '_'; path segments of letters, digits, '.', '-', '_', never
 * empty, '.' or '..'; no query, fragment, port or user info; no trailing slash.
 */
export interface SpiffeId {
  trustDomain: string;
  path: string;
  /** The canonical string form. */
  id: string;
}

const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Parses a SPIFFE ID, or returns the reason it is not one (used in logs, never a value). */
export function parseSpiffeId(uri: string): SpiffeId | { error: string } {
  if (!uri.startsWith('spiffe://')) return { error: 'scheme is not spiffe' };
  if (uri.length > 2048) return { error: 'longer than 2048 bytes' };
  const rest = uri.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (!trustDomain) return { error: 'empty trust domain' };
  if (!TRUST_DOMAIN.test(trustDomain)) return { error: 'invalid trust domain characters' };
  if (path) {
    const segments = path.slice(1).split('/');
    for (const s of segments) {
      if (s === '') return { error: 'empty path segment or trailing slash' };
      if (s === '.' || s === '..') return { error: 'dot segment in path' };
      if (!SEGMENT.test(s)) return { error: 'invalid path characters' };
    }
  }
  return { trustDomain, path, id: `spiffe://${trustDomain}${path}` };
}
