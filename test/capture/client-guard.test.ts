import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { createGrpcAudit, UnsupportedClientError, type GrpcAudit } from '../../interceptors';
import { createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer, unary, bidi, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

/** An application's own interceptor: adds a header, counts its calls. */
function appInterceptor(counter: { n: number }): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        counter.n++;
        metadata.set('x-app', 'yes');
        next(metadata, listener);
      },
    });
}

describe('capture: per-call interceptors cannot bypass the audit (client guard)', () => {
  let tracing: TestTracing;
  let audit: GrpcAudit;
  let server: RunningServer;
  const warnings: string[] = [];

  before(async () => {
    tracing = createTestTracing();
    audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, metadataAllowlist: ['x-app'], logger: { warn: (m) => warnings.push(m) } });
    server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
  });
  after(async () => {
    await server.close();
    await tracing.shutdown();
  });
  beforeEach(() => tracing.reset());

  function clientSpans() {
    return tracing.spans().filter((s) => s.kind === SpanKind.CLIENT);
  }

  it('grpc-js as is: per-call interceptors replace a client-level interceptor (no client span)', async () => {
    const client = createKitchenSinkClient(server.address, { interceptors: [audit.clientInterceptor] });
    const counter = { n: 0 };
    await unary(client, 'Echo', { requestId: 'a' }, new grpc.Metadata(), { interceptors: [appInterceptor(counter)] });
    await tracing.waitForSpans(1); // the server span
    assert.equal(counter.n, 1);
    assert.equal(clientSpans().length, 0, 'the audit interceptor was bypassed');
    client.close();
  });

  it('clientOptions(): per-call interceptors and providers still pass through ours (first), counted and logged once', async () => {
    const counter = { n: 0 };
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    const before = audit.stats.bypassesPrevented;
    await unary(client, 'Echo', { requestId: 'b' }, new grpc.Metadata(), { interceptors: [appInterceptor(counter)] });
    await unary(client, 'Echo', { requestId: 'c' }, new grpc.Metadata(), { interceptor_providers: [() => appInterceptor(counter)] });
    await bidi(client, 'Chat', [{ index: 1 }], new grpc.Metadata(), { interceptors: [appInterceptor(counter)] });
    await tracing.waitForSpans(6);
    assert.equal(counter.n, 3, "the app's interceptors ran");
    assert.equal(clientSpans().length, 3);
    assert.equal(audit.stats.bypassesPrevented - before, 3);
    assert.equal(warnings.filter((w) => w.includes('per-call interceptors')).length, 2, 'one warning per method');
    // Ours is outermost: the app's interceptor runs after ours, so the header it adds is what the server receives.
    const serverSpan = tracing.spans().find((s) => s.kind === SpanKind.SERVER)!;
    assert.equal(serverSpan.attributes['grpcaudit.metadata.request.x-app'], 'yes');
    for (const span of clientSpans()) {
      assert.equal(span.attributes['server.address'], '127.0.0.1');
      assert.equal(span.attributes['server.port'], server.port);
    }
    client.close();
  });

  it('clientOptions(base) keeps the application client-level interceptors and transformer', async () => {
    const counter = { n: 0 };
    let transformed = 0;
    const client = createKitchenSinkClient(
      server.address,
      audit.clientOptions({
        interceptors: [appInterceptor(counter)],
        callInvocationTransformer: (p) => {
          transformed++;
          return p;
        },
      }),
    );
    await unary(client, 'Echo', { requestId: 'd' });
    await tracing.waitForSpans(2);
    assert.equal(counter.n, 1);
    assert.equal(transformed, 1);
    assert.equal(clientSpans().length, 1);
    client.close();
  });

  it('wrapClient(): an existing client gets the audit, also against per-call interceptors; wrapping twice is harmless', async () => {
    const counter = { n: 0 };
    const client = audit.wrapClient(audit.wrapClient(createKitchenSinkClient(server.address)));
    await unary(client, 'Echo', { requestId: 'e' });
    await unary(client, 'Echo', { requestId: 'f' }, new grpc.Metadata(), { interceptors: [appInterceptor(counter)] });
    await tracing.waitForSpans(4);
    assert.equal(counter.n, 1);
    const spans = clientSpans();
    assert.equal(spans.length, 2, 'one client span per call, never two');
    assert.equal(spans[0].attributes['server.address'], '127.0.0.1');
    client.close();
  });

  it('wrapClient() refuses what is not a grpc-js client, with a clear error', () => {
    assert.throws(() => audit.wrapClient({}), UnsupportedClientError);
    assert.throws(() => audit.wrapClient({}), /construct it with audit\.clientOptions\(\)/);
  });
});
void METHODS;

describe("capture: mode 'enrich' without the instrumentation", () => {
  it('an enclosing application span is not enriched: the call gets its own client span under it', async () => {
    const tracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, mode: 'enrich' });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const app = tracing.provider.getTracer('app').startSpan('checkout');
      await context.with(trace.setSpan(context.active(), app), () => unary(client, 'Echo', { requestId: 'x' }));
      app.end();
      const spans = await tracing.waitForSpans(3);
      const appSpan = spans.find((s) => s.name === 'checkout')!;
      assert.equal(appSpan.events.length, 0);
      assert.equal(appSpan.attributes['grpcaudit.policy.version'], undefined, 'the application span is untouched');
      const own = spans.find((s) => s.kind === SpanKind.CLIENT)!;
      assert.equal(own.parentSpanContext?.spanId, appSpan.spanContext().spanId);
      assert.equal(own.events.length, 2);
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });
});
