import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { AuditLog, type LedgerStore } from '../../collector/ledger/audit-log';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { keyPathsFor, loadVerifierKey, verifierFromPublicKey } from '../../collector/ledger/signing-key';
import * as crypto from 'node:crypto';
import { verifyLog } from '../../collector/ledger/verify-log';
import { verifyArchive } from '../../collector/retention/retention-archive';
import { retentionPolicySchema } from '../../collector/retention/retention-policy';
import { runRetention, type RetentionTarget } from '../../collector/retention/retention-run';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import type { AuditRecord } from '../../collector/store/record';
import type { RetentionStore } from '../../collector/store/retention-store';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { StoreError } from '../../collector/store/store-errors';
import { usePostgresServer } from '../helpers/postgres-server';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { createLogger } from '../../collector/log/logger';
import { startRetentionSchedule } from '../../collector/retention/retention-schedule';
import { BASE_MS, makeRecord } from '../store/make-records';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');
const DAY_MS = 86_400_000;

/** Record i starts at BASE_MS + i days, names class `short` (i % 3 == 0), `long` (1) or none (2). */
function classRecord(i: number): AuditRecord {
  const cls = i % 3 === 0 ? 'short' : i % 3 === 1 ? 'long' : undefined;
  const startNs = BigInt(BASE_MS + i * DAY_MS) * 1_000_000n;
  const attributes: Record<string, unknown> = { 'rpc.method': { stringValue: 'Lookup' } };
  if (cls) attributes['grpcaudit.retention_class'] = { stringValue: cls };
  return makeRecord(i, {
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 1_000_000n).toString(),
    body: JSON.stringify({ attributes, i, payload: `secret-payload-${i}` }),
  });
}

const policy = (archiveDir: string) =>
  retentionPolicySchema.parse({
    classes: { short: { maxAgeDays: 30, action: 'delete' }, long: { maxAgeDays: 60, action: 'archive' } },
    archiveDir,
  });

