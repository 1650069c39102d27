import * as grpc from '@grpc/grpc-js';
import { context, createContextKey } from '@opentelemetry/api';
import { Reader } from 'protobufjs/minimal';

export const EXPORT_METHOD_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/**
 * The same context key as @opentelemetry/core's suppressTracing (createContextKey uses
 * Symbol.for), so instrumentations such as instrumentation-grpc do not trace our own export
 * calls — without depending on an SDK package.
 */
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

export type ExportOutcome =
  | { ok: true; rejectedSpans: number; errorMessage: string }
  | { ok: false; code: grpc.status; details: string; retryable: boolean };

/**
 * Codes worth retrying. The OTLP spec's retryable set (CANCELLED, DEADLINE_EXCEEDED, ABORTED,
 * OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, RESOURCE_EXHAUSTED) plus the ones a fix on the collector
 * side cures without the emitter changing anything — a certificate rotation or a policy reload
 * (UNAUTHENTICATED, PERMISSION_DENIED) and transport-level INTERNAL/UNKNOWN. Our records are
 * durable, so waiting costs disk, not data. Only a record the collector finds invalid is given up.
 */
const NON_RETRYABLE = new Set<grpc.status>([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.ALREADY_EXISTS,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.UNIMPLEMENTED,
]);

/**
 * A request over the collector's size limit fails the same way on every retry: grpc-js answers
 * RESOURCE_EXHAUSTED "Received message larger than max". Treated as non-retryable, so the batch
 * is halved until the oversized record stands alone (and is reported), instead of blocking the
 * spool forever.
 */
const TOO_LARGE = /larger than max/i;

export function isRetryable(code: grpc.status, details = ''): boolean {
  if (code === grpc.status.RESOURCE_EXHAUSTED && TOO_LARGE.test(details)) return false;
  return !NON_RETRYABLE.has(code);
}

export interface OtlpGrpcTransportOptions {
  /** 'host:port' of the collector. */
  address: string;
  /** mTLS: grpc.credentials.createSsl(ca, key, cert). Insecure only when explicitly passed. */
  credentials: grpc.ChannelCredentials;
  /** Per-request deadline. */
  timeoutMs: number;
  /** Cap of grpc-js' own reconnect backoff, so recovery after an outage is quick. */
  maxReconnectBackoffMs: number;
  channelOptions?: grpc.ChannelOptions;
}

const identity = (b: Buffer): Buffer => b;

/** OTLP/gRPC Export over a grpc-js generic client with pass-through (de)serialisers. */
export class OtlpGrpcTransport {
  private readonly client: grpc.Client;
  private closed = false;
  private readonly active = new Set<grpc.ClientUnaryCall>();

  constructor(private readonly options: OtlpGrpcTransportOptions) {
    this.client = new grpc.Client(options.address, options.credentials, {
      'grpc.initial_reconnect_backoff_ms': Math.min(100, options.maxReconnectBackoffMs),
      'grpc.max_reconnect_backoff_ms': options.maxReconnectBackoffMs,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      ...options.channelOptions,
    });
  }

  /** Sends one ExportTraceServiceRequest (already encoded); never rejects. */
  export(request: Buffer): Promise<ExportOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, code: grpc.status.UNAVAILABLE, details: 'transport closed', retryable: true });
    return new Promise((resolve) => {
      const deadline = new Date(Date.now() + this.options.timeoutMs);
      context.with(context.active().setValue(SUPPRESS_TRACING_KEY, true), () => {
        const call = this.client.makeUnaryRequest<Buffer, Buffer>(EXPORT_METHOD_PATH, identity, identity, request, new grpc.Metadata(), { deadline }, (err, response) => {
          this.active.delete(call);
          if (err) {
            const code = err.code ?? grpc.status.UNKNOWN;
            const details = err.details ?? err.message;
            resolve({ ok: false, code, details, retryable: isRetryable(code, details) });
            return;
          }
          try {
            resolve({ ok: true, ...decodePartialSuccess(response ?? Buffer.alloc(0)) });
          } catch (e) {
            // An OK answer we cannot read: the records were accepted; say so and move on.
            resolve({ ok: true, rejectedSpans: 0, errorMessage: `unreadable export response: ${(e as Error).message}` });
          }
        });
        this.active.add(call);
      });
    });
  }

  /** Cancels in-flight exports (their callers see CANCELLED and keep the records) and closes the channel. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.active) call.cancel();
    this.client.close();
  }
}

/** ExportTraceServiceResponse { partial_success = 1 { int64 rejected_spans = 1; string error_message = 2 } }. */
export function decodePartialSuccess(bytes: Uint8Array): { rejectedSpans: number; errorMessage: string } {
  const out = { rejectedSpans: 0, errorMessage: '' };
  const r = Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) {
        const t = r.uint32();
        if (t >>> 3 === 1 && (t & 7) === 0) out.rejectedSpans = Number(r.int64().toString());
        else if (t >>> 3 === 2 && (t & 7) === 2) out.errorMessage = r.string();
        else r.skipType(t & 7);
      }
    } else r.skipType(tag & 7);
  }
  return out;
}
