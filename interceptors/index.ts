/**
 * grpc-audit — the library half: gRPC interceptors that record every call as an OpenTelemetry
 * span with decoded, masked payloads. Curated exports by name; add lines, do not remove them.
 */

// Capture: the entry point.
export { createGrpcAudit, createClientInterceptor, createServerInterceptor } from './capture/grpc-audit';
export type { GrpcAudit } from './capture/grpc-audit';
export type { AuditStats } from './capture/audit-runtime';
export type { RecordGate } from './capture/record-gate';
export { UnsupportedClientError } from './capture/client-guard';
export { FAIL_CLOSED_MESSAGE } from './capture/protocol';
export { REDACTED_METADATA, isCredentialKey } from './capture/metadata-recorder';

// Configuration.
export { ConfigError } from './config/config-error';
export type { GrpcAuditOptions, MethodOptions, RecordLevel, AuditLogger } from './config/audit-options';

// Decode: schemas for payload rendering.
export { SchemaRegistry, SchemaError } from './decode';
export type { FileDescriptorSetInput } from './decode';

// Masking: the engine (default policy when none is given) and the seam.
export { createMasker, loadPolicyFile, FileKeyring, MemoryKeyring } from './mask';
export type { MaskPolicy, PolicyInput, Keyring } from './mask';
export { BasicMasker } from './mask/basic-masker';
export type { Masker, MaskScope } from './mask/masker';

// Delivery: the durable exporter (no record lost) — add it to your tracer provider.
export { DurableSpanProcessor, SpoolError, SpoolFullError, SpoolIoError } from './delivery';
export type { DeliveryStats, DurableExporterOptions, DeliveryLogger, Persistence, SpanSelector, FsyncPolicy, GapReason } from './delivery';
