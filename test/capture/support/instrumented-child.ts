/**
 * Child process for the coexistence test: @opentelemetry/instrumentation-grpc patches grpc-js
 * when grpc-js is first required, so it is enabled here before anything loads grpc-js, in a
 * process of its own. Runs one unary and one bidi call through grpc-audit in the mode given as
 * argv[2] and prints the finished spans as JSON on stdout.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';

const mode = process.argv[2] === 'standalone' ? 'standalone' : 'enrich';
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(provider);
const instrumentation = new GrpcInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.enable();

async function main(): Promise<void> {
  // Loaded only now, after the instrumentation is in place.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createGrpcAudit } = require('../../../interceptors') as typeof import('../../../interceptors');
  const ks = require('../../helpers/kitchen-sink') as typeof import('../../helpers/kitchen-sink');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const audit = createGrpcAudit({ registry: ks.kitchenSinkRegistry(), mode });
  const server = await ks.startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
  const client = ks.createKitchenSinkClient(server.address, audit.clientOptions());
  const results = [];
  results.push(await ks.unary(client, 'Echo', { requestId: 'u1', note: 'hello' }));
  const errMd = new (require('@grpc/grpc-js').Metadata)();
  errMd.set(ks.BEHAVIOR_KEY, 'error');
  results.push(await ks.unary(client, 'Echo', { requestId: 'u2' }, errMd));
  results.push(await ks.bidi(client, 'Chat', [{ index: 1, text: 'a' }, { index: 2, text: 'b' }]));
  client.close();
  await server.close();
  await new Promise((r) => setTimeout(r, 100));
  const spans = exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: s.kind,
    scope: s.instrumentationScope.name,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    attributes: s.attributes,
    status: s.status,
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
  }));
  process.stdout.write(JSON.stringify({ mode, stats: audit.stats, outcomes: results.map((r) => r.error?.code ?? 0), spans }));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
