import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bodyDigest } from '../../collector/store/body-digest';
import type { AuditRecord } from '../../collector/store/record';
import { SQLITE_MIGRATIONS } from '../../collector/store/sqlite-migrations';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { recordFilterSql } from '../../collector/store/record-filter-sql';
import { InvalidRecordError, StoreClosedError, StoreError } from '../../collector/store/store-errors';
import { BASE_MS, makeRecord, makeRecords } from './make-records';

const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

describe('store: SqliteRecordStore', () => {
  let dir: string;
  let dbPath: string;
  let store: SqliteRecordStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-store-'));
    dbPath = path.join(dir, 'nested', 'records.db');
    store = new SqliteRecordStore({ path: dbPath });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file with WAL, synchronous=FULL and the versioned schema, once', async () => {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('synchronous', { simple: true }), 2); // FULL
    assert.equal(store.schemaVersion(), SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version);
    await store.close();
    store = new SqliteRecordStore({ path: dbPath });
    const rows = store.db.prepare('SELECT version FROM schema_migrations').all();
    assert.equal(rows.length, SQLITE_MIGRATIONS.length, 'migrations applied once');
    const indexes = (store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'`).all() as { name: string }[]).map((r) => r.name);
    for (const name of ['records_by_start', 'records_by_service', 'records_by_method', 'records_by_status', 'records_by_emitter_seq']) {
      assert.ok(indexes.includes(name), name);
    }
    // trace ids are random: indexed in FTS5 (schema v2), not in a B-tree that each record dirties a page of
    assert.ok(!indexes.includes('records_by_trace'));
    assert.ok(store.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'trace_index'`).get());
  });

  it('refuses a database written by a newer schema, and a foreign file when read-only', async () => {
    store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, ?, 0)').run('future');
    await store.close();
    assert.throws(() => new SqliteRecordStore({ path: dbPath }), (e: unknown) => e instanceof StoreError && /schema version 999/.test(e.message));
    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)');
    assert.throws(() => new SqliteRecordStore({ path: foreign, readonly: true }), /not a grpc-audit database/);
    assert.throws(() => new SqliteRecordStore({ path: path.join(dir, 'absent.db'), readonly: true }), /does not exist/);
    store = new SqliteRecordStore({ path: ':memory:' });
  });

  it('appends with dense leaf indexes, ignores duplicate ids, and reads records back exactly', async () => {
    const first = await store.append(makeRecords(0, 5));
    assert.deepEqual(first, { accepted: 5, duplicates: 0, firstLeafIndex: 0 });
    const second = await store.append([makeRecord(4), makeRecord(5), makeRecord(5)]);
    assert.deepEqual(second, { accepted: 1, duplicates: 2, firstLeafIndex: 5 });
    assert.equal(await store.nextLeafIndex(), 6);
    const rows = await store.readRange(0, 100);
    assert.deepEqual(rows.map((r) => r.leafIndex), [0, 1, 2, 3, 4, 5]);
    for (const row of rows) {
      const original = makeRecord(row.leafIndex);
      const { leafIndex, bodySha256, leafHash, ...rest } = row;
      assert.deepEqual(rest, original);
      assert.equal(bodySha256, bodyDigest(original.body));
      assert.equal(leafHash, null, 'no ledger: no leaf hash');
    }
    assert.deepEqual((await store.readRange(2, 4)).map((r) => r.recordId), ['rec-2', 'rec-3']);
  });

  it('accepts paired surrogates (emoji) and escaped lone ones, and reads them back exactly', async () => {
    const body = JSON.stringify({ x: '\ud800', y: '\u{1F600}' }); // JSON.stringify escapes the lone one
    await store.append([makeRecord(0, { service: 'svc-\u{1F600}', subjectRefs: ['\u{1F600}'], body })]);
    const [back] = await store.readRange(0, 1);
    assert.equal(back.service, 'svc-\u{1F600}');
    assert.deepEqual(back.subjectRefs, ['\u{1F600}']);
    assert.equal(back.body, body);
    assert.equal(back.bodySha256, bodyDigest(body));
  });

  it('keeps optional fields absent and 64-bit times exact', async () => {
    const r: AuditRecord = {
      ...makeRecord(0),
      emitterId: undefined,
      seq: undefined,
      parentSpanId: undefined,
      grpcStatusCode: undefined,
      startTimeUnixNano: '9223372036854775807',
      endTimeUnixNano: '18446744073709551615',
    };
    delete r.emitterId;
    delete r.seq;
    delete r.parentSpanId;
    delete r.grpcStatusCode;
    await store.append([r]);
    const [back] = await store.readRange(0, 1);
    assert.equal(back.startTimeUnixNano, '9223372036854775807');
    assert.equal(back.endTimeUnixNano, '18446744073709551615');
    assert.equal('emitterId' in back || 'seq' in back || 'parentSpanId' in back || 'grpcStatusCode' in back, false);
  });

  describe('invalid records reject the whole batch with the field named', () => {
    const bad: [string, Partial<Record<keyof AuditRecord, unknown>>][] = [
      ['recordId', { recordId: '' }],
      ['recordType', { recordType: 'log' }],
      ['startTimeUnixNano', { startTimeUnixNano: '-1' }],
      ['startTimeUnixNano', { startTimeUnixNano: '9223372036854775808' }],
      ['endTimeUnixNano', { endTimeUnixNano: 12 }],
      ['seq', { seq: -1 }],
      ['grpcStatusCode', { grpcStatusCode: 1.5 }],
      ['subjectRefs', { subjectRefs: ['ok', 3] }],
      ['body', { body: undefined }],
      ['receivedAtMs', { receivedAtMs: Number.NaN }],
      ['service', { service: null }],
      ['method', { method: '/a\ud800/b' }],
      ['subjectRefs', { subjectRefs: ['\udc00x'] }],
      ['body', { body: '{"x":"\ud800"}' }],
    ];
    for (const [field, patch] of bad) {
      it(`${field} = ${JSON.stringify(Object.values(patch)[0]) ?? 'undefined'}`, async () => {
        const record = { ...makeRecord(1), ...patch } as AuditRecord;
        await assert.rejects(
          store.append([makeRecord(0), record]),
          (e: unknown) => e instanceof InvalidRecordError && e.field === field && e.batchIndex === 1 && e.message.startsWith(`record 1: ${field}`),
        );
        assert.equal(await store.count(), 0);
      });
    }
  });

  describe('query', () => {
    beforeEach(async () => {
      await store.append(makeRecords(0, 40));
      await store.append([makeRecord(40, { recordType: 'gap', service: 'gapper', subjectRefs: [] })]);
    });

    const ids = (rs: { recordId: string }[]): string[] => rs.map((r) => r.recordId);

    it('by start-time range [from, to)', async () => {
      const rs = await store.query({ fromUnixNano: ns(BASE_MS + 10_000), toUnixNano: ns(BASE_MS + 13_000) });
      assert.deepEqual(ids(rs), ['rec-10', 'rec-11', 'rec-12']);
    });

    it('by service, method, trace id, status and record type', async () => {
      assert.deepEqual(ids(await store.query({ service: 'billing.v1.Payments' }, { limit: 3 })), ['rec-1', 'rec-4', 'rec-7']);
      assert.equal(await store.count({ method: '/users.v1.Directory/Lookup' }), 13);
      assert.deepEqual(ids(await store.query({ traceId: makeRecord(17).traceId })), ['rec-17']);
      assert.deepEqual(ids(await store.query({ grpcStatusCode: 5 })), ['rec-0', 'rec-5', 'rec-10', 'rec-15', 'rec-20', 'rec-25', 'rec-30', 'rec-35', 'rec-40']);
      assert.deepEqual(ids(await store.query({ recordType: 'gap' })), ['rec-40']);
      assert.equal(await store.count({ emitterId: 'emitter-1' }), 20);
    });

    it('by subject reference (records whose subjectRefs contain it), combined with other filters', async () => {
      assert.deepEqual(ids(await store.query({ subjectRef: 'subj:4' })), ['rec-4', 'rec-12', 'rec-20', 'rec-28', 'rec-36']);
      assert.equal(await store.count({ subjectRef: 'subj:shared' }), 10);
      assert.deepEqual(ids(await store.query({ subjectRef: 'subj:shared', service: 'users.v1.Directory' })), ['rec-8', 'rec-20', 'rec-32']);
      assert.deepEqual(await store.query({ subjectRef: 'nobody' }), []);
    });

    it('orders, limits and pages', async () => {
      assert.deepEqual(ids(await store.query({}, { order: 'desc', limit: 2 })), ['rec-40', 'rec-39']);
      assert.deepEqual(ids(await store.query({}, { limit: 2, offset: 5 })), ['rec-5', 'rec-6']);
      assert.equal((await store.query({})).length, 41, 'default limit 100 keeps all 41');
      await assert.rejects(store.query({}, { limit: -1 }), /limit must be an integer/);
    });

    it('uses the indexes (query plan)', () => {
      const plan = (sql: string, ...p: unknown[]): string =>
        (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((r) => r.detail).join(' | ');
      const byTrace = recordFilterSql({ traceId: 'x' }, '', 'sqlite');
      const tracePlan = plan(`SELECT * FROM records ${byTrace.where}`, ...byTrace.params);
      assert.match(tracePlan, /trace_index VIRTUAL TABLE/);
      assert.match(tracePlan, /SEARCH records USING INTEGER PRIMARY KEY/);
      assert.doesNotMatch(tracePlan, /SCAN records/);
      assert.match(plan('SELECT * FROM records WHERE service = ? ORDER BY start_time_ns', 'x'), /records_by_service/);
      assert.match(plan('SELECT * FROM records WHERE start_time_ns >= ? AND start_time_ns < ?', 1, 2), /records_by_start/);
      const bySubject = recordFilterSql({ subjectRef: 'x' }, '', 'sqlite');
      const subjectPlan = plan(`SELECT * FROM records ${bySubject.where}`, ...bySubject.params);
      assert.match(subjectPlan, /subject_index VIRTUAL TABLE/);
      assert.doesNotMatch(subjectPlan, /SCAN records/);
      assert.match(plan('SELECT seq FROM records WHERE emitter_id = ? ORDER BY seq', 'e'), /records_by_emitter_seq/);
    });
  });

  it('a read-only store reads but refuses to write', async () => {
    await store.append(makeRecords(0, 3));
    const ro = new SqliteRecordStore({ path: dbPath, readonly: true });
    try {
      assert.equal(await ro.count(), 3);
      await assert.rejects(ro.append([makeRecord(9)]), /read-only/);
    } finally {
      await ro.close();
    }
  });

  it('close is idempotent and later calls fail clearly', async () => {
    await store.close();
    await store.close();
    await assert.rejects(store.count(), StoreClosedError);
    store = new SqliteRecordStore({ path: ':memory:' });
  });

  it('readNodes reports missing nodes instead of returning short arrays', async () => {
    await assert.rejects(store.readNodes(8, 0, 1), /expected nodes 0..0, found 0/);
  });
});
