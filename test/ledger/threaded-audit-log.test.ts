import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keyPathsFor, loadVerifierKey } from '../../collector/ledger/signing-key';
import { ThreadedAuditLog } from '../../collector/ledger/threaded-audit-log';
import { verifyLog } from '../../collector/ledger/verify-log';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { makeRecord, makeRecords } from '../store/make-records';

describe('ledger: ThreadedAuditLog (the SQLite ledger in a writer thread)', function () {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-threaded-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends in call order, de-duplicates, checkpoints, closes, and the file verifies', async () => {
    const file = path.join(dir, 'collector.db');
    const log = await ThreadedAuditLog.open({ path: file, checkpointIntervalMs: 0, checkpointEveryRecords: 100 });
    // Several appends in flight at once: applied one after the other, in call order.
    const results = await Promise.all([log.append(makeRecords(0, 150)), log.append(makeRecords(150, 150)), log.append(makeRecords(100, 100))]);
    const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
    assert.deepEqual(results, [
      { accepted: 150, duplicates: 0, leafIndexes: range(0, 150) },
      { accepted: 150, duplicates: 0, leafIndexes: range(150, 150) },
      { accepted: 0, duplicates: 100, leafIndexes: new Array(100).fill(-1) },
    ]);
    assert.equal(log.size(), 300);
    await log.checkpoint();
    assert.equal(await log.store.count(), 300, 'the read-only connection sees committed rows');
    const [first] = await log.store.readRange(0, 1);
    assert.equal(first.recordId, 'rec-0');
    await log.close();
    await log.close();
    await assert.rejects(log.append(makeRecords(300, 1)), /closed/);

    const store = new SqliteRecordStore({ path: file, readonly: true });
    const report = await verifyLog(store, { verifier: loadVerifierKey(log.origin, keyPathsFor(file).publicKey) });
    await store.close();
    assert.equal(report.ok, true, report.problem?.message);
    assert.equal(report.leaves, 300);
    assert.equal(report.checkpointedSize, 300);
  });

  it('an invalid record rejects its batch with the store error, and the log keeps working', async () => {
    const log = await ThreadedAuditLog.open({ path: path.join(dir, 'c.db'), checkpointIntervalMs: 0 });
    await assert.rejects(log.append([makeRecord(0, { recordId: '' })]), (err: Error) => err.name === 'InvalidRecordError' && /recordId/.test(err.message));
    assert.deepEqual(await log.append(makeRecords(0, 3)), { accepted: 3, duplicates: 0, leafIndexes: [0, 1, 2] });
    await log.close();
  });

  it('open fails like AuditLog.open (here: a key that does not match the ledger)', async () => {
    const file = path.join(dir, 'k.db');
    const log = await ThreadedAuditLog.open({ path: file, checkpointIntervalMs: 0 });
    await log.append(makeRecords(0, 2));
    await log.close();
    fs.rmSync(keyPathsFor(file).privateKey);
    await assert.rejects(ThreadedAuditLog.open({ path: file, checkpointIntervalMs: 0 }));
  });
});
