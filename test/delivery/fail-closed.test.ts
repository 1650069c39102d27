import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createGrpcAudit } from '../../interceptors/capture/grpc-audit';
import { FAIL_CLOSED_MESSAGE } from '../../interceptors/capture/protocol';
import type { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { DeliveryEnv, waitFor } from './support/delivery-env';

const pass = (b: Buffer): Buffer => b;
const def = (name: string): grpc.MethodDefinition<Buffer, Buffer> => ({
  path: `/demo.v1.Echo/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: pass,
  requestDeserialize: pass,
  responseSerialize: pass,
  responseDeserialize: pass,
});
const SERVICE: grpc.ServiceDefinition = { Say: def('Say'), Critical: def('Critical') };

type EchoClient = grpc.Client & Record<'Say' | 'Critical', (req: Buffer, cb: (e: grpc.ServiceError | null) => void) => void>;

/** An audited server and client (or a bare client) in this process; counts handler runs. */
async function app(env: DeliveryEnv, processor: DurableSpanProcessor, failClosed: boolean | string[]) {
  const audit = createGrpcAudit({ tracerProvider: env.provider(processor), gate: processor, failClosed });
  const handled = { Say: 0, Critical: 0 };
  const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
  server.addService(SERVICE, {
    Say: (c: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => (handled.Say++, cb(null, c.request)),
    Critical: (c: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => (handled.Critical++, cb(null, c.request)),
  });
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  const Ctor = grpc.makeGenericClientConstructor(SERVICE, 'Echo');
  const audited = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), audit.clientOptions()) as unknown as EchoClient;
  const bare = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as EchoClient;
  const call = (client: EchoClient, m: 'Say' | 'Critical'): Promise<grpc.ServiceError | null> =>
    new Promise((r) => client[m](Buffer.from('x'.repeat(300)), (e) => r(e)));
  return {
    audit,
    handled,
    call,
    audited,
    bare,
    close() {
      audited.close();
      bare.close();
      server.forceShutdown();
    },
  };
}

describe('delivery: fail-closed through the capture interceptors (RecordGate)', function () {
  this.timeout(60_000);
  let env: DeliveryEnv;
  const cleanups: Array<() => unknown> = [];
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await env.cleanup();
  });

  it('spool full: fail-closed calls are rejected with UNAVAILABLE before the network and before the handler; fail-open calls go on and their loss is reported', async () => {
    const p = env.processor('fc-spool', { maxSpoolBytes: 4096, segmentBytes: 1024, maxQueueSize: 4 });
    cleanups.push(() => p.shutdown());
    const a = await app(env, p, ['/demo.v1.Echo/Critical']);
    cleanups.push(() => a.close());
    // Collector down: records pile up in the spool until it is full.
    let failClosedRejected: grpc.ServiceError | null = null;
    for (let i = 0; i < 60 && !failClosedRejected; i++) {
      const e = await a.call(a.audited, 'Critical');
      if (e) failClosedRejected = e;
    }
    assert.ok(failClosedRejected, 'a fail-closed call was eventually refused');
    assert.equal(failClosedRejected.code, grpc.status.UNAVAILABLE);
    assert.equal(failClosedRejected.details, FAIL_CLOSED_MESSAGE);
    const handledBefore = a.handled.Critical;
    assert.equal((await a.call(a.audited, 'Critical'))?.code, grpc.status.UNAVAILABLE, 'client side refuses');
    assert.equal((await a.call(a.bare, 'Critical'))?.code, grpc.status.UNAVAILABLE, 'server side refuses a caller without interceptors');
    assert.equal(a.handled.Critical, handledBefore, 'the handler never ran for refused calls');
    assert.ok(a.audit.stats.failClosedRejections >= 3);
    // The fail-open method still works; its records are lost and counted.
    for (let i = 0; i < 5; i++) assert.equal(await a.call(a.audited, 'Say'), null); // beyond the memory queue too
    assert.ok(p.stats().lost.spool_full > 0, 'fail-open losses are counted');
    // Collector back: the spool drains, the loss is reported, the gate opens again.
    await env.startCollector();
    await p.forceFlush();
    await waitFor(() => p.canRecord('/demo.v1.Echo/Critical'), 'gate open again');
    assert.equal(await a.call(a.audited, 'Critical'), null);
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId, 'gap').length > 0, 'gap record stored');
  });

  it('spool unwritable: every fail-closed call is refused; in fail-open mode the same app records from memory', async () => {
    const file = path.join(env.dir, 'plain-file');
    fs.writeFileSync(file, '');
    await env.startCollector();
    const p = env.processor('x', { spoolDir: path.join(file, 'spool') });
    cleanups.push(() => p.shutdown());
    const closed = await app(env, p, true);
    cleanups.push(() => closed.close());
    for (const m of ['Say', 'Critical'] as const) assert.equal((await closed.call(closed.audited, m))?.code, grpc.status.UNAVAILABLE);
    assert.equal(closed.handled.Say + closed.handled.Critical, 0);

    const open = await app(env, p, false);
    cleanups.push(() => open.close());
    assert.equal(await open.call(open.audited, 'Say'), null);
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId).length >= 2, 'client and server records stored');
  });
});
