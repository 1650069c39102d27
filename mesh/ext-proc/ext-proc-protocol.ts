import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { OWN_PROTO_DIR } from '../../interceptors/decode';

/**
 * The Envoy external processing protocol, from the vendored protos (proto/envoy/), loaded once.
 * Messages are read and written as plain objects with the proto field names (snake_case), bytes
 * as Buffers — no proto-loader `toObject` pass on the hot path.
 */
export const PROCESS_PATH = '/envoy.service.ext_proc.v3.ExternalProcessor/Process';

function load(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    const own = path.join(OWN_PROTO_DIR, target);
    return fs.existsSync(own) ? own : target; // google/protobuf/* from protobufjs's bundled copies
  };
  root.loadSync('envoy/service/ext_proc/v3/external_processor.proto', { keepCase: true });
  root.loadSync('envoy/extensions/filters/http/ext_proc/v3/ext_proc.proto', { keepCase: true });
  root.resolveAll();
  return root;
}

export const envoyRoot = load();
export const ProcessingRequestType = envoyRoot.lookupType('envoy.service.ext_proc.v3.ProcessingRequest');
export const ProcessingResponseType = envoyRoot.lookupType('envoy.service.ext_proc.v3.ProcessingResponse');

export interface HeaderValue {
  key: string;
  value?: string;
  raw_value?: Uint8Array;
}
export interface HeaderMap {
  headers?: HeaderValue[];
}
export interface HttpHeaders {
  headers?: HeaderMap;
  end_of_stream?: boolean;
}
export interface HttpBody {
  body?: Uint8Array;
  end_of_stream?: boolean;
}
export interface HttpTrailers {
  trailers?: HeaderMap;
}
export interface StructValue {
  // protobufjs bundles google/protobuf/struct.proto with camelCase field names.
  fields?: Record<string, { stringValue?: string; numberValue?: number; boolValue?: boolean }>;
}

export interface ProcessingRequest {
  request_headers?: HttpHeaders;
  response_headers?: HttpHeaders;
  request_body?: HttpBody;
  response_body?: HttpBody;
  request_trailers?: HttpTrailers;
  response_trailers?: HttpTrailers;
  attributes?: Record<string, StructValue>;
  observability_mode?: boolean;
}

/** The one kind of answer we give besides a fail-closed refusal: CONTINUE, nothing changed. */
export type ProcessingResponse = Record<string, unknown>;

export function decodeProcessingRequest(bytes: Buffer): ProcessingRequest {
  return ProcessingRequestType.decode(bytes) as unknown as ProcessingRequest;
}

export function encodeProcessingResponse(value: ProcessingResponse): Buffer {
  return Buffer.from(ProcessingResponseType.encode(ProcessingResponseType.fromObject(value)).finish());
}

export function encodeProcessingRequest(value: Record<string, unknown>): Buffer {
  return Buffer.from(ProcessingRequestType.encode(ProcessingRequestType.fromObject(value)).finish());
}

export function decodeProcessingResponse(bytes: Buffer): Record<string, unknown> {
  return ProcessingResponseType.toObject(ProcessingResponseType.decode(bytes), { enums: String, defaults: false }) as Record<string, unknown>;
}

/** Pre-encoded CONTINUE answers, one per request kind: the hot path writes these bytes as they are. */
export const CONTINUE = {
  request_headers: encodeProcessingResponse({ request_headers: { response: {} } }),
  response_headers: encodeProcessingResponse({ response_headers: { response: {} } }),
  request_body: encodeProcessingResponse({ request_body: { response: {} } }),
  response_body: encodeProcessingResponse({ response_body: { response: {} } }),
  request_trailers: encodeProcessingResponse({ request_trailers: {} }),
  response_trailers: encodeProcessingResponse({ response_trailers: {} }),
} as const;
