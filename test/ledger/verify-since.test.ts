import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { keyPathsFor } from '../../collector/ledger/signing-key';
import { makeRecords } from '../store/make-records';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/**
 * Issue 14, "verification that trusts no database": checkpoints are published to an append-only
 * directory outside the store, and `verify --since` proves the current log extends them. The
 * verifier holds only the trusted public key and the published checkpoints.
 */
describe('ledger: verify --since published checkpoints (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let db: string;
  let published: string;
  let trustedPub: string;
  let signingKey: crypto.KeyObject;

  const verify = (...args: string[]) => spawnSync(process.execPath, [BIN, 'verify', '--db', db, '--key', trustedPub, ...args], { encoding: 'utf8' });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-since-'));
    db = path.join(dir, 'audit.db');
    published = path.join(dir, 'published');
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0, checkpointEveryRecords: 40, publishDir: published });
    for (let i = 0; i < 100; i += 20) await log.append(makeRecords(i, 20));
    await log.close();
    trustedPub = path.join(dir, 'trusted.pub');
    fs.copyFileSync(keyPathsFor(db).publicKey, trustedPub);
    signingKey = crypto.createPrivateKey(fs.readFileSync(keyPathsFor(db).privateKey));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes every checkpoint once, read-only, named by size', () => {
    const files = fs.readdirSync(published).sort();
    assert.deepEqual(files, ['checkpoint-0000000000000040.note', 'checkpoint-0000000000000080.note', 'checkpoint-0000000000000100.note']);
    for (const f of files) assert.equal(fs.statSync(path.join(published, f)).mode & 0o222, 0, `${f} is not writable`);
  });

  it('a consistent extension → OK', async () => {
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0, checkpointEveryRecords: 40, publishDir: published });
    await log.append(makeRecords(100, 30));
    await log.close();
    const r = verify('--since', path.join(published, 'checkpoint-0000000000000100.note'));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^OK: 130 records, all covered by signatures .*consistent with 1 published checkpoint/);
    const all = verify('--since', published);
    assert.equal(all.status, 0, all.stdout + all.stderr);
    assert.match(all.stdout, /consistent with 4 published checkpoint\(s\)/);
  });

  it('the whole database rewritten with a new key → FAILED (and without --since too)', async () => {
    const copyOfPublished = fs.readdirSync(published).map((f) => path.join(published, f));
    for (const f of [db, `${db}-wal`, `${db}-shm`, keyPathsFor(db).privateKey, keyPathsFor(db).publicKey]) fs.rmSync(f, { force: true });
    const forged = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0, checkpointEveryRecords: 40 });
    await forged.append(makeRecords(0, 120));
    await forged.close();
    // The rewrite is self-consistent under its own key: only a key from outside exposes it.
    const selfAttested = spawnSync(process.execPath, [BIN, 'verify', '--db', db, '--key', keyPathsFor(db).publicKey], { encoding: 'utf8' });
    assert.equal(selfAttested.status, 0, selfAttested.stdout);
    const r = verify('--since', published);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: checkpoint-signature/);
    assert.ok(copyOfPublished.length > 0);
    assert.equal(verify().status, 1);
  });

  it('truncated and re-grown (by someone holding the signing key) → FAILED against the published checkpoint', async () => {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const regrown = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0, checkpointEveryRecords: 40, signingKey });
    await regrown.append(makeRecords(0, 60));
    await regrown.append(makeRecords(500, 70)); // different records where leaves 60..99 used to be
    await regrown.close();
    // Everything in the store is validly signed by the real key: only the kept checkpoint tells.
    assert.equal(verify().status, 0);
    const r = verify('--since', published);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: checkpoint-root-mismatch: published checkpoint checkpoint-0000000000000080\.note signs root/);
  });

  it('a --since path that holds no checkpoint cannot verify (exit 2)', () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const r = verify('--since', empty);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no checkpoint-\*\.note files/);
  });
});
