import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AuditLog } from '../../collector/ledger/audit-log';
import { leafHashOf } from '../../collector/ledger/leaf-hash';
import { bodyDigest } from '../../collector/store/body-digest';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import { usePostgresServer } from '../helpers/postgres-server';
import { makeRecord, makeRecords } from '../store/make-records';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/**
 * Issue 15, item 3 on the cluster store: a row appended with database access (digest and leaf
 * hash recomputed, no key) makes the ledger refuse to open and `verify` fail; `ledger quarantine
 * --pg-url` moves it (from `records` and `record_index`) into a file, after which the ledger opens,
 * appends and verifies again. Real PostgreSQL, real CLI processes.
 */
describe('security: forged tail on PostgreSQL — refused, quarantined, recovered', function () {
  this.timeout(120_000);
  const server = usePostgresServer();
  let dir: string;
  let url: string;
  let pub: string;
  const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-forge-pg-'));
    pub = path.join(dir, 'trusted.pub');
    fs.writeFileSync(pub, crypto.createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }));
    url = await server().createDatabase('forge');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const verify = () => cli('verify', '--pg-url', url, '--key', pub);

  async function forgeRow(): Promise<void> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const next = Number((await c.query('SELECT max(leaf_index) AS m FROM record_index')).rows[0].m) + 1;
      const rec = makeRecord(9000, { recordId: 'forged-record' });
      const digest = bodyDigest(rec.body);
      const leaf = leafHashOf(next, { ...rec, emitterId: undefined, seq: undefined, grpcStatusCode: undefined, subjectRefs: [] }, digest);
      await c.query(
        `INSERT INTO records (leaf_index, record_id, record_type, identity, service, method, kind, trace_id, span_id,
          start_time_unix_nano, end_time_unix_nano, start_time_ns, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
          VALUES ($1, $2, 'span', $3, $4, $5, $6, $7, $8, $9, $10, $11, '[]', $12, $13, $14, $15)`,
        [next, rec.recordId, rec.identity, rec.service, rec.method, rec.kind, rec.traceId, rec.spanId, rec.startTimeUnixNano, rec.endTimeUnixNano, rec.startTimeUnixNano, rec.receivedAtMs, rec.body, digest, leaf],
      );
      await c.query('INSERT INTO record_index (leaf_index, record_id, leaf_hash) VALUES ($1, $2, $3)', [next, rec.recordId, leaf]);
    } finally {
      await c.end();
    }
  }

  it('refuses to open over the forged row, verify exits 3, quarantine repairs, the ledger goes on', async () => {
    const log = await AuditLog.openOn(await PostgresRecordStore.open({ url, maxConnections: 2 }), { signingKey, checkpointIntervalMs: 0 });
    await log.append(makeRecords(0, 3));
    await log.close();
    assert.equal(verify().status, 0, verify().stdout + verify().stderr);

    await forgeRow();
    const v = verify();
    assert.equal(v.status, 3, v.stdout + v.stderr);

    const store = await PostgresRecordStore.open({ url, maxConnections: 2 });
    await assert.rejects(AuditLog.openOn(store, { signingKey, checkpointIntervalMs: 0 }), (err: Error) => {
      assert.equal(err.name, 'UnsignedRowsError');
      assert.match(err.message, /ledger refuses to open/);
      assert.match(err.message, /--pg-url/);
      return true;
    });
    await store.close();

    const out = path.join(dir, 'quarantined.jsonl');
    const q = cli('ledger', 'quarantine', '--pg-url', url, '--key', pub, '--out', out);
    assert.equal(q.status, 0, q.stdout + q.stderr);
    assert.match(q.stdout, /moved 1 unsigned record\(s\) after leaf 2/);
    const moved = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { record_id: string; leaf_index: number | string });
    assert.deepEqual(moved.map((m) => [m.record_id, Number(m.leaf_index)]), [['forged-record', 3]]);
    assert.equal(verify().status, 0, verify().stdout + verify().stderr);
    const again = cli('ledger', 'quarantine', '--pg-url', url, '--key', pub, '--out', path.join(dir, 'again.jsonl'));
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing to quarantine: all 3 records/);

    const reopened = await AuditLog.openOn(await PostgresRecordStore.open({ url, maxConnections: 2 }), { signingKey, checkpointIntervalMs: 0 });
    const r = await reopened.append([makeRecord(3)]);
    assert.deepEqual(r.leafIndexes, [3], 'the next record takes the quarantined position');
    await reopened.close();
    const final = verify();
    assert.equal(final.status, 0, final.stdout + final.stderr);
    assert.match(final.stdout, /^OK: 4 records/);
  });

  it('a wrong key vouches for nothing: quarantine refuses to judge and moves nothing', async () => {
    const other = path.join(dir, 'other.pub');
    fs.writeFileSync(other, crypto.createPublicKey(crypto.generateKeyPairSync('ed25519').privateKey).export({ type: 'spki', format: 'pem' }));
    const q = cli('ledger', 'quarantine', '--pg-url', url, '--key', other, '--out', path.join(dir, 'wrong.jsonl'));
    assert.equal(q.status, 2, q.stdout + q.stderr);
    assert.match(q.stderr, /no checkpoint in the store is signed by this key/);
    assert.equal(fs.existsSync(path.join(dir, 'wrong.jsonl')), false);
    assert.equal(verify().status, 0);
  });
});
