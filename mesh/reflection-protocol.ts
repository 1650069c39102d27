import * as protobuf from 'protobufjs';

/**
 * The messages of gRPC server reflection (grpc/reflection/v1/reflection.proto; v1alpha has the
 * same fields under another package), trimmed to what a schema fetch uses. Field numbers are
 * the published ones.
 */
export const REFLECTION_PATHS = {
  v1: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  v1alpha: '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
} as const;
export type ReflectionVersion = keyof typeof REFLECTION_PATHS;

const root = protobuf.Root.fromJSON({
  nested: {
    ServerReflectionRequest: {
      oneofs: { message_request: { oneof: ['file_by_filename', 'file_containing_symbol', 'list_services'] } },
      fields: {
        host: { type: 'string', id: 1 },
        file_by_filename: { type: 'string', id: 3 },
        file_containing_symbol: { type: 'string', id: 4 },
        list_services: { type: 'string', id: 7 },
      },
    },
    ServerReflectionResponse: {
      fields: {
        valid_host: { type: 'string', id: 1 },
        file_descriptor_response: { type: 'FileDescriptorResponse', id: 4 },
        list_services_response: { type: 'ListServiceResponse', id: 6 },
        error_response: { type: 'ErrorResponse', id: 7 },
      },
    },
    FileDescriptorResponse: { fields: { file_descriptor_proto: { rule: 'repeated', type: 'bytes', id: 1 } } },
    ListServiceResponse: { fields: { service: { rule: 'repeated', type: 'ServiceResponse', id: 1 } } },
    ServiceResponse: { fields: { name: { type: 'string', id: 1 } } },
    ErrorResponse: { fields: { error_code: { type: 'int32', id: 1 }, error_message: { type: 'string', id: 2 } } },
  },
});

export const ReflectionRequest = root.lookupType('ServerReflectionRequest');
export const ReflectionResponse = root.lookupType('ServerReflectionResponse');

export interface ReflectionRequestValue {
  host?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  list_services?: string;
}

export interface ReflectionResponseValue {
  file_descriptor_response?: { file_descriptor_proto?: Uint8Array[] };
  list_services_response?: { service?: Array<{ name?: string }> };
  error_response?: { error_code?: number; error_message?: string };
}

export function encodeReflectionRequest(value: ReflectionRequestValue): Buffer {
  return Buffer.from(ReflectionRequest.encode(ReflectionRequest.fromObject(value)).finish());
}

export function decodeReflectionResponse(bytes: Buffer): ReflectionResponseValue {
  return ReflectionResponse.toObject(ReflectionResponse.decode(bytes), { defaults: false, arrays: true }) as ReflectionResponseValue;
}
