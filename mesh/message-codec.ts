import * as zlib from 'node:zlib';

/**
 * Decompresses a message for recording only (the proxy relays the compressed bytes unchanged).
 * gRPC's standard encodings: identity, gzip, deflate. Output is capped so a compressed bomb
 * cannot make the recorder allocate more than the message size limit.
 */
export type Decompressor = (data: Buffer) => Buffer;

export class UnsupportedEncodingError extends Error {
  override readonly name = 'UnsupportedEncodingError';
}

export function decompressorFor(encoding: string | string[] | undefined, maxBytes: number): Decompressor {
  const name = typeof encoding === 'string' ? encoding.trim().toLowerCase() : 'identity';
  switch (name) {
    case 'identity':
    case '':
      return (data) => data;
    case 'gzip':
      return (data) => zlib.gunzipSync(data, { maxOutputLength: maxBytes });
    case 'deflate':
      return (data) => zlib.inflateSync(data, { maxOutputLength: maxBytes });
    default:
      return () => {
        throw new UnsupportedEncodingError(`grpc-encoding '${name}' is not supported for recording`);
      };
  }
}
