import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as loader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { SchemaRegistry } from '../../interceptors/decode';

/**
 * The kitchen-sink test service (test/fixtures/proto/demo/v1/kitchen_sink.proto) on a real
 * server bound to 127.0.0.1:0, plus a typed-enough client. Handlers are plain and predictable;
 * a test steers them with the `x-test-behavior` request metadata (see `Behavior`) or replaces
 * any of them.
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const INCLUDE_DIRS = [path.join(REPO_ROOT, 'proto'), path.join(REPO_ROOT, 'test/fixtures/proto')];
export const KITCHEN_SINK_PROTO = 'demo/v1/kitchen_sink.proto';
export const SERVICE_NAME = 'demo.v1.KitchenSinkService';
export const METHODS = {
  echo: `/${SERVICE_NAME}/Echo`,
  upload: `/${SERVICE_NAME}/Upload`,
  download: `/${SERVICE_NAME}/Download`,
  chat: `/${SERVICE_NAME}/Chat`,
} as const;

/** proto-loader options as an app typically uses them (inbound messages are toObject output). */
export const LOADER_OPTIONS: loader.Options = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: INCLUDE_DIRS };

/**
 * Request metadata `x-test-behavior`:
 * - 'error': fails with INVALID_ARGUMENT, a details text and a trailer `x-trailer-note`;
 * - 'throw': the handler throws (grpc-js answers UNKNOWN);
 * - 'slow': answers after `x-test-delay-ms` (default 2000) — for deadlines and cancellation;
 * - 'details': fails with FAILED_PRECONDITION and a google.rpc.Status in grpc-status-details-bin.
 */
export type Behavior = 'error' | 'throw' | 'slow' | 'details';
export const BEHAVIOR_KEY = 'x-test-behavior';

let cachedDefinition: loader.PackageDefinition | undefined;
export function kitchenSinkDefinition(): loader.PackageDefinition {
  return (cachedDefinition ??= loader.loadSync(KITCHEN_SINK_PROTO, LOADER_OPTIONS));
}

/** A registry fed from the .proto file (keeps field annotations). */
export function kitchenSinkRegistry(): SchemaRegistry {
  return new SchemaRegistry().addProtoFiles(KITCHEN_SINK_PROTO, INCLUDE_DIRS);
}

export type KitchenSinkClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

function serviceDefinition(): grpc.ServiceDefinition {
  return kitchenSinkDefinition()[SERVICE_NAME] as unknown as grpc.ServiceDefinition;
}

/** A client of the kitchen-sink service; insecure unless `credentials` are given (TLS tests). */
export function createKitchenSinkClient(address: string, options: grpc.ClientOptions = {}, credentials?: grpc.ChannelCredentials): KitchenSinkClient {
  const Ctor = grpc.makeGenericClientConstructor(serviceDefinition(), SERVICE_NAME);
  return new Ctor(address, credentials ?? grpc.credentials.createInsecure(), options) as unknown as KitchenSinkClient;
}

const rpcStatusRoot = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
  },
});

/** A detail the 'details' behaviour attaches: a demo.v1.Address, whose `street` is annotated personal. */
export const DETAIL_ADDRESS = { street: '1 Secret Lane', city: 'Paris' };

/**
 * The grpc-status-details-bin the 'details' behaviour sends: google.rpc.Status { code 9, message,
 * details: [Any(demo.v1.Address)] }, encoded with the kitchen-sink schema.
 */
export function statusDetailsBin(message: string): Buffer {
  const Address = kitchenSinkRegistry().lookupType('demo.v1.Address')!;
  const any = { type_url: 'type.googleapis.com/demo.v1.Address', value: Address.encode(Address.fromObject(DETAIL_ADDRESS)).finish() };
  const Status = rpcStatusRoot.lookupType('Status');
  return Buffer.from(Status.encode(Status.fromObject({ code: 9, message, details: [any] })).finish());
}

type Handlers = Record<'Echo' | 'Upload' | 'Download' | 'Chat', grpc.UntypedHandleCall>;

function behaviorOf(md: grpc.Metadata): string | undefined {
  const v = md.get(BEHAVIOR_KEY)[0];
  return typeof v === 'string' ? v : undefined;
}

function delayOf(md: grpc.Metadata): number {
  const v = md.get('x-test-delay-ms')[0];
  return typeof v === 'string' ? Number(v) : 2000;
}

/** A failure for `behavior`, or undefined when the call should succeed. */
function failureFor(md: grpc.Metadata): Partial<grpc.StatusObject> | undefined {
  const b = behaviorOf(md);
  if (b === 'error') {
    const trailer = new grpc.Metadata();
    trailer.set('x-trailer-note', 'checked');
    return { code: grpc.status.INVALID_ARGUMENT, details: 'customer alice@example.com is not allowed', metadata: trailer };
  }
  if (b === 'details') {
    const trailer = new grpc.Metadata();
    trailer.set('grpc-status-details-bin', statusDetailsBin('limit for bob@example.com'));
    return { code: grpc.status.FAILED_PRECONDITION, details: 'precondition failed', metadata: trailer };
  }
  return undefined;
}

