/** A record in an append batch breaks the AuditRecord contract; nothing of the batch was stored. */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  constructor(
    /** Position of the record in the batch. */
    readonly batchIndex: number,
    /** AuditRecord field at fault. */
    readonly field: string,
    reason: string,
  ) {
    super(`record ${batchIndex}: ${field} ${reason}`);
  }
}

/** The store cannot be used as asked (closed, schema newer than this build, missing file…). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

export class StoreClosedError extends StoreError {
  constructor() {
    super('record store is closed');
  }
}
