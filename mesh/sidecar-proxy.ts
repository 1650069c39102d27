import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { FAIL_CLOSED_MESSAGE } from '../interceptors/capture/protocol';
import { GrpcFrameReader, type GrpcFrame, type GrpcFrameError } from './grpc-frame-reader';
import { parseGrpcTimeout, relayRequestHeaders, relayResponseHeaders, trailersOnly } from './grpc-headers';
import { ATTR_PEER_IDENTITY, ATTR_REMOTE_IDENTITY, type ProxyFault } from './mesh-attributes';
import type { CallPeer, MeshCall, MeshRecorder } from './mesh-recorder';
import { spiffeIdOfSocket } from './tls-identity';
import { UpstreamPool, type UpstreamTls } from './upstream-pool';

const { NGHTTP2_CANCEL, NGHTTP2_FLAG_END_STREAM, HTTP2_HEADER_PATH, HTTP2_HEADER_METHOD, HTTP2_HEADER_CONTENT_TYPE, HTTP2_HEADER_AUTHORITY } = http2.constants;

export interface ListenerTls {
  cert: Buffer;
  key: Buffer;
  /** CA bundle for client certificates; with `requireClientCert`, callers must present one that chains to it. */
  ca?: Buffer;
  requireClientCert: boolean;
}

export interface SidecarProxyOptions {
  /** 'host:port' to listen on (port 0: any free port). */
  listen: string;
  /** 'host:port' of the upstream. */
  upstream: string;
  listenerTls?: ListenerTls;
  upstreamTls?: UpstreamTls;
  /** Largest message accepted in either direction (default 4 MiB, gRPC's default); larger → RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /** The recorded application's SPIFFE ID when the local leg does not carry it in a certificate. */
  applicationIdentity?: string;
  /** ':authority' sent upstream (default: the caller's). */
  upstreamAuthority?: string;
  recorder: MeshRecorder;
  logger: { warn(message: string, fields?: Record<string, string | number>): void };
}

/** Counters of what the proxy did itself. */
export interface ProxyStats {
  calls: number;
  faults: Record<ProxyFault, number>;
}

/**
 * The sidecar's data plane: an HTTP/2 proxy that understands gRPC framing. Every call — any
 * path, any of the four kinds, known to a schema or not — is relayed stream to stream: headers
 * (metadata, grpc-timeout, grpc-encoding) and trailers (status, grpc-status-details-bin) as they
 * are, DATA chunks as they arrive (compressed messages stay compressed), with HTTP/2 flow
 * control in both directions and resets mirrored. The gRPC framing is parsed on the side, only
 * to record each message; the relayed bytes are never re-encoded.
 *
 * Why HTTP/2 and not a grpc-js Server: grpc-js has no catch-all handler (a path without a
 * registered handler is answered UNIMPLEMENTED before any interceptor runs), it re-frames and
 * may re-compress messages, and it drops headers it treats as reserved. See docs/mesh.md.
 */
export class SidecarProxy {
  readonly stats: ProxyStats = {
    calls: 0,
    faults: { 'upstream-unavailable': 0, 'upstream-reset': 0, deadline: 0, 'message-too-large': 0, 'malformed-frame': 0, 'not-grpc': 0 },
  };
  private readonly server: http2.Http2Server | http2.Http2SecureServer;
  private readonly upstream: UpstreamPool;
  private readonly peers = new WeakMap<http2.Http2Session, CallPeer>();
  private readonly sessions = new Set<http2.Http2Session>();
  readonly outbound: boolean;

