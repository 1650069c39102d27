import * as grpc from '@grpc/grpc-js';
import { decodeProcessingResponse, encodeProcessingRequest, PROCESS_PATH } from '../../../mesh/ext-proc/ext-proc-protocol';

const identity = (b: Buffer): Buffer => b;

/** A HeaderMap as current Envoy sends it: lower-case keys, values in raw_value. */
export function headerMap(headers: Record<string, string>): { headers: Array<{ key: string; raw_value: Buffer }> } {
  return { headers: Object.entries(headers).map(([key, value]) => ({ key, raw_value: Buffer.from(value, 'latin1') })) };
}

/** One ext_proc stream driven the way Envoy drives it: send a ProcessingRequest, wait for its answer (unless observability mode). */
export class EnvoyReplay {
  private readonly call: grpc.ClientDuplexStream<Buffer, Buffer>;
  private readonly answers: Array<Record<string, unknown>> = [];
  private waiting: Array<(answer: Record<string, unknown> | undefined) => void> = [];
  private closed = false;
  readonly ended: Promise<void>;

  constructor(client: grpc.Client) {
    this.call = client.makeBidiStreamRequest(PROCESS_PATH, identity, identity);
    this.call.on('data', (b: Buffer) => {
      const answer = decodeProcessingResponse(b);
      const w = this.waiting.shift();
      if (w) w(answer);
      else this.answers.push(answer);
    });
    this.ended = new Promise((resolve) => {
      const done = (): void => {
        this.closed = true;
        for (const w of this.waiting.splice(0)) w(undefined);
        resolve();
      };
      this.call.on('end', done);
      this.call.on('error', done);
    });
  }

  /** Sends one request; resolves with the processor's answer (undefined if the stream closed first). */
  ask(request: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    this.call.write(encodeProcessingRequest(request));
    const queued = this.answers.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends without waiting (observability mode: the processor must not answer). */
  tell(request: Record<string, unknown>): void {
    this.call.write(encodeProcessingRequest({ ...request, observability_mode: true }));
  }

  /** Envoy closes its side when the HTTP stream is done (or reset). */
  async close(): Promise<void> {
    this.call.end();
    await this.ended;
  }

  /** Answers that arrived without being asked for (must stay empty in observability mode). */
  get unsolicited(): Array<Record<string, unknown>> {
    return this.answers;
  }
}

export function frame(message: Uint8Array, compressed = false): Buffer {
  const h = Buffer.alloc(5);
  h[0] = compressed ? 1 : 0;
  h.writeUInt32BE(message.length, 1);
  return Buffer.concat([h, message]);
}

/** `bytes` cut at the given points (each taken modulo the length; duplicates and 0 collapse). */
export function split(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].filter((p) => p > 0 && p < bytes.length).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}
