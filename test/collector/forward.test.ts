import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { loadCollectorConfig, parseCollectorConfig } from '../../collector/config/load-config';
import { ATTR_FORWARD_IDENTITY, ATTR_FORWARD_LEDGER_INDEX, ATTR_FORWARD_RECORD_ID } from '../../collector/forward/forward-attributes';
import { decodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpAnyValue, OtlpExportRequest, OtlpSpan } from '../../collector/ingest/otlp-types';
import { openConfiguredSink } from '../../collector/ingest/open-sink';
import { ThreadedAuditLog } from '../../collector/ledger/threaded-audit-log';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { metricValue, scrape } from './support/metrics';
import { kv, RawOtlpClient, request, span } from './support/otlp';

const CHECKOUT = 'spiffe://example.org/ns/shop/checkout';
// A credential the emitter should have masked; the collector's guard masks it before storing.
const LEAKED_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZw';

/** A plain OTLP/HTTP trace receiver: decodes each protobuf request; answers by a programmable script. */
class PlainOtlpHttpReceiver {
  readonly requests: Array<{ headers: http.IncomingHttpHeaders; raw: Buffer; body: OtlpExportRequest; path: string }> = [];
  /** Status to answer for each next request (then 200). */
  script: number[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = this.script.shift() ?? 200;
      if (status === 200) {
        const raw = Buffer.concat(chunks);
        this.requests.push({ headers: req.headers, raw, body: decodeExportRequest(raw), path: req.url ?? '' });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end();
      } else {
        res.writeHead(status);
        res.end('busy');
      }
    });
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }
  spans(): OtlpSpan[] {
    return this.requests.flatMap((r) => (r.body.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])));
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

