import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '../../collector/store/record';
import type { AppendCommitter } from '../../collector/store/record-store';
import { SQLITE_MIGRATIONS } from '../../collector/store/sqlite-migrations';
import { DEFAULT_RECENT_ID_WINDOW, SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { RecentRecordIds } from '../../collector/store/recent-record-ids';
import { makeRecord, makeRecords } from './make-records';

/**
 * Schema v3: a record is unique by (start_time_ns, record_id) in the time-led index instead of
 * by record_id in a B-tree of random ids, and the store keeps the latest ids' owners in memory
 * for the same id under another start time. These tests pin what that keeps and what it changes.
 */
describe('store: SQLite record ids keyed by start time (schema v3)', function () {
  this.timeout(30_000);
  let dir: string;
  const A = 'spiffe://t/a';
  const B = 'spiffe://t/b';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-record-id-key-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The same record id at another start time (one second later). */
  const later = (r: ReturnType<typeof makeRecord>, identity: string) => ({
    ...r,
    identity,
    startTimeUnixNano: (BigInt(r.startTimeUnixNano) + 1_000_000_000n).toString(),
    endTimeUnixNano: (BigInt(r.endTimeUnixNano) + 1_000_000_000n).toString(),
  });

  it('the same id under another start time: the owner\'s repeat is a duplicate, another identity\'s copy a conflict', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'a.db') });
    const r = makeRecord(0, { identity: A });
    assert.deepEqual(await store.append([r]), { accepted: 1, duplicates: 0, firstLeafIndex: 0 });
    const res = await store.append([later(r, B), later(r, A), makeRecord(1, { identity: B })]);
    assert.deepEqual(res, { accepted: 1, duplicates: 1, conflicts: [{ recordId: 'rec-0', identity: B }], firstLeafIndex: 1 });
    assert.equal(await store.count(), 2);
    await store.close();
  });

  it('past the window a reused id with another start time is its own record; exact retries stay duplicates whatever their age', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'w.db'), recentIdWindow: 4 });
    const first = makeRecord(0, { identity: A });
    await store.append([first, ...makeRecords(1, 10)]);
    // rec-0 left the window (capacity 4): its exact retry is still found by the unique key …
    assert.deepEqual(await store.append([first]), { accepted: 0, duplicates: 1, firstLeafIndex: 11 });
    // … and the same id one second later, from another identity, is stored under that identity
    assert.deepEqual(await store.append([later(first, B)]), { accepted: 1, duplicates: 0, firstLeafIndex: 11 });
    const both = (await store.readRange(0, 12)).filter((x) => x.recordId === 'rec-0');
    assert.deepEqual(both.map((x) => [x.identity, x.startTimeUnixNano]), [
      [A, first.startTimeUnixNano],
      [B, later(first, B).startTimeUnixNano],
    ]);
    // an id still in the window is guarded across start times
    const recent = makeRecords(10, 1)[0];
    assert.deepEqual((await store.append([later(recent, B)])).conflicts, [{ recordId: recent.recordId, identity: B }]);
    await store.close();
  });

  it('rebuilds the window from the latest rows when the store is opened again', async () => {
    const file = path.join(dir, 'r.db');
    let store = new SqliteRecordStore({ path: file, recentIdWindow: 3 });
    await store.append(makeRecords(0, 5).map((r) => ({ ...r, identity: A })));
    await store.close();
    store = new SqliteRecordStore({ path: file, recentIdWindow: 3 });
    // rec-2 … rec-4 are the latest three: guarded; rec-0 is older than the window
    assert.deepEqual((await store.append([later(makeRecord(4), B)])).conflicts, [{ recordId: 'rec-4', identity: B }]);
    assert.deepEqual((await store.append([later(makeRecord(2), A)])), { accepted: 0, duplicates: 1, firstLeafIndex: 5 });
    assert.equal((await store.append([later(makeRecord(0), B)])).accepted, 1);
    await store.close();
  });

  it('a batch that rolls back owns no id', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'rb.db') });
    const failing: AppendCommitter = {
      prepare: () => {
        throw new Error('ledger refused');
      },
      committed: () => {},
    };
    await assert.rejects(store.append([makeRecord(0, { identity: A })], failing), /ledger refused/);
    assert.equal(await store.count(), 0);
    assert.deepEqual(await store.append([later(makeRecord(0), B)]), { accepted: 1, duplicates: 0, firstLeafIndex: 0 });
    await store.close();
  });

  it('finds duplicates through the unique key (query plan), and the key refuses an exact copy even past the application check', async () => {
    const store = new SqliteRecordStore({ path: path.join(dir, 'p.db') });
    await store.append([makeRecord(0)]);
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT record_id, identity FROM records WHERE (start_time_ns, record_id) IN (VALUES (?, ?))`).all(1n, 'x') as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    assert.match(plan, /SEARCH records USING INDEX records_by_start \(start_time_ns=\? AND record_id=\?\)/);
    assert.throws(
      () => store.db.prepare(`INSERT INTO records SELECT leaf_index + 1, record_id, record_type, emitter_id, seq, identity, service, method, kind, trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns, grpc_status_code, subject_refs, received_at_ms, body, body_sha256, leaf_hash FROM records`).run(),
      /UNIQUE constraint failed: records.start_time_ns, records.record_id/,
    );
    await store.close();
  });

  it('migrates a version 2 database: every column of every row and the FTS5 lookups unchanged, old rows covered by the new key', async () => {
    const file = path.join(dir, 'v2.db');
    const v2 = new Database(file);
    v2.pragma('journal_mode = WAL');
    v2.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version <= 2)) {
      v2.exec(m.sql);
      v2.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = v2.prepare(
      `INSERT INTO records (leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind, trace_id, span_id,
         start_time_unix_nano, end_time_unix_nano, start_time_ns, grpc_status_code, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
       VALUES (?, ?, 'span', 'e', ?, ?, 's', 'm', 'client', ?, ?, ?, ?, ?, 0, '[]', 1, ?, ?, ?)`,
    );
    const trace = v2.prepare('INSERT INTO trace_index (rowid, trace_hex) VALUES (?, ?)');
    for (let i = 0; i < 40; i++) {
      const traceId = (i % 4).toString(16).padStart(32, '0');
      insert.run(i, `old-${i}`, i, i % 2 ? A : B, traceId, i.toString(16).padStart(16, '0'), String(1000 + i), String(2000 + i), 1000 + i, `{"i":${i}}`, 'd'.repeat(64), Buffer.alloc(32, i));
      trace.run(i, 'x' + Buffer.from(traceId).toString('hex'));
    }
    const before = v2.prepare('SELECT * FROM records ORDER BY leaf_index').all();
    v2.close();

    const store = new SqliteRecordStore({ path: file });
    assert.equal(store.schemaVersion(), 3);
    assert.deepEqual(store.db.prepare('SELECT * FROM records ORDER BY leaf_index').all(), before);
    assert.equal(await store.count({ traceId: '2'.padStart(32, '0') }), 10);
    const { leafIndex: _i, bodySha256: _d, leafHash: _h, ...stored } = (await store.readRange(7, 8))[0];
    const old: AuditRecord = { ...stored, body: stored.body ?? '' };
    assert.deepEqual(await store.append([{ ...old }]), { accepted: 0, duplicates: 1, firstLeafIndex: 40 });
    assert.deepEqual((await store.append([{ ...old, identity: B, startTimeUnixNano: '999999', endTimeUnixNano: '1000000' }])).conflicts, [{ recordId: 'old-7', identity: B }]);
    await store.close();
  });

  it('the window evicts the oldest id and never re-assigns one', () => {
    const w = new RecentRecordIds(2);
    w.add('a', A);
    w.add('a', B);
    assert.equal(w.owner('a'), A);
    w.add('b', A);
    w.add('c', A);
    assert.equal(w.owner('a'), undefined);
    assert.equal(w.size, 2);
    assert.equal(new RecentRecordIds(0).owner('a'), undefined);
    assert.throws(() => new RecentRecordIds(-1), /non-negative integer/);
    assert.equal(DEFAULT_RECENT_ID_WINDOW, 65_536);
  });
});
