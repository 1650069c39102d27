import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { decodeExportResponse, EXPORT_PATH } from '../ingest/otlp-codec';
import type { ForwardExporterConfig } from './forward-config';
import type { OtlpSender, SendOutcome } from './otlp-sender';

/** Status codes OTLP/gRPC says a client may retry (opentelemetry-proto, otlp.md "Failures"). */
const RETRYABLE = new Set<grpc.status>([
  grpc.status.CANCELLED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

const passThrough = (b: Buffer): Buffer => b;

/** OTLP/gRPC TraceService/Export with pre-encoded requests (no re-serialisation). */
export class GrpcOtlpSender implements OtlpSender {
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;
  private closed = false;

  constructor(private readonly config: ForwardExporterConfig) {
    const tls = config.tls;
    const read = (f: string | undefined): Buffer | null => (f ? fs.readFileSync(f) : null);
    const creds = tls.insecure ? grpc.credentials.createInsecure() : grpc.credentials.createSsl(read(tls.caFile), read(tls.keyFile), read(tls.certFile));
    this.client = new grpc.Client(config.endpoint, creds);
    this.metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(config.headers)) this.metadata.set(k, v);
  }

  send(request: Buffer): Promise<SendOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, retryable: false, reason: 'sender closed' });
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        EXPORT_PATH,
        passThrough,
        passThrough,
        request,
        this.metadata.clone(),
        { deadline: Date.now() + this.config.timeoutMs },
        (err: grpc.ServiceError | null, response?: Buffer) => {
          if (err) {
            resolve({ ok: false, retryable: RETRYABLE.has(err.code), reason: `grpc status ${grpc.status[err.code] ?? err.code}` });
            return;
          }
          let rejected = 0;
          try {
            rejected = Number(decodeExportResponse(response ?? Buffer.alloc(0)).partialSuccess?.rejectedSpans ?? 0);
          } catch {
            // An unreadable response to a successful call: the spans were taken.
          }
          resolve({ ok: true, rejectedSpans: rejected });
        },
      );
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
  }
}
