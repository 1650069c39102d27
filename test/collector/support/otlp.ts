import * as grpc from '@grpc/grpc-js';
import { decodeExportResponse, encodeExportRequest, EXPORT_PATH } from '../../../collector/ingest/otlp-codec';
import type { OtlpExportRequest, OtlpExportResponse, OtlpKeyValue, OtlpSpan } from '../../../collector/ingest/otlp-types';

/** Small builders for OTLP requests and a raw Export client (pass-through serialisers). */

export function kv(key: string, value: string | number | boolean | string[]): OtlpKeyValue {
  if (Array.isArray(value)) return { key, value: { arrayValue: { values: value.map((s) => ({ stringValue: s })) } } as never };
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  return Number.isInteger(value) ? { key, value: { intValue: String(value) } } : { key, value: { doubleValue: value } };
}

let counter = 0;
export function spanId(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(++counter, 4);
  b[0] = 0xab;
  return b;
}
export function traceId(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(++counter, 12);
  b[0] = 0xcd;
  return b;
}

export function span(opts: { name?: string; attrs?: OtlpKeyValue[]; rpc?: [string, string]; kind?: number; events?: OtlpSpan['events'] } = {}): OtlpSpan {
  const attrs = [...(opts.attrs ?? [])];
  if (opts.rpc) attrs.push(kv('rpc.system', 'grpc'), kv('rpc.service', opts.rpc[0]), kv('rpc.method', opts.rpc[1]), kv('rpc.grpc.status_code', 0));
  return {
    traceId: traceId(),
    spanId: spanId(),
    name: opts.name ?? (opts.rpc ? `${opts.rpc[0]}/${opts.rpc[1]}` : 'op'),
    kind: opts.kind ?? 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000005000000',
    attributes: attrs,
    events: opts.events,
    status: { code: 0 },
  };
}

export function request(groups: Array<{ service?: string; resourceAttrs?: OtlpKeyValue[]; spans: OtlpSpan[] }>): OtlpExportRequest {
  return {
    resourceSpans: groups.map((g) => ({
      resource: { attributes: [...(g.service !== undefined ? [kv('service.name', g.service)] : []), ...(g.resourceAttrs ?? [])] },
      scopeSpans: [{ scope: { name: 'test-scope', version: '1.0.0' }, spans: g.spans }],
    })),
  };
}

const RawClient = grpc.makeGenericClientConstructor(
  {
    Export: {
      path: EXPORT_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  'RawTraceService',
);

export interface ExportOutcome {
  err?: grpc.ServiceError;
  response?: OtlpExportResponse;
}

export class RawOtlpClient {
  private readonly client: grpc.Client;

  constructor(address: string, creds: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}) {
    this.client = new RawClient(address, creds, { 'grpc.max_send_message_length': -1, ...options });
  }

  exportBytes(bytes: Buffer): Promise<ExportOutcome> {
    return new Promise((resolve) => {
      (this.client as unknown as { Export: (b: Buffer, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Buffer) => void) => void }).Export(
        bytes,
        { deadline: Date.now() + 10_000 },
        (err, res) => resolve(err ? { err } : { response: decodeExportResponse(res!) }),
      );
    });
  }

  export(req: OtlpExportRequest): Promise<ExportOutcome> {
    return this.exportBytes(encodeExportRequest(req));
  }

  close(): void {
    this.client.close();
  }
}