  constructor(private readonly options: SidecarProxyOptions) {
    this.outbound = options.recorder.direction === 'outbound';
    this.upstream = new UpstreamPool(options.upstream, options.upstreamTls, (err) =>
      options.logger.warn('grpc-audit sidecar: upstream connection failed', { upstream: options.upstream, error: (err as NodeJS.ErrnoException).code ?? err.name }),
    );
    const tls = options.listenerTls;
    this.server = tls
      ? http2.createSecureServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requireClientCert || tls.ca !== undefined, rejectUnauthorized: tls.requireClientCert, ALPNProtocols: ['h2'] })
      : http2.createServer();
    this.server.on('stream', (stream, headers) => this.onStream(stream, headers));
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => undefined); // the streams report what matters
    });
    this.server.on('sessionError', () => undefined);
  }

  /** Binds the listener; resolves with the bound 'host:port'. */
  listen(): Promise<string> {
    const { listen } = this.options;
    const i = listen.lastIndexOf(':');
    const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
    const port = Number(listen.slice(i + 1));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const a = this.server.address() as AddressInfo;
        resolve(`${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
      });
    });
  }

  /** Stops accepting, lets calls in flight finish for up to `graceMs`, then closes everything. Safe twice. */
  async close(graceMs = 5000): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const s of this.sessions) s.destroy();
        resolve();
      }, graceMs);
      timer.unref();
      for (const s of this.sessions) s.close();
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.upstream.close();
  }

  private peerOf(session: http2.Http2Session): CallPeer {
    let peer = this.peers.get(session);
    if (peer === undefined) {
      const socket = session.socket;
      const local = spiffeIdOfSocket(socket);
      const configured = this.options.applicationIdentity;
      if (this.outbound) {
        // The application is the caller: its certificate when it presents one, else the configured identity.
        peer = { address: this.upstream.host, port: this.upstream.port, applicationIdentity: local ?? configured };
      } else {
        peer = { address: socket.remoteAddress, port: socket.remotePort, applicationIdentity: configured, remoteIdentity: local };
      }
      this.peers.set(session, peer);
    }
    if (this.outbound) {
      const remote = this.upstream.remoteIdentity;
      if (remote !== peer.remoteIdentity) peer = { ...peer, remoteIdentity: remote };
    } else if (peer.applicationIdentity === undefined && this.upstream.remoteIdentity !== undefined) {
      peer = { ...peer, applicationIdentity: this.upstream.remoteIdentity };
    }
    return peer;
  }

  private onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    this.stats.calls++;
    stream.on('error', () => undefined); // resets by the client show up as 'close'
    const contentType = headers[HTTP2_HEADER_CONTENT_TYPE];
    if (headers[HTTP2_HEADER_METHOD] !== 'POST' || typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
      this.stats.faults['not-grpc']++;
      stream.respond({ ':status': 415 }, { endStream: true });
      return;
    }
    const path = String(headers[HTTP2_HEADER_PATH] ?? '');
    const recorder = this.options.recorder;
    if (!recorder.admits(path)) {
      stream.respond(trailersOnly(GrpcStatus.UNAVAILABLE, FAIL_CLOSED_MESSAGE), { endStream: true });
      return;
    }
    const peer = this.peerOf(stream.session!);
    const call = recorder.start(path, headers, peer);
    new ProxiedCall(this, stream, headers, call, this.upstream, peer).run();
  }

  /** @internal */
  countFault(fault: ProxyFault): void {
    this.stats.faults[fault]++;
  }

  /** @internal */
  get limits(): { maxMessageBytes: number; authority: string | undefined } {
    return { maxMessageBytes: this.options.maxMessageBytes, authority: this.options.upstreamAuthority };
  }
}

/** gRPC status of a framing error: too large → RESOURCE_EXHAUSTED, anything else → INTERNAL. */
function frameFault(err: GrpcFrameError): { code: number; fault: ProxyFault } {
  return err.kind === 'too-large' ? { code: GrpcStatus.RESOURCE_EXHAUSTED, fault: 'message-too-large' } : { code: GrpcStatus.INTERNAL, fault: 'malformed-frame' };
}

/** One call relayed from a downstream stream to an upstream stream. */
class ProxiedCall {
  private up: http2.ClientHttp2Stream | undefined;
  /** The call is over for the proxy (relayed to the end, answered by the proxy, or cancelled). */
  private done = false;
  private responded = false;
  private upstreamTrailers: http2.IncomingHttpHeaders | undefined;
  /** Trailers to send when the downstream stream asks for them. */
  private trailers: http2.OutgoingHttpHeaders | undefined;
  private timer: NodeJS.Timeout | undefined;
  private upstreamError: NodeJS.ErrnoException | undefined;
  private readonly deadlineAt: number | undefined;
  private readonly requests: GrpcFrameReader;
  private readonly responses: GrpcFrameReader;

  constructor(
    private readonly proxy: SidecarProxy,
    private readonly stream: http2.ServerHttp2Stream,
    private readonly headers: http2.IncomingHttpHeaders,
    private readonly call: MeshCall | undefined,
    private readonly pool: UpstreamPool,
    private readonly peer: CallPeer,
  ) {
    const max = proxy.limits.maxMessageBytes;
    this.requests = new GrpcFrameReader(max);
    this.responses = new GrpcFrameReader(max);
    const timeout = parseGrpcTimeout(headers['grpc-timeout']);
    this.deadlineAt = timeout === undefined ? undefined : Date.now() + timeout;
  }

  run(): void {
    const { stream, call } = this;
    let up: http2.ClientHttp2Stream;
    try {
      up = this.pool.get().request(relayRequestHeaders(this.headers, this.proxy.limits.authority ?? (this.headers[HTTP2_HEADER_AUTHORITY] as string | undefined)));
    } catch (err) {
      this.fail(GrpcStatus.UNAVAILABLE, `upstream unavailable: ${(err as Error).message}`, 'upstream-unavailable');
      return;
    }
    this.up = up;
    const needsUpstreamIdentity = this.proxy.outbound ? this.peer.remoteIdentity === undefined : this.peer.applicationIdentity === undefined;
    if (this.deadlineAt !== undefined) {
      this.timer = setTimeout(() => this.fail(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded', 'deadline'), Math.max(0, this.deadlineAt - Date.now()));
    }

    // Downstream → upstream.
    const onRequest = call ? (f: GrpcFrame) => call.request(f) : NOOP;
    this.relay('request', stream, up, this.requests, onRequest);
    stream.on('end', () => {
      if (this.done) return;
      const err = this.requests.end();
      if (err) {
        this.fail(GrpcStatus.INTERNAL, `grpc-audit sidecar: request ${err.message}`, 'malformed-frame');
        return;
      }
      up.end();
    });
    stream.on('close', () => {
      if (this.done) return;
      // The client reset the stream (cancelled, or its deadline passed) before the call ended.
      this.done = true;
      this.clearTimer();
      if (!up.closed) up.close(NGHTTP2_CANCEL);
      const expired = this.deadlineAt !== undefined && this.deadlineAt - 100 <= Date.now();
      call?.cancelled(expired ? GrpcStatus.DEADLINE_EXCEEDED : GrpcStatus.CANCELLED, expired ? 'Deadline exceeded' : 'Cancelled by client');
    });
    stream.on('wantTrailers', () => {
      stream.sendTrailers(this.trailers ?? { 'grpc-status': String(GrpcStatus.UNKNOWN), 'grpc-message': 'upstream ended without trailers' });
    });

    // Upstream → downstream.
    up.on('response', (h, flags) => {
      if (this.done) return;
      this.responded = true;
      if (call && needsUpstreamIdentity) {
        // The first calls on a new upstream connection start before its handshake is done.
        const id = this.pool.remoteIdentity;
        if (id) call.annotate(this.proxy.outbound ? ATTR_REMOTE_IDENTITY : ATTR_PEER_IDENTITY, id);
      }
      if (flags & NGHTTP2_FLAG_END_STREAM) {
        // Trailers-only: the status is in these headers.
        this.finish();
        stream.respond(relayResponseHeaders(h), { endStream: true });
        call?.endWithTrailers(h);
        return;
      }
      call?.responseHeaders(h);
      stream.respond(relayResponseHeaders(h), { waitForTrailers: true });
    });
    const onResponse = call ? (f: GrpcFrame) => call.response(f) : NOOP;
    this.relay('response', up, stream, this.responses, onResponse);
    up.on('trailers', (t) => {
      this.upstreamTrailers = t;
    });
    up.on('end', () => {
      if (this.done || !this.responded) return;
      const err = this.responses.end();
      if (err) {
        this.fail(GrpcStatus.INTERNAL, `grpc-audit sidecar: response ${err.message}`, 'malformed-frame');
        return;
      }
      this.finish();
      const t = this.upstreamTrailers;
      this.trailers = t ? relayResponseHeaders(t) : undefined;
      stream.end();
      call?.endWithTrailers(t);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      this.upstreamError = err;
    });
    up.on('close', () => {
      if (this.done) return;
      const rst = up.rstCode;
      if (!this.responded && (this.upstreamError !== undefined || rst === http2.constants.NGHTTP2_REFUSED_STREAM)) {
        // Never reached the application: what a client sees when it cannot connect.
        const reason = this.upstreamError?.code ?? this.upstreamError?.name ?? 'stream refused';
        this.fail(GrpcStatus.UNAVAILABLE, `upstream unavailable: ${reason}`, 'upstream-unavailable');
        return;
      }
      // The upstream reset the stream: the client gets the same reset, and maps it as it would have.
      this.finish();
      this.proxy.countFault('upstream-reset');
      const code = rst ?? http2.constants.NGHTTP2_INTERNAL_ERROR;
      if (!stream.closed) stream.close(code);
      call?.end(statusOfReset(code), `upstream reset the stream (HTTP/2 error ${code})`, undefined, 'upstream-reset');
    });
  }

  /**
   * Relays DATA chunks from one stream to the other as they arrive, with flow control (a full
   * window pauses the source until the destination drains), parsing the gRPC framing beside it
   * to record each message. A framing error ends the call before the chunk is relayed.
   */
  private relay(side: 'request' | 'response', from: http2.Http2Stream, to: http2.Http2Stream, reader: GrpcFrameReader, onFrame: (f: GrpcFrame) => void): void {
    from.on('data', (chunk: Buffer) => {
      if (this.done) return;
      const err = reader.push(chunk, onFrame);
      if (err) {
        const { code, fault } = frameFault(err);
        this.fail(code, `grpc-audit sidecar: ${side} ${err.message}`, fault);
        return;
      }
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
  }

  private finish(): void {
    this.done = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The proxy ends the call itself: the client gets this status, the upstream a cancellation. */
  private fail(code: number, message: string, fault: ProxyFault): void {
    if (this.done) return;
    this.finish();
    this.proxy.countFault(fault);
    const { stream, up } = this;
    if (up && !up.closed) up.close(NGHTTP2_CANCEL);
    if (!stream.closed && !stream.destroyed) {
      if (!stream.headersSent) {
        stream.respond(trailersOnly(code, message), { endStream: true });
      } else {
        this.trailers = { 'grpc-status': String(code), 'grpc-message': trailersOnly(code, message)['grpc-message'] };
        stream.end();
      }
    }
    this.call?.end(code, message, undefined, fault);
  }
}

/** How gRPC clients map an HTTP/2 RST_STREAM code to a status (grpc-js and grpc core agree). */
function statusOfReset(code: number): number {
  switch (code) {
    case http2.constants.NGHTTP2_REFUSED_STREAM:
      return GrpcStatus.UNAVAILABLE;
    case http2.constants.NGHTTP2_CANCEL:
      return GrpcStatus.CANCELLED;
    case http2.constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case http2.constants.NGHTTP2_INADEQUATE_SECURITY:
      return GrpcStatus.PERMISSION_DENIED;
    default:
      return GrpcStatus.INTERNAL;
  }
}

const NOOP = (): void => undefined;
