import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { parseCheckpoint } from '../../collector/ledger/checkpoint';
import { leafHashOf } from '../../collector/ledger/leaf-hash';
import { ProofVerificationError } from '../../collector/ledger/proof-errors';
import { verifyConsistency, verifyInclusion } from '../../collector/ledger/proof-verify';
import { openNote } from '../../collector/ledger/signed-note';
import { keyPathsFor, loadVerifierKey } from '../../collector/ledger/signing-key';
import { verifyLog } from '../../collector/ledger/verify-log';
import { bodyDigest } from '../../collector/store/body-digest';
import { InvalidRecordError, StoreError } from '../../collector/store/store-errors';
import { makeRecord, makeRecords } from '../store/make-records';
import { refRoot } from './reference-tree';

describe('ledger: AuditLog', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-log-'));
    dbPath = path.join(dir, 'collector.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (extra: Partial<Parameters<typeof openSqliteAuditLog>[0]> = {}) =>
    openSqliteAuditLog({ path: dbPath, checkpointIntervalMs: 0, checkpointEveryRecords: 100, ...extra });

  it('stores each recordId once: a retried batch and in-batch repeats create no leaf', async () => {
    const log = await open();
    try {
      assert.deepEqual(await log.append(makeRecords(0, 10)), { accepted: 10, duplicates: 0, leafIndexes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
      const root = log.root();
      assert.deepEqual(await log.append(makeRecords(0, 10)), { accepted: 0, duplicates: 10, leafIndexes: new Array(10).fill(-1) });
      assert.equal(log.size(), 10);
      assert.equal(log.root().toString('hex'), root.toString('hex'));
      const r = makeRecord(10);
      assert.deepEqual(await log.append([r, r, makeRecord(3), makeRecord(11)]), { accepted: 2, duplicates: 2, leafIndexes: [10, -1, -1, 11] });
      assert.equal(log.size(), 12);
      assert.equal(await log.store.count(), 12);
      const leaves = (await log.store.readRange(0, 12)).map((s) => s.leafHash as Buffer);
      assert.equal(log.root().toString('hex'), refRoot(leaves).toString('hex'));
    } finally {
      await log.close();
    }
  });

  it('records with non-ASCII, quotes, control characters and emoji in every field verify', async () => {
    const log = await open();
    try {
      const odd = 'é "q" \\ \n\t\u0001 \u{1F600} \u2028';
      await log.append([
        makeRecord(0, { service: odd, method: `/${odd}/M`, identity: odd, kind: odd, traceId: odd, spanId: odd, parentSpanId: odd, emitterId: odd, subjectRefs: [odd, 'b'], body: JSON.stringify({ odd, lone: '\udfff' }) }),
        makeRecord(1, { recordId: odd }),
      ]);
      const report = await verifyLog(log.store, { verifier: loadVerifierKey(log.origin, keyPathsFor(dbPath).publicKey) });
      assert.equal(report.ok, true, report.problem?.message);
      assert.equal(report.leaves, 2);
    } finally {
      await log.close();
    }
  });

  it('leaf hashes commit to the canonical entry at their position', async () => {
    const log = await open();
    try {
      await log.append(makeRecords(0, 5));
      const rows = await log.store.readRange(0, 5);
      rows.forEach((row, i) => {
        const original = makeRecord(i);
        assert.equal(row.bodySha256, bodyDigest(original.body));
        assert.equal(row.leafHash?.toString('hex'), leafHashOf(i, original, bodyDigest(original.body)).toString('hex'));
      });
    } finally {
      await log.close();
    }
  });

  it('serves inclusion proofs (using stored level-8 nodes) that verify against a signed checkpoint', async () => {
    const log = await open({ checkpointEveryRecords: 0 });
    try {
      for (let i = 0; i < 1100; i += 220) await log.append(makeRecords(i, 220));
      const signed = await log.checkpoint();
      assert.ok(signed);
      const nodes = log.store.db.prepare('SELECT count(*) AS n FROM tree_nodes WHERE level = 8').get() as { n: number };
      assert.equal(nodes.n, 4); // 1100 leaves hold four complete 256-leaf subtrees
      const cp = parseCheckpoint(openNote(signed.note, loadVerifierKey(log.origin, keyPathsFor(dbPath).publicKey)));
      for (const index of [0, 255, 256, 511, 777, 1023, 1024, 1099]) {
        const p = await log.inclusionProof(index, cp.treeSize);
        verifyInclusion(index, cp.treeSize, p.leafHash, p.proof, cp.rootHash);
      }
      const older = await log.inclusionProof(300, 512);
      const leaves = (await log.store.readRange(0, 512)).map((s) => s.leafHash as Buffer);
      verifyInclusion(300, 512, older.leafHash, older.proof, refRoot(leaves));
    } finally {
      await log.close();
    }
  });

  it('signs a checkpoint every N records inside the batch, and on close', async () => {
    const log = await open({ checkpointEveryRecords: 100 });
    await log.append(makeRecords(0, 99));
    assert.equal((await log.checkpoints()).length, 0);
    await log.append(makeRecords(99, 1));
    await log.append(makeRecords(100, 150));
    await log.append(makeRecords(250, 10));
    assert.deepEqual((await log.checkpoints()).map((c) => c.treeSize), [100, 250]);
    assert.equal(await log.checkpoint().then((c) => c?.checkpoint.treeSize), 260);
    assert.equal(await log.checkpoint(), undefined, 'no new checkpoint when nothing was added');
    await log.append(makeRecords(260, 5));
    await log.close();
    await log.close(); // idempotent
    const again = await open();
    try {
      assert.deepEqual((await again.checkpoints()).map((c) => c.treeSize), [100, 250, 260, 265]);
    } finally {
      await again.close();
    }
  });

  it('takes time-based checkpoints when the log grew', async () => {
    const log = await open({ checkpointEveryRecords: 0, checkpointIntervalMs: 20 });
    try {
      await log.append(makeRecords(0, 3));
      const deadline = Date.now() + 5000;
      while ((await log.checkpoints()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual((await log.checkpoints()).map((c) => c.treeSize), [3]);
    } finally {
      await log.close();
    }
  });

  it('survives a restart: same size and root, and the next checkpoint is provably consistent with the old one', async () => {
    const first = await open();
    await first.append(makeRecords(0, 333));
    const rootBefore = first.root().toString('hex');
    await first.close();
    const pub = loadVerifierKey('grpc-audit/collector', keyPathsFor(dbPath).publicKey);
    const oldRows = await (async () => {
      const l = await open();
      try {
        assert.equal(l.size(), 333);
        assert.equal(l.root().toString('hex'), rootBefore);
        await l.append(makeRecords(333, 200));
        await l.append(makeRecords(100, 50)); // retried old records: duplicates after restart too
        assert.equal(l.size(), 533);
        return l.checkpoints();
      } finally {
        await l.close();
      }
    })();
    const reopened = await open();
    try {
      const cps = await reopened.checkpoints();
      assert.ok(cps.length > oldRows.length - 1);
      const before = parseCheckpoint(openNote(cps.find((c) => c.treeSize === 333)!.note, pub));
      const after = parseCheckpoint(openNote(cps[cps.length - 1].note, pub));
      assert.equal(after.treeSize, 533);
      const proof = await reopened.consistencyProof(before.treeSize, after.treeSize);
      verifyConsistency(before.treeSize, after.treeSize, before.rootHash, after.rootHash, proof);
      const report = await verifyLog(reopened.store, { verifier: pub });
      assert.equal(report.ok, true, report.problem?.message);
    } finally {
      await reopened.close();
    }
  });

  it('after a crash (no final checkpoint row) reopens: the head signed with the last batch covers the tail, and it verifies', async () => {
    const log = await open({ checkpointEveryRecords: 100 });
    await log.append(makeRecords(0, 100));
    await log.append(makeRecords(100, 50));
    assert.deepEqual((await log.checkpoints()).map((c) => c.treeSize), [100]);
    log.store.db.close(); // simulate kill -9: no close(), no final checkpoint
    const again = await open();
    try {
      assert.equal(again.size(), 150);
      assert.deepEqual((await again.checkpoints()).map((c) => c.treeSize), [100]);
      const report = await verifyLog(again.store, { verifier: loadVerifierKey(again.origin, keyPathsFor(dbPath).publicKey) });
      assert.equal(report.ok, true, report.problem?.message);
      assert.equal(report.signedSize, 150);
      assert.deepEqual(report.warnings, []);
    } finally {
      await again.close();
    }
  });

  it('a failing batch stores nothing and leaves the tree unchanged', async () => {
    const log = await open();
    try {
      await log.append(makeRecords(0, 5));
      const root = log.root().toString('hex');
      log.store.db.exec(`CREATE TRIGGER boom BEFORE INSERT ON records WHEN NEW.record_id = 'rec-7' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      await assert.rejects(log.append(makeRecords(5, 5)), /injected failure/);
      assert.equal(log.size(), 5);
      assert.equal(log.root().toString('hex'), root);
      assert.equal(await log.store.count(), 5);
      log.store.db.exec('DROP TRIGGER boom');
      assert.deepEqual(await log.append(makeRecords(5, 5)), { accepted: 5, duplicates: 0, leafIndexes: [5, 6, 7, 8, 9] });
      const report = await verifyLog(log.store, { verifier: loadVerifierKey(log.origin, keyPathsFor(dbPath).publicKey) });
      assert.equal(report.ok, true, report.problem?.message);
      assert.equal(report.leaves, 10);
    } finally {
      await log.close();
    }
  });

  it('rejects a batch with an invalid record, naming the field, and stores none of it', async () => {
    const log = await open();
    try {
      const bad = { ...makeRecord(1), startTimeUnixNano: '12:00' };
      await assert.rejects(
        log.append([makeRecord(0), bad]),
        (e: unknown) => e instanceof InvalidRecordError && e.batchIndex === 1 && e.field === 'startTimeUnixNano',
      );
      assert.equal(log.size(), 0);
      assert.equal(await log.store.count(), 0);
    } finally {
      await log.close();
    }
  });

  it('refuses to start when the signing key is gone or replaced, or the origin changes', async () => {
    const log = await open();
    await log.append(makeRecords(0, 3));
    await log.close();
    const keyFile = keyPathsFor(dbPath).privateKey;
    const saved = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);
    await assert.rejects(open(), /signing key .* is missing/);
    assert.equal(fs.existsSync(keyFile), false, 'no new key minted for an existing ledger');
    fs.writeFileSync(keyFile, saved, { mode: 0o600 });
    await assert.rejects(open({ origin: 'another/log' }), (e: unknown) => e instanceof StoreError && /origin cannot change/.test(e.message));
    const ok = await open();
    await ok.close();
  });

  it('refuses to extend a log whose stored tree state no longer matches its latest checkpoint', async () => {
    const log = await open();
    await log.append(makeRecords(0, 120));
    await log.close();
    const db = new Database(dbPath);
    const state = db.prepare('SELECT frontier FROM ledger_state').get() as { frontier: Buffer };
    state.frontier[5] ^= 0xff;
    db.prepare('UPDATE ledger_state SET frontier = ?').run(state.frontier);
    db.close();
    await assert.rejects(open(), (e: unknown) => e instanceof ProofVerificationError && e.failure === 'root-mismatch');
  });

  it('refuses to start when records were removed behind its back', async () => {
    const log = await open();
    await log.append(makeRecords(0, 120));
    await log.close();
    const db = new Database(dbPath);
    db.prepare('DELETE FROM records WHERE leaf_index >= 110').run();
    db.close();
    await assert.rejects(open(), /records were removed/);
  });
});
