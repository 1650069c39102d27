import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { OtlpAuditExporter } from '../../interceptors/delivery/otlp-audit-exporter';
import { ExportResultCode, type ExportResult } from '../../interceptors/delivery/span-exporter';
import { DeliveryEnv, range, waitFor } from './support/delivery-env';

describe('delivery: OtlpAuditExporter, alone and composed (OTel-shaped)', function () {
  this.timeout(60_000);
  let env: DeliveryEnv;
  beforeEach(async () => {
    env = await DeliveryEnv.create();
    await env.startCollector();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  const exporter = (): OtlpAuditExporter => new OtlpAuditExporter({ address: env.address, credentials: env.credentials(), initialBackoffMs: 20, maxBackoffMs: 200, retryTimeoutMs: 2000 });

  it('new DurableSpanProcessor({ exporter, spool }) composes them: records numbered, spooled and delivered', async () => {
    const p = new DurableSpanProcessor({ exporter: exporter(), spool: { dir: path.join(env.dir, 'composed') }, scheduledDelayMs: 5, logger: { warn: () => undefined, error: () => undefined } });
    const provider = env.provider(p);
    const tracer = provider.getTracer('grpc-audit');
    for (let i = 0; i < 20; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc' } }).end();
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId).length >= 20, '20 records stored');
    assert.deepEqual(env.seqs(p.emitterId), range(1, 20));
    assert.equal(p.stats().spoolEntries, 0);
    await p.shutdown();
    await p.shutdown(); // idempotent; it shut its exporter down too
  });

  it('behind an SDK BatchSpanProcessor (the exporter is an OTel SpanExporter): spans stored under the exporter’s emitter id', async () => {
    const e = exporter();
    const asSdk: SpanExporter = e; // compile-time: structurally the SDK's SpanExporter
    const bsp = new BatchSpanProcessor(asSdk, { scheduledDelayMillis: 10 });
    const provider = env.provider(bsp);
    const tracer = provider.getTracer('app');
    for (let i = 0; i < 7; i++) tracer.startSpan('work', { attributes: { n: i } }).end();
    await provider.forceFlush();
    await waitFor(() => env.seqs(e.emitterId).length >= 7, '7 spans stored');
    assert.deepEqual(env.seqs(e.emitterId), range(1, 7));
    await provider.shutdown();
  });

  it('export(): a deterministic refusal is FAILED at once (not retried); a retryable one is retried until the collector is back', async () => {
    const e = exporter();
    const capture: ReadableSpan[] = [];
    const grab = { onStart: () => undefined, onEnd: (s: ReadableSpan) => capture.push(s), forceFlush: async () => undefined, shutdown: async () => undefined };
    const tp = env.provider(grab);
    tp.getTracer('app').startSpan('poison').end(new Date('2300-01-01T00:00:00Z'));
    tp.getTracer('app').startSpan('fine').end();
    const run = (spans: ReadableSpan[]): Promise<ExportResult> => new Promise((r) => e.export(spans, r));
    const started = Date.now();
    const refused = await run([capture[0]]);
    assert.equal(refused.code, ExportResultCode.FAILED);
    assert.match(refused.error!.message, /INVALID_ARGUMENT/);
    assert.ok(Date.now() - started < 1500, 'answered without waiting out the retry timeout');
    // Collector down: the export waits with backoff and succeeds once it is back.
    await env.stopCollector();
    const pending = run([capture[1]]);
    await new Promise((r) => setTimeout(r, 300));
    await env.startCollector();
    assert.equal((await pending).code, ExportResultCode.SUCCESS);
    await e.shutdown();
    assert.equal((await run([capture[1]])).code, ExportResultCode.FAILED, 'after shutdown');
  });
});
