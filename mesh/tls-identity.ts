import type { TLSSocket, PeerCertificate } from 'node:tls';

/**
 * The SPIFFE ID of a TLS peer: its certificate's one `spiffe://` URI SAN. Undefined for plaintext,
 * no certificate, or a certificate that is not an X509-SVID (no URI SAN, several, or not SPIFFE).
 */
export function spiffeIdOfSocket(socket: unknown): string | undefined {
  const tls = socket as Partial<TLSSocket>;
  if (typeof tls.getPeerCertificate !== 'function') return undefined;
  let cert: PeerCertificate;
  try {
    cert = tls.getPeerCertificate(false);
  } catch {
    return undefined;
  }
  return spiffeIdOfSan(cert?.subjectaltname);
}

export function spiffeIdOfSan(san: string | undefined): string | undefined {
  if (!san) return undefined;
  const uris = san
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('URI:'))
    .map((entry) => entry.slice(4));
  return uris.length === 1 && /^spiffe:\/\/[^/]+\/./.test(uris[0]) ? uris[0] : undefined;
}
