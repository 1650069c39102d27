import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { subtractRanges, seqRange } from '../../collector/delivery/seq-range';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { gapsCli, recordMaker } from '../store/report-conformance';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');
describe('delivery: collector-side gaps and completeness', () => {
  let dir: string;
  let store: SqliteRecordStore;
  let db: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-gaps-'));
    db = path.join(dir, 'audit.db');
    store = new SqliteRecordStore({ path: db });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  });

  it('range subtraction', () => {
    assert.deepEqual(subtractRanges([seqRange(1, 10)], [{ from: 3, to: 4 }, { from: 8, to: 20 }]), [seqRange(1, 2), seqRange(5, 7)]);
    assert.deepEqual(subtractRanges([seqRange(5, 6)], [{ from: 1, to: 10 }]), []);
    assert.deepEqual(subtractRanges([seqRange(5, 6), seqRange(9, 9)], []), [seqRange(5, 6), seqRange(9, 9)]);
  });

  it('grpc-audit gaps: clear errors for bad flags and a missing store (reports themselves: test/store/report-conformance.ts)', async () => {
    const run = gapsCli({ db });
    const bad = await run('--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be table or json/);
    const badTime = await run('--completeness', '--from', 'yesterday');
    assert.equal(badTime.status, 2);
    assert.match(badTime.stderr, /--from must be ISO 8601/);
    assert.match((await run('--from', '2024-06-01')).stderr, /--from\/--to need --completeness/);
    assert.match((await run('--limit', '-3')).stderr, /--limit must be a non-negative integer/);
    const missing = await run('--db', path.join(dir, 'nope.db'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot open/);
    const noServer = await run('--pg-url', 'postgresql://u:secret-pw@127.0.0.1:1/none');
    assert.equal(noServer.status, 2);
    assert.match(noServer.stderr, /cannot open postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/none/);
    assert.ok(!noServer.stderr.includes('secret-pw'), 'no password in the error');
  });

  it('the real CLI subprocess: grpc-audit gaps --format json', async function () {
    this.timeout(60_000);
    await store.append(recordMaker().seqs('A', [1, 3]));
    const r = spawnSync(process.execPath, [BIN, 'gaps', '--db', db, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).emitters[0].open, [{ from: 2, to: 2, count: 1 }]);
  });
});
