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
/** Why the range is reported: see GapReason in interceptors/delivery/gap-reason.ts. */
export const ATTR_GAP_REASON = 'grpcaudit.gap.reason';
/** Why, in words: for 'rejected', the collector's status code and message (`INVALID_ARGUMENT: …`). */
export const ATTR_GAP_DETAIL = 'grpcaudit.gap.detail';

export const ATTR_PAYLOAD = 'grpcaudit.payload';
export const ATTR_PAYLOAD_TRUNCATED = 'grpcaudit.payload.truncated';
export const ATTR_PAYLOAD_ERROR = 'grpcaudit.payload.error'; // marker when decoding failed
/**
 * On a RECEIVED message event without a payload: 'peer' — the sender is instrumented with the
 * same masking policy and records this message's payload in its own span (same trace, the call's
 * other side). See docs/interceptors.md "Each payload recorded once".
 */
export const ATTR_PAYLOAD_RECORDED_BY = 'grpcaudit.payload.recorded_by';
/** On the call span: how many RECEIVED messages the peer records (their events carry ATTR_PAYLOAD_RECORDED_BY). */
export const ATTR_MESSAGES_PEER_RECORDED = 'grpcaudit.messages.peer_recorded';

/** Span name of an explicit loss report from an emitter (carries ATTR_GAP_*); stored as recordType 'gap'. */
export const SPAN_NAME_GAP = 'grpcaudit.gap';

/**
 * Long streams: the call span keeps at most `messageEventsPerSpan` `rpc.message` events; further
 * messages go, in batches of that size, into continuation spans (name SPAN_NAME_CONTINUATION,
 * kind INTERNAL, children of the call span; stored as recordType 'continuation'). See
 * docs/interceptors.md "Long streams".
 */
export const SPAN_NAME_CONTINUATION = 'grpcaudit.continuation';
/** On a continuation: span id (16 hex) of the call span it continues (same trace id). */
export const ATTR_CONTINUATION_OF = 'grpcaudit.continuation.of';
/** On a continuation: 1-based number of this continuation within its call. */
export const ATTR_CONTINUATION_INDEX = 'grpcaudit.continuation.index';
/** On a continuation: call-wide ordinal (1-based, both directions, in recording order) of its first / last message event. */
export const ATTR_CONTINUATION_FIRST = 'grpcaudit.continuation.first';
export const ATTR_CONTINUATION_LAST = 'grpcaudit.continuation.last';
/** On the call span at its end: how many continuation records the call has. */
export const ATTR_CONTINUATION_COUNT = 'grpcaudit.continuation.count';
/** On the call span at its end: messages this side sent / received (the highest `message.id` of each direction). */
export const ATTR_MESSAGES_SENT = 'grpcaudit.messages.sent';
export const ATTR_MESSAGES_RECEIVED = 'grpcaudit.messages.received';
/**
 * Message events known to be missing: on a span (call or continuation), those the tracer dropped
 * from it (its event limit: the oldest of the span); on the call span at its end, the call's total.
 */
export const ATTR_MESSAGES_DROPPED = 'grpcaudit.messages.dropped';
/** On an `rpc.message` event: the message could not be recorded (stage and error class, never a value); no payload. */
export const ATTR_MESSAGE_ERROR = 'grpcaudit.message.error';
