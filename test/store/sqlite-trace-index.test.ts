import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { completenessReport } from '../../collector/delivery/completeness';
import { SQLITE_MIGRATIONS } from '../../collector/store/sqlite-migrations';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { makeRecord, makeRecords } from './make-records';

/**
 * Schema v2 indexes trace ids and subject references in FTS5 instead of B-trees (random keys
 * dirtied one 16 KiB page each per appended record). Lookups must stay exact and every path that
 * finds rows by them must use the index: filters, the completeness report, an upgraded v1 database.
 */
describe('store: SQLite trace and subject indexes (FTS5)', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-trace-index-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ids = (rows: { recordId: string }[]): string[] => rows.map((r) => r.recordId);

  it('finds every record of a trace, exactly, whatever characters the trace id holds', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'a.db') });
    const hex = crypto.randomBytes(16).toString('hex');
    const odd = ['x"y', 'a b', 'ÄÖ-ü', '*', 'OR', hex.toUpperCase(), ''];
    await store.append([
      makeRecord(0, { traceId: hex }),
      makeRecord(1, { traceId: hex }),
      ...odd.map((t, i) => makeRecord(2 + i, { traceId: t })),
      makeRecord(20, { traceId: hex.slice(0, 31) }),
    ]);
    assert.deepEqual(ids(await store.query({ traceId: hex })), ['rec-0', 'rec-1']);
    // the index folds case; the column comparison does not
    assert.deepEqual(ids(await store.query({ traceId: hex.toUpperCase() })), ['rec-7']);
    for (const [i, t] of odd.entries()) assert.deepEqual(ids(await store.query({ traceId: t })), [`rec-${2 + i}`], JSON.stringify(t));
    assert.equal(await store.count({ traceId: hex.slice(0, 31) }), 1);
    assert.deepEqual(await store.query({ traceId: 'f'.repeat(32) }), []);
    // one index term per row
    assert.equal(store.db.prepare('SELECT count(*) FROM trace_index').pluck().get(), 10);
    await store.close();
  });

  it('finds the records of a subject reference exactly: several per record, odd characters, no prefix or case matches', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 's.db') });
    const h = 'hmac:k1:' + crypto.randomBytes(16).toString('base64url');
    await store.append([
      makeRecord(0, { subjectRefs: [h] }),
      makeRecord(1, { subjectRefs: ['enc:x', h, 'a b "c"'] }),
      makeRecord(2, { subjectRefs: [h.toUpperCase()] }),
      makeRecord(3, { subjectRefs: [h.slice(0, -1)] }),
      makeRecord(4, { subjectRefs: [] }),
      makeRecord(5, { subjectRefs: ['a b "c"', ''] }),
    ]);
    assert.deepEqual(ids(await store.query({ subjectRef: h })), ['rec-0', 'rec-1']);
    assert.deepEqual(ids(await store.query({ subjectRef: h.toUpperCase() })), ['rec-2']);
    assert.deepEqual(ids(await store.query({ subjectRef: h.slice(0, -1) })), ['rec-3']);
    assert.deepEqual(ids(await store.query({ subjectRef: 'a b "c"' })), ['rec-1', 'rec-5']);
    assert.deepEqual(ids(await store.query({ subjectRef: '' })), ['rec-5']);
    assert.equal(await store.count({ subjectRef: 'enc:x', service: makeRecord(1).service }), 1);
    assert.deepEqual(await store.query({ subjectRef: 'nobody' }), []);
    // a row per record that has references
    assert.equal(store.db.prepare('SELECT count(*) FROM subject_index').pluck().get(), 5);
    await store.close();
  });

  it('migrates a version 1 database: the B-tree goes, its rows are indexed, lookups still answer', async () => {
    const file = path.join(dir, 'v1.db');
    const v1 = new Database(file);
    v1.pragma('journal_mode = WAL');
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)');
    v1.exec(SQLITE_MIGRATIONS[0].sql);
    v1.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(SQLITE_MIGRATIONS[0].name);
    const insert = v1.prepare(
      `INSERT INTO records (leaf_index, record_id, record_type, identity, service, method, kind, trace_id, span_id,
         start_time_unix_nano, end_time_unix_nano, start_time_ns, subject_refs, received_at_ms, body, body_sha256)
       VALUES (?, ?, 'span', 'id', 's', 'm', 'client', ?, ?, '1', '2', 1, '[]', 1, '{}', ?)`,
    );
    const link = v1.prepare('INSERT INTO record_subjects (subject_ref, leaf_index) VALUES (?, ?)');
    for (let i = 0; i < 50; i++) {
      insert.run(i, `old-${i}`, (i % 5).toString(16).padStart(32, '0'), i.toString(16).padStart(16, '0'), '0'.repeat(64));
      if (i % 10 === 0) {
        v1.prepare('UPDATE records SET subject_refs = ? WHERE leaf_index = ?').run(JSON.stringify(['s:a', `s:${i}`]), i);
        link.run('s:a', i);
        link.run(`s:${i}`, i);
      }
    }
    v1.close();

    const store = new SqliteRecordStore({ path: file });
    assert.equal(store.schemaVersion(), SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version);
    assert.equal(store.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'records_by_trace'`).get(), undefined);
    assert.equal(await store.count({ traceId: '3'.padStart(32, '0') }), 10);
    assert.equal(store.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'record_subjects'`).get(), undefined);
    assert.equal(await store.count({ subjectRef: 's:a' }), 5);
    assert.deepEqual(ids(await store.query({ subjectRef: 's:20' })), ['old-20']);
    // rows appended after the upgrade are found alongside the migrated ones
    await store.append([makeRecord(100, { traceId: '3'.padStart(32, '0') })]);
    assert.equal(await store.count({ traceId: '3'.padStart(32, '0') }), 11);
    await store.close();
  });

  it('the completeness report pairs the sides of a call through the index', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'c.db') });
    const base = makeRecords(0, 40);
    // record 2k (client) and 2k+1 (server) share a trace; the server's parent is the client span,
    // except for the last pair, whose server lost its partner
    const records = base.map((r, i) => {
      const trace = crypto.createHash('sha256').update(String(i >> 1)).digest('hex').slice(0, 32);
      if (i % 2 === 0) return { ...r, traceId: trace, kind: 'client' as const };
      return { ...r, traceId: i === 39 ? 'f'.repeat(32) : trace, kind: 'server' as const, parentSpanId: base[i - 1].spanId };
    });
    await store.append(records);
    const report = await completenessReport(store, { fromUnixNano: 0n, toUnixNano: 2n ** 62n });
    assert.equal(report.clientSpans, 20);
    assert.equal(report.matched, 19);
    assert.equal(report.clientOnly, 1);
    assert.equal(report.serverOnly, 1);
    assert.deepEqual(report.clientOnlyExamples.map((s) => s.leafIndex), [38]);
    assert.deepEqual(report.serverOnlyExamples.map((s) => s.leafIndex), [39]);
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM records s WHERE s.leaf_index IN (SELECT rowid FROM trace_index WHERE trace_index MATCH '"x' || hex(?) || '"') AND s.trace_id = ?`).all('a', 'a') as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan, /trace_index VIRTUAL TABLE/);
    await store.close();
  });
});
