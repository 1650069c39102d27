/**
 * Attribute and event names the interceptors emit. RPC names follow the OpenTelemetry RPC
 * semantic conventions as `@opentelemetry/instrumentation-grpc` emits them; our own additions
 * live under the `grpcaudit.` prefix (see ../shared/DESIGN.md "The record").
 * Every producer and consumer (interceptors, exporter, collector) imports names from here.
 */
export const ATTR_RPC_SYSTEM = 'rpc.system';
export const ATTR_RPC_SERVICE = 'rpc.service';
export const ATTR_RPC_METHOD = 'rpc.method';
export const ATTR_RPC_GRPC_STATUS_CODE = 'rpc.grpc.status_code';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_NETWORK_PEER_ADDRESS = 'network.peer.address';
export const ATTR_NETWORK_PEER_PORT = 'network.peer.port';

export const EVENT_RPC_MESSAGE = 'rpc.message';
export const ATTR_MESSAGE_TYPE = 'message.type'; // 'SENT' | 'RECEIVED'
export const ATTR_MESSAGE_ID = 'message.id'; // 1-based per direction
export const ATTR_MESSAGE_UNCOMPRESSED_SIZE = 'message.uncompressed_size';

export const PREFIX = 'grpcaudit.';
export const ATTR_RECORD_ID = 'grpcaudit.record.id';
export const ATTR_EMITTER_ID = 'grpcaudit.emitter.id';
export const ATTR_SEQ = 'grpcaudit.seq';
export const ATTR_POLICY_VERSION = 'grpcaudit.policy.version';
export const ATTR_PURPOSE = 'grpcaudit.purpose';
export const ATTR_LAWFUL_BASIS = 'grpcaudit.lawful_basis';
export const ATTR_RETENTION_CLASS = 'grpcaudit.retention_class';
export const ATTR_SUBJECT_REFS = 'grpcaudit.subject_refs';
export const ATTR_METADATA_PREFIX = 'grpcaudit.metadata.'; // + request/response + '.' + key
export const ATTR_MASKED_COUNT = 'grpcaudit.masked.count';
export const ATTR_TRUNCATED = 'grpcaudit.truncated';
export const ATTR_RECORD_LEVEL = 'grpcaudit.record.level'; // 'none' | 'metadata' | 'full'
export const ATTR_STATUS_MESSAGE = 'grpcaudit.status.message';
export const ATTR_STATUS_DETAILS = 'grpcaudit.status.details';
export const ATTR_CALL_TYPE = 'grpcaudit.call.type'; // 'unary' | 'client_stream' | 'server_stream' | 'bidi'
export const ATTR_CANCELLED = 'grpcaudit.cancelled';
export const ATTR_DEADLINE = 'grpcaudit.deadline';
export const ATTR_RECORDING_ERROR = 'grpcaudit.recording.error';
export const ATTR_SCHEMA = 'grpcaudit.schema'; // 'registry' | 'wire' (raw fallback)
export const ATTR_GAP_FROM = 'grpcaudit.gap.from';
export const ATTR_GAP_TO = 'grpcaudit.gap.to';
export const ATTR_GAP_COUNT = 'grpcaudit.gap.count';
/** Why the range is reported: see GapReason in interceptors/export/gap-reason.ts. */
export const ATTR_GAP_REASON = 'grpcaudit.gap.reason';

export const ATTR_PAYLOAD = 'grpcaudit.payload';
export const ATTR_PAYLOAD_TRUNCATED = 'grpcaudit.payload.truncated';
export const ATTR_PAYLOAD_ERROR = 'grpcaudit.payload.error'; // marker when decoding failed

/** Span name of an explicit loss report from an emitter (carries ATTR_GAP_*); stored as recordType 'gap'. */
export const SPAN_NAME_GAP = 'grpcaudit.gap';
