import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { leafHashOf } from '../../collector/ledger/leaf-hash';
import { parseCheckpoint } from '../../collector/ledger/checkpoint';
import { verifyInclusion } from '../../collector/ledger/proof-verify';
import { openNote } from '../../collector/ledger/signed-note';
import { loadVerifierKey } from '../../collector/ledger/signing-key';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import pino from 'pino';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { openConfiguredSink } from '../../collector/ingest/open-sink';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { runCollector } from '../collector/support/collector-fixture';
import { kv, span } from '../collector/support/otlp';
import {
  adminClient,
  cli,
  emit,
  makeIdentities,
  POLICY,
  startCollectorProcess,
  unaryCall,
  writeCollectorConfig,
  type CollectorProcess,
  type Identities,
} from './support/rights-env';

describe('retention and legal hold (collector subprocess, mTLS, SQLite; grpc-audit retention run)', function () {
  this.timeout(120_000);
  let pki: TestPki;
  let ids: Identities;
  let dir: string;
  let db: string;
  let collector: CollectorProcess;
  const traces: Record<string, string> = {};

  const mk = (name: string, cls: string) => {
    const s = span({ rpc: ['shop.v1.Checkout', 'PlaceOrder'], attrs: [kv('grpcaudit.retention_class', cls)], events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('grpcaudit.payload', `{"order":"${name}"}`)] }] });
    traces[name] = Buffer.from(s.traceId as Uint8Array).toString('hex');
    return s;
  };
  const bodies = (): Map<string, string | null> => {
    const store = new SqliteRecordStore({ path: db, readonly: true });
    try {
      const rows = store.db.prepare("SELECT trace_id, body FROM records WHERE record_type = 'span'").all() as Array<{ trace_id: string; body: string | null }>;
      return new Map(rows.map((r) => [r.trace_id, r.body]));
    } finally {
      void store.close();
    }
  };
  const retention = (...extra: string[]) => cli(['retention', 'run', '--db', db, '--class', '30d=30', '--class', '7y=2555', '--format', 'json', ...extra]);

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-retention-'));
    db = path.join(dir, 'audit.db');
    const config = writeCollectorConfig(dir, pki, ['store:', `  path: ${db}`, 'checkpoint:', '  intervalMs: 200']);
    collector = await startCollectorProcess(config, dir);
    // start times in November 2023: '30d' records are long expired, '7y' ones are not
    await emit(collector.address, pki, ids.emitter, [mk('old-a', '30d'), mk('old-held', '30d'), mk('old-b', '30d'), mk('kept', '7y'), mk('unclassified', 'weird')]);
    await new Promise((r) => setTimeout(r, 600)); // a checkpoint covers them
  });
  after(async () => {
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    pki.cleanup();
  });

  it('a legal hold placed by the dpo blocks removal; expired records lose their bodies, archived with proofs; verify passes', async () => {
    const dpo = adminClient(collector.address, pki, ids.dpo);
    const placed = await unaryCall<{ hold: { holdId: number } }>(dpo, 'PlaceLegalHold', { reason: 'litigation 2024-17', scope: { traceId: traces['old-held'] } });
    assert.ifError(placed.err);
    const bad = await unaryCall(dpo, 'PlaceLegalHold', { reason: 'x', scope: {} });
    assert.equal(bad.err?.code, status.INVALID_ARGUMENT);

    const dry = retention('--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    const dryReport = JSON.parse(dry.stdout);
    assert.deepEqual([dryReport.expired, dryReport.held, dryReport.pruned, dryReport.unknownClass], [3, 1, 0, 1]);
    assert.ok([...bodies().values()].every((b) => b !== null), 'a dry run changes nothing');

    const archiveDir = path.join(dir, 'archive');
    const run = retention('--archive', archiveDir);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual([report.expired, report.held, report.pruned], [3, 1, 2]);
    const b = bodies();
    assert.equal(b.get(traces['old-a']), null);
    assert.equal(b.get(traces['old-b']), null);
    assert.notEqual(b.get(traces['old-held']), null, 'held');
    assert.notEqual(b.get(traces.kept), null, 'not expired');
    assert.notEqual(b.get(traces.unclassified), null, 'unknown class: kept');

    // the archive holds the two removed records with proofs that check against the signed checkpoint
    const lines = zlib.gunzipSync(fs.readFileSync(report.archiveFile)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    const head = lines[0];
    const cp = parseCheckpoint(openNote(head.checkpoint, loadVerifierKey('grpc-audit/collector', `${db}.ed25519.pub`)));
    assert.equal(lines.length, 3);
    for (const r of lines.slice(1)) {
      assert.match(r.body, /order\\":\\"old-[ab]/);
      const { inclusionProof, leafIndex, bodySha256, body: _b, ...fields } = r;
      verifyInclusion(leafIndex, cp.treeSize, leafHashOf(leafIndex, fields, bodySha256), inclusionProof.map((h: string) => Buffer.from(h, 'hex')), cp.rootHash);
    }

    const v = cli(['verify', '--db', db, '--key', `${db}.ed25519.pub`, '--format', 'json']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(JSON.parse(v.stdout).prunedBodies, 2);

    // releasing the hold lets the next pass remove it; the release is recorded too
    const released = await unaryCall(dpo, 'ReleaseLegalHold', { reason: 'case closed', holdId: placed.res!.hold.holdId });
    assert.ifError(released.err);
    const again = await unaryCall(dpo, 'ReleaseLegalHold', { reason: 'twice', holdId: placed.res!.hold.holdId });
    assert.equal(again.err?.code, status.NOT_FOUND);
    const list = await unaryCall<{ holds: unknown[] }>(dpo, 'ListLegalHolds', { reason: 'review' });
    assert.deepEqual(list.res!.holds, []);
    dpo.close();
    const second = retention();
    assert.equal(JSON.parse(second.stdout).pruned, 1);
    assert.equal(bodies().get(traces['old-held']), null);
    const v2 = cli(['verify', '--db', db, '--key', `${db}.ed25519.pub`]);
    assert.equal(v2.status, 0, v2.stdout + v2.stderr);
  });

  it('refuses bad flags with a clear message', () => {
    const r = cli(['retention', 'run', '--db', db, '--class', '30 days']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--class must be NAME=DAYS/);
  });
});

describe('scheduled retention in the collector (threaded SQLite writer, mTLS)', function () {
  this.timeout(60_000);
  it('prunes expired bodies on its interval through its own connection; verify passes', async () => {
    const pki = await makeTestPki();
    const ids = await makeIdentities(pki);
    const db = path.join(pki.dir, 'scheduled.db');
    const logger = pino({ level: 'silent' });
    const config = parseCollectorConfig({ insecure: true, store: { path: db } });
    const sink = await openConfiguredSink(config.store, logger); // worker-thread writer; main thread reads read-only
    const c = await runCollector(pki, {
      sink,
      policy: POLICY,
      config: { checkpoint: { intervalMs: 100 }, rights: { retention: { classes: { '30d': 30 }, intervalMs: 200 } } },
    });
    try {
      const s = span({ rpc: ['shop.v1.Checkout', 'PlaceOrder'], attrs: [kv('grpcaudit.retention_class', '30d')] });
      await emit(c.handle.address, pki, ids.emitter, [s, span({ rpc: ['shop.v1.Checkout', 'PlaceOrder'] })]);
      const deadline = Date.now() + 20_000;
      const pruned = (): number => {
        const store = new SqliteRecordStore({ path: db, readonly: true });
        try {
          return (store.db.prepare("SELECT count(*) AS n FROM records WHERE body IS NULL AND record_type = 'span'").get() as { n: number }).n;
        } finally {
          void store.close();
        }
      };
      while (pruned() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(pruned(), 1, 'the classified expired record lost its body; the unclassified one is kept');
    } finally {
      await c.handle.shutdown();
      await sink.close?.();
    }
    const v = cli(['verify', '--db', db, '--key', `${db}.ed25519.pub`]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    pki.cleanup();
  });
});
