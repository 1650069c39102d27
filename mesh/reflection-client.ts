import * as grpc from '@grpc/grpc-js';
import * as descriptor from 'protobufjs/ext/descriptor';
import {
  decodeReflectionResponse,
  encodeReflectionRequest,
  REFLECTION_PATHS,
  type ReflectionRequestValue,
  type ReflectionResponseValue,
  type ReflectionVersion,
} from './reflection-protocol';

export class ReflectionError extends Error {
  override readonly name = 'ReflectionError';
}

export interface ReflectedSchemas {
  version: ReflectionVersion;
  services: string[];
  /** Serialized FileDescriptorProtos, each once, dependencies included. */
  files: Uint8Array[];
}

const identity = (b: Buffer): Buffer => b;

/**
 * Fetches the upstream's schemas by server reflection: lists its services, then asks for the
 * file containing each (the answer carries its dependencies; missing ones are asked by name).
 * Tries v1 first and falls back to v1alpha when v1 is UNIMPLEMENTED.
 */
export async function fetchReflectedSchemas(address: string, credentials: grpc.ChannelCredentials, timeoutMs = 10_000): Promise<ReflectedSchemas> {
  const client = new grpc.Client(address, credentials);
  try {
    try {
      return await fetchWith(client, 'v1', timeoutMs);
    } catch (err) {
      if ((err as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw err;
      return await fetchWith(client, 'v1alpha', timeoutMs);
    }
  } catch (err) {
    if (err instanceof ReflectionError) throw err;
    const e = err as grpc.ServiceError;
    throw new ReflectionError(`server reflection at ${address} failed: ${e.code !== undefined ? grpc.status[e.code] + ' ' : ''}${e.details ?? e.message}`);
  } finally {
    client.close();
  }
}

/** A reflection stream: one request, one response, in turn (the protocol answers in order). */
class ReflectionStream {
  private readonly waiting: Array<{ resolve(v: ReflectionResponseValue): void; reject(e: Error): void }> = [];
  private failure: Error | undefined;
  private readonly call: grpc.ClientDuplexStream<Buffer, Buffer>;

  constructor(client: grpc.Client, version: ReflectionVersion, timeoutMs: number) {
    this.call = client.makeBidiStreamRequest(REFLECTION_PATHS[version], identity, identity, new grpc.Metadata(), { deadline: Date.now() + timeoutMs });
    this.call.on('data', (b: Buffer) => {
      try {
        this.waiting.shift()?.resolve(decodeReflectionResponse(b));
      } catch (err) {
        this.waiting.shift()?.reject(new ReflectionError(`undecodable reflection response: ${(err as Error).message}`));
      }
    });
    this.call.on('error', (err) => this.fail(err));
    this.call.on('end', () => this.fail(new ReflectionError('the reflection stream ended early')));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  ask(request: ReflectionRequestValue): Promise<ReflectionResponseValue> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.call.write(encodeReflectionRequest(request));
    });
  }

  close(): void {
    this.call.end();
    this.call.cancel();
  }
}

async function fetchWith(client: grpc.Client, version: ReflectionVersion, timeoutMs: number): Promise<ReflectedSchemas> {
  const stream = new ReflectionStream(client, version, timeoutMs);
  try {
    const listed = await stream.ask({ list_services: '' });
    if (listed.error_response) throw new ReflectionError(`list_services failed: ${listed.error_response.error_message ?? ''}`);
    const services = (listed.list_services_response?.service ?? []).map((s) => s.name ?? '').filter((n) => n && !n.startsWith('grpc.reflection.'));
    const byName = new Map<string, Uint8Array>();
    const take = (res: ReflectionResponseValue, what: string): void => {
      if (res.error_response) throw new ReflectionError(`${what}: ${res.error_response.error_message ?? `error ${res.error_response.error_code}`}`);
      for (const bytes of res.file_descriptor_response?.file_descriptor_proto ?? []) {
        const name = (descriptor.FileDescriptorProto.decode(bytes) as descriptor.IFileDescriptorProto).name ?? '';
        if (!byName.has(name)) byName.set(name, bytes);
      }
    };
    for (const service of services) take(await stream.ask({ file_containing_symbol: service }), `file containing ${service}`);
    // Dependencies the server did not volunteer, asked by file name (a missing well-known type is tolerated: protobufjs bundles them).
    const asked = new Set<string>();
    for (let again = true; again; ) {
      again = false;
      for (const bytes of [...byName.values()]) {
        for (const dep of (descriptor.FileDescriptorProto.decode(bytes) as descriptor.IFileDescriptorProto).dependency ?? []) {
          if (byName.has(dep) || asked.has(dep)) continue;
          asked.add(dep);
          const res = await stream.ask({ file_by_filename: dep });
          // Well-known types are bundled with protobufjs: a server that does not serve them is fine.
          if (res.error_response && dep.startsWith('google/protobuf/')) continue;
          take(res, `file ${dep}`);
          again = true;
        }
      }
    }
    return { version, services, files: [...byName.values()] };
  } finally {
    stream.close();
  }
}

/** The files as a serialized FileDescriptorSet (field 1, repeated), for SchemaRegistry.addFileDescriptorSet. */
export function fileDescriptorSetBytes(files: Uint8Array[]): Uint8Array {
  const set = descriptor.FileDescriptorSet.create({ file: [] });
  const writer = descriptor.FileDescriptorSet.encode(set);
  for (const f of files) writer.uint32(10).bytes(f);
  return writer.finish();
}
