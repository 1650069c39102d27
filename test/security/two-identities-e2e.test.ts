import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { encodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpSpan } from '../../collector/ingest/otlp-types';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { kv, RawOtlpClient, request, span } from '../collector/support/otlp';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/** A length-delimited protobuf field. */
function field(n: number, payload: Buffer): Buffer {
  const head = [n * 8 + 2];
  for (let len = payload.length; ; len = Math.floor(len / 128)) {
    if (len < 0x80) {
      head.push(len);
      break;
    }
    head.push((len & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from(head), payload]);
}

/**
 * Issue 15, items 1, 2, 4, 5, 6 and 7, tried as a hostile neighbour: two workloads with valid
 * certificates (checkout = A, cart = B) against a collector running as its own process, real
 * mTLS, the real SQLite ledger.
 */
describe('security: two identities against a collector subprocess', function () {
  this.timeout(180_000);
  let dir: string;
  let certs: string;
  let db: string;
  let child: ChildProcess;
  let out = '';
  let address: string;
  let metricsAddress: string;
  let a: RawOtlpClient;
  let b: RawOtlpClient;
  const MAX_PENDING_PER_IDENTITY = 1000;

  const creds = (name: string) =>
    grpc.credentials.createSsl(fs.readFileSync(path.join(certs, 'ca.crt')), fs.readFileSync(path.join(certs, `${name}.key`)), fs.readFileSync(path.join(certs, `${name}.crt`)));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-2id-'));
    certs = path.join(dir, 'certs');
    const r = spawnSync(process.execPath, [BIN, 'certs', 'dev', '--out', certs, '--trust-domain', 'demo.test', '--workload', 'checkout', 'cart'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    db = path.join(dir, 'audit.db');
    const config = path.join(dir, 'collector.yaml');
    fs.writeFileSync(
      config,
      ['listen: 127.0.0.1:0', 'tls:', `  certFile: ${certs}/collector.crt`, `  keyFile: ${certs}/collector.key`, `  caFile: ${certs}/ca.crt`,
        'identity:', `  policyFile: ${certs}/policy.yaml`, 'store:', `  path: ${db}`, 'metrics:', '  listen: 127.0.0.1:0',
        'limits:', '  maxReceiveMessageBytes: 8388608', '  perIdentity:', `    maxPendingRecords: ${MAX_PENDING_PER_IDENTITY}`, '    maxConcurrentRequests: 2',
        'log:', '  level: info', ''].join('\n'),
    );
    child = spawn(process.execPath, [BIN, 'collector', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = out.match(/"address":"(127\.0\.0\.1:\d+)".*"metrics":"(127\.0\.0\.1:\d+)".*collector listening/);
        if (m) {
          clearInterval(timer);
          [address, metricsAddress] = [m[1], m[2]];
          resolve();
        }
      }, 50);
      child.once('exit', (code) => reject(new Error(`collector exited ${code}: ${out}`)));
    });
    a = new RawOtlpClient(address, creds('checkout'));
    b = new RawOtlpClient(address, creds('cart'));
  });
  after(async () => {
    a?.close();
    b?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const logLines = (event: string) => out.split('\n').filter((l) => l.includes(`"event":"${event}"`));
  const rows = (sql: string, ...params: unknown[]) => {
    const s = new SqliteRecordStore({ path: db, readonly: true });
    try {
      return s.db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
    } finally {
      void s.close();
    }
  };
  const metric = async (name: string, label: string): Promise<number> => {
    const text = await new Promise<string>((resolve, reject) => {
      http.get(`http://${metricsAddress}/metrics`, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const svc = (s: 'checkout' | 'cart', spans: OtlpSpan[]) => request([{ service: s, spans }]);

  it('1. the same trace/span id from another identity is refused with an error, never a silent OK — both orders, and with grpcaudit.record.id', async () => {
    const genuine = span({ rpc: ['demo.v1.Shop', 'Buy'] });
    const okA = await a.export(svc('checkout', [genuine]));
    assert.equal(okA.err, undefined, String(okA.err));
    const copy = { ...span({ rpc: ['demo.v1.Cart', 'Add'] }), traceId: genuine.traceId, spanId: genuine.spanId };
    const byB = await b.export(svc('cart', [copy]));
    assert.equal(byB.err?.code, grpc.status.ALREADY_EXISTS, String(byB.err));
    assert.match(byB.err!.details, /record_id_conflict .*already stored by another identity/);
    assert.doesNotMatch(byB.err!.details, /checkout/, 'the owner is not disclosed');
    // A's own retry is still an idempotent OK.
    assert.equal((await a.export(svc('checkout', [genuine]))).err, undefined);

    // B first (it learned the ids from traceparent), then A's genuine record: A is told, loudly.
    const pre = span({ rpc: ['demo.v1.Shop', 'Buy'] });
    assert.equal((await b.export(svc('cart', [{ ...span({ rpc: ['demo.v1.Cart', 'Add'] }), traceId: pre.traceId, spanId: pre.spanId }]))).err, undefined);
    const late = await a.export(svc('checkout', [pre, span({ rpc: ['demo.v1.Shop', 'Buy'] })]));
    assert.equal(late.err, undefined);
    assert.equal(Number(late.response!.partialSuccess!.rejectedSpans), 1);
    assert.match(late.response!.partialSuccess!.errorMessage, /1 record_id_conflict/);

    // Explicit record ids follow the same rule.
    const explicit = (s: 'checkout' | 'cart', rpc: [string, string]) => span({ rpc, attrs: [kv('grpcaudit.record.id', 'order-42')] });
    assert.equal((await a.export(svc('checkout', [explicit('checkout', ['demo.v1.Shop', 'Buy'])]))).err, undefined);
    assert.equal((await b.export(svc('cart', [explicit('cart', ['demo.v1.Cart', 'Add'])]))).err?.code, grpc.status.ALREADY_EXISTS);
    const stored = rows("SELECT identity FROM records WHERE record_id = 'order-42'");
    assert.deepEqual(stored, [{ identity: 'spiffe://demo.test/checkout' }]);
    assert.ok((await metric('grpcaudit_collector_spans_rejected_total', 'reason="record_id_conflict"')) >= 3);
  });

  it('2. an emitter id is bound to its first identity: B cannot inject records, gap records or reused numbers under A\'s emitter', async () => {
    const em = (seq: number, extra: ReturnType<typeof kv>[] = []) => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('grpcaudit.emitter.id', 'emitter-A'), kv('grpcaudit.seq', seq), ...extra] });
    assert.equal((await a.export(svc('checkout', [em(1), em(2), em(3)]))).err, undefined);
    const injected = { ...span({ rpc: ['demo.v1.Cart', 'Add'], attrs: [kv('grpcaudit.emitter.id', 'emitter-A'), kv('grpcaudit.seq', 7000)] }) };
    const gap = { ...span({ name: 'grpcaudit.gap', attrs: [kv('grpcaudit.emitter.id', 'emitter-A'), kv('grpcaudit.seq', 2), kv('grpcaudit.gap.from', 4), kv('grpcaudit.gap.to', 6999), kv('grpcaudit.gap.count', 6996), kv('grpcaudit.gap.reason', 'dropped')] }) };
    for (const s of [injected, gap]) {
      const r = await b.export(svc('cart', [s]));
      assert.equal(r.err?.code, grpc.status.PERMISSION_DENIED, String(r.err));
      assert.match(r.err!.details, /emitter_not_owned/);
    }
    // B's own emitter is fine.
    assert.equal((await b.export(svc('cart', [span({ rpc: ['demo.v1.Cart', 'Add'], attrs: [kv('grpcaudit.emitter.id', 'emitter-B'), kv('grpcaudit.seq', 1)] })]))).err, undefined);
    const gaps = spawnSync(process.execPath, [BIN, 'gaps', '--db', db, '--format', 'json', '--all', '--emitter', 'emitter-A'], { encoding: 'utf8' });
    assert.equal(gaps.status, 0, gaps.stdout + gaps.stderr);
    const report = JSON.parse(gaps.stdout) as { emitters: Array<{ identity: string; records: number; openCount: number }>; declaredRecords: number };
    assert.deepEqual(report.emitters.map((e) => [e.identity, e.records, e.openCount]), [['spiffe://demo.test/checkout', 3, 0]]);
    assert.equal(report.declaredRecords, 0);
  });

  it('4. a payload nested 5,000 deep, or an attribute value nested 5,000 deep, is INVALID_ARGUMENT naming the limit; the collector keeps serving', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const r = await a.export(svc('checkout', [span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('grpcaudit.payload', deep)] })]));
    assert.equal(r.err?.code, grpc.status.INVALID_ARGUMENT, String(r.err));
    assert.match(r.err!.details, /limit_exceeded .*payload nested deeper than limits\.maxPayloadDepth \(100\)/);
    // protobufjs will not even encode this, so the bytes are written by hand.
    let v = field(1, Buffer.from('x')); // AnyValue{string_value}
    for (let i = 0; i < 5000; i++) v = field(5, field(1, v)); // AnyValue{array_value: ArrayValue{values: [v]}}
    const spanBytes = Buffer.concat([field(1, Buffer.alloc(16, 7)), field(2, Buffer.alloc(8, 9)), field(5, Buffer.from('deep')), field(9, Buffer.concat([field(1, Buffer.from('deep')), field(2, v)]))]);
    const resource = field(1, field(1, Buffer.concat([field(1, Buffer.from('service.name')), field(2, field(1, Buffer.from('checkout')))])));
    const nested = await a.exportBytes(field(1, Buffer.concat([resource, field(2, field(2, spanBytes))])));
    assert.equal(nested.err?.code, grpc.status.INVALID_ARGUMENT, String(nested.err));
    assert.match(nested.err!.details, /nesting depth/);
    assert.equal((await a.export(svc('checkout', [span({ rpc: ['demo.v1.Shop', 'Buy'] })]))).err, undefined);
  });

  it('5. a request with more spans than can ever be pending is INVALID_ARGUMENT saying so (never RESOURCE_EXHAUSTED); one at the limit is stored', async () => {
    const many = (n: number) => Array.from({ length: n }, () => span({ rpc: ['demo.v1.Shop', 'Buy'] }));
    const over = await a.export(svc('checkout', many(MAX_PENDING_PER_IDENTITY + 1)));
    assert.equal(over.err?.code, grpc.status.INVALID_ARGUMENT, String(over.err));
    assert.match(over.err!.details, new RegExp(`request carries ${MAX_PENDING_PER_IDENTITY + 1} spans.*split it into requests of at most ${MAX_PENDING_PER_IDENTITY} spans`));
    const at = await a.export(svc('checkout', many(MAX_PENDING_PER_IDENTITY)));
    assert.equal(at.err, undefined, String(at.err));
  });

  it('6. fairness: a span with 250k attributes is refused on the wire; while A sends ~4 MiB requests, B is served first and A\'s extra calls get RESOURCE_EXHAUSTED', async () => {
    const attrs = Array.from({ length: 250_000 }, (_, i) => kv(`k${i}`, `v${i}`));
    const huge = await a.export(svc('checkout', [span({ rpc: ['demo.v1.Shop', 'Buy'], attrs })]));
    assert.equal(huge.err?.code, grpc.status.INVALID_ARGUMENT, String(huge.err));
    assert.match(huge.err!.details, /span #1 carries more than limits\.maxAttributesPerSpan \(10000\) attributes/);

    // ~4 MiB of accepted work per request: 500 spans × 500 attributes (the per-identity pending limit is 1000 records).
    const heavy = () => encodeExportRequest(svc('checkout', Array.from({ length: 500 }, (_, s) => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: attrs.slice(s * 500, s * 500 + 500) }))));
    const bodies = [heavy(), heavy(), heavy(), heavy()];
    assert.ok(bodies[0].length > 3.5 * 1024 * 1024, `heavy request is ${bodies[0].length} bytes`);
    const order: string[] = [];
    const heavyCalls = bodies.map((body, i) => a.exportBytes(body).then((r) => (order.push(r.err ? `A${i}:refused` : `A${i}`), r)));
    await new Promise((r) => setTimeout(r, 200)); // A's calls are in progress
    const small = await b.export(svc('cart', [span({ rpc: ['demo.v1.Cart', 'Add'] })]));
    order.push('B');
    assert.equal(small.err, undefined, String(small.err));
    const results = await Promise.all(heavyCalls);
    const stored = order.filter((o) => !o.includes('refused'));
    assert.equal(stored[0], 'B', `B's small export finished before every one of A's stored large ones: ${order.join(' ')}`);
    const busy = results.filter((r) => r.err?.code === grpc.status.RESOURCE_EXHAUSTED);
    assert.ok(busy.length >= 1, `A's calls beyond limits.perIdentity.maxConcurrentRequests (2) are refused: ${results.map((r) => r.err?.code ?? 'OK').join(',')}`);
    assert.match(busy[0].err!.details, /Export calls in progress \(limits\.perIdentity\.maxConcurrentRequests 2\)/);
    assert.ok(results.some((r) => r.err === undefined), 'A\'s calls within its share are stored');
  });

  it('7. thousands of undecodable requests: every one counted, logged as a rate-limited sample', async () => {
    const before = await metric('grpcaudit_collector_spans_rejected_total', 'reason="undecodable_request"');
    const linesBefore = logLines('undecodable_request').length;
    const started = Date.now();
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
    for (let round = 0; round < 20; round++) {
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => a.exportBytes(garbage)));
      for (const o of outcomes) assert.equal(o.err?.code, grpc.status.INVALID_ARGUMENT);
    }
    await new Promise((r) => setTimeout(r, 300)); // let the child's stdout drain
    assert.equal((await metric('grpcaudit_collector_spans_rejected_total', 'reason="undecodable_request"')) - before, 2000);
    const lines = logLines('undecodable_request').length - linesBefore;
    const allowed = 1 + Math.ceil((Date.now() - started) / 10_000);
    // One line per kind per 10 s: an earlier test may have used this interval's line already, so
    // this window may add none; the whole run must have logged the kind at least once.
    assert.ok(lines <= allowed, `${lines} log lines for 2000 bad requests (at most ${allowed})`);
    assert.ok(logLines('undecodable_request').length >= 1, 'undecodable requests are logged (sampled)');
    const last = JSON.parse(logLines('undecodable_request').pop()!) as { suppressedSinceLast: number };
    assert.equal(typeof last.suppressedSinceLast, 'number');
  });
});
