import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { metricValue, scrape } from './support/metrics';
import { RawOtlpClient, request, span } from './support/otlp';

/** Spans made by the real OTel SDK for one service. */
function makeSpans(service: string, n: number, extra: Record<string, string | number | string[]> = {}): ReadableSpan[] {
  const mem = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(mem)],
  });
  const tracer = provider.getTracer('e2e-test', '1.2.3');
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan('grpc.demo.v1.Shop/Buy', {
      kind: 1,
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'demo.v1.Shop', 'rpc.method': 'Buy', 'rpc.grpc.status_code': 0, ...extra },
    });
    s.addEvent('rpc.message', { 'message.type': 'RECEIVED', 'message.id': 1, 'grpcaudit.payload': '{"item":"book","qty":2}' });
    s.end();
  }
  return mem.getFinishedSpans();
}

function otlpExport(address: string, files: CertFiles | undefined, caFile: string, spans: ReadableSpan[]): Promise<ExportResult> {
  const ca = fs.readFileSync(caFile);
  const credentials = files ? grpc.credentials.createSsl(ca, Buffer.from(files.keyPem), Buffer.from(files.certPem)) : grpc.credentials.createSsl(ca);
  const exporter = new OTLPTraceExporter({ url: `https://${address}`, credentials, timeoutMillis: 5000 });
  return new Promise<ExportResult>((resolve) => exporter.export(spans, resolve)).finally(() => exporter.shutdown());
}

function grpcCode(result: ExportResult): number | undefined {
  return (result.error as { code?: number } | undefined)?.code;
}

