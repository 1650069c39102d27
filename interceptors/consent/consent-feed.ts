import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ConsentEntry, ConsentState } from './consent-state';

const PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');

interface FeedMessage {
  snapshot: boolean;
  entries: Array<{ subjectRef: string; purpose: string; state: string }>;
  resumeToken: number;
}

let ctor: grpc.ServiceClientConstructor | undefined;
function feedClientConstructor(): grpc.ServiceClientConstructor {
  if (!ctor) {
    const def = protoLoader.loadSync('grpcaudit/admin/v1/admin.proto', { includeDirs: [PROTO_DIR], keepCase: false, longs: Number, enums: String, defaults: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { grpcaudit: { admin: { v1: { ConsentFeedService: grpc.ServiceClientConstructor } } } };
    ctor = pkg.grpcaudit.admin.v1.ConsentFeedService;
  }
  return ctor;
}

export interface ConsentFeedOptions {
  /** Collector address, host:port. */
  address: string;
  /** The workload's mTLS credentials (its identity must be in the collector's identity policy). */
  credentials: grpc.ChannelCredentials;
  /** First reconnect delay (default 100 ms), doubled up to maxBackoffMs (default 2 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/**
 * Follows the collector's consent registry (ConsentFeedService/SubscribeConsent) into a
 * ConsentState: a snapshot first, then each change as the collector records it. When the stream
 * breaks it reconnects with backoff and resumes after the last token it applied; meanwhile the
 * state stays as it was (the guard decides whether that is good enough, see failClosed).
 */
export class ConsentFeed {
  private client: grpc.Client | undefined;
  private stream: grpc.ClientReadableStream<FeedMessage> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoff: number;
  private stopped = false;
  private readyWaiters: Array<() => void> = [];
  /** True while a stream is open and has delivered its first message. */
  connected = false;
  /** Streams opened so far (diagnostics). */
  connects = 0;
  /** Snapshots received (a resumed stream sends none). */
  snapshots = 0;

  constructor(
    private readonly state: ConsentState,
    private readonly options: ConsentFeedOptions,
  ) {
    this.backoff = options.minBackoffMs ?? 100;
  }

  start(): void {
    if (this.client || this.stopped) return;
    this.client = new (feedClientConstructor())(this.options.address, this.options.credentials);
    this.open();
  }

  /** Resolves once the state holds the registry (first message received). */
  ready(): Promise<void> {
    if (this.state.token !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.connected = false;
    if (this.timer) clearTimeout(this.timer);
    this.stream?.cancel();
    this.client?.close();
  }

  private open(): void {
    if (this.stopped) return;
    const now = this.options.now ?? Date.now;
    const req = this.state.token === undefined ? {} : { resumeAfter: this.state.token, hasResumeAfter: true };
    const stream = (this.client as unknown as { subscribeConsent(r: unknown): grpc.ClientReadableStream<FeedMessage> }).subscribeConsent(req);
    this.stream = stream;
    this.connects++;
    stream.on('data', (msg: FeedMessage) => {
      const entries: ConsentEntry[] = msg.entries.map((e) => ({ subjectRef: e.subjectRef, purpose: e.purpose, withdrawn: e.state === 'CONSENT_STATE_WITHDRAWN' }));
      if (msg.snapshot) {
        this.snapshots++;
        this.state.replace(entries, msg.resumeToken, now());
      }
      else this.state.applyAll(entries, msg.resumeToken, now());
      this.connected = true;
      this.backoff = this.options.minBackoffMs ?? 100;
      for (const w of this.readyWaiters.splice(0)) w();
    });
    const retry = (): void => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.connected = false;
      if (this.stopped) return;
      this.timer = setTimeout(() => this.open(), this.backoff);
      this.timer.unref();
      this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 2000);
    };
    stream.on('error', retry);
    stream.on('end', retry);
  }
}
