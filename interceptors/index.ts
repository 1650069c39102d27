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
/** Directory of the .proto files shipped with the package (`grpcaudit/v1/annotations.proto`): add it to your include path. */
export { OWN_PROTO_DIR as PROTO_DIR } from './decode';
export type { FileDescriptorSetInput } from './decode';

// Masking: the engine (default policy when none is given) and the seam.
export { createMasker, loadPolicyFile, FileKeyring, MemoryKeyring } from './mask';
export type { MaskPolicy, PolicyInput, MaskerOptions, Keyring, KeyMaterial } from './mask';
// (BasicMasker stays internal: it keeps payload fields unmasked — a bench/test baseline, not a masker to ship.)
// What implementing Masker takes: the interface and every type in its signatures.
export { DROP, newMaskScope } from './mask/masker';
export type { Masker, MaskScope, FieldSite, FieldKind, FieldAnnotation, MethodAnnotation, TextSite, ValueMasker, Drop } from './mask/masker';

// Delivery: the durable exporter (no record lost) — add it to your tracer provider.
export { DurableSpanProcessor, OtlpAuditExporter, ExportResultCode, SpoolError, SpoolFullError, SpoolIoError } from './delivery';
export type {
  DeliveryStats,
  DurableExporterOptions,
  DurableSpanProcessorOptions,
  OtlpAuditExporterOptions,
  SpoolConfig,
  DeliveryTuning,
  DeliveryLogger,
  Persistence,
  SpanSelector,
  FsyncPolicy,
  GapReason,
  ExportResult,
  SpanExporterLike,
  ReadableSpanLike,
  SpanProcessorLike,
} from './delivery';
