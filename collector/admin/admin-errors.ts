import { status } from '@grpc/grpc-js';

/** A refusal of an admin request with its gRPC status (bad input, missing keyring, …). */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): AdminError => new AdminError(status.INVALID_ARGUMENT, message);
export const precondition = (message: string): AdminError => new AdminError(status.FAILED_PRECONDITION, message);
