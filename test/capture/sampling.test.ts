import { strict as assert } from 'node:assert';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { createGrpcAudit } from '../../interceptors';
import { sampledByTraceId } from '../../interceptors/capture/trace-context';
import { createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer, unary } from '../helpers/kitchen-sink';
import { createTestTracing } from '../helpers/tracing';

describe('capture: sampling', () => {
  it('decides from the trace id, so client and server record exactly the same calls', async () => {
    const tracing = createTestTracing();
    // Separate instances for the two sides, as in two processes.
    const clientAudit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, sampleRate: 0.5 });
    const serverAudit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, sampleRate: 0.5 });
    const server = await startKitchenSinkServer({ interceptors: [serverAudit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, clientAudit.clientOptions());
    const parents = tracing.provider.getTracer('test');
    try {
      const expected = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const parent = parents.startSpan(`p${i}`);
        const traceId = parent.spanContext().traceId;
        if (sampledByTraceId(traceId, 0.5)) expected.add(traceId);
        const out = await context.with(trace.setSpan(context.active(), parent), () => unary(client, 'Echo', { requestId: `r${i}` }));
        assert.ifError(out.error);
        parent.end();
      }
      await tracing.waitForSpans(40 + expected.size * 2);
      await new Promise((r) => setTimeout(r, 50));
      const ids = (kind: SpanKind) => new Set(tracing.spans().filter((s) => s.kind === kind).map((s) => s.spanContext().traceId));
      assert.ok(expected.size > 0 && expected.size < 40, `a mix of sampled and unsampled calls (${expected.size}/40)`);
      assert.deepEqual(ids(SpanKind.CLIENT), expected);
      assert.deepEqual(ids(SpanKind.SERVER), expected);
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });

  it('sampleRate 0 for one method: no span on either side, the call works, other methods recorded', async () => {
    const tracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, methods: { [METHODS.echo]: { sampleRate: 0 } } });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const out = await unary(client, 'Echo', { requestId: 'z', note: 'n' });
      assert.equal(out.value.message, 'echo: n');
      const down = await new Promise((resolve) => {
        const call = client.Download({ requestId: 'd' }) as NodeJS.EventEmitter;
        call.on('data', () => undefined);
        call.on('end', resolve);
      });
      void down;
      await tracing.waitForSpans(2);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(tracing.spans().map((s) => s.name), ['grpc.demo.v1.KitchenSinkService/Download', 'grpc.demo.v1.KitchenSinkService/Download']);
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });
});