function attr(s: OtlpSpan, key: string): OtlpAnyValue | undefined {
  return s.attributes?.find((a) => a.key === key)?.value;
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A sample from the collector's registry (still readable after shutdown closed the /metrics port). */
async function registryValue(c: RunningCollector, series: string, sum = false): Promise<number> {
  let total = 0;
  for (const line of (await c.handle.metrics.registry.metrics()).split('\n')) {
    if (line.startsWith('#')) continue;
    const name = line.slice(0, line.lastIndexOf(' '));
    if (sum ? name === series || name.startsWith(`${series}{`) : name === series) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Parameters<typeof openConfiguredSink>[1];

describe('collector: forwarding stored records to OTLP backends', function () {
  this.timeout(60_000);
  let pki: TestPki;
  before(async () => {
    pki = await makeTestPki();
  });
  after(() => pki?.cleanup());

  it('validates forward.exporters, naming the key', () => {
    const base = { insecure: true };
    const bad = (exporter: Record<string, unknown>, key: RegExp): void =>
      assert.throws(() => parseCollectorConfig({ ...base, forward: { exporters: [{ name: 'b', ...exporter }] } }), key);
    bad({ protocol: 'grpc', endpoint: 'http://x:1' }, /forward\.exporters\.0\.endpoint.*host:port/);
    bad({ protocol: 'http/protobuf', endpoint: 'tempo:4318' }, /forward\.exporters\.0\.endpoint/);
    bad({ protocol: 'http/protobuf', endpoint: 'http://u:p@tempo:4318' }, /must not carry credentials/);
    bad({ protocol: 'http/protobuf', endpoint: 'http://tempo:4318', tls: { caFile: 'ca.pem' } }, /forward\.exporters\.0\.tls.*https/);
    bad({ protocol: 'grpc', endpoint: 'tempo:4317', tls: { certFile: 'c.pem' } }, /forward\.exporters\.0\.tls\.keyFile/);
    bad({ protocol: 'zipkin', endpoint: 'x:1' }, /forward\.exporters\.0\.protocol/);
    bad({ protocol: 'grpc', endpoint: 'x:1', headers: { Authorization: 'k' } }, /forward\.exporters\.0\.headers/);
    bad({ protocol: 'grpc', endpoint: 'x:1', queue: { maxRecords: 10, maxBatchRecords: 20 } }, /maxBatchRecords/);
    assert.throws(
      () => parseCollectorConfig({ ...base, forward: { exporters: [{ name: 'a', protocol: 'grpc', endpoint: 'x:1' }, { name: 'a', protocol: 'grpc', endpoint: 'y:1' }] } }),
      /forward\.exporters\.1\.name.*used twice/,
    );
    const ok = parseCollectorConfig({ ...base, forward: { exporters: [{ name: 'tempo', protocol: 'http/protobuf', endpoint: 'https://tempo:4318' }] } });
    assert.deepEqual(ok.forward.exporters[0].queue, { maxRecords: 20_000, maxBatchRecords: 512 });
    assert.deepEqual(parseCollectorConfig(base).forward, { exporters: [] });
  });

  it('reads forward.exporters from the collector YAML, with tls paths relative to the file', () => {
    const dir = fs.mkdtempSync(path.join(pki.dir, 'cfg-'));
    const file = path.join(dir, 'collector.yaml');
    fs.writeFileSync(
      file,
      `insecure: true
forward:
  exporters:
    - name: tempo
      protocol: grpc
      endpoint: tempo.observability:4317
      headers: { x-scope-orgid: audit }
      tls: { caFile: certs/ca.pem, certFile: certs/me.pem, keyFile: /abs/me.key }
      queue: { maxRecords: 100, maxBatchRecords: 10 }
`,
    );
    const cfg = loadCollectorConfig({ flags: { config: file }, env: {} });
    const e = cfg.forward.exporters[0];
    assert.deepEqual(
      [e.name, e.protocol, e.endpoint, e.headers, e.tls.caFile, e.tls.certFile, e.tls.keyFile, e.queue, e.retry, e.timeoutMs],
      ['tempo', 'grpc', 'tempo.observability:4317', { 'x-scope-orgid': 'audit' }, path.join(dir, 'certs/ca.pem'), path.join(dir, 'certs/me.pem'), '/abs/me.key', { maxRecords: 100, maxBatchRecords: 10 }, { initialBackoffMs: 500, maxBackoffMs: 30_000 }, 10_000],
    );
    fs.writeFileSync(file, 'insecure: true\nforward:\n  exporters:\n    - { name: x, protocol: grpc, endpoint: "x:1", colour: red }\n');
    assert.throws(() => loadCollectorConfig({ flags: { config: file }, env: {} }), /forward\.exporters\.0.*unknown setting.*'colour'/);
  });

  it('OTLP/HTTP over TLS with a client certificate (https backend that requires mTLS)', async () => {
    const client = await pki.workload('collector-https', 'spiffe://example.org/ns/audit/collector');
    const got: Array<{ peer: string | undefined; spans: number }> = [];
    const server = https.createServer({ cert: pki.server.certPem, key: pki.server.keyPem, ca: fs.readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subjectaltname;
        const body = decodeExportRequest(Buffer.concat(chunks));
        got.push({ peer, spans: (body.resourceSpans ?? []).reduce((n, rs) => n + (rs.scopeSpans?.[0]?.spans?.length ?? 0), 0) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = await runCollector(pki, {
      config: {
        forward: { exporters: [{ name: 'https', protocol: 'http/protobuf', endpoint: `https://127.0.0.1:${port}`, tls: { caFile: pki.caFile, certFile: client.certFile, keyFile: client.keyFile } }] },
      },
    });
    const checkout = await pki.workload('checkout', CHECKOUT);
    const otlp = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      assert.ifError((await otlp.export(request([{ service: 'checkout', spans: [span(), span(), span()] }]))).err);
      await waitFor('3 spans over https', () => got.reduce((n, g) => n + g.spans, 0) === 3);
      assert.match(got[0].peer ?? '', /URI:spiffe:\/\/example\.org\/ns\/audit\/collector/, 'the backend saw the client certificate');
    } finally {
      otlp.close();
      await c.handle.shutdown();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('OTLP/HTTP: masked records with record id, identity and ledger index; headers; retried while the backend answers 503', async () => {
    const receiver = new PlainOtlpHttpReceiver();
    await receiver.start();
    receiver.script = [503, 503];
    const dbPath = path.join(pki.dir, `fwd-${Date.now()}.db`);
    const sink = await openConfiguredSink(parseCollectorConfig({ insecure: true, store: { path: dbPath } }).store, logger);
    assert.ok(sink instanceof ThreadedAuditLog, 'the default SQLite sink (writer thread) reports positions too');
    const c = await runCollector(pki, {
      sink,
      config: {
        forward: {
          exporters: [
            {
              name: 'plain-http',
              protocol: 'http/protobuf',
              endpoint: `http://127.0.0.1:${receiver.port}`,
              headers: { 'x-api-key': 'secret-key-1' },
              retry: { initialBackoffMs: 20, maxBackoffMs: 40 },
              queue: { maxRecords: 1000, maxBatchRecords: 4 },
            },
          ],
        },
      },
    });
    const checkout = await pki.workload('checkout', CHECKOUT);
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      const leaky = span({
        rpc: ['demo.v1.Shop', 'Buy'],
        attrs: [kv('grpcaudit.emitter.id', 'E1'), kv('grpcaudit.seq', 1)],
        events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', JSON.stringify({ note: `token ${LEAKED_JWT}`, qty: 2 }))] }],
      });
      const clean = Array.from({ length: 9 }, (_, i) => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('grpcaudit.emitter.id', 'E1'), kv('grpcaudit.seq', i + 2)] }));
      const first = request([{ service: 'checkout', spans: [leaky, ...clean] }]);
      assert.ifError((await client.export(first)).err);
      // The same spans again (an emitter retry): duplicates are stored once and forwarded once.
      assert.ifError((await client.export(first)).err);
      await waitFor('10 forwarded spans', () => receiver.spans().length >= 10);
      await c.handle.forwarding!.flush(5000);

      const spans = receiver.spans();
      assert.equal(spans.length, 10, 'each stored record forwarded exactly once');
      const store = (sink as ThreadedAuditLog).store;
      const stored = await store.readRange(0, 100);
      assert.equal(stored.length, 10);
      for (const s of spans) {
        const recordId = attr(s, ATTR_FORWARD_RECORD_ID)?.stringValue;
        const row = stored.find((r) => r.recordId === recordId);
        assert.ok(row, `forwarded span names a stored record (${recordId})`);
        assert.equal(attr(s, ATTR_FORWARD_LEDGER_INDEX)?.intValue, String(row!.leafIndex));
        assert.equal(attr(s, ATTR_FORWARD_IDENTITY)?.stringValue, CHECKOUT);
        assert.equal(Buffer.from(s.spanId!).toString('hex'), row!.spanId);
        assert.equal(Buffer.from(s.traceId!).toString('hex'), row!.traceId);
        assert.equal(s.name, 'demo.v1.Shop/Buy');
        assert.equal(s.kind, 2);
      }
      const forwardedLeaky = spans.find((s) => Buffer.from(s.spanId!).equals(Buffer.from(leaky.spanId!)))!;
      const payload = forwardedLeaky.events![0].attributes!.find((a) => a.key === 'grpcaudit.payload')!.value!.stringValue!;
      assert.equal(JSON.parse(payload).qty, 2);
      assert.match(payload, /REDACTED/);
      for (const r of receiver.requests) {
        assert.ok(!r.raw.includes(Buffer.from(LEAKED_JWT)), 'what the collector masked is not forwarded in clear');
        assert.equal(r.headers['x-api-key'], 'secret-key-1');
        assert.equal(r.headers['content-type'], 'application/x-protobuf');
        assert.equal(r.path, '/v1/traces');
        assert.ok((r.body.resourceSpans ?? []).every((rs) => rs.resource?.attributes?.some((a) => a.key === 'service.name' && a.value?.stringValue === 'checkout')));
      }
      assert.ok(receiver.requests.every((r) => receiver.spans().length > 0 && (r.body.resourceSpans?.[0].scopeSpans?.[0].spans?.length ?? 0) <= 4), 'batches of at most maxBatchRecords');
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_sent_records_total{exporter="plain-http"}'), 10);
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_failed_exports_total{exporter="plain-http",retryable="true"}'), 2);
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_dropped_records_total', true), 0);
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_queued_records{exporter="plain-http"}'), 0);
      assert.ok(!c.logText().includes('secret-key-1'), 'header values are never logged');
    } finally {
      client.close();
      await c.handle.shutdown();
      await sink.close?.();
      await receiver.close();
    }
  });

  it('OTLP/gRPC over mTLS into a second collector instance, which stores the forwarded records under the forwarder’s identity', async () => {
    const forwarderId = 'spiffe://example.org/ns/audit/collector-a';
    const b = await runCollector(pki, {
      policy: `
rules:
  - identity: ${forwarderId}
    services: [checkout]
`,
    });
    const aCert = await pki.workload('collector-a', forwarderId);
    const a = await runCollector(pki, {
      config: {
        forward: {
          exporters: [
            {
              name: 'second-collector',
              protocol: 'grpc',
              endpoint: b.handle.address,
              tls: { caFile: pki.caFile, certFile: aCert.certFile, keyFile: aCert.keyFile },
              retry: { initialBackoffMs: 20, maxBackoffMs: 40 },
            },
          ],
        },
      },
    });
    const checkout = await pki.workload('checkout', CHECKOUT);
    const client = new RawOtlpClient(a.handle.address, a.clientCreds(checkout));
    try {
      const spans = Array.from({ length: 6 }, (_, i) => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('grpcaudit.emitter.id', 'E2'), kv('grpcaudit.seq', i + 1)] }));
      assert.ifError((await client.export(request([{ service: 'checkout', spans }]))).err);
      await waitFor('6 records at the second collector', () => b.memory!.records.length >= 6);
      await a.handle.forwarding!.flush(5000);
      assert.equal(b.memory!.records.length, 6);
      const aRecords = a.memory!.records;
      for (const [i, r] of aRecords.entries()) {
        const copy = b.memory!.records.find((x) => x.spanId === r.spanId);
        assert.ok(copy, `record ${r.recordId} arrived`);
        assert.equal(copy!.recordId, r.recordId, 'the record id travels with the span');
        assert.equal(copy!.identity, forwarderId, 'the second collector authenticated the forwarder');
        assert.equal(copy!.service, 'checkout');
        assert.equal(copy!.emitterId, 'E2');
        const attrs = JSON.parse(copy!.body).attributes;
        assert.equal(attrs[ATTR_FORWARD_IDENTITY].stringValue, CHECKOUT, 'the original reporter is kept as an attribute');
        assert.equal(attrs[ATTR_FORWARD_LEDGER_INDEX].intValue, String(i));
      }
      assert.equal(await metricValue(a, 'grpcaudit_collector_forward_sent_records_total{exporter="second-collector"}'), 6);
    } finally {
      client.close();
      await a.handle.shutdown();
      await b.handle.shutdown();
    }
  });

  it('a backend that is down never slows or fails ingest: bounded queue, oldest dropped and counted, the rest counted at shutdown', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as { port: number }).port;
    await new Promise<void>((r) => dead.close(() => r())); // nothing listens there now
    const c = await runCollector(pki, {
      config: {
        shutdownGraceMs: 100,
        forward: {
          exporters: [{ name: 'down', protocol: 'http/protobuf', endpoint: `http://127.0.0.1:${port}`, queue: { maxRecords: 5, maxBatchRecords: 2 }, retry: { initialBackoffMs: 50, maxBackoffMs: 100 } }],
        },
      },
    });
    const checkout = await pki.workload('checkout', CHECKOUT);
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      for (let round = 0; round < 4; round++) {
        const out = await client.export(request([{ service: 'checkout', spans: Array.from({ length: 5 }, () => span({ rpc: ['demo.v1.Shop', 'Buy'] })) }]));
        assert.ifError(out.err);
      }
      assert.equal(c.memory!.records.length, 20, 'every record stored');
      await waitFor('a failed attempt', async () => (await metricValue(c, 'grpcaudit_collector_forward_failed_exports_total', true)) > 0);
      assert.ok(c.handle.forwarding!.forwarders[0].pending <= 5 + 2, 'queue bounded (plus the batch in flight)');
      assert.ok((await metricValue(c, 'grpcaudit_collector_forward_dropped_records_total{exporter="down",reason="queue_full"}')) >= 13);
    } finally {
      client.close();
      await c.handle.shutdown();
    }
    const dropped = await registryValue(c, 'grpcaudit_collector_forward_dropped_records_total', true);
    const sent = await registryValue(c, 'grpcaudit_collector_forward_sent_records_total', true);
    assert.equal(sent + dropped, 20, 'every record accounted for: sent or dropped with a reason');
    assert.ok((await registryValue(c, 'grpcaudit_collector_forward_dropped_records_total{exporter="down",reason="shutdown"}')) > 0);
    assert.equal(await registryValue(c, 'grpcaudit_collector_forward_queued_records{exporter="down"}'), 0);
    assert.equal(c.logs.filter((l) => l.event === 'forward_retrying' && l.exporter === 'down').length, 1, 'one line per outage, not per attempt');
    assert.equal(c.logs.filter((l) => l.event === 'forward_dropped').length, 1, 'queue-full drops are logged at most once per interval');
  });

  it('a batch the backend refuses (HTTP 400) is dropped and counted, not retried; forwarding goes on', async () => {
    const receiver = new PlainOtlpHttpReceiver();
    await receiver.start();
    receiver.script = [400];
    const c = await runCollector(pki, {
      config: { forward: { exporters: [{ name: 'strict', protocol: 'http/protobuf', endpoint: `http://127.0.0.1:${receiver.port}/custom/path` }] } },
    });
    const checkout = await pki.workload('checkout', CHECKOUT);
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      assert.ifError((await client.export(request([{ service: 'checkout', spans: [span(), span()] }]))).err);
      await waitFor('first batch refused', async () => (await metricValue(c, 'grpcaudit_collector_forward_dropped_records_total{exporter="strict",reason="permanent_error"}')) === 2);
      assert.ifError((await client.export(request([{ service: 'checkout', spans: [span()] }]))).err);
      await waitFor('second batch delivered', () => receiver.spans().length === 1);
      assert.equal(receiver.requests[0].path, '/custom/path');
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_failed_exports_total{exporter="strict",retryable="false"}'), 1);
      assert.ok(c.logs.some((l) => l.event === 'forward_failed' && l.reason === 'http status 400'));
    } finally {
      client.close();
      await c.handle.shutdown();
      await receiver.close();
    }
  });

  it('without forward.exporters no forwarding is wired', async () => {
    const c = await runCollector(pki);
    try {
      assert.equal(c.handle.forwarding, undefined);
      assert.equal(await metricValue(c, 'grpcaudit_collector_forward_sent_records_total', true), 0);
      assert.ok(!(await scrape(c)).includes('grpcaudit_collector_forward_'));
    } finally {
      await c.handle.shutdown();
    }
  });
});



