/**
 * A schema source could not be loaded: a missing .proto file, an unresolvable type, malformed
 * descriptor bytes or a malformed grpc-audit annotation. Thrown at registration time (a
 * configuration error), never on the hot path; the message names the source and the reason.
 */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}
