/** Public surface of delivery: the durable exporter (a SpanProcessor + RecordGate) and its vocabulary. */
export { DurableSpanProcessor, type DeliveryStats } from './durable-span-processor';
export type { DurableExporterOptions, DeliveryLogger, Persistence, SpanSelector } from './delivery-options';
export type { FsyncPolicy } from './disk-spool';
export type { GapReason } from './gap-reason';
export type { ReadableSpanLike, SpanProcessorLike } from './readable-span';
export { SpoolError, SpoolFullError, SpoolIoError } from './spool-errors';
export { EXPORT_METHOD_PATH } from './otlp-grpc-transport';
