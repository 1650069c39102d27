import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { ConsentGuard } from '../../interceptors/consent/consent-guard';
import { Client } from 'pg';
import { PostgresKeyring } from '../../interceptors/mask/keyring/postgres-keyring';
import { Pseudonymizer } from '../../interceptors/mask/strategies/pseudonymize';
import { SubjectCipher } from '../../interceptors/mask/strategies/subject-cipher';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { openConfiguredSink } from '../../collector/ingest/open-sink';
import { verifierFromPublicKey } from '../../collector/ledger/signing-key';
import { verifyLog } from '../../collector/ledger/verify-log';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import type { SubjectBundle } from '../../collector/rights/subject-bundle';
import { verifyBundle } from '../../collector/rights/verify-bundle';
import { AuditLog } from '../../collector/ledger/audit-log';
import { makeRecord } from '../store/make-records';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { usePostgresServer } from '../helpers/postgres-server';
import { runCollector } from '../collector/support/collector-fixture';
import { kv, span } from '../collector/support/otlp';
import { adminClient, cli, emit, makeIdentities, POLICY, unaryCall, type Identities } from './support/rights-env';

async function keyRows(url: string): Promise<Array<{ id: string; subject: string }>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ id: string; subject: string }>('SELECT id, subject FROM grpcaudit_keyring_data ORDER BY subject')).rows;
  } finally {
    await c.end();
  }
}

