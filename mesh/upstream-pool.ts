import * as http2 from 'node:http2';
import { isIP } from 'node:net';
import { spiffeIdOfSocket } from './tls-identity';

export interface UpstreamTls {
  /** CA bundle the upstream's certificate must chain to. */
  ca: Buffer;
  /** The sidecar's client certificate and key for mTLS to the upstream. */
  cert?: Buffer;
  key?: Buffer;
  /** Name checked against the upstream's certificate (default: the upstream host). */
  servername?: string;
}

/**
 * One HTTP/2 connection to the upstream, shared by every proxied call and re-opened after it
 * closes (the upstream restarted, sent GOAWAY, or the connection failed). Plaintext (h2c prior
 * knowledge, as gRPC speaks it) when no TLS is given — meant for a local upstream.
 */
export class UpstreamPool {
  private session: http2.ClientHttp2Session | undefined;
  private identity: string | undefined;
  private readonly authority: string;

  constructor(
    readonly address: string,
    private readonly tls: UpstreamTls | undefined,
    private readonly onError: (err: Error) => void,
  ) {
    this.authority = `${tls ? 'https' : 'http'}://${address}`;
  }

  get host(): string {
    return this.address.slice(0, this.address.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  }

  get port(): number {
    return Number(this.address.slice(this.address.lastIndexOf(':') + 1));
  }

  /** The upstream's SPIFFE ID from its certificate (TLS only), once connected. */
  get remoteIdentity(): string | undefined {
    return this.identity;
  }

  /** The live session, or a new one. Never throws for connection failures: they surface on the streams. */
  get(): http2.ClientHttp2Session {
    const s = this.session;
    if (s && !s.closed && !s.destroyed) return s;
    const tls = this.tls;
    const session = http2.connect(this.authority, tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername ?? (isIP(this.host) ? undefined : this.host), ALPNProtocols: ['h2'] } : {});
    session.on('error', (err) => {
      if (this.session === session) this.session = undefined;
      this.onError(err);
    });
    session.on('close', () => {
      if (this.session === session) this.session = undefined;
    });
    session.on('goaway', () => {
      if (this.session === session) this.session = undefined;
    });
    if (tls) session.once('connect', () => (this.identity = spiffeIdOfSocket(session.socket)));
    this.session = session;
    return session;
  }

  close(): void {
    const s = this.session;
    this.session = undefined;
    s?.close();
  }
}
