import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeExportRequest, encodeExportResponse } from '../../collector/ingest/otlp-codec';
import { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { EXPORT_METHOD_PATH } from '../../interceptors/delivery/otlp-grpc-transport';
import { DeliveryEnv, range, waitFor } from './support/delivery-env';

interface Held {
  seqs: number[];
  answer(err: grpc.ServiceError | null): void;
}

/**
 * A real OTLP/gRPC server (grpc-js, loopback, port 0) that holds every Export call until the test
 * answers it — so the test decides the order in which the collector's answers arrive.
 */
async function holdingServer(): Promise<{ address: string; held: Held[]; close(): void }> {
  const pass = (b: Buffer): Buffer => b;
  const held: Held[] = [];
  const server = new grpc.Server();
  server.addService(
    {
      Export: { path: EXPORT_METHOD_PATH, requestStream: false, responseStream: false, requestSerialize: pass, requestDeserialize: pass, responseSerialize: pass, responseDeserialize: pass },
    },
    {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const req = decodeExportRequest(call.request);
        const seqs = (req.resourceSpans ?? []).flatMap((rs) =>
          (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => Number(s.attributes?.find((a) => a.key === 'grpcaudit.seq')?.value?.intValue))),
        );
        held.push({ seqs, answer: (err) => (err ? cb(err) : cb(null, encodeExportResponse({}))) });
      },
    },
  );
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  return { address: `127.0.0.1:${port}`, held, close: () => server.forceShutdown() };
}

const unavailable = (): grpc.ServiceError => Object.assign(new Error('try later'), { code: grpc.status.UNAVAILABLE, details: 'try later', metadata: new grpc.Metadata() });

describe('delivery: several export requests in flight', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-inflight-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));

  it('answers out of order: the ack cursor advances only in order; a failed earlier batch is resent; a restart replays what the cursor did not pass', async () => {
    const srv = await holdingServer();
    const options = {
      address: srv.address,
      credentials: grpc.credentials.createInsecure(),
      spoolDir: dir,
      maxExportsInFlight: 3,
      maxExportBatchSize: 10,
      scheduledDelayMs: 0,
      initialBackoffMs: 5,
      maxBackoffMs: 20,
      shutdownTimeoutMs: 200,
      exportTimeoutMs: 30_000, // answers come when the test gives them, never by deadline
      logger: { warn: () => undefined, error: () => undefined },
    };
    let p = new DurableSpanProcessor(options);
    try {
      const tracer = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] }).getTracer('grpc-audit');
      for (let i = 0; i < 40; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc' } }).end();
      await waitFor(() => srv.held.length === 3, 'three requests in flight at once');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(srv.held.length, 3, 'never more than maxExportsInFlight');
      assert.deepEqual(
        srv.held.map((h) => h.seqs),
        [range(1, 10), range(11, 20), range(21, 30)],
        'batches taken in spool order',
      );
      assert.equal(p.stats().inFlight, 3);

      // The second and third answers arrive first: delivered, but the cursor must not pass batch 1.
      srv.held[1].answer(null);
      srv.held[2].answer(null);
      await waitFor(() => p.stats().delivered === 20, 'two later batches answered');
      assert.equal(p.stats().spoolEntries, 40, 'no entry acknowledged while the oldest batch is unanswered');
      // A slot freed: the fourth batch goes out.
      await waitFor(() => srv.held.length === 4, 'the last batch sent');
      assert.deepEqual(srv.held[3].seqs, range(31, 40));

      // Batch 1 fails (retryable): it is resent, with the same records, before anything newer.
      srv.held[0].answer(unavailable());
      await waitFor(() => srv.held.length === 5, 'batch 1 resent');
      assert.deepEqual(srv.held[4].seqs, range(1, 10), 'the failed batch is resent as it was');
      assert.equal(p.stats().retries, 1);
      assert.equal(p.stats().spoolEntries, 40, 'still nothing acknowledged');

      // Stop here (batch 1 and batch 4 unanswered) — a restart must resend from batch 1 on.
      await p.shutdown();
      p = new DurableSpanProcessor(options);
      assert.equal(p.stats().spoolEntries, 40, 'the cursor never passed the unanswered batch 1: all 40 replay');
      const before = srv.held.length;
      await waitFor(() => srv.held.length === before + 3, 'replayed batches in flight');
      assert.deepEqual(
        srv.held.slice(before).map((h) => h.seqs),
        [range(1, 10), range(11, 20), range(21, 30)],
      );
      // Answer in reverse order; everything is acknowledged once all are answered.
      for (const h of srv.held.slice(before).reverse()) h.answer(null);
      await waitFor(() => srv.held.length === before + 4, 'last batch');
      srv.held[before + 3].answer(null);
      await waitFor(() => p.stats().spoolEntries === 0, 'all acknowledged');
      assert.equal(p.stats().delivered, 40);
    } finally {
      await p.shutdown();
      srv.close();
    }
  });
});

