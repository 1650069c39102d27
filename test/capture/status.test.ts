import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, REDACTED_METADATA, type GrpcAudit } from '../../interceptors';
import {
  BEHAVIOR_KEY,
  DETAIL_ADDRESS,
  bidi,
  clientStream,
  createKitchenSinkClient,
  kitchenSinkRegistry,
  METHODS,
  serverStream,
  startKitchenSinkServer,
  unary,
  type KitchenSinkClient,
  type RunningServer,
} from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';

function behavior(b: string, delayMs?: number): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set(BEHAVIOR_KEY, b);
  if (delayMs !== undefined) md.set('x-test-delay-ms', String(delayMs));
  return md;
}

function sides(spans: ReadableSpan[]): { client?: ReadableSpan; server?: ReadableSpan } {
  return { client: spans.find((s) => s.kind === SpanKind.CLIENT), server: spans.find((s) => s.kind === SpanKind.SERVER) };
}

function assertStatus(span: ReadableSpan | undefined, code: grpc.status, label: string): void {
  assert.ok(span, `${label} span exists`);
  assert.equal(span.attributes['rpc.grpc.status_code'], code, `${label} status code`);
  assert.equal(span.status.code, code === grpc.status.OK ? SpanStatusCode.UNSET : SpanStatusCode.ERROR, `${label} span status`);
}