/** The same retention scenario on both stores: 100 records over 100 days, "now" = day 100. */
function scenario(open: () => Promise<{ log: AuditLog<LedgerStore>; store: LedgerStore & RetentionTarget; verifier: ReturnType<typeof loadVerifierKey>; dir: string }>): void {
  it('prunes expired bodies by class, archives with proofs that verify offline, keeps held and unclassified records, and verify still passes', async () => {
    const { log, store, verifier, dir } = await open();
    const records = Array.from({ length: 100 }, (_, i) => classRecord(i));
    await log.append(records.slice(0, 60));
    await log.append(records.slice(60));
    await log.checkpoint();
    const rs = store.retention();
    const nowMs = BASE_MS + 100 * DAY_MS;
    // Hold record 3's trace (class short, expired) and every record of days 9..12.
    const traceHold = await rs.placeLegalHold({ scope: 'trace', value: records[3].traceId, reason: 'litigation 42', placedBy: 'dpo@test', placedAtMs: nowMs });
    await rs.placeLegalHold({
      scope: 'time',
      fromUnixNano: BigInt(BASE_MS + 9 * DAY_MS) * 1_000_000n,
      toUnixNano: BigInt(BASE_MS + 13 * DAY_MS) * 1_000_000n,
      reason: 'regulator inquiry',
      placedBy: 'dpo@test',
      placedAtMs: nowMs,
    });

    const dry = await runRetention(store, { policy: policy(dir), nowMs, dryRun: true, pageSize: 7 });
    // short: days < 70 → i in {0,3,…,69}: 24 records; long: days < 40 → i in {1,4,…,37}: 13.
    // Held: 3 (trace) + 9, 10, 12 (time; 11 has no class) → short loses 3 (3, 9, 12), long 1 (10).
    assert.equal(dry.byClass.short.expired, 21);
    assert.equal(dry.byClass.long.expired, 12);
    assert.equal(dry.held, 4);
    assert.equal(dry.heldByHold[traceHold.id], 1);
    assert.equal(dry.byClass.short.pruned + dry.byClass.long.pruned, 0, 'dry run prunes nothing');
    assert.equal((await store.readRange(0, 100)).filter((r) => r.body === null).length, 0);

    const run = await runRetention(store, { policy: policy(dir), nowMs, pageSize: 7 });
    assert.equal(run.byClass.short.pruned, 21);
    assert.equal(run.byClass.long.pruned, 12);
    const after = await store.readRange(0, 100);
    const pruned = after.filter((r) => r.body === null).map((r) => r.leafIndex);
    const expectShort = records.map((_, i) => i).filter((i) => i % 3 === 0 && i < 70 && ![3, 9, 12].includes(i));
    const expectLong = records.map((_, i) => i).filter((i) => i % 3 === 1 && i < 40 && i !== 10);
    assert.deepEqual(pruned, [...expectShort, ...expectLong].sort((a, b) => a - b));
    for (const r of after) assert.equal(typeof r.bodySha256, 'string');

    // The archive holds exactly the expired `long` records, bodies included, each proven.
    const file = run.byClass.long.archiveFile!;
    const check = verifyArchive(file, verifier);
    assert.equal(check.records, 12);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.leafIndex), expectLong);
    assert.match(lines[0].record.body, /secret-payload-1/);
    // A changed byte in an archived body is caught.
    const tampered = path.join(dir, 'tampered.jsonl.gz');
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').replace('secret-payload-4\\"', 'secret-payload-X\\"');
    assert.ok(text.includes('secret-payload-X'), 'the tampering took place');
    fs.writeFileSync(tampered, zlib.gzipSync(text));
    assert.throws(() => verifyArchive(tampered, verifier), /body does not match its digest/);

    // The ledger still verifies from the trusted key, counting pruned bodies.
    const report = await verifyLog(store, { verifier });
    assert.equal(report.ok, true, JSON.stringify(report.problem ?? report));
    assert.equal(report.prunedBodies, 33);

    // A second run finds nothing new; releasing the trace hold lets record 3 go.
    const again = await runRetention(store, { policy: policy(dir), nowMs });
    assert.equal(again.byClass.short.pruned + again.byClass.long.pruned, 0);
    const released = await rs.releaseLegalHold(traceHold.id, 'dpo@test', 'case closed', nowMs + 1);
    assert.equal(released.releaseReason, 'case closed');
    await assert.rejects(rs.releaseLegalHold(traceHold.id, 'dpo@test', 'twice', nowMs + 2), /already released/);
    const third = await runRetention(store, { policy: policy(dir), nowMs });
    assert.equal(third.byClass.short.pruned, 1);
    assert.equal((await store.readRange(3, 4))[0].body, null);
    assert.equal((await rs.listLegalHolds()).length, 1);
    assert.equal((await rs.listLegalHolds({ includeReleased: true })).length, 2);
    await log.close();
  });

  it('refuses malformed holds with a clear error', async () => {
    const { log, store } = await open();
    const rs: RetentionStore = store.retention();
    const base = { reason: 'r', placedBy: 'p', placedAtMs: 1 };
    await assert.rejects(rs.placeLegalHold({ scope: 'trace', value: 'nothex', ...base }), /32 lowercase hex/);
    await assert.rejects(rs.placeLegalHold({ scope: 'time', ...base }), /needs --from or --to/);
    await assert.rejects(rs.placeLegalHold({ scope: 'service', value: 'svc', ...base, reason: ' ' }), /needs a reason/);
    await assert.rejects(rs.releaseLegalHold(99, 'p', 'r', 1), (e: Error) => e instanceof StoreError && /no legal hold 99/.test(e.message));
    await log.close();
  });
}