describe('rights on PostgreSQL: the PostgreSQL keyring, erasure and export through a collector on the cluster store', function () {
  this.timeout(120_000);
  const server = usePostgresServer();
  let pki: TestPki;
  let ids: Identities;

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
  });
  after(() => pki.cleanup());

  it('keyring: processes share HMAC keys, persist data keys, and an erasure reaches every listening process', async () => {
    const url = await server().createDatabase('keyring');
    const a = await PostgresKeyring.open({ url });
    const b = await PostgresKeyring.open({ url });
    try {
      assert.equal(a.currentHmacKey().id, b.currentHmacKey().id);
      assert.ok(a.currentHmacKey().key.equals(b.currentHmacKey().key), 'both processes pseudonymise alike');
      const ref = new Pseudonymizer(a).pseudonym('cust-1');
      assert.equal(new Pseudonymizer(b).pseudonym('cust-1'), ref);
      const ct = new SubjectCipher(a).encrypt('one@example.com', ref);
      const keyB = b.subjectKey(ref); // b makes its own key for the same subject
      await a.flush();
      await b.flush();
      assert.equal((await keyRows(url)).length, 2);
      // a third process (an exporter) reads the key from the database
      const c = await PostgresKeyring.open({ url, listen: false });
      const id = ct.split(':')[1];
      assert.ok(await c.loadDataKey(id));
      assert.equal(await c.eraseSubject(ref), 2);
      await c.close();
      assert.deepEqual(await keyRows(url), []);
      // b heard the erasure and forgets its key: what it encrypts next uses a new one
      const deadline = Date.now() + 5000;
      while (b.dataKey(keyB.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(b.dataKey(keyB.id), undefined);
      assert.notEqual(b.subjectKey(ref).id, keyB.id);
      assert.equal(await a.loadDataKey(id), undefined);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('collector on PostgreSQL with the PostgreSQL keyring: export decrypts, erase shreds, proofs and verify stay valid', async () => {
    const url = await server().createDatabase('rights');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const keyFile = path.join(pki.dir, 'pg-ledger.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const ring = await PostgresKeyring.open({ url, listen: false });
    const ref = new Pseudonymizer(ring).pseudonym('cust-pg');
    const other = new Pseudonymizer(ring).pseudonym('cust-other');
    const cipher = new SubjectCipher(ring);
    const mk = (r: string, email: string) =>
      span({
        rpc: ['shop.v1.Checkout', 'PlaceOrder'],
        attrs: [kv('grpcaudit.subject_refs', [r])],
        events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', JSON.stringify({ email: cipher.encrypt(email, r) }))] }],
      });
    const spans = [mk(ref, 'pg@example.com'), mk(other, 'other@example.com'), mk(ref, 'pg2@example.com')];
    await ring.close();

    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;
    const store = { type: 'postgres' as const, url, signingKeyFile: keyFile, maxConnections: 2 };
    const sink = await openConfiguredSink(parseCollectorConfig({ insecure: true, store }).store, logger);
    const c = await runCollector(pki, { sink, policy: POLICY, config: { rights: { keyring: { postgresUrl: url } } } });
    try {
      await emit(c.handle.address, pki, ids.emitter, spans);
      const auditor = adminClient(c.handle.address, pki, ids.auditor);
      const dpo = adminClient(c.handle.address, pki, ids.dpo);
      const verifier = verifierFromPublicKey('grpc-audit/collector', publicKey);

      const before = await unaryCall<{ bundleJson: string }>(auditor, 'ExportSubject', { reason: 'dsar', subject: { subjectId: 'cust-pg' } });
      assert.ifError(before.err);
      const b1 = JSON.parse(before.res!.bundleJson) as SubjectBundle;
      const spans1 = b1.records.filter((r) => r.fields.recordType === 'span');
      assert.equal(spans1.length, 2);
      assert.match(JSON.stringify(spans1.map((r) => r.view)), /pg@example\.com.*pg2@example\.com/);
      assert.equal(verifyBundle(b1, verifier).ok, true);

      const erased = await unaryCall<{ keysDestroyed: number; subjectRefs: string[] }>(dpo, 'EraseSubject', { reason: 'art 17', subject: { subjectId: 'cust-pg' } });
      assert.ifError(erased.err);
      assert.equal(erased.res!.keysDestroyed, 1);
      assert.deepEqual(erased.res!.subjectRefs, [ref]);
      assert.deepEqual((await keyRows(url)).map((r) => r.subject), [other]);

      const after = await unaryCall<{ bundleJson: string }>(auditor, 'ExportSubject', { reason: 'dsar', subject: { subjectRef: ref } });
      const b2 = JSON.parse(after.res!.bundleJson) as SubjectBundle;
      const spans2 = b2.records.filter((r) => r.fields.recordType === 'span');
      assert.equal(spans2.length, 2, 'records stay');
      assert.deepEqual(spans2.map((r) => r.encrypted.erased), [1, 1]);
      assert.doesNotMatch(JSON.stringify(spans2.map((r) => r.view)), /pg@example\.com|pg2@example\.com/);
      assert.equal(verifyBundle(b2, verifier).ok, true);

      const v = await unaryCall<{ ok: boolean; problem: string; leaves: number }>(auditor, 'VerifyLedger', { reason: 'after erasure' });
      assert.ifError(v.err);
      assert.equal(v.res!.ok, true, v.res!.problem);

      const noRole = await unaryCall(auditor, 'EraseSubject', { reason: 'x', subject: { subjectId: 'cust-other' } });
      assert.equal(noRole.err?.code, status.PERMISSION_DENIED);
      auditor.close();
      dpo.close();
    } finally {
      await c.handle.shutdown();
      await sink.close?.();
    }
    // an independent check with the public key kept outside the database
    const readonly = await PostgresRecordStore.open({ url, readonly: true, maxConnections: 1 });
    try {
      const report = await verifyLog(readonly, { verifier: verifierFromPublicKey('grpc-audit/collector', publicKey) });
      assert.equal(report.ok, true, report.problem?.message);
    } finally {
      await readonly.close();
    }
  });

  it('two collector replicas on one database: a withdrawal made through one reaches guards following the other', async () => {
    const url = await server().createDatabase('consent_replicas');
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const keyFile = path.join(pki.dir, 'replicas-ledger.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;
    const store = { type: 'postgres' as const, url, signingKeyFile: keyFile, maxConnections: 2 };
    const sinks = [];
    const replicas = [];
    for (let i = 0; i < 2; i++) {
      const sink = await openConfiguredSink(parseCollectorConfig({ insecure: true, store }).store, logger);
      sinks.push(sink);
      replicas.push(await runCollector(pki, { sink, policy: POLICY, config: { rights: { keyring: { postgresUrl: url } } } }));
    }
    const creds = () => grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(ids.emitter.keyPem), Buffer.from(ids.emitter.certPem));
    const ring = await PostgresKeyring.open({ url, listen: false });
    const guards = replicas.map((r) => new ConsentGuard({ keyring: ring, feed: { address: r.handle.address, credentials: creds() } }));
    try {
      for (const g of guards) g.start();
      await Promise.all(guards.map((g) => g.ready()));
      const ref = new Pseudonymizer(ring).pseudonym('cust-replica');
      const dpo = adminClient(replicas[0].handle.address, pki, ids.dpo);
      const r = await unaryCall(dpo, 'SetConsent', { reason: 'r', subject: { subjectId: 'cust-replica' }, purpose: 'marketing', state: 'CONSENT_STATE_WITHDRAWN' });
      dpo.close();
      assert.ifError(r.err);
      const deadline = Date.now() + 10_000;
      while (!guards.every((g) => g.state.isWithdrawn(ref, 'marketing')) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
      assert.deepEqual(guards.map((g) => g.state.isWithdrawn(ref, 'marketing')), [true, true]);
      // and the other way round, through the second replica
      const dpo2 = adminClient(replicas[1].handle.address, pki, ids.dpo);
      await unaryCall(dpo2, 'SetConsent', { reason: 'r', subject: { subjectRef: ref }, purpose: 'marketing', state: 'CONSENT_STATE_GRANTED' });
      dpo2.close();
      while (guards.some((g) => g.state.isWithdrawn(ref, 'marketing')) && Date.now() < deadline + 10_000) await new Promise((res) => setTimeout(res, 10));
      assert.deepEqual(guards.map((g) => g.state.isWithdrawn(ref, 'marketing')), [false, false]);
    } finally {
      for (const g of guards) g.stop();
      for (const r of replicas) await r.handle.shutdown();
      for (const s of sinks) await s.close?.();
      await ring.close();
    }
  });

  it('grpc-audit retention run and ropa on the PostgreSQL store (--pg-url): expired bodies pruned, verify passes, flows listed', async () => {
    const url = await server().createDatabase('retention_cli');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const store = await PostgresRecordStore.open({ url, maxConnections: 2 });
    const log = await AuditLog.openOn(store, { signingKey: privateKey, checkpointIntervalMs: 0 });
    const attrs = (cls: string) => JSON.stringify({ attributes: { 'grpcaudit.retention_class': { stringValue: cls }, 'grpcaudit.purpose': { stringValue: 'billing' } } });
    const base = makeRecord(0);
    await log.append([
      { ...base, recordId: 'c1', kind: 'client', spanId: '00000000000000c1', service: 'checkout', identity: 'spiffe://t/checkout', method: '/pay.v1.Pay/Charge', body: attrs('30d') },
      { ...base, recordId: 's1', kind: 'server', spanId: '00000000000000e1', parentSpanId: '00000000000000c1', service: 'payments', identity: 'spiffe://t/payments', method: '/pay.v1.Pay/Charge', body: attrs('7y') },
    ]);
    await log.checkpoint();
    await log.close();
    const pub = path.join(pki.dir, 'retention-cli.pub');
    fs.writeFileSync(pub, publicKey.export({ format: 'pem', type: 'spki' }));

    const r = cli(['retention', 'run', '--pg-url', url, '--class', '30d=30', '--class', '7y=2555', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((({ expired, held, pruned }) => ({ expired, held, pruned }))(JSON.parse(r.stdout)), { expired: 1, held: 0, pruned: 1 });
    const ropa = cli(['ropa', '--pg-url', url]);
    assert.equal(ropa.status, 0, ropa.stderr);
    const flows = JSON.parse(ropa.stdout).flows;
    assert.deepEqual(flows.map((f: { callerIdentity: string; calleeService: string; purposes: string[]; calls: number }) => [f.callerIdentity, f.calleeService, f.purposes, f.calls]), [
      ['spiffe://t/checkout', 'payments', ['billing'], 1],
    ]);
    const readonly = await PostgresRecordStore.open({ url, readonly: true, maxConnections: 1 });
    try {
      const report = await verifyLog(readonly, { verifier: verifierFromPublicKey('grpc-audit/collector', publicKey) });
      assert.equal(report.ok, true, report.problem?.message);
      assert.equal(report.prunedBodies, 1);
    } finally {
      await readonly.close();
    }
  });
});
