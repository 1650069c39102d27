/**
 * The `--grpc` mode of `npm run eval:masking`: every message of a labelled corpus is sent as a
 * `google.protobuf.Struct` through a real grpc-js call (127.0.0.1, port 0) to a server that
 * echoes it, with the audit interceptors on both sides and NO schema registered for the method —
 * what a sidecar or a generic proxy sees. The client records the request from its wire bytes
 * and the response as the deserialised object; the server the other way round. The "masked
 * output" of a line is every string of both exported spans.
 */
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import { createGrpcAudit } from '../interceptors';
import { createMasker, loadPolicyFile } from '../interceptors/mask';
import { createTestTracing, spanStrings } from '../test/helpers/tracing';
import type { CorpusLine } from './pii-score';

const root = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/struct.proto') as protobuf.INamespace);
const Struct = root.lookupType('google.protobuf.Struct');
const METHOD = '/eval.v1.Untyped/Echo';
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: false, oneofs: true };

type Value = { nullValue: 0 } | { stringValue: string } | { numberValue: number } | { boolValue: boolean } | { structValue: StructObj } | { listValue: { values: Value[] } };
interface StructObj {
  fields: Record<string, Value>;
}

function toValue(v: unknown): Value {
  if (v === null || v === undefined) return { nullValue: 0 };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: toStruct(v as Record<string, unknown>) };
}

export function toStruct(o: Record<string, unknown>): StructObj {
  return { fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toValue(v)])) };
}

const definition: grpc.ServiceDefinition = {
  Echo: {
    path: METHOD,
    requestStream: false,
    responseStream: false,
    requestSerialize: (m: StructObj) => Buffer.from(Struct.encode(Struct.fromObject(m)).finish()),
    requestDeserialize: (b: Buffer) => Struct.toObject(Struct.decode(b), TO_OBJECT),
    responseSerialize: (m: StructObj) => Buffer.from(Struct.encode(Struct.fromObject(m)).finish()),
    responseDeserialize: (b: Buffer) => Struct.toObject(Struct.decode(b), TO_OBJECT),
  },
};

export async function runUntypedGrpc(lines: readonly CorpusLine[], policy?: string): Promise<{ outputs: string[][]; millis: number }> {
  const tracing = createTestTracing();
  const audit = createGrpcAudit({ tracerProvider: tracing.provider, masker: createMasker(policy ? loadPolicyFile(policy) : undefined) });
  const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
  server.addService(definition, { Echo: (call: grpc.ServerUnaryCall<StructObj, StructObj>, cb: grpc.sendUnaryData<StructObj>) => cb(null, call.request) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const Client = grpc.makeGenericClientConstructor(definition, 'Untyped');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), audit.clientOptions()) as unknown as grpc.Client & { Echo: (m: StructObj, cb: (e: grpc.ServiceError | null) => void) => void };
  const started = process.hrtime.bigint();
  const outputs: string[][] = [];
  try {
    for (const line of lines) {
      tracing.reset();
      const msg = line.msg && typeof line.msg === 'object' && !Array.isArray(line.msg) ? (line.msg as Record<string, unknown>) : { value: line.msg };
      await new Promise<void>((resolve, reject) => client.Echo(toStruct(msg), (e) => (e ? reject(e) : resolve())));
      const spans = await tracing.waitForSpans(2);
      outputs.push(spans.flatMap(spanStrings));
    }
  } finally {
    client.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    await tracing.shutdown();
  }
  return { outputs, millis: Number(process.hrtime.bigint() - started) / 1e6 };
}