describe('delivery: in flight against the real collector under faults', function () {
  this.timeout(120_000);
  let env: DeliveryEnv;
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('4 requests in flight, small batches, connections dropped and the collector restarted: every sequence number stored exactly once', async () => {
    await env.startCollector();
    const p = env.processor('inflight-faults', { maxExportsInFlight: 4, maxExportBatchSize: 16, scheduledDelayMs: 2 });
    const tracer = env.provider(p).getTracer('grpc-audit');
    const emit = (n: number): void => {
      for (let i = 0; i < n; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc' } }).end();
    };
    let maxInFlight = 0;
    for (let round = 0; round < 60; round++) {
      emit(40);
      if (round === 15) env.proxy.dropConnections();
      if (round === 30) await env.stopCollector();
      if (round === 40) await env.startCollector();
      maxInFlight = Math.max(maxInFlight, p.stats().inFlight);
      await new Promise((r) => setTimeout(r, 5));
      maxInFlight = Math.max(maxInFlight, p.stats().inFlight);
    }
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId).length >= 2400, 'all 2400 stored');
    assert.deepEqual(env.seqs(p.emitterId), range(1, 2400), 'each number exactly once');
    assert.equal(env.seqs(p.emitterId, 'gap').length, 0);
    assert.ok(maxInFlight > 1, `several requests were in flight (max seen ${maxInFlight})`);
    assert.ok(p.stats().retries > 0);
    // Stored is not yet acknowledged: a batch whose answer was lost is resent (and de-duplicated).
    await waitFor(() => p.stats().spoolEntries === 0, 'every spooled record acknowledged');
    assert.equal(p.stats().delivered >= 2400, true);
    await p.shutdown();
  });

  it('a refused gap record is not reported by another (no endless chain): counted, logged, its range left open; the spool drains', async () => {
    // A real OTLP/gRPC server that refuses, as INVALID_ARGUMENT, any request holding a record
    // marked 'poison' or a gap record — the case where the report of a refusal is refused too.
    const pass = (b: Buffer): Buffer => b;
    const stored: number[] = [];
    let gapRequests = 0;
    const server = new grpc.Server();
    server.addService(
      { Export: { path: EXPORT_METHOD_PATH, requestStream: false, responseStream: false, requestSerialize: pass, requestDeserialize: pass, responseSerialize: pass, responseDeserialize: pass } },
      {
        Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
          const spans = (decodeExportRequest(call.request).resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []));
          const refuse = (why: string): void => cb(Object.assign(new Error(why), { code: grpc.status.INVALID_ARGUMENT, details: why, metadata: new grpc.Metadata() }));
          if (spans.some((x) => x.name === 'grpcaudit.gap')) {
            gapRequests++;
            return refuse('gap records are refused here');
          }
          if (spans.some((x) => x.attributes?.some((a) => a.key === 'poison'))) return refuse('poisoned record');
          for (const x of spans) stored.push(Number(x.attributes?.find((a) => a.key === 'grpcaudit.seq')?.value?.intValue));
          cb(null, encodeExportResponse({}));
        },
      },
    );
    const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
    const errors: string[] = [];
    const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-gap-refused-'));
    const p = new DurableSpanProcessor({
      address: `127.0.0.1:${port}`,
      credentials: grpc.credentials.createInsecure(),
      spoolDir,
      scheduledDelayMs: 0,
      logger: { warn: () => undefined, error: (m) => errors.push(m) },
    });
    try {
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] });
      const tracer = provider.getTracer('grpc-audit');
      const end = (attrs: Record<string, string>): void => tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', ...attrs } }).end();
      end({});
      end({});
      await p.forceFlush();
      end({ poison: 'yes' });
      await p.forceFlush();
      await p.forceFlush(); // the gap report for seq 3 is refused as well
      end({});
      await p.forceFlush();
      await new Promise((r) => setTimeout(r, 200)); // time for a chain to start, if there were one
      await p.forceFlush();
      assert.deepEqual(stored, [1, 2, 5], 'the records around the poisoned one (3) and its refused report (4) are delivered');
      assert.equal(gapRequests, 1, 'the refused gap record was sent once and not reported by another');
      const s = p.stats();
      assert.equal(s.rejectedInvalid, 2);
      assert.equal(s.rejectedGapRecords, 1);
      assert.equal(s.spoolEntries, 0, 'nothing blocks the spool');
      assert.ok(errors.some((m) => /refused a gap record/.test(m)), errors.join('\n'));
    } finally {
      await p.shutdown();
      server.forceShutdown();
      fs.rmSync(spoolDir, { recursive: true, force: true });
    }
  });
});
