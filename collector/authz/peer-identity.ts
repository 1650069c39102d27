import { X509Certificate } from 'node:crypto';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { parseSpiffeId } from './spiffe-id';

/** grpc-js does not export the type by name; derive it from the call API. */
export type AuthContext = ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;

/** Why a peer has no usable identity; a fixed vocabulary used as a metric label. */
export type IdentityFailure =
  | 'no_trusted_certificate'
  | 'no_uri_san'
  | 'multiple_uri_sans'
  | 'invalid_spiffe_id'
  | 'unparsable_certificate';

export type PeerIdentity = { ok: true; identity: string; fingerprint: string } | { ok: false; reason: IdentityFailure; detail: string };

/**
 * Reads the workload identity from a call's TLS peer. grpc-js returns an empty auth context
 * unless the TLS layer verified the client certificate against the CA bundle (missing, expired
 * and foreign certificates all look alike here), so "no certificate" means "no trusted one".
 *
 * An X509-SVID carries exactly one URI SAN and it is a SPIFFE ID; anything else is refused. The
 * subject CN is used only when `allowCommonName` is set and the certificate has no URI SAN at all.
 */
export function identityFromAuthContext(ctx: AuthContext, allowCommonName: boolean): PeerIdentity {
  const peer = ctx.sslPeerCertificate;
  if (ctx.transportSecurityType !== 'ssl' || !peer || !peer.raw) {
    return { ok: false, reason: 'no_trusted_certificate', detail: 'the call carries no client certificate trusted by the CA bundle' };
  }
  // The result depends only on the certificate's bytes (TLS has already verified them for this
  // connection) and allowCommonName, so it is memoised per DER encoding instead of parsing the
  // certificate on every call. Bounded: the oldest entry goes when the map is full.
  const key = (allowCommonName ? 'c' : 'u') + peer.raw.toString('latin1');
  const hit = IDENTITY_CACHE.get(key);
  if (hit !== undefined) return hit;
  const id = identityFromDer(peer.raw, allowCommonName);
  if (IDENTITY_CACHE.size >= IDENTITY_CACHE_MAX) IDENTITY_CACHE.delete(IDENTITY_CACHE.keys().next().value as string);
  IDENTITY_CACHE.set(key, id);
  return id;
}

const IDENTITY_CACHE_MAX = 1024;
const IDENTITY_CACHE = new Map<string, PeerIdentity>();

function identityFromDer(raw: Buffer, allowCommonName: boolean): PeerIdentity {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(raw);
  } catch {
    return { ok: false, reason: 'unparsable_certificate', detail: 'the client certificate cannot be parsed' };
  }
  const uris = uriSans(cert.subjectAltName);
  const fingerprint = cert.fingerprint256;
  if (uris.length > 1) {
    return { ok: false, reason: 'multiple_uri_sans', detail: `the certificate has ${uris.length} URI SANs; an X509-SVID has exactly one` };
  }
  if (uris.length === 1) {
    const parsed = parseSpiffeId(uris[0]);
    if ('error' in parsed) return { ok: false, reason: 'invalid_spiffe_id', detail: `the URI SAN is not a valid SPIFFE ID: ${parsed.error}` };
    return { ok: true, identity: parsed.id, fingerprint };
  }
  if (allowCommonName) {
    const cn = commonName(cert.subject);
    if (cn) return { ok: true, identity: cn, fingerprint };
  }
  return {
    ok: false,
    reason: 'no_uri_san',
    detail: allowCommonName ? 'the certificate has neither a SPIFFE URI SAN nor a subject CN' : 'the certificate has no SPIFFE URI SAN',
  };
}

/**
 * URI entries of Node's `subjectAltName` string ("URI:spiffe://td/a, DNS:x"). Node quotes an
 * entry that contains a separator or quote as a JSON string; such a value is kept quoted and then
 * fails SPIFFE parsing, which is what we want for an ambiguous SAN.
 */
export function uriSans(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const out: string[] = [];
  for (const entry of splitSan(subjectAltName)) {
    if (entry.startsWith('URI:')) out.push(entry.slice(4));
  }
  return out;
}

function splitSan(san: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < san.length; i++) {
    const c = san[i];
    if (c === '"' && san[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && c === ',' && san[i + 1] === ' ') {
      out.push(cur);
      cur = '';
      i++;
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function commonName(subject: string): string | undefined {
  for (const line of subject.split('\n')) {
    if (line.startsWith('CN=')) return line.slice(3) || undefined;
  }
  return undefined;
}
