import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openConfiguredSink } from '../../collector/ingest/open-sink';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { verifyLog } from '../../collector/ledger/verify-log';
import { verifierFromPublicKey } from '../../collector/ledger/signing-key';
import { DEFAULT_ORIGIN } from '../../collector/ledger/audit-log';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { usePostgresServer } from '../helpers/postgres-server';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { kv, RawOtlpClient, request, span } from './support/otlp';
import { metricValue } from './support/metrics';

/** The collector configured with `store: {type: postgres}`: two replicas over one database, one ledger. */
describe('collector: PostgreSQL store (two replicas, real server, real mTLS)', function () {
  this.timeout(120_000);
  const server = usePostgresServer();
  let pki: TestPki;
  let keyFile: string;
  let publicKey: crypto.KeyObject;

  before(async () => {
    pki = await makeTestPki();
    const { privateKey, publicKey: pub } = crypto.generateKeyPairSync('ed25519');
    keyFile = path.join(pki.dir, 'ledger.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    publicKey = pub;
  });

  it('validates the postgres store config, naming the key', () => {
    assert.throws(() => parseCollectorConfig({ insecure: true, store: { type: 'postgres', url: 'mysql://x', signingKeyFile: keyFile } }), /store\.url/);
    assert.throws(() => parseCollectorConfig({ insecure: true, store: { type: 'postgres', url: 'postgresql://x/db' } }), /store\.signingKeyFile/);
    assert.throws(() => parseCollectorConfig({ insecure: true, store: { type: 'oracle' } }), /store\.type/);
    assert.equal(parseCollectorConfig({ insecure: true, store: { path: 'a.db' } }).store.type, 'sqlite');
  });

  it('refuses a signing key file that is not an Ed25519 private key', async () => {
    const bad = path.join(pki.dir, 'not-a-key.pem');
    fs.writeFileSync(bad, 'hello');
    const cfg = parseCollectorConfig({ insecure: true, store: { type: 'postgres', url: server().url(), signingKeyFile: bad } });
    const logger = { info: () => undefined } as unknown as Parameters<typeof openConfiguredSink>[1];
    await assert.rejects(openConfiguredSink(cfg.store, logger), /store\.signingKeyFile/);
  });

  it('two collector replicas append to one database: every record once, dense ledger, verify passes', async () => {
    const url = await server().createDatabase('collector_replicas');
    const store = { type: 'postgres' as const, url, signingKeyFile: keyFile, maxConnections: 2 };
    const replicas: RunningCollector[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Parameters<typeof openConfiguredSink>[1];
    for (let i = 0; i < 2; i++) {
      const sink = await openConfiguredSink(parseCollectorConfig({ insecure: true, store }).store, logger);
      replicas.push(await runCollector(pki, { sink }));
    }
    const workload = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    const clients = replicas.map((r) => new RawOtlpClient(r.handle.address, r.clientCreds(workload)));
    try {
      const spansPerRequest = 20;
      const sends: Array<Promise<unknown>> = [];
      const sent: string[] = [];
      for (let round = 0; round < 5; round++) {
        for (const c of clients) {
          const spans = Array.from({ length: spansPerRequest }, () => span({ rpc: ['demo.v1.Shop', 'Buy'] }));
          for (const s of spans) sent.push(Buffer.from(s.spanId!).toString('hex'));
          sends.push(c.export(request([{ service: 'checkout', spans }])).then((o) => assert.ifError((o as { err?: Error }).err)));
        }
      }
      await Promise.all(sends);
      for (const r of replicas) {
        await r.handle.forceFlush();
      }
    } finally {
      for (const c of clients) c.close();
      for (const r of replicas) {
        await r.handle.shutdown();
        await r.sink.close?.();
      }
    }
    const pg = await PostgresRecordStore.open({ url, readonly: true, maxConnections: 1 });
    try {
      assert.equal(await pg.count(), 200);
      const report = await verifyLog(pg, { verifier: verifierFromPublicKey(DEFAULT_ORIGIN, publicKey), origin: DEFAULT_ORIGIN });
      assert.ok(report.ok, JSON.stringify(report.problem ?? report));
      const rows = await pg.readRange(0, 200);
      assert.deepEqual(rows.map((r) => r.leafIndex), Array.from({ length: 200 }, (_, i) => i));
      assert.ok(rows.every((r) => r.identity === 'spiffe://example.org/ns/shop/checkout'));
    } finally {
      await pg.close();
    }
    // The CLI reads the cluster store too: verify with an independently kept public key, and query.
    const pubFile = path.join(pki.dir, 'ledger.pub');
    fs.writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const bin = path.join(__dirname, '..', '..', 'bin', 'grpc-audit.js');
    const verify = spawnSync(process.execPath, [bin, 'verify', '--pg-url', url, '--key', pubFile], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr + verify.stdout);
    assert.match(verify.stdout, /^OK: 200 records/);
    const query = spawnSync(process.execPath, [bin, 'query', '--pg-url', url, '--format', 'json', '--limit', '3'], { encoding: 'utf8' });
    assert.equal(query.status, 0, query.stderr);
    assert.equal((JSON.parse(query.stdout) as unknown[]).length, 3);
  });

  it('open-gap gauges are computed from the PostgreSQL store (not only from SQLite)', async () => {
    const url = await server().createDatabase('collector_gaps');
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Parameters<typeof openConfiguredSink>[1];
    const sink = await openConfiguredSink(parseCollectorConfig({ insecure: true, store: { type: 'postgres', url, signingKeyFile: keyFile, maxConnections: 2 } }).store, logger);
    assert.ok(sink.reports, 'the PostgreSQL sink offers report SQL');
    const c = await runCollector(pki, { sink });
    const workload = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(workload));
    try {
      // Emitter E numbers 1, 2, 5, 9: open gaps 3-4 and 6-8.
      const spans = [1, 2, 5, 9].map((seq) => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('grpcaudit.emitter.id', 'E'), kv('grpcaudit.seq', seq)] }));
      assert.ifError((await client.export(request([{ service: 'checkout', spans }]))).err);
      await c.handle.forceFlush();
      assert.equal(await metricValue(c, 'grpcaudit_collector_open_sequence_gaps'), 2);
      assert.equal(await metricValue(c, 'grpcaudit_collector_missing_records'), 5);
      assert.equal(await metricValue(c, 'grpcaudit_collector_declared_lost_records'), 0);
    } finally {
      client.close();
      await c.handle.shutdown();
      await c.sink.close?.();
    }
    // And `grpc-audit gaps --pg-url` reads the same store.
    const bin = path.join(__dirname, '..', '..', 'bin', 'grpc-audit.js');
    const gaps = spawnSync(process.execPath, [bin, 'gaps', '--pg-url', url, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(gaps.status, 1, gaps.stderr);
    assert.deepEqual(JSON.parse(gaps.stdout).emitters[0].open, [{ from: 3, to: 4, count: 2 }, { from: 6, to: 8, count: 3 }]);
  });
});
