import { randomFillSync } from 'node:crypto';

/**
 * Random 128-bit record ids (32 hex chars), drawn from a pre-filled pool so the hot path does not
 * make one getrandom call per record.
 */
export class RecordIdSource {
  private pool = Buffer.allocUnsafe(16 * 256);
  private pos = this.pool.length;

  next(): string {
    if (this.pos === this.pool.length) {
      randomFillSync(this.pool);
      this.pos = 0;
    }
    const id = this.pool.toString('hex', this.pos, this.pos + 16);
    this.pos += 16;
    return id;
  }
}
