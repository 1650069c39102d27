/** Names the client and server halves agree on. */

/**
 * Metadata key carrying the client's sampling decision, so the server records the same calls.
 * Not 'grpc-' prefixed: that prefix is reserved for gRPC itself.
 */
export const SAMPLED_HEADER = 'grpcaudit-sampled';

/**
 * Metadata key by which a side that records the payloads of the messages it sends announces it:
 * the client in the request headers, the server in the response headers. The value is the
 * sender's masking-policy token (see AuditRuntime.recordsToken); a receiver whose policy is the
 * same records those messages' events without payloads, marked as recorded by the peer.
 */
export const RECORDS_HEADER = 'grpcaudit-records';

/** Status details of a call refused because its audit record could not be kept. */
export const FAIL_CLOSED_MESSAGE = 'grpc-audit: the call was not made because its audit record cannot be kept (fail-closed)';
