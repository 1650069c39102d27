import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, type GrpcAudit } from '../../interceptors';
import { bidi, clientStream, createKitchenSinkClient, kitchenSinkRegistry, serverStream, startKitchenSinkServer, unary, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

/** Everything a Metadata holds, as plain data (values stringified; Buffers as base64). */
function snapshot(md: grpc.Metadata): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(md.toJSON())) out[k] = (v as Array<string | Buffer>).map((x) => (Buffer.isBuffer(x) ? x.toString('base64') : x));
  return out;
}

/**
 * Applications often build one Metadata (auth headers) and pass it to every call. The client
 * interceptor must neither write into it nor let a traceparent left in it parent a later call.
 */
describe('capture: a Metadata reused across calls', () => {
  let tracing: TestTracing;
  let audit: GrpcAudit;
  let server: RunningServer;
  let client: KitchenSinkClient;

  const run = async (md: grpc.Metadata): Promise<void> => {
    assert.ifError((await unary(client, 'Echo', { requestId: 'u1', note: 'a' }, md)).error);
    assert.ifError((await clientStream(client, 'Upload', [{ index: 1, text: 'a' }], md)).error);
    assert.ifError((await serverStream(client, 'Download', { requestId: 'd', limit: { value: '2' } }, md)).error);
    assert.ifError((await bidi(client, 'Chat', [{ index: 1, text: 'hi' }], md)).error);
    assert.ifError((await unary(client, 'Echo', { requestId: 'u2', note: 'b' }, md)).error);
  };

  /** Each client span has exactly one server child, and each server span's parent is the client span of its own call. */
  const assertParentage = (spans: ReadableSpan[], calls: number): void => {
    const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    assert.equal(clients.length, calls);
    assert.equal(servers.length, calls);
    for (const c of clients) {
      const children = servers.filter((s) => s.parentSpanContext?.spanId === c.spanContext().spanId);
      assert.equal(children.length, 1, `client span ${c.name} has exactly one server child`);
      assert.equal(children[0].name, c.name, 'the child is the server side of the same method');
      assert.equal(children[0].spanContext().traceId, c.spanContext().traceId);
    }
  };

  const setup = async (sampleRate?: number): Promise<void> => {
    tracing = createTestTracing();
    audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, metadataAllowlist: ['x-request-id'], ...(sampleRate !== undefined ? { sampleRate } : {}) });
    server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    client = createKitchenSinkClient(server.address, audit.clientOptions());
  };
  afterEach(async () => {
    client.close();
    await server.close();
    await tracing.shutdown();
  });

  it('gives every call of all four kinds its own parentage and leaves the Metadata unchanged', async () => {
    await setup();
    const md = new grpc.Metadata();
    md.set('authorization', 'Bearer shared-token');
    md.set('x-request-id', 'same-for-all');
    md.set('x-bin', Buffer.from([1, 2, 3]));
    const before = snapshot(md);
    await run(md);
    assert.deepEqual(snapshot(md), before, 'no key added, removed or changed');
    assert.deepEqual(md.get('traceparent'), []);
    assertParentage(await tracing.waitForSpans(10), 5);
  });

  it('replaces a traceparent the caller left in its Metadata with the current call’s context', async () => {
    await setup();
    const md = new grpc.Metadata();
    const stale = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    md.set('traceparent', stale);
    await run(md);
    assert.deepEqual(md.get('traceparent'), [stale], 'the caller’s object is not touched');
    const spans = await tracing.waitForSpans(10);
    assertParentage(spans, 5);
    assert.equal(spans.some((s) => s.parentSpanContext?.spanId === 'b7ad6b7169203331'), false, 'nothing is parented to the stale span');
  });

  it('does not write the sampling header into the caller’s Metadata either', async () => {
    await setup(0.5);
    const md = new grpc.Metadata();
    md.set('x-request-id', 'r');
    const before = snapshot(md);
    for (let i = 0; i < 6; i++) await run(md);
    assert.deepEqual(snapshot(md), before);
    // Sampled calls still pair up: both sides decide from the same propagated header.
    const spans = tracing.spans();
    const clients = spans.filter((s) => s.kind === SpanKind.CLIENT).length;
    assert.equal(spans.filter((s) => s.kind === SpanKind.SERVER).length, clients);
    if (clients > 0) assertParentage(spans, clients);
  });
});
