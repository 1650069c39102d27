/**
 * Attributes a mesh recorder (sidecar or Envoy external processor) adds to the interceptors'
 * record. The record is emitted under the recorder's own workload identity (its mTLS
 * certificate at the collector); these say which application it recorded and who the other
 * party was.
 */

/** 'sidecar' | 'ext-proc': which mesh component made the record. */
export const ATTR_MESH_RECORDER = 'grpcaudit.mesh.recorder';
/** 'inbound' (the application is the server) | 'outbound' (the application is the client). */
export const ATTR_MESH_DIRECTION = 'grpcaudit.mesh.direction';
/** The recorded application's SPIFFE ID: the recorder's peer on the local leg. */
export const ATTR_PEER_IDENTITY = 'grpcaudit.peer.identity';
/** The SPIFFE ID of the other party (from its certificate on the remote leg), when it presented one. */
export const ATTR_REMOTE_IDENTITY = 'grpcaudit.remote.identity';
/** Why the proxy ended a call itself (see ProxyFault): the status the client got is the span's status. */
export const ATTR_PROXY_FAULT = 'grpcaudit.proxy.fault';

/**
 * A failure the proxy answered itself instead of relaying the upstream's answer:
 * - 'upstream-unavailable': no connection to the upstream (UNAVAILABLE)
 * - 'upstream-reset': the upstream reset the stream (the client gets the same reset)
 * - 'deadline': the call's grpc-timeout passed before the upstream answered (DEADLINE_EXCEEDED)
 * - 'message-too-large': a message over the size limit (RESOURCE_EXHAUSTED)
 * - 'malformed-frame': bytes that are not a gRPC message stream (INTERNAL)
 * - 'not-grpc': a request without a gRPC content-type (HTTP 415)
 */
export type ProxyFault = 'upstream-unavailable' | 'upstream-reset' | 'deadline' | 'message-too-large' | 'malformed-frame' | 'not-grpc';
