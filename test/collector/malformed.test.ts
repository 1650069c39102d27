import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { encodeExportRequest } from '../../collector/ingest/otlp-codec';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { kv, RawOtlpClient, request, span } from './support/otlp';

describe('collector: malformed OTLP input', function () {
  let pki: TestPki;
  let c: RunningCollector;
  let client: RawOtlpClient;
  let checkout: CertFiles;

  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    c = await runCollector(pki, { config: { limits: { maxReceiveMessageBytes: 64 * 1024 } } });
    client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
  });
  after(async () => {
    client?.close();
    await c?.handle.shutdown();
    pki?.cleanup();
  });
  beforeEach(() => {
    c.memory!.records.length = 0;
  });

  /** After every bad input the collector must still store a normal export. */
  async function stillServing(): Promise<void> {
    const out = await client.export(request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
    assert.equal(out.err, undefined, String(out.err));
    assert.equal(c.memory!.records.length, 1);
  }

  it('answers garbage bytes with INVALID_ARGUMENT', async () => {
    // A length-delimited field whose length runs past the end of the message.
    const out = await client.exportBytes(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    assert.equal(out.err?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(out.err!.details, /not a valid OTLP ExportTraceServiceRequest/);
    assert.equal(c.memory!.records.length, 0);
    await stillServing();
  });

  it('answers a wire-type error with INVALID_ARGUMENT', async () => {
    const out = await client.exportBytes(Buffer.from([0x0f, 0x00, 0x00]));
    assert.equal(out.err?.code, grpc.status.INVALID_ARGUMENT);
    await stillServing();
  });

  it('answers a request larger than limits.maxReceiveMessageBytes with RESOURCE_EXHAUSTED', async () => {
    const big = span({ attrs: [kv('blob', 'x'.repeat(100 * 1024))] });
    const out = await client.export(request([{ service: 'checkout', spans: [big] }]));
    assert.equal(out.err?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(c.memory!.records.length, 0);
    await stillServing();
  });

  it('answers spans without resource or service.name with INVALID_ARGUMENT', async () => {
    const noResource = encodeExportRequest({ resourceSpans: [{ scopeSpans: [{ spans: [span()] }] }] });
    const a = await client.exportBytes(noResource);
    assert.equal(a.err?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(a.err!.details, /missing_service_name/);
    const b = await client.export(request([{ service: undefined, resourceAttrs: [kv('service.name', 42)], spans: [span()] }]));
    assert.equal(b.err?.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(c.memory!.records.length, 0);
    await stillServing();
  });

  it('rejects individual malformed spans (bad ids, duplicate keys, bad grpcaudit types) and keeps the good ones', async () => {
    const badTrace = { ...span(), traceId: Buffer.alloc(3, 1) };
    const zeroSpan = { ...span(), spanId: Buffer.alloc(8) };
    const dupKeys = span({ attrs: [kv('a', '1'), kv('a', '2')] });
    const badSeq = span({ attrs: [kv('grpcaudit.seq', 'seven')] });
    const badRefs = span({ attrs: [kv('grpcaudit.subject_refs', 5)] });
    const good = span();
    const out = await client.export(request([{ service: 'checkout', spans: [badTrace, zeroSpan, dupKeys, badSeq, badRefs, good] }]));
    assert.equal(out.err, undefined);
    assert.equal(Number(out.response!.partialSuccess!.rejectedSpans), 5);
    assert.match(out.response!.partialSuccess!.errorMessage, /5 malformed_span/);
    assert.equal(c.memory!.records.length, 1);
    assert.equal(c.memory!.records[0].spanId, Buffer.from(good.spanId!).toString('hex'));
  });

  it('answers a request whose spans are all malformed with INVALID_ARGUMENT', async () => {
    const out = await client.export(request([{ service: 'checkout', spans: [{ ...span(), traceId: Buffer.alloc(0) }] }]));
    assert.equal(out.err?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(out.err!.details, /trace_id must be 16 bytes/);
  });

  it('accepts an empty request', async () => {
    const out = await client.export({ resourceSpans: [] });
    assert.equal(out.err, undefined);
    assert.equal(out.response!.partialSuccess, undefined);
  });

  it('stores a re-sent span once (idempotent by record id)', async () => {
    const s = span({ attrs: [kv('grpcaudit.record.id', 'rec-42')] });
    for (let i = 0; i < 2; i++) assert.equal((await client.export(request([{ service: 'checkout', spans: [s] }]))).err, undefined);
    assert.deepEqual(c.memory!.records.map((r) => r.recordId), ['rec-42']);
  });

  it('answers UNAVAILABLE when the sink fails, so the exporter retries, and stores on retry', async () => {
    c.memory!.failNext = 1;
    const s = span();
    const first = await client.export(request([{ service: 'checkout', spans: [s] }]));
    assert.equal(first.err?.code, grpc.status.UNAVAILABLE);
    assert.equal(c.memory!.records.length, 0);
    const retry = await client.export(request([{ service: 'checkout', spans: [s] }]));
    assert.equal(retry.err, undefined);
    assert.equal(c.memory!.records.length, 1);
  });
});