export const defaultHandlers: Handlers = {
  Echo: ((call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
    const b = behaviorOf(call.metadata);
    if (b === 'throw') throw new Error('handler exploded for carol@example.com');
    const fail = failureFor(call.metadata);
    if (fail) return callback(fail as grpc.ServiceError);
    const reply = { requestId: call.request.requestId, customer: call.request.customer, message: `echo: ${call.request.note ?? ''}`, processedAtMs: '1700000000000' };
    const md = new grpc.Metadata();
    md.set('x-response-id', 'resp-1');
    call.sendMetadata(md);
    if (b === 'slow') setTimeout(() => callback(null, reply), delayOf(call.metadata));
    else callback(null, reply);
  }) as grpc.UntypedHandleCall,
  Upload: ((call: grpc.ServerReadableStream<any, any>, callback: grpc.sendUnaryData<any>) => {
    if (behaviorOf(call.metadata) === 'throw') throw new Error('upload handler exploded');
    let count = 0;
    let total = 0;
    call.on('data', (chunk: { text?: string; data?: Buffer }) => {
      count++;
      total += (chunk.data?.length ?? 0) + Buffer.byteLength(chunk.text ?? '');
    });
    call.on('end', () => {
      const fail = failureFor(call.metadata);
      if (fail) return callback(fail as grpc.ServiceError);
      callback(null, { count, totalBytes: String(total), digest: 'd' + count });
    });
  }) as grpc.UntypedHandleCall,
  Download: ((call: grpc.ServerWritableStream<any, any>) => {
    const b = behaviorOf(call.metadata);
    if (b === 'throw') throw new Error('download handler exploded');
    const fail = failureFor(call.metadata);
    if (fail) return void call.emit('error', fail);
    const n = Number(call.request.limit?.value ?? 3);
    let i = 0;
    const writeNext = (): void => {
      if (call.cancelled) return;
      if (i >= n) return void call.end();
      call.write({ index: i, text: `chunk ${i}` });
      i++;
      if (b === 'slow') setTimeout(writeNext, delayOf(call.metadata));
      else writeNext();
    };
    writeNext();
  }) as grpc.UntypedHandleCall,
  Chat: ((call: grpc.ServerDuplexStream<any, any>) => {
    if (behaviorOf(call.metadata) === 'throw') throw new Error('chat handler exploded');
    call.on('data', (chunk: { index?: number; text?: string }) => {
      call.write({ index: chunk.index ?? 0, text: `re: ${chunk.text ?? ''}` });
    });
    call.on('end', () => {
      const fail = failureFor(call.metadata);
      if (fail) return void call.emit('error', fail);
      call.end();
    });
  }) as grpc.UntypedHandleCall,
};

export interface RunningServer {
  server: grpc.Server;
  port: number;
  /** '127.0.0.1:<port>' */
  address: string;
  close(): Promise<void>;
}

/** Starts the kitchen-sink service on 127.0.0.1:0; insecure unless `credentials` are given (certificates: test/helpers/certs.ts). */
export async function startKitchenSinkServer(
  options: { interceptors?: grpc.ServerInterceptor[]; handlers?: Partial<Handlers>; serverOptions?: grpc.ServerOptions; credentials?: grpc.ServerCredentials } = {},
): Promise<RunningServer> {
  const server = new grpc.Server({ ...options.serverOptions, interceptors: options.interceptors ?? [] });
  server.addService(serviceDefinition(), { ...defaultHandlers, ...options.handlers });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', options.credentials ?? grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    server,
    port,
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 2000).unref();
      }),
  };
}

/** Outcome of a call: the reply (if any) or the error, never a rejection. */
export interface Outcome<T> {
  value?: T;
  error?: grpc.ServiceError;
  messages: T[];
}

export function unary<T = any>(client: KitchenSinkClient, method: string, request: unknown, metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    (client[method] as Function).call(client, request, metadata, options, (error: grpc.ServiceError | null, value: T) =>
      resolve(error ? { error, messages: [] } : { value, messages: [value] }),
    );
  });
}

export function clientStream<T = any>(client: KitchenSinkClient, method: string, requests: unknown[], metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const call = (client[method] as Function).call(client, metadata, options, (error: grpc.ServiceError | null, value: T) =>
      resolve(error ? { error, messages: [] } : { value, messages: [value] }),
    ) as grpc.ClientWritableStream<unknown>;
    for (const r of requests) call.write(r);
    call.end();
  });
}

export function serverStream<T = any>(client: KitchenSinkClient, method: string, request: unknown, metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const call = (client[method] as Function).call(client, request, metadata, options) as grpc.ClientReadableStream<T>;
    const messages: T[] = [];
    call.on('data', (m: T) => messages.push(m));
    call.on('error', (error: grpc.ServiceError) => resolve({ error, messages }));
    call.on('end', () => resolve({ messages }));
  });
}

export function bidi<T = any>(client: KitchenSinkClient, method: string, requests: unknown[], metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const call = (client[method] as Function).call(client, metadata, options) as grpc.ClientDuplexStream<unknown, T>;
    const messages: T[] = [];
    call.on('data', (m: T) => messages.push(m));
    call.on('error', (error: grpc.ServiceError) => resolve({ error, messages }));
    call.on('end', () => resolve({ messages }));
    for (const r of requests) call.write(r);
    call.end();
  });
}
