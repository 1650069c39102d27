import type { ReadableSpanLike } from './readable-span';

/**
 * OpenTelemetry's ExportResultCode, by value (SUCCESS = 0, FAILED = 1), so that results we hand
 * to an SDK processor are the SDK's own — without depending on @opentelemetry/core.
 */
export const ExportResultCode = { SUCCESS: 0, FAILED: 1 } as const;
export type ExportResultCode = (typeof ExportResultCode)[keyof typeof ExportResultCode];

/** The SDK's ExportResult, structurally. */
export interface ExportResult {
  code: ExportResultCode;
  error?: Error;
}

/**
 * The SDK's SpanExporter contract, structurally (like SpanProcessorLike): an exporter that an
 * application can put behind any span processor of its own (BatchSpanProcessor, …).
 */
export interface SpanExporterLike {
  /** Exports the spans; calls `resultCallback` exactly once. Never throws. */
  export(spans: ReadableSpanLike[], resultCallback: (result: ExportResult) => void): void;
  /** Stops the exporter: in-flight exports end (a failure result), later ones fail at once. Idempotent. */
  shutdown(): Promise<void>;
  /** Resolves when exports already started have answered. */
  forceFlush?(): Promise<void>;
}