describe('capture: statuses, errors, cancellation and deadlines', () => {
  let tracing: TestTracing;
  let audit: GrpcAudit;
  let server: RunningServer;
  let client: KitchenSinkClient;

  before(async () => {
    tracing = createTestTracing();
    audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, metadataAllowlist: ['x-trailer-note', 'grpc-status-details-bin'] });
    server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    client = createKitchenSinkClient(server.address, audit.clientOptions());
  });
  after(async () => {
    client.close();
    await server.close();
    await tracing.shutdown();
  });
  beforeEach(() => tracing.reset());

  it('an error status: code, masked status message and trailers on both sides', async () => {
    const out = await unary(client, 'Echo', { requestId: 'e' }, behavior('error'));
    assert.equal(out.error?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(out.error!.details, /alice@example\.com/, 'the application still sees the real message');
    const { client: c, server: s } = sides(await tracing.waitForSpans(2));
    for (const [span, label] of [[c, 'client'], [s, 'server']] as const) {
      assertStatus(span, grpc.status.INVALID_ARGUMENT, label);
      const message = String(span!.attributes['grpcaudit.status.message']);
      assert.match(message, /^customer .+ is not allowed$/, label);
      assert.doesNotMatch(message, /alice@example\.com/, `${label}: the email in the status message is masked`);
      assert.equal(span!.status.message, message, `${label}: span status message is the masked one`);
      assert.equal(span!.attributes['grpcaudit.metadata.trailer.x-trailer-note'], 'checked', label);
      assert.ok((span!.attributes['grpcaudit.masked.count'] as number) >= 1, `${label} counts the masked value`);
      assert.ok(!spanStrings(span!).some((x) => x.includes('alice@example.com')), `${label}: no clear email anywhere`);
    }
  });

  it('error details (grpc-status-details-bin) decoded as google.rpc.Status and masked; the -bin key itself is redacted', async () => {
    const out = await unary(client, 'Echo', { requestId: 'd' }, behavior('details'));
    assert.equal(out.error?.code, grpc.status.FAILED_PRECONDITION);
    const { client: c, server: s } = sides(await tracing.waitForSpans(2));
    for (const [span, label] of [[c, 'client'], [s, 'server']] as const) {
      assertStatus(span, grpc.status.FAILED_PRECONDITION, label);
      const details = JSON.parse(String(span!.attributes['grpcaudit.status.details']));
      assert.equal(details.code, 9, label);
      assert.match(details.message, /^limit for /, label);
      assert.doesNotMatch(details.message, /bob@example\.com/, label);
      assert.equal(details.details.length, 1);
      assert.equal(details.details[0]['@type'], 'type.googleapis.com/demo.v1.Address');
      assert.equal(details.details[0].value.city, 'Paris', 'decoded with the registry type');
      assert.ok(!JSON.stringify(details).includes(DETAIL_ADDRESS.street), 'its annotated field is masked');
      assert.equal(span!.attributes['grpcaudit.metadata.trailer.grpc-status-details-bin'], REDACTED_METADATA, `${label}: binary keys never in clear`);
      assert.ok(!spanStrings(span!).some((x) => x.includes('bob@example.com')), label);
    }
  });

  for (const [kind, run] of [
    ['unary', () => unary(client, 'Echo', { requestId: 't' }, behavior('throw'))],
    ['client streaming', () => clientStream(client, 'Upload', [{ index: 1 }], behavior('throw'))],
    ['server streaming', () => serverStream(client, 'Download', { requestId: 't' }, behavior('throw'))],
    ['bidi', () => bidi(client, 'Chat', [{ index: 1 }], behavior('throw'))],
  ] as const) {
    it(`a handler that throws (${kind}): UNKNOWN on both sides, the call completes`, async () => {
      const out = await run();
      assert.equal(out.error?.code, grpc.status.UNKNOWN);
      const { client: c, server: s } = sides(await tracing.waitForSpans(2));
      assertStatus(c, grpc.status.UNKNOWN, 'client');
      assertStatus(s, grpc.status.UNKNOWN, 'server');
      assert.equal(s!.parentSpanContext?.spanId, c!.spanContext().spanId);
    });
  }

  it('a stream error sent by the handler (server streaming) is recorded with its code', async () => {
    const out = await serverStream(client, 'Download', { requestId: 'x' }, behavior('error'));
    assert.equal(out.error?.code, grpc.status.INVALID_ARGUMENT);
    const { client: c, server: s } = sides(await tracing.waitForSpans(2));
    assertStatus(c, grpc.status.INVALID_ARGUMENT, 'client');
    assertStatus(s, grpc.status.INVALID_ARGUMENT, 'server');
  });

  it('client cancellation mid-stream: CANCELLED and grpcaudit.cancelled on both sides, messages so far kept', async () => {
    const call = client.Download({ requestId: 'c', limit: { value: '10' } }, behavior('slow', 100)) as grpc.ClientReadableStream<unknown>;
    const result = await new Promise<{ code?: number; received: number }>((resolve) => {
      let received = 0;
      call.on('data', () => {
        received++;
        if (received === 2) call.cancel();
      });
      call.on('error', (e: grpc.ServiceError) => resolve({ code: e.code, received }));
      call.on('end', () => resolve({ received }));
    });
    assert.equal(result.code, grpc.status.CANCELLED);
    const { client: c, server: s } = sides(await tracing.waitForSpans(2));
    assertStatus(c, grpc.status.CANCELLED, 'client');
    assertStatus(s, grpc.status.CANCELLED, 'server');
    assert.equal(c!.attributes['grpcaudit.cancelled'], true);
    assert.equal(s!.attributes['grpcaudit.cancelled'], true);
    assert.equal(c!.events.filter((e) => e.attributes?.['message.type'] === 'RECEIVED').length, 2);
    assert.ok(s!.events.filter((e) => e.attributes?.['message.type'] === 'SENT').length >= 2);
  });

  it('deadline exceeded while the handler works: DEADLINE_EXCEEDED on both sides', async () => {
    const deadline = Date.now() + 300;
    const out = await unary(client, 'Echo', { requestId: 'slow' }, behavior('slow', 1500), { deadline });
    assert.equal(out.error?.code, grpc.status.DEADLINE_EXCEEDED);
    const { client: c, server: s } = sides(await tracing.waitForSpans(2));
    assertStatus(c, grpc.status.DEADLINE_EXCEEDED, 'client');
    assertStatus(s, grpc.status.DEADLINE_EXCEEDED, 'server');
    assert.equal(c!.attributes['grpcaudit.deadline'], new Date(deadline).toISOString());
    const serverDeadline = Date.parse(String(s!.attributes['grpcaudit.deadline']));
    assert.ok(Math.abs(serverDeadline - deadline) < 1000, 'the server knows the deadline from grpc-timeout');
    // The handler answers later; that late status must not change the record.
    await new Promise((r) => setTimeout(r, 1400));
    assert.equal(tracing.spans().length, 2, 'no second span for the late answer');
    assert.equal(s!.attributes['rpc.grpc.status_code'], grpc.status.DEADLINE_EXCEEDED);
  });

  it('an unknown method (rejected by grpc-js before any server interceptor) is recorded on the client side', async () => {
    const out = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest('/demo.v1.KitchenSinkService/Missing', (x: Buffer) => x, (b: Buffer) => b, Buffer.from([0x0a, 0x01, 0x41]), (err) => resolve(err)),
    );
    assert.equal(out?.code, grpc.status.UNIMPLEMENTED);
    const spans = await tracing.waitForSpans(1);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(tracing.spans().length, 1, 'no server span');
    assertStatus(spans[0], grpc.status.UNIMPLEMENTED, 'client');
    assert.equal(spans[0].name, 'grpc.demo.v1.KitchenSinkService/Missing');
    assert.equal(spans[0].attributes['grpcaudit.schema'], 'wire', 'no schema: the sent bytes are wire-decoded');
    const sent = spans[0].events.find((e) => e.attributes?.['message.type'] === 'SENT');
    assert.deepEqual(JSON.parse(String(sent?.attributes?.['grpcaudit.payload'])), { '1': 'A' });
  });

  it('a call cancelled at once is recorded on the client side', async () => {
    const call = client.Echo({ requestId: 'now' }, (_err: unknown) => undefined) as grpc.ClientUnaryCall;
    const code = await new Promise<number>((resolve) => {
      call.on('status', (st: grpc.StatusObject) => resolve(st.code));
      call.cancel();
    });
    assert.equal(code, grpc.status.CANCELLED);
    const spans = await tracing.waitForSpans(1);
    const c = spans.find((s) => s.kind === SpanKind.CLIENT);
    assertStatus(c, grpc.status.CANCELLED, 'client');
    assert.equal(c!.attributes['grpcaudit.cancelled'], true);
  });

  it('a 1 ms deadline is recorded on the client side', async () => {
    const out = await unary(client, 'Echo', { requestId: 'x' }, new grpc.Metadata(), { deadline: Date.now() + 1 });
    assert.equal(out.error?.code, grpc.status.DEADLINE_EXCEEDED);
    const spans = await tracing.waitForSpans(1);
    assertStatus(spans.find((s) => s.kind === SpanKind.CLIENT), grpc.status.DEADLINE_EXCEEDED, 'client');
  });

  it('recording never touched the call: no recording errors', () => {
    assert.equal(audit.stats.recordingErrors, 0);
  });

  it('64 concurrent calls: one span per side each, payloads and parentage never mixed up', async () => {
    const n = 64;
    const outs = await Promise.all(Array.from({ length: n }, (_, i) => unary(client, 'Echo', { requestId: `c${i}`, note: `n${i}` })));
    outs.forEach((o, i) => assert.equal(o.value?.requestId, `c${i}`));
    const spans = await tracing.waitForSpans(2 * n);
    const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    assert.equal(clients.length, n);
    assert.equal(servers.length, n);
    const requestIdOf = (s: ReadableSpan): string => JSON.parse(String(s.events[0].attributes?.['grpcaudit.payload'])).requestId;
    for (const c of clients) {
      const children = servers.filter((s) => s.parentSpanContext?.spanId === c.spanContext().spanId);
      assert.equal(children.length, 1, 'exactly one server span per client span');
      assert.equal(requestIdOf(children[0]), requestIdOf(c));
      const reply = JSON.parse(String(c.events[1].attributes?.['grpcaudit.payload']));
      assert.equal(reply.requestId, requestIdOf(c));
      assert.equal(reply.message, `echo: n${requestIdOf(c).slice(1)}`);
    }
  });
});
void METHODS;
