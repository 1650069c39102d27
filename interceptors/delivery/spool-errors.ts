/** Why a record could not be put in the spool; the caller turns each into a counted, reported loss. */
export class SpoolError extends Error {
  constructor(message: string, readonly reason: 'spool_full' | 'spool_error' | 'spool_closed') {
    super(message);
    this.name = 'SpoolError';
  }
}

/** The configured size bound would be exceeded. */
export class SpoolFullError extends SpoolError {
  constructor(readonly maxBytes: number) {
    super(`spool is full (bound ${maxBytes} bytes)`, 'spool_full');
    this.name = 'SpoolFullError';
  }
}

/** The disk refused (ENOSPC, EACCES, EROFS, EIO, …) — `code` carries the errno name. */
export class SpoolIoError extends SpoolError {
  constructor(readonly code: string, message: string) {
    super(`spool write failed (${code}): ${message}`, 'spool_error');
    this.name = 'SpoolIoError';
  }
}
