import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { parseQueryFlags, QueryFlagError } from '../../collector/cli/commands/query';
import { makeRecords } from '../store/make-records';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: grpc-audit query / verify on a real ledger file', function () {
  // Each case spawns the CLI several times (a few seconds each on a loaded machine).
  this.timeout(90_000);
  let dir: string;
  let db: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-cli-'));
    db = path.join(dir, 'collector.db');
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0, checkpointEveryRecords: 50 });
    await log.append(makeRecords(0, 60));
    await log.append(makeRecords(60, 60));
    await log.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('query --format json filters by service, subject and status', () => {
    const r = run(['query', '--db', db, '--service', 'users.v1.Directory', '--subject', 'subj:shared', '--status', 'OK', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { recordId: string; body: { i: number }; leafHash: string }[];
    assert.deepEqual(rows.map((x) => x.recordId), ['rec-8', 'rec-32', 'rec-44', 'rec-56', 'rec-68', 'rec-92', 'rec-104', 'rec-116']);
    assert.equal(rows[0].body.i, 8, 'body is parsed JSON');
    assert.match(rows[0].leafHash, /^[0-9a-f]{64}$/);
  });

  it('query --format table with a time range and a bad flag value', () => {
    const r = run(['query', '--db', db, '--from', '2024-06-01T00:00:10Z', '--to', '2024-06-01T00:00:12Z', '--format', 'table']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^LEAF\s+START \(UTC\)\s+SERVICE/);
    assert.match(r.stdout, /rec-10\n.*rec-11\n\(2 records\)\n$/);
    const bad = run(['query', '--db', db, '--from', 'yesterday']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--from must be an ISO 8601 time/);
  });

  it('verify exits 0 on the intact ledger and 1 with the first problem after tampering; 2 when it cannot run', () => {
    const ok = run(['verify', '--db', db, '--key', `${db}.ed25519.pub`]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^OK: 120 records, all covered by signatures \(2 checkpoints, signed size 120\)/);

    // No trusted key from outside the store: verify refuses to say OK (no fallback to the key in the database).
    const noKey = run(['verify', '--db', db]);
    assert.equal(noKey.status, 2, noKey.stdout + noKey.stderr);
    assert.doesNotMatch(noKey.stdout, /OK/);
    assert.match(noKey.stderr, /no trusted public key: pass --key/);

    const copy = path.join(dir, 'tampered.db');
    fs.copyFileSync(db, copy);
    const h = new Database(copy);
    h.prepare(`UPDATE records SET body = replace(body, '"i":77', '"i":78') WHERE leaf_index = 77`).run();
    h.close();
    // The public key beside the original file is the trusted one.
    const bad = run(['verify', '--db', copy, '--key', `${db}.ed25519.pub`, '--format', 'json']);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    const report = JSON.parse(bad.stdout) as { ok: boolean; problem: { kind: string; leafIndex: number; recordId: string } };
    assert.equal(report.ok, false);
    assert.deepEqual([report.problem.kind, report.problem.leafIndex, report.problem.recordId], ['altered', 77, 'rec-77']);

    const text = run(['verify', '--db', copy, '--key', `${db}.ed25519.pub`]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /FAILED: altered: leaf 77 \(rec-77\)/);
    assert.match(text.stdout, /record id:\s+rec-77/);

    const badWorkers = run(['verify', '--db', db, '--key', `${db}.ed25519.pub`, '--workers', 'many']);
    assert.equal(badWorkers.status, 2);
    assert.match(badWorkers.stderr, /--workers must be an integer/);

    const missing = run(['verify', '--db', path.join(dir, 'nope.db'), '--key', `${db}.ed25519.pub`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot open .*nope\.db: database .* does not exist/);
  });

  it('parseQueryFlags validates every flag with a message naming it', () => {
    assert.deepEqual(parseQueryFlags({ status: 'not_found', traceId: 'A'.repeat(32) }).filter, { grpcStatusCode: 5, traceId: 'a'.repeat(32) });
    for (const [flags, msg] of [
      [{ status: '17' }, /--status/],
      [{ traceId: 'xyz' }, /--trace-id/],
      [{ limit: '-3' }, /--limit/],
      [{ order: 'sideways' }, /--order/],
      [{ type: 'log' }, /--type/],
      [{ to: '2024-13-45' }, /--to/],
    ] as const) {
      assert.throws(() => parseQueryFlags(flags), (e: unknown) => e instanceof QueryFlagError && msg.test(e.message));
    }
  });
});
