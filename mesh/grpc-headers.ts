import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';

/**
 * Facts about gRPC over HTTP/2 headers the proxy needs (gRPC PROTOCOL-HTTP2): grpc-timeout
 * units, grpc-message percent-encoding, and which headers HTTP/2 forbids a proxy to relay.
 */

const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** Milliseconds of a `grpc-timeout` value ('100m', '5S', …); undefined when absent or malformed. */
export function parseGrpcTimeout(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * TIMEOUT_UNIT_MS[m[2]];
}

/** grpc-message is percent-encoded UTF-8 on the wire. */
export function decodeGrpcMessage(value: string | string[] | undefined): string {
  if (typeof value !== 'string') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Percent-encodes what gRPC requires (anything outside printable ASCII, and '%'). */
export function encodeGrpcMessage(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The status code of trailers (or trailers-only headers); undefined when missing or not a number. */
export function grpcStatusOf(headers: IncomingHttpHeaders): number | undefined {
  const raw = headers['grpc-status'];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** Connection-specific headers HTTP/2 forbids (RFC 9113 §8.2.2); node's http2 refuses to send them. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings', 'host']);

/** Request headers to relay: everything, pseudo-headers included, minus hop-by-hop ones. */
export function relayRequestHeaders(headers: IncomingHttpHeaders, authority: string | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const key in headers) {
    if (HOP_BY_HOP.has(key) || key === ':scheme') continue;
    if (key === ':authority' && authority !== undefined) continue;
    out[key] = headers[key];
  }
  if (authority !== undefined) out[':authority'] = authority;
  return out;
}

/** Response headers or trailers to relay: node adds :status itself on respond(), and HTTP/2 forbids hop-by-hop ones. */
export function relayResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const key in headers) {
    if (HOP_BY_HOP.has(key) || (key.charCodeAt(0) === 58 /* ':' */ && key !== ':status')) continue;
    out[key] = headers[key];
  }
  return out;
}

/** Trailers-only response of a status the proxy produces itself. */
export function trailersOnly(code: number, message: string): OutgoingHttpHeaders {
  return { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
}
