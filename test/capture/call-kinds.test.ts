import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, type GrpcAudit } from '../../interceptors';
import { bidi, clientStream, createKitchenSinkClient, kitchenSinkRegistry, METHODS, serverStream, startKitchenSinkServer, unary, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

function payloads(span: ReadableSpan, type: 'SENT' | 'RECEIVED'): unknown[] {
  return span.events
    .filter((e) => e.name === 'rpc.message' && e.attributes?.['message.type'] === type)
    .map((e) => JSON.parse(String(e.attributes?.['grpcaudit.payload'])));
}

function messageIds(span: ReadableSpan, type: 'SENT' | 'RECEIVED'): unknown[] {
  return span.events.filter((e) => e.attributes?.['message.type'] === type).map((e) => e.attributes?.['message.id']);
}

function bySide(spans: ReadableSpan[]): { client: ReadableSpan; server: ReadableSpan } {
  const client = spans.filter((s) => s.kind === SpanKind.CLIENT);
  const server = spans.filter((s) => s.kind === SpanKind.SERVER);
  assert.equal(client.length, 1, 'one client span');
  assert.equal(server.length, 1, 'one server span');
  return { client: client[0], server: server[0] };
}

describe('capture: the four call kinds', () => {
  let tracing: TestTracing;
  let audit: GrpcAudit;
  let server: RunningServer;
  let client: KitchenSinkClient;

  before(async () => {
    tracing = createTestTracing();
    audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, metadataAllowlist: ['x-request-id', 'x-response-id'] });
    server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    client = createKitchenSinkClient(server.address, audit.clientOptions());
  });
  after(async () => {
    client.close();
    await server.close();
    await tracing.shutdown();
  });
  beforeEach(() => tracing.reset());

  it('unary: names, kinds, RPC attributes, parentage and decoded payloads on both sides', async () => {
    const md = new grpc.Metadata();
    md.set('x-request-id', 'req-42');
    const parent = tracing.provider.getTracer('test').startSpan('parent');
    const out = await context.with(trace.setSpan(context.active(), parent), () =>
      unary(client, 'Echo', { requestId: 'r1', note: 'hello', orderNumber: '12345678901234', customer: { customerId: 'c-1', tier: 'TIER_GOLD' } }, md),
    );
    parent.end();
    assert.ifError(out.error);
    const { client: c, server: s } = bySide(await tracing.waitForSpans(3));

    for (const span of [c, s]) {
      assert.equal(span.name, 'grpc.demo.v1.KitchenSinkService/Echo');
      assert.equal(span.attributes['rpc.system'], 'grpc');
      assert.equal(span.attributes['rpc.service'], 'demo.v1.KitchenSinkService');
      assert.equal(span.attributes['rpc.method'], 'Echo');
      assert.equal(span.attributes['rpc.grpc.status_code'], 0);
      assert.equal(span.status.code, SpanStatusCode.UNSET);
      assert.equal(span.attributes['grpcaudit.purpose'], 'customer-support', 'method annotation');
      assert.equal(span.attributes['grpcaudit.lawful_basis'], 'contract');
      assert.equal(span.attributes['grpcaudit.schema'], 'registry');
      assert.equal(span.attributes['grpcaudit.policy.version'], audit.masker.policyVersion);
      assert.match(String(span.attributes['grpcaudit.policy.version']), /^sha256:/, 'the default masker is the policy engine');
      assert.equal(span.attributes['grpcaudit.metadata.request.x-request-id'], 'req-42');
    }
    assert.equal(c.kind, SpanKind.CLIENT);
    assert.equal(s.kind, SpanKind.SERVER);
    assert.equal(c.attributes['server.address'], '127.0.0.1');
    assert.equal(c.attributes['server.port'], server.port);
    assert.equal(s.attributes['network.peer.address'], '127.0.0.1');
    assert.equal(typeof s.attributes['network.peer.port'], 'number');
    assert.equal(c.attributes['grpcaudit.metadata.response.x-response-id'], 'resp-1');

    // One trace: parent -> client -> server.
    assert.equal(c.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(c.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(s.spanContext().traceId, c.spanContext().traceId);
    assert.equal(s.parentSpanContext?.spanId, c.spanContext().spanId);

    const request = { requestId: 'r1', customer: { customerId: 'c-1', tier: 'TIER_GOLD' }, note: 'hello', orderNumber: '12345678901234' };
    const response = { requestId: 'r1', customer: { customerId: 'c-1', tier: 'TIER_GOLD' }, message: 'echo: hello', processedAtMs: '1700000000000' };
    assert.deepEqual(payloads(c, 'SENT'), [request]);
    assert.deepEqual(payloads(s, 'RECEIVED'), [request]);
    assert.deepEqual(payloads(s, 'SENT'), [response]);
    assert.deepEqual(payloads(c, 'RECEIVED'), [response]);
    const sent = c.events.find((e) => e.attributes?.['message.type'] === 'SENT')!;
    assert.equal(sent.attributes?.['message.id'], 1);
    assert.equal(typeof sent.attributes?.['message.uncompressed_size'], 'number');
    assert.ok((sent.attributes?.['message.uncompressed_size'] as number) > 20);
  });

  it('client streaming: every request one event, ids 1..n', async () => {
    const out = await clientStream(client, 'Upload', [{ index: 1, text: 'a' }, { index: 2, text: 'bb' }, { index: 3, data: Buffer.from('xyz') }]);
    assert.ifError(out.error);
    assert.deepEqual(out.value, { count: 3, totalBytes: '6', digest: 'd3' });
    const { client: c, server: s } = bySide(await tracing.waitForSpans(2));
    assert.equal(c.name, 'grpc.demo.v1.KitchenSinkService/Upload');
    assert.equal(c.attributes['grpcaudit.call.type'], 'client_stream');
    assert.deepEqual(messageIds(c, 'SENT'), [1, 2, 3]);
    assert.deepEqual(messageIds(s, 'RECEIVED'), [1, 2, 3]);
    assert.deepEqual(payloads(c, 'SENT'), [{ index: 1, text: 'a' }, { index: 2, text: 'bb' }, { index: 3, data: 'eHl6' }]);
    assert.deepEqual(payloads(s, 'RECEIVED'), payloads(c, 'SENT'));
    assert.deepEqual(payloads(s, 'SENT'), [{ count: 3, totalBytes: '6', digest: 'd3' }]);
    assert.deepEqual(payloads(c, 'RECEIVED'), [{ count: 3, totalBytes: '6', digest: 'd3' }]);
  });

  it('server streaming: every response one event', async () => {
    const out = await serverStream(client, 'Download', { requestId: 'd', limit: { value: '4' } });
    assert.ifError(out.error);
    assert.equal(out.messages.length, 4);
    const { client: c, server: s } = bySide(await tracing.waitForSpans(2));
    assert.equal(c.attributes['grpcaudit.call.type'], 'server_stream');
    assert.deepEqual(messageIds(c, 'RECEIVED'), [1, 2, 3, 4]);
    assert.deepEqual(messageIds(s, 'SENT'), [1, 2, 3, 4]);
    assert.deepEqual(payloads(s, 'SENT')[3], { index: 3, text: 'chunk 3' });
    assert.deepEqual(payloads(c, 'RECEIVED')[0], { text: 'chunk 0' }, 'index 0 is the default and not rendered');
    assert.deepEqual(payloads(c, 'SENT'), [{ requestId: 'd', limit: '4' }]);
  });

  it('bidi streaming: both directions, in order', async () => {
    const out = await bidi(client, 'Chat', [{ index: 1, text: 'hi' }, { index: 2, text: 'there' }]);
    assert.ifError(out.error);
    assert.deepEqual(out.messages, [{ index: 1, text: 're: hi' }, { index: 2, text: 're: there' }]);
    const { client: c, server: s } = bySide(await tracing.waitForSpans(2));
    assert.equal(c.attributes['grpcaudit.call.type'], 'bidi');
    assert.deepEqual(payloads(c, 'SENT'), [{ index: 1, text: 'hi' }, { index: 2, text: 'there' }]);
    assert.deepEqual(payloads(s, 'RECEIVED'), payloads(c, 'SENT'));
    assert.deepEqual(payloads(s, 'SENT'), [{ index: 1, text: 're: hi' }, { index: 2, text: 're: there' }]);
    assert.deepEqual(payloads(c, 'RECEIVED'), payloads(s, 'SENT'));
    assert.equal(s.parentSpanContext?.spanId, c.spanContext().spanId);
  });
});
