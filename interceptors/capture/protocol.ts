/** Names the client and server halves agree on. */

/**
 * Metadata key carrying the client's sampling decision, so the server records the same calls.
 * Not 'grpc-' prefixed: that prefix is reserved for gRPC itself.
 */
export const SAMPLED_HEADER = 'grpcaudit-sampled';

/** Status details of a call refused because its audit record could not be kept. */
export const FAIL_CLOSED_MESSAGE = 'grpc-audit: the call was not made because its audit record cannot be kept (fail-closed)';
