import * as net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 for network-fault tests (loopback only). Modes:
 * - 'forward': pipe bytes both ways to the target;
 * - 'refuse':  accept, then close at once (a collector that is down / a reset connection);
 * - 'stall':   accept and forward nothing, in either direction (a black hole: only deadlines help).
 * `dropConnections()` cuts every open connection at once (a network blip). The target port can be
 * changed while running (a collector restarted on a new port).
 */
export type ProxyMode = 'forward' | 'refuse' | 'stall';

export class TcpFaultProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  mode: ProxyMode = 'forward';
  /** Connections accepted so far (all modes). */
  accepted = 0;

  private constructor(
    private targetPort: number,
    private readonly targetHost: string,
  ) {
    this.server = net.createServer((client) => this.onConnection(client));
  }

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpFaultProxy> {
    const p = new TcpFaultProxy(targetPort, targetHost);
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', reject);
      p.server.listen(0, '127.0.0.1', () => resolve());
    });
    return p;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  setTarget(port: number): void {
    this.targetPort = port;
  }

  setMode(mode: ProxyMode, opts: { dropExisting?: boolean } = {}): void {
    this.mode = mode;
    if (opts.dropExisting) this.dropConnections();
  }

  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private onConnection(client: net.Socket): void {
    this.accepted++;
    this.track(client);
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    if (this.mode === 'stall') {
      client.pause(); // read nothing, answer nothing
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
