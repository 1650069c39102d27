import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { decodeExportResponse } from '../ingest/otlp-codec';
import type { ForwardExporterConfig } from './forward-config';
import type { OtlpSender, SendOutcome } from './otlp-sender';

/** OTLP/HTTP: these statuses may be retried (otlp.md "Retryable Response Codes"). */
const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);
/** Bytes of a response body read at most (a partial-success message, or an error text). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const DEFAULT_PATH = '/v1/traces';

/** OTLP/HTTP with binary protobuf bodies (`Content-Type: application/x-protobuf`), keep-alive. */
export class HttpOtlpSender implements OtlpSender {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;
  private readonly request: typeof http.request;
  private closed = false;

  constructor(private readonly config: ForwardExporterConfig) {
    this.url = new URL(config.endpoint);
    if (this.url.pathname === '' || this.url.pathname === '/') this.url.pathname = DEFAULT_PATH;
    const secure = this.url.protocol === 'https:';
    const tls = config.tls;
    this.agent = secure
      ? new https.Agent({
          keepAlive: true,
          ca: tls.caFile ? fs.readFileSync(tls.caFile) : undefined,
          cert: tls.certFile ? fs.readFileSync(tls.certFile) : undefined,
          key: tls.keyFile ? fs.readFileSync(tls.keyFile) : undefined,
        })
      : new http.Agent({ keepAlive: true });
    this.request = secure ? https.request : http.request;
    this.headers = { ...config.headers, 'content-type': 'application/x-protobuf' };
  }

  send(body: Buffer): Promise<SendOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, retryable: false, reason: 'sender closed' });
    return new Promise((resolve) => {
      let done = false;
      const finish = (o: SendOutcome): void => {
        if (done) return;
        done = true;
        resolve(o);
      };
      const req = this.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'content-length': String(body.length) }, timeout: this.config.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(c);
            size += c.length;
          });
          res.on('error', () => finish({ ok: false, retryable: true, reason: 'response interrupted' }));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              let rejected = 0;
              try {
                rejected = Number(decodeExportResponse(Buffer.concat(chunks)).partialSuccess?.rejectedSpans ?? 0);
              } catch {
                // Not a protobuf response (some backends answer with nothing or JSON): taken.
              }
              finish({ ok: true, rejectedSpans: rejected });
              return;
            }
            finish({ ok: false, retryable: RETRYABLE_HTTP.has(status), reason: `http status ${status}`, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, retryable: true, reason: err.message === 'timeout' ? 'timeout' : `connection failed (${err.code ?? 'error'})` }));
      req.end(body);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.agent.destroy();
  }
}

/** `Retry-After` in seconds (the HTTP-date form is ignored: the backoff applies). */
function retryAfterMs(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || !/^\d{1,6}$/.test(s.trim())) return undefined;
  return Number(s) * 1000;
}