describe('retention and legal hold: SQLite', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-retention-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  scenario(async () => {
    const db = path.join(dir, 'collector.db');
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0 });
    const verifier = loadVerifierKey(log.origin, keyPathsFor(db).publicKey);
    return { log: log as unknown as AuditLog<LedgerStore>, store: log.store as SqliteRecordStore, verifier, dir };
  });

  it('the collector schedule prunes with its own connection and logs counts, never content', async () => {
    const db = path.join(dir, 'collector.db');
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0 });
    // Started 30 days ago or earlier: class short (30 days) expires for the first ones.
    const now = Date.now();
    const recs = Array.from({ length: 6 }, (_, i) => {
      const r = classRecord(i * 3); // class short
      const startNs = BigInt(now - (40 - i * 5) * DAY_MS) * 1_000_000n;
      return { ...r, startTimeUnixNano: startNs.toString(), endTimeUnixNano: (startNs + 1n).toString() };
    });
    await log.append(recs);
    await log.checkpoint();
    const config = parseCollectorConfig({ insecure: true, store: { type: 'sqlite', path: db }, retention: { classes: { short: { maxAgeDays: 30, action: 'delete' } }, intervalMinutes: 60 } });
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const schedule = startRetentionSchedule(config, logger)!;
    assert.ok(schedule, 'scheduled when classes and an interval are configured');
    await schedule.runOnce();
    await schedule.stop();
    // Ages 40, 35 days expire; 30 is exactly at the cutoff minus test runtime, 25.. stay.
    const bodies = (await log.store.readRange(0, 6)).map((r) => r.body === null);
    assert.deepEqual(bodies.slice(0, 2), [true, true]);
    assert.deepEqual(bodies.slice(3), [false, false, false]);
    const entry = JSON.parse(lines.find((l) => l.includes('retention_run'))!);
    assert.ok(entry.pruned >= 2);
    assert.ok(!lines.join('').includes('secret-payload'), 'no record content in logs');
    assert.equal(startRetentionSchedule(parseCollectorConfig({ insecure: true, store: { type: 'sqlite', path: db } }), logger), undefined);
    await log.close();
  });

  it('policy validation names the problem', () => {
    assert.throws(() => retentionPolicySchema.parse({ classes: { a: { maxAgeDays: 1, action: 'archive' } } }), /archiveDir is required/);
    assert.throws(() => retentionPolicySchema.parse({ classes: { a: { maxAgeDays: 1, action: 'delete' } }, defaultClass: 'b' }), /not one of the classes/);
    assert.throws(() => retentionPolicySchema.parse({ classes: { a: { maxAgeDays: -1 } } }), /must be > 0/);
  });

  it('CLI: hold place/list/release, retention run --dry-run and run, verify-archive with the trusted key', async () => {
    const db = path.join(dir, 'collector.db');
    const log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0 });
    await log.append(Array.from({ length: 30 }, (_, i) => classRecord(i)));
    await log.checkpoint();
    await log.close();
    const pol = path.join(dir, 'retention.yaml');
    fs.writeFileSync(pol, `retention:\n  classes:\n    short: { maxAgeDays: 10, action: delete }\n    long: { maxAgeDays: 20, action: archive }\n  archiveDir: ${path.join(dir, 'archive')}\n`);
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
    const now = new Date(BASE_MS + 30 * DAY_MS).toISOString();

    let r = cli(['hold', 'place', '--db', db, '--service', 'users.v1.Directory', '--reason', 'audit 7', '--by', 'dpo@test']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /hold 1: service users.v1.Directory — placed .* by dpo@test: audit 7/);
    r = cli(['hold', 'place', '--db', db, '--trace', 'xyz', '--reason', 'r']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /32 lowercase hex/);

    r = cli(['retention', 'run', '--db', db, '--policy', pol, '--now', now, '--dry-run', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const dry = JSON.parse(r.stdout);
    assert.equal(dry.dryRun, true);
    // users.v1.Directory is service i % 3 == 2: records without class here, so the hold keeps none of them.
    assert.equal(dry.byClass.short.expired, 7); // i in {0,3,…,18}
    assert.equal(dry.byClass.long.expired, 3); // i in {1, 4, 7}
    r = cli(['retention', 'run', '--db', db, '--policy', pol, '--now', now]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /class long \(archive\): 3 expired, 3 pruned, archived to .*retention-long-/);
    const archive = /archived to (\S+)/.exec(r.stdout)![1];
    r = cli(['retention', 'verify-archive', archive, '--key', keyPathsFor(db).publicKey]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^OK: 3 records of class long/);
    r = cli(['hold', 'release', '1', '--db', db, '--reason', 'done', '--by', 'dpo@test']);
    assert.equal(r.status, 0, r.stderr);
    r = cli(['hold', 'list', '--db', db, '--all', '--format', 'json']);
    const holds = JSON.parse(r.stdout);
    assert.equal(holds.length, 1);
    assert.equal(holds[0].releasedBy, 'dpo@test');
    r = cli(['verify', '--db', db, '--key', keyPathsFor(db).publicKey]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

describe('retention and legal hold: PostgreSQL (real server)', () => {
  const server = usePostgresServer();
  let dir: string;
  const stores: PostgresRecordStore[] = [];
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-retention-pg-'))));
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  });

  scenario(async () => {
    const url = await server().createDatabase('retention');
    const store = await PostgresRecordStore.open({ url, maxConnections: 2 });
    stores.push(store);
    const key = crypto.generateKeyPairSync('ed25519').privateKey;
    const log = await AuditLog.openOn(store, { signingKey: key, checkpointIntervalMs: 0 });
    const verifier = verifierFromPublicKey(log.origin, crypto.createPublicKey(key));
    return { log: log as unknown as AuditLog<LedgerStore>, store, verifier, dir };
  });
});
