import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import type { OtlpExportRequest, OtlpExportResponse } from './otlp-types';
import { decodeExportRequestWire } from './otlp-wire-decode';

/**
 * Decoder for the OTLP trace service, built from our own schema subset in proto/opentelemetry.
 * The receiver registers Export with identity (de)serialisers for the request and decodes here,
 * so that bytes that are not an ExportTraceServiceRequest become INVALID_ARGUMENT with a clear
 * message instead of grpc-js's generic INTERNAL "error deserializing request".
 */
export const TRACE_SERVICE = 'opentelemetry.proto.collector.trace.v1.TraceService';
export const EXPORT_PATH = `/${TRACE_SERVICE}/Export`;
export const PROTO_ROOT = path.resolve(__dirname, '../../proto');
export const TRACE_SERVICE_PROTO = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';

let cached: { request: protobuf.Type; response: protobuf.Type } | undefined;

function types(): { request: protobuf.Type; response: protobuf.Type } {
  if (!cached) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_ROOT, target));
    root.loadSync(TRACE_SERVICE_PROTO, { keepCase: false });
    root.resolveAll();
    cached = {
      request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
      response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    };
  }
  return cached;
}

/**
 * Throws OtlpDecodeError when the bytes are not a valid encoding. The hand-written wire decoder
 * (otlp-wire-decode.ts), equal in output to the protobufjs path below and a few times cheaper.
 */
export function decodeExportRequest(bytes: Uint8Array): OtlpExportRequest {
  return decodeExportRequestWire(bytes);
}

/** The same decode through protobufjs (decode + toObject): the reference the wire decoder is tested against. */
export function decodeExportRequestWithProtobufjs(bytes: Uint8Array): OtlpExportRequest {
  const t = types().request;
  const msg = t.decode(bytes);
  return t.toObject(msg, { longs: String, enums: Number, bytes: Buffer, oneofs: true, defaults: false }) as OtlpExportRequest;
}

export function encodeExportRequest(req: OtlpExportRequest): Buffer {
  const t = types().request;
  return Buffer.from(t.encode(t.fromObject(req as Record<string, unknown>)).finish());
}

export function encodeExportResponse(res: OtlpExportResponse): Buffer {
  const t = types().response;
  return Buffer.from(t.encode(t.fromObject(res as Record<string, unknown>)).finish());
}

export function decodeExportResponse(bytes: Uint8Array): OtlpExportResponse {
  const t = types().response;
  return t.toObject(t.decode(bytes), { longs: String, defaults: false }) as OtlpExportResponse;
}
