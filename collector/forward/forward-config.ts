import { z } from 'zod';

/**
 * `forward:` in the collector configuration: OTLP backends (Jaeger, Tempo, another collector…)
 * that receive a copy of every record once it is durably stored. The ledger stays the system of
 * record: forwarding never delays or fails ingest, and what a backend missed is counted.
 */

const positiveInt = z.number().int('must be an integer').positive('must be > 0');
/** gRPC metadata and HTTP header names alike: lowercase tokens (no pseudo-headers, no `-bin`). */
const headerName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'header names must be lowercase letters, digits, "-", "_" or "."')
  .refine((k) => !k.endsWith('-bin'), 'binary (-bin) headers are not supported')
  .refine((k) => !['content-type', 'content-length', 'host', 'te', 'connection', 'user-agent'].includes(k), 'is set by the exporter itself');

const exporterSchema = z
  .object({
    /** Names the backend in metrics and logs. */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1..40 letters, digits, "-" or "_"'),
    /** OTLP over gRPC (TraceService/Export) or OTLP/HTTP with protobuf bodies. */
    protocol: z.enum(['grpc', 'http/protobuf']),
    /**
     * grpc: `host:port`. http/protobuf: `http(s)://host:port[/path]`; the path defaults to
     * `/v1/traces`, the OTLP/HTTP traces path.
     */
    endpoint: z.string().min(1, 'is required'),
    /** Sent with every export (API keys, tenant ids). Values are secrets: never logged. */
    headers: z.record(headerName, z.string()).default({}),
    tls: z
      .object({
        /** grpc only: plaintext. For http/protobuf the URL scheme decides (http:// or https://). */
        insecure: z.boolean().default(false),
        /** PEM CA bundle trusted for the backend's certificate (default: the system roots). */
        caFile: z.string().min(1, 'must be a file path').optional(),
        /** PEM client certificate and key, for backends that want mTLS (both or neither). */
        certFile: z.string().min(1, 'must be a file path').optional(),
        keyFile: z.string().min(1, 'must be a file path').optional(),
      })
      .strict()
      .default({}),
    /** Longest one export may take before it counts as failed (and is retried). */
    timeoutMs: positiveInt.default(10_000),
    queue: z
      .object({
        /**
         * Records waiting for this backend. When full, the oldest waiting records are dropped
         * (counted in grpcaudit_collector_forward_dropped_total{reason="queue_full"}); they stay
         * in the ledger.
         */
        maxRecords: positiveInt.default(20_000),
        /** Records per export request. */
        maxBatchRecords: positiveInt.default(512),
      })
      .strict()
      .default({}),
    retry: z
      .object({
        /** First wait after a retryable failure; doubled per failure (with jitter) up to maxBackoffMs. */
        initialBackoffMs: positiveInt.default(500),
        maxBackoffMs: positiveInt.default(30_000),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((e, ctx) => {
    const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if ((e.tls.certFile === undefined) !== (e.tls.keyFile === undefined)) issue(['tls', e.tls.certFile ? 'keyFile' : 'certFile'], 'certFile and keyFile go together');
    if (e.retry.maxBackoffMs < e.retry.initialBackoffMs) issue(['retry', 'maxBackoffMs'], 'must be >= retry.initialBackoffMs');
    if (e.queue.maxBatchRecords > e.queue.maxRecords) issue(['queue', 'maxBatchRecords'], 'must be <= queue.maxRecords');
    if (e.protocol === 'grpc') {
      if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(e.endpoint)) issue(['endpoint'], 'must be host:port for grpc, e.g. tempo:4317');
      if (e.tls.insecure && (e.tls.caFile || e.tls.certFile)) issue(['tls', 'insecure'], 'conflicts with tls.caFile/certFile');
    } else {
      let url: URL | undefined;
      try {
        url = new URL(e.endpoint);
      } catch {
        issue(['endpoint'], 'must be an http:// or https:// URL for http/protobuf, e.g. https://tempo:4318/v1/traces');
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') issue(['endpoint'], 'must be an http:// or https:// URL');
      if (url.username || url.password) issue(['endpoint'], 'must not carry credentials; use headers');
      if (url.protocol === 'http:' && (e.tls.caFile || e.tls.certFile)) issue(['tls'], 'tls files need an https:// endpoint');
      if (e.tls.insecure) issue(['tls', 'insecure'], 'is for grpc; use an http:// endpoint for plaintext');
    }
  });

export const forwardConfigSchema = z
  .object({
    exporters: z.array(exporterSchema).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.exporters.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['exporters', i, 'name'], message: `"${e.name}" is used twice` });
      seen.add(e.name);
    });
  });

export type ForwardConfig = z.output<typeof forwardConfigSchema>;
export type ForwardExporterConfig = ForwardConfig['exporters'][number];
