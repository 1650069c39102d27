/** Host and port of a channel target or a peer string, as the RPC semantic conventions record them. */
export interface HostPort {
  host: string;
  port?: number;
}

/**
 * Splits 'host:port', '[v6]:port', 'ipv4:a.b.c.d:port' (grpc-js getPeer) or a bare host.
 * Never throws; an unparseable string is returned whole as the host.
 */
export function splitHostPort(peer: string): HostPort {
  const s = peer.replace(/^(ipv4|ipv6|dns|unix):/, '');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return v6[2] ? { host: v6[1], port: Number(v6[2]) } : { host: v6[1] };
  const i = s.lastIndexOf(':');
  if (i > 0 && s.indexOf(':') === i && /^\d+$/.test(s.slice(i + 1))) return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
  return { host: s };
}

/**
 * A channel target as grpc-js reports it ('dns:host:port', 'dns:///host:port', 'host:port',
 * 'ipv4:1.2.3.4:5', 'unix:/path'); null when it names no host.
 */
export function parseTarget(target: string): HostPort | null {
  if (/^unix(-abstract)?:/.test(target)) return null;
  const s = target.replace(/^(dns|ipv4|ipv6|xds|passthrough):(\/\/[^/]*\/)?/, '');
  const hp = splitHostPort(s.split(',')[0]);
  return hp.host ? hp : null;
}
