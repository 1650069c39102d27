/**
 * Reassembles gRPC length-prefixed messages (1 byte compressed flag, 4 bytes big-endian length,
 * then the message) from a byte stream cut at arbitrary points — HTTP/2 DATA frames in the
 * sidecar, body chunks in the Envoy external processor. Bytes are never copied while a message
 * lies inside one chunk; only a message split across chunks is gathered into a new buffer.
 */

export const GRPC_FRAME_HEADER_BYTES = 5;

/** One message as it travelled: `compressed` is the flag byte, `data` the (possibly compressed) bytes. */
export interface GrpcFrame {
  compressed: boolean;
  data: Buffer;
}

/** Why a byte stream is not a valid sequence of gRPC messages. */
export type FrameErrorKind = 'bad-flag' | 'too-large' | 'truncated';

export class GrpcFrameError extends Error {
  override readonly name = 'GrpcFrameError';
  constructor(
    readonly kind: FrameErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export class GrpcFrameReader {
  private readonly header = Buffer.alloc(GRPC_FRAME_HEADER_BYTES);
  private headerFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;
  private flag = 0;
  private failed: GrpcFrameError | undefined;
  /** Messages completed so far. */
  count = 0;

  /** `maxMessageBytes`: a declared length above it is an error ('too-large') before any of it is buffered. */
  constructor(private readonly maxMessageBytes: number = 4 * 1024 * 1024) {}

  /** The error that stopped the reader, if any: after it, push() ignores input. */
  get error(): GrpcFrameError | undefined {
    return this.failed;
  }

  /** Bytes of an unfinished message held now (header included). */
  get pending(): number {
    return this.headerFill + this.bodyFill;
  }

  /**
   * Feeds the next chunk; calls `onFrame` for every message it completes, in order. Returns the
   * error that stopped the reader (also kept in `error`), or undefined.
   */
  push(chunk: Uint8Array, onFrame: (frame: GrpcFrame) => void): GrpcFrameError | undefined {
    if (this.failed) return this.failed;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    const n = buf.length;
    while (i < n) {
      if (this.body === undefined) {
        // Fast path: a whole header at hand and no partial one held.
        if (this.headerFill === 0 && n - i >= GRPC_FRAME_HEADER_BYTES) {
          this.flag = buf[i];
          const len = buf.readUInt32BE(i + 1);
          i += GRPC_FRAME_HEADER_BYTES;
          if (!this.begin(len)) return this.failed;
          if (len === 0) {
            this.emit(Buffer.alloc(0), onFrame);
            continue;
          }
          if (n - i >= len) {
            this.body = undefined;
            this.emit(buf.subarray(i, i + len), onFrame);
            i += len;
            continue;
          }
          this.body = Buffer.allocUnsafe(len);
          this.bodyFill = 0;
          continue;
        }
        const take = Math.min(GRPC_FRAME_HEADER_BYTES - this.headerFill, n - i);
        buf.copy(this.header, this.headerFill, i, i + take);
        this.headerFill += take;
        i += take;
        if (this.headerFill < GRPC_FRAME_HEADER_BYTES) break;
        this.headerFill = 0;
        this.flag = this.header[0];
        const len = this.header.readUInt32BE(1);
        if (!this.begin(len)) return this.failed;
        if (len === 0) {
          this.emit(Buffer.alloc(0), onFrame);
          continue;
        }
        this.body = Buffer.allocUnsafe(len);
        this.bodyFill = 0;
        continue;
      }
      const body = this.body;
      const take = Math.min(body.length - this.bodyFill, n - i);
      buf.copy(body, this.bodyFill, i, i + take);
      this.bodyFill += take;
      i += take;
      if (this.bodyFill === body.length) {
        this.body = undefined;
        this.bodyFill = 0;
        this.emit(body, onFrame);
      }
    }
    return undefined;
  }

  /** The stream ended: an unfinished message is an error ('truncated'). */
  end(): GrpcFrameError | undefined {
    if (this.failed) return this.failed;
    if (this.headerFill > 0 || this.body !== undefined) {
      const have = this.headerFill > 0 ? `${this.headerFill} of ${GRPC_FRAME_HEADER_BYTES} header bytes` : `${this.bodyFill} of ${this.body!.length} message bytes`;
      this.failed = new GrpcFrameError('truncated', `stream ended inside message ${this.count + 1}: ${have}`);
    }
    return this.failed;
  }

  private begin(len: number): boolean {
    if (this.flag > 1) {
      this.failed = new GrpcFrameError('bad-flag', `message ${this.count + 1} has compressed-flag byte ${this.flag} (expected 0 or 1)`);
      return false;
    }
    if (len > this.maxMessageBytes) {
      this.failed = new GrpcFrameError('too-large', `message ${this.count + 1} declares ${len} bytes, more than the limit of ${this.maxMessageBytes}`);
      return false;
    }
    return true;
  }

  private emit(data: Buffer, onFrame: (frame: GrpcFrame) => void): void {
    this.count++;
    onFrame({ compressed: this.flag === 1, data });
  }
}
