import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

function waitForLine(child: ChildProcess, re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${re} in output: ${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ${re}: ${out}`)));
  });
}

describe('grpc-audit certs dev + grpc-audit collector (subprocess) with the real SQLite AuditLog', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-cli-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('certs dev writes a CA, a server certificate, SVIDs, a policy; keys 0600; refuses to overwrite', () => {
    const certs = path.join(dir, 'certs');
    const r = spawnSync(process.execPath, [BIN, 'certs', 'dev', '--out', certs, '--trust-domain', 'demo.test', '--workload', 'checkout', 'ns/cart'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const f of ['ca.crt', 'ca.key', 'collector.crt', 'collector.key', 'checkout.crt', 'checkout.key', 'ns_cart.crt', 'ns_cart.key', 'policy.yaml']) {
      assert.ok(fs.existsSync(path.join(certs, f)), f);
      if (f.endsWith('.key')) assert.equal(fs.statSync(path.join(certs, f)).mode & 0o777, 0o600, f);
    }
    const svid = new (require('node:crypto').X509Certificate)(fs.readFileSync(path.join(certs, 'ns_cart.crt')));
    assert.equal(svid.subjectAltName, 'URI:spiffe://demo.test/ns/cart');
    const again = spawnSync(process.execPath, [BIN, 'certs', 'dev', '--out', certs], { encoding: 'utf8' });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /exists; pass --force/);
  });

  it('collector refuses a bad config with the key named, and plaintext without --insecure', () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'batching:\n  maxRecords: 0\n');
    const r = spawnSync(process.execPath, [BIN, 'collector', '--config', bad], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /batching\.maxRecords: must be > 0 \(from file .*bad\.yaml\)/);
    const r2 = spawnSync(process.execPath, [BIN, 'collector'], { encoding: 'utf8', env: { ...process.env, GRPC_AUDIT_INSECURE: '' } });
    assert.notEqual(r2.status, 0);
    assert.match(r2.stderr, /tls: is required/);
  });

  it('stores OTLP spans sent over mTLS in the ledger and survives a restart', async () => {
    const certs = path.join(dir, 'certs');
    const db = path.join(dir, 'data', 'audit.db');
    const config = path.join(dir, 'collector.yaml');
    fs.writeFileSync(
      config,
      [
        'listen: 127.0.0.1:0',
        'tls:',
        '  certFile: certs/collector.crt',
        '  keyFile: certs/collector.key',
        '  caFile: certs/ca.crt',
        'identity:',
        '  policyFile: certs/policy.yaml',
        'store:',
        `  path: ${db}`,
        'metrics:',
        '  listen: 127.0.0.1:0',
        'log:',
        '  level: warn',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [BIN, 'collector', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    try {
      const [, address] = await waitForLine(child, /collector listening on (127\.0\.0\.1:\d+)/);
      const mem = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [new SimpleSpanProcessor(mem)] });
      const tracer = provider.getTracer('cli-e2e');
      for (let i = 0; i < 5; i++) {
        tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.service': 'demo.v1.Shop', 'rpc.method': 'Buy', 'grpcaudit.subject_refs': ['h:subject-1'] } }).end();
      }
      const exporter = new OTLPTraceExporter({
        url: `https://${address}`,
        credentials: grpc.credentials.createSsl(fs.readFileSync(path.join(certs, 'ca.crt')), fs.readFileSync(path.join(certs, 'checkout.key')), fs.readFileSync(path.join(certs, 'checkout.crt'))),
      });
      const result = await new Promise<ExportResult>((resolve) => exporter.export(mem.getFinishedSpans(), resolve));
      await exporter.shutdown();
      assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    assert.equal(child.exitCode, 0, stderr);

    // Reopen the ledger: the records, their identity and a final checkpoint are on disk.
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0 });
    try {
      assert.equal(log.size(), 5);
      const recs = await log.store.query({ subjectRef: 'h:subject-1' });
      assert.equal(recs.length, 5);
      assert.ok(recs.every((r) => r.identity === 'spiffe://demo.test/checkout' && r.service === 'checkout' && r.method === '/demo.v1.Shop/Buy'));
      const cps = await log.checkpoints();
      assert.ok(cps.length >= 1);
      assert.equal(cps[cps.length - 1].treeSize, 5, 'final checkpoint covers every record');
    } finally {
      await log.close();
    }
  });
});