describe('collector: real mTLS end to end with the OTLP gRPC exporter', function () {
  let pki: TestPki;
  let c: RunningCollector;
  let checkout: CertFiles;

  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    // Every refusal logged (no sampling) so each case can see its own line.
    c = await runCollector(pki, { config: { log: { badRequestSampleMs: 0 } } });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });
  beforeEach(() => {
    c.memory!.records.length = 0;
  });

  it('stores the spans of an authorised workload with its SPIFFE identity', async () => {
    const spans = makeSpans('checkout', 3, { 'grpcaudit.subject_refs': ['h:ab12', 'h:cd34'], 'grpcaudit.emitter.id': 'em-1', 'grpcaudit.seq': 7 });
    const result = await otlpExport(c.handle.address, checkout, pki.caFile, spans);
    assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
    const recs = c.memory!.records;
    assert.equal(recs.length, 3);
    for (const r of recs) {
      assert.equal(r.identity, 'spiffe://example.org/ns/shop/checkout');
      assert.equal(r.service, 'checkout');
      assert.equal(r.method, '/demo.v1.Shop/Buy');
      assert.equal(r.kind, 'server');
      assert.equal(r.recordType, 'span');
      assert.deepEqual(r.subjectRefs, ['h:ab12', 'h:cd34']);
      assert.equal(r.emitterId, 'em-1');
      assert.equal(r.seq, 7);
      assert.equal(r.grpcStatusCode, 0);
      assert.match(r.recordId, /^[0-9a-f]{32}:[0-9a-f]{16}$/);
      const body = JSON.parse(r.body);
      assert.equal(body.events[0].attributes['grpcaudit.payload'].stringValue, '{"item":"book","qty":2}');
      assert.equal(body.scope.name, 'e2e-test');
      assert.equal(body.resource.attributes['service.name'].stringValue, 'checkout');
    }
    assert.deepEqual(
      recs.map((r) => `${r.traceId}:${r.spanId}`).sort(),
      spans.map((s) => `${s.spanContext().traceId}:${s.spanContext().spanId}`).sort(),
    );
  });

  it('refuses a spoofed service.name with PERMISSION_DENIED and stores nothing', async () => {
    const before = await metricValue(c, 'grpcaudit_collector_spans_rejected_total{reason="service_not_allowed"}');
    const result = await otlpExport(c.handle.address, checkout, pki.caFile, makeSpans('payments', 2, { 'grpcaudit.metadata.request.x-card': 'SECRET-VALUE-1' }));
    assert.equal(result.code, ExportResultCode.FAILED);
    assert.equal(grpcCode(result), grpc.status.PERMISSION_DENIED);
    assert.equal(c.memory!.records.length, 0);
    assert.equal((await metricValue(c, 'grpcaudit_collector_spans_rejected_total{reason="service_not_allowed"}')) - before, 2);
    const line = c.logs.find((l) => l.event === 'spans_rejected' && l.identity === 'spiffe://example.org/ns/shop/checkout');
    assert.ok(line, 'rejection logged');
    assert.ok(!c.logText().includes('SECRET-VALUE-1'), 'no attribute value in logs');
    assert.ok(!c.logText().includes('book'), 'no payload in logs');
  });

  const unauthenticated: Array<[string, (p: TestPki) => Promise<CertFiles | undefined>]> = [
    ['no client certificate', async () => undefined],
    ['a certificate from another CA', (p) => p.foreign('foreign', 'spiffe://example.org/ns/shop/checkout')],
    ['an expired certificate', (p) => p.expired('expired', 'spiffe://example.org/ns/shop/checkout')],
    ['a certificate with two URI SANs', (p) => p.issue('two-uris', { uris: ['spiffe://example.org/ns/shop/checkout', 'spiffe://example.org/x'] })],
    ['a certificate without SAN', (p) => p.issue('no-san', { commonName: 'checkout' })],
    ['a certificate whose URI SAN is not a SPIFFE ID', (p) => p.issue('https-uri', { uris: ['https://example.org/checkout'] })],
  ];
  for (const [what, make] of unauthenticated) {
    it(`refuses ${what} with UNAUTHENTICATED, counts and logs it, stores nothing`, async () => {
      const files = await make(pki);
      const before = await metricValue(c, 'grpcaudit_collector_auth_failures_total', true);
      const logCount = c.logs.filter((l) => l.event === 'unauthenticated').length;
      const result = await otlpExport(c.handle.address, files, pki.caFile, makeSpans('checkout', 1));
      assert.equal(result.code, ExportResultCode.FAILED);
      assert.equal(grpcCode(result), grpc.status.UNAUTHENTICATED, String(result.error));
      assert.equal(c.memory!.records.length, 0);
      assert.equal((await metricValue(c, 'grpcaudit_collector_auth_failures_total', true)) - before, 1);
      assert.equal(c.logs.filter((l) => l.event === 'unauthenticated').length, logCount + 1);
    });
  }

  it('accepts the authorised spans of a mixed request and reports the rest as partial success', async () => {
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      const out = await client.export(request([
        { service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] }), span()] },
        { service: 'payments', spans: [span()] },
        { service: undefined, spans: [span()] },
      ]));
      assert.equal(out.err, undefined);
      assert.equal(Number(out.response!.partialSuccess!.rejectedSpans), 2);
      assert.match(out.response!.partialSuccess!.errorMessage, /service_not_allowed/);
      assert.match(out.response!.partialSuccess!.errorMessage, /missing_service_name/);
      assert.equal(c.memory!.records.length, 2);
    } finally {
      client.close();
    }
  });

  it('applies wildcard identities and method restrictions', async () => {
    const cart = await pki.workload('cart', 'spiffe://example.org/ns/shop/cart');
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(cart));
    try {
      const ok = await client.export(request([{ service: 'shop-cart', spans: [span({ rpc: ['demo.v1.Shop', 'Add'] }), span({ name: 'grpcaudit.gap' })] }]));
      assert.equal(ok.err, undefined);
      assert.equal(ok.response!.partialSuccess, undefined);
      const gap = c.memory!.records.find((r) => r.recordType === 'gap');
      assert.ok(gap);
      const denied = await client.export(request([{ service: 'shop-cart', spans: [span({ rpc: ['demo.v1.Admin', 'Wipe'] })] }]));
      assert.equal(denied.err?.code, grpc.status.PERMISSION_DENIED);
      assert.match(denied.err!.details, /method_not_allowed/);
    } finally {
      client.close();
    }
  });

  it('serves grpc.health.v1 and Prometheus metrics on loopback', async () => {
    const def = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
    const health = new pkg.grpc.health.v1.Health(c.handle.address, c.clientCreds(checkout));
    const res = await new Promise<{ status: string }>((resolve, reject) =>
      (health as unknown as { Check: (r: object, cb: (e: Error | null, r: { status: string }) => void) => void }).Check({ service: '' }, (e, r) => (e ? reject(e) : resolve(r))),
    );
    health.close();
    assert.equal(res.status, 'SERVING');
    const text = await scrape(c);
    assert.match(text, /grpcaudit_collector_records_accepted_total \d+/);
    assert.match(text, /grpcaudit_collector_batch_append_seconds_bucket/);
    assert.match(text, /grpcaudit_collector_ledger_size \d+/);
  });
});

describe('collector: client certificates enforced at the TLS handshake (clientAuth: handshake)', function () {
  let pki: TestPki;
  let c: RunningCollector;
  before(async () => {
    pki = await makeTestPki();
    c = await runCollector(pki, { tls: { clientAuth: 'handshake' } });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('fails the handshake without a trusted certificate: the client sees UNAVAILABLE, nothing reaches the receiver', async () => {
    for (const files of [undefined, await pki.foreign('f2', 'spiffe://example.org/ns/shop/checkout')]) {
      const client = new RawOtlpClient(c.handle.address, c.clientCreds(files));
      try {
        const out = await client.export(request([{ service: 'checkout', spans: [span()] }]));
        assert.equal(out.err?.code, grpc.status.UNAVAILABLE, String(out.err));
      } finally {
        client.close();
      }
    }
    assert.equal(c.memory!.records.length, 0);
    assert.equal(c.logs.filter((l) => l.event === 'unauthenticated').length, 0);
  });

  it('still accepts a trusted workload', async () => {
    const checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    const result = await otlpExport(c.handle.address, checkout, pki.caFile, makeSpans('checkout', 1));
    assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
    assert.equal(c.memory!.records.length, 1);
  });
});
