import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { REFLECTION_PATHS, ReflectionRequest, ReflectionResponse, type ReflectionVersion } from '../../../mesh/reflection-protocol';

/** Splits a serialized FileDescriptorSet into its files' bytes. */
export function filesOf(set: Uint8Array): Uint8Array[] {
  const reader = protobuf.Reader.create(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) files.push(reader.bytes());
    else reader.skipType(tag & 7);
  }
  return files;
}

/**
 * A minimal server-reflection service for tests (grpc-js has none built in): list_services,
 * file_containing_symbol (the file declaring the symbol, alone — the client must ask for its
 * dependencies) and file_by_filename, served from a descriptor set. `requests` logs what was asked.
 */
export function addReflection(server: grpc.Server, version: ReflectionVersion, set: Uint8Array, requests: string[] = []): void {
  const files = filesOf(set).map((bytes) => ({ bytes, proto: descriptor.FileDescriptorProto.decode(bytes) as descriptor.IFileDescriptorProto }));
  const services = files.flatMap((f) => (f.proto.service ?? []).map((s) => `${f.proto.package}.${s.name}`));
  const declaring = (symbol: string): Uint8Array | undefined =>
    files.find((f) => (f.proto.service ?? []).some((s) => `${f.proto.package}.${s.name}` === symbol) || (f.proto.messageType ?? []).some((m) => `${f.proto.package}.${m.name}` === symbol))?.bytes;
  const id = (b: Buffer): Buffer => b;
  server.register(
    REFLECTION_PATHS[version],
    ((call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
      call.on('data', (raw: Buffer) => {
        const req = ReflectionRequest.toObject(ReflectionRequest.decode(raw)) as Record<string, string>;
        let res: Record<string, unknown>;
        if (req.list_services !== undefined) {
          requests.push('list_services');
          res = { list_services_response: { service: [...services, `grpc.reflection.${version}.ServerReflection`].map((name) => ({ name })) } };
        } else if (req.file_containing_symbol !== undefined) {
          requests.push(`symbol:${req.file_containing_symbol}`);
          const bytes = declaring(req.file_containing_symbol);
          res = bytes ? { file_descriptor_response: { file_descriptor_proto: [bytes] } } : { error_response: { error_code: 5, error_message: 'not found' } };
        } else {
          requests.push(`file:${req.file_by_filename}`);
          const f = files.find((x) => x.proto.name === req.file_by_filename);
          res = f ? { file_descriptor_response: { file_descriptor_proto: [f.bytes] } } : { error_response: { error_code: 5, error_message: 'not found' } };
        }
        call.write(Buffer.from(ReflectionResponse.encode(ReflectionResponse.fromObject(res)).finish()));
      });
      call.on('end', () => call.end());
    }) as grpc.handleBidiStreamingCall<Buffer, Buffer>,
    id,
    id,
    'bidi',
  );
}
