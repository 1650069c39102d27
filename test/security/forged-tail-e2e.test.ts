import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { leafHashOf } from '../../collector/ledger/leaf-hash';
import { bodyDigest } from '../../collector/store/body-digest';
import { makeRecord } from '../store/make-records';
import { RawOtlpClient, request, span } from '../collector/support/otlp';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/**
 * Issue 15, item 3: someone with write access to the SQLite file appends a row whose body digest
 * and leaf hash are recomputed (the formulas are public). The collector (a real process, real
 * mTLS) must never sign over it — neither while it keeps running nor after a restart — and
 * `verify` must fail with its own exit code; `ledger quarantine` is the way back.
 */
describe('security: a forged tail is never laundered into a signature (collector subprocess)', function () {
  this.timeout(120_000);
  let dir: string;
  let certs: string;
  let db: string;
  let config: string;
  let pub: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-forge-'));
    certs = path.join(dir, 'certs');
    const r = spawnSync(process.execPath, [BIN, 'certs', 'dev', '--out', certs, '--trust-domain', 'demo.test', '--workload', 'checkout'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    db = path.join(dir, 'data', 'audit.db');
    pub = path.join(dir, 'trusted.pub'); // the verifier's own copy, taken once, kept away from the store
    config = path.join(dir, 'collector.yaml');
    fs.writeFileSync(
      config,
      ['listen: 127.0.0.1:0', 'tls:', `  certFile: ${certs}/collector.crt`, `  keyFile: ${certs}/collector.key`, `  caFile: ${certs}/ca.crt`,
        'identity:', `  policyFile: ${certs}/policy.yaml`, 'store:', `  path: ${db}`, 'metrics:', '  listen: false', 'log:', '  level: warn', ''].join('\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function startCollector(): { child: ChildProcess; address: Promise<string>; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [BIN, 'collector', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const address = new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = out.match(/collector listening on (127\.0\.0\.1:\d+)/);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`collector exited (${code}) before listening:\n${out}`));
      });
    });
    return { child, address, output: () => out, exited };
  }

  async function stop(c: ReturnType<typeof startCollector>): Promise<void> {
    c.child.kill('SIGTERM');
    await c.exited;
  }

  function client(address: string): RawOtlpClient {
    const creds = grpc.credentials.createSsl(fs.readFileSync(path.join(certs, 'ca.crt')), fs.readFileSync(path.join(certs, 'checkout.key')), fs.readFileSync(path.join(certs, 'checkout.crt')));
    return new RawOtlpClient(address, creds);
  }

  /** Appends a well-formed row with recomputed digest and leaf hash: what a forger with file access can do without the key. */
  function forgeRow(): string {
    const h = new Database(db);
    try {
      const next = (h.prepare('SELECT max(leaf_index) FROM records').pluck().get() as number) + 1;
      const rec = makeRecord(9000, { identity: 'spiffe://demo.test/checkout', service: 'checkout', recordId: 'forged-record' });
      const digest = bodyDigest(rec.body);
      h.prepare(`INSERT INTO records (leaf_index, record_id, record_type, identity, service, method, kind, trace_id, span_id,
        start_time_unix_nano, end_time_unix_nano, start_time_ns, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
        VALUES (?, ?, 'span', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`).run(
        next, rec.recordId, rec.identity, rec.service, rec.method, rec.kind, rec.traceId, rec.spanId, rec.startTimeUnixNano,
        rec.endTimeUnixNano, BigInt(rec.startTimeUnixNano), rec.receivedAtMs, rec.body, digest,
        leafHashOf(next, { ...rec, emitterId: undefined, seq: undefined, grpcStatusCode: undefined, subjectRefs: [] }, digest),
      );
      return rec.recordId;
    } finally {
      h.close();
    }
  }

  const verify = (...extra: string[]) => spawnSync(process.execPath, [BIN, 'verify', '--db', db, '--key', pub, ...extra], { encoding: 'utf8' });

  it('running collector: refuses to extend the forged file (UNAVAILABLE), signs nothing over it; verify exits 3', async () => {
    const c = startCollector();
    try {
      const address = await c.address;
      fs.copyFileSync(`${db}.ed25519.pub`, pub);
      const cl = client(address);
      const first = await cl.export(request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] }), span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
      assert.equal(first.err, undefined, String(first.err));
      assert.equal(verify().status, 0, verify().stdout);

      forgeRow();
      const v = verify();
      assert.equal(v.status, 3, v.stdout + v.stderr);
      assert.match(v.stdout, /FAILED: unsigned: 1 record\(s\) at leaves 2\.\.2 are covered by no valid signature/);

      // The next batch finds a row it did not write where its next leaf should go: nothing is stored or signed.
      const after = await cl.export(request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
      assert.equal(after.err?.code, grpc.status.UNAVAILABLE, String(after.err));
      cl.close();
    } finally {
      await stop(c);
    }
    // The shutdown checkpoint did not cover the forged row either.
    const v = verify();
    assert.equal(v.status, 3, v.stdout + v.stderr);
  });

  it('restarted collector: refuses to start with a clear error; quarantine moves the row aside; then starts and verifies', async () => {
    const c = startCollector();
    const code = await c.exited;
    assert.notEqual(code, 0);
    assert.match(c.output(), /ledger refuses to open: the store holds 3 leaves but the last signed tree has 2: 1 row\(s\) were not appended by this collector/);
    assert.match(c.output(), /grpc-audit ledger quarantine --db/);
    assert.equal(verify().status, 3);

    const q = spawnSync(process.execPath, [BIN, 'ledger', 'quarantine', '--db', db, '--key', pub, '--out', path.join(dir, 'quarantined.jsonl')], { encoding: 'utf8' });
    assert.equal(q.status, 0, q.stdout + q.stderr);
    assert.match(q.stdout, /moved 1 unsigned record\(s\) after leaf 1/);
    const moved = fs.readFileSync(path.join(dir, 'quarantined.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { record_id: string; leaf_index: number });
    assert.deepEqual(moved.map((m) => [m.record_id, m.leaf_index]), [['forged-record', 2]]);
    const ok = verify();
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);

    const again = startCollector();
    try {
      const cl = client(await again.address);
      const out = await cl.export(request([{ service: 'checkout', spans: [span({ rpc: ['demo.v1.Shop', 'Buy'] })] }]));
      assert.equal(out.err, undefined, String(out.err));
      cl.close();
    } finally {
      await stop(again);
    }
    const final = verify();
    assert.equal(final.status, 0, final.stdout + final.stderr);
    assert.match(final.stdout, /^OK: 3 records, all covered by signatures/);
  });
});
