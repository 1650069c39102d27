/**
 * Public surface of delivery, shaped like OpenTelemetry's: an exporter (OtlpAuditExporter — the
 * collector's transport, retry classification and partial success; a SpanExporter an application
 * can put behind a processor of its own), a spool, and the processor composing them
 * (DurableSpanProcessor — also the RecordGate of fail-closed calls).
 */
export { DurableSpanProcessor } from './durable-span-processor';
export type { DeliveryStats } from './delivery-stats';
export { OtlpAuditExporter, type OtlpAuditExporterOptions } from './otlp-audit-exporter';
export { ExportResultCode, type ExportResult, type SpanExporterLike } from './span-exporter';
export type { DurableExporterOptions, DurableSpanProcessorOptions, SpoolConfig, DeliveryTuning, DeliveryLogger, Persistence, SpanSelector } from './delivery-options';
export type { FsyncPolicy } from './disk-spool';
export type { GapReason } from './gap-reason';
export type { ReadableSpanLike, SpanProcessorLike } from './readable-span';
export { SpoolError, SpoolFullError, SpoolIoError } from './spool-errors';
export { EXPORT_METHOD_PATH } from './otlp-grpc-transport';
