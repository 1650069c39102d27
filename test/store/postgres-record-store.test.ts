import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import { Client } from 'pg';
import { AuditLog } from '../../collector/ledger/audit-log';
import { verifyInclusion } from '../../collector/ledger/proof-verify';
import { parseVerifierKey } from '../../collector/ledger/signing-key';
import { verifyLog } from '../../collector/ledger/verify-log';
import { POSTGRES_MIGRATIONS } from '../../collector/store/postgres-migrations';
import { monthOf, PostgresRecordStore } from '../../collector/store/postgres-record-store';
import type { AppendCommitter, AppendContext } from '../../collector/store/record-store';
import { InvalidRecordError, StoreError } from '../../collector/store/store-errors';
import { usePostgresServer } from '../helpers/postgres-server';
import { makeRecord, makeRecords } from './make-records';

const JULY_2024_MS = Date.UTC(2024, 6, 3);
const ns = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();

/** Cluster-store specifics (schema, partitions, retention, locking, errors) on a real PostgreSQL server. */
describe('store: PostgresRecordStore (real server)', () => {
  const server = usePostgresServer();
  let url: string;
  const open: PostgresRecordStore[] = [];
  const openStore = async (opts: { readonly?: boolean } = {}): Promise<PostgresRecordStore> => {
    const s = await PostgresRecordStore.open({ url, maxConnections: 2, ...opts });
    open.push(s);
    return s;
  };
  const sql = async <T = Record<string, unknown>>(text: string, values: unknown[] = [], db = url): Promise<T[]> => {
    const c = new Client({ connectionString: db });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  };

  beforeEach(async () => {
    url = await server().createDatabase('pgstore');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  describe('schema', () => {
    it('migrates once (two replicas starting together on an empty database), records the version', async () => {
      const [a, b] = await Promise.all([openStore(), openStore()]);
      const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;
      assert.equal(await a.schemaVersion(), latest);
      assert.equal(await b.schemaVersion(), latest);
      await openStore();
      const rows = await sql<{ version: number }>('SELECT version FROM schema_migrations');
      assert.equal(rows.length, POSTGRES_MIGRATIONS.length, 'each migration applied once');
      const parts = await sql<{ relname: string }>(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'records'::regclass`,
      );
      assert.deepEqual(parts.map((p) => p.relname), ['records_default']);
      const kind = await sql<{ relkind: string }>(`SELECT relkind FROM pg_class WHERE relname = 'records'`);
      assert.equal(kind[0].relkind, 'p', 'records is a partitioned table');
    });

    it('refuses a database written by a newer build', async () => {
      await openStore();
      await sql(`INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, 'future', 0)`);
      await assert.rejects(PostgresRecordStore.open({ url }), (e: unknown) => e instanceof StoreError && /schema version 999/.test(e.message));
    });

    it('read-only: refuses an unmigrated database, reads a migrated one, refuses writes', async () => {
      await assert.rejects(PostgresRecordStore.open({ url, readonly: true }), /not a grpc-audit store/);
      const rw = await openStore();
      await rw.append(makeRecords(0, 3));
      const ro = await openStore({ readonly: true });
      assert.equal(await ro.count(), 3);
      await assert.rejects(ro.append([makeRecord(9)]), /read-only/);
      await assert.rejects(ro.setMeta('a', 'b'), /read-only/);
    });

    it('refuses a database whose encoding is not UTF8', async () => {
      const name = `latin_${process.pid}_${Date.now()}`;
      await sql(`CREATE DATABASE ${name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`, [], server().url());
      await assert.rejects(PostgresRecordStore.open({ url: server().url(name) }), /encoding is LATIN1; grpc-audit needs UTF8/);
    });

    it('a server that is not there: StoreError naming the problem, never the password', async () => {
      const err = await PostgresRecordStore.open({ url: 'postgresql://audit:s3cret-pw@127.0.0.1:1/nowhere' }).then(
        () => assert.fail('opened'),
        (e: Error) => e,
      );
      assert.ok(err instanceof StoreError, String(err));
      assert.match(err.message, /cannot connect to PostgreSQL/);
      assert.doesNotMatch(err.message, /s3cret/);
      await assert.rejects(PostgresRecordStore.open({}), /needs a url/);
    });
  });

  describe('partitions by start time', () => {
    it('creates one partition per month on demand; far past/future times go to the default partition', async () => {
      const store = await openStore();
      await store.append([
        ...makeRecords(0, 3), // June 2024
        makeRecord(3, { startTimeUnixNano: ns(JULY_2024_MS), endTimeUnixNano: ns(JULY_2024_MS + 5) }),
        makeRecord(4, { startTimeUnixNano: '0', endTimeUnixNano: '0' }),
        makeRecord(5, { startTimeUnixNano: '9223372036854775807', endTimeUnixNano: '9223372036854775807' }),
      ]);
      const parts = await store.listPartitions();
      assert.deepEqual(parts.map((p) => p.name), ['records_p202406', 'records_p202407', 'records_default']);
      assert.equal(parts[0].fromUnixNano, BigInt(ns(Date.UTC(2024, 5, 1))));
      assert.equal(parts[0].toUnixNano, BigInt(ns(Date.UTC(2024, 6, 1))));
      const placed = await sql<{ part: string; n: string }>(
        'SELECT tableoid::regclass::text AS part, count(*) AS n FROM records GROUP BY 1 ORDER BY 1',
      );
      assert.deepEqual(
        placed.map((p) => [p.part, Number(p.n)]),
        [
          ['records_default', 2],
          ['records_p202406', 3],
          ['records_p202407', 1],
        ],
      );
      // Queries and positions span partitions transparently.
      assert.deepEqual((await store.readRange(0, 10)).map((r) => r.leafIndex), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual((await store.query({}, { order: 'asc' })).map((r) => r.recordId), ['rec-4', 'rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-5']);
    });

    it('monthOf: bounds of the managed span', () => {
      assert.equal(monthOf(0n), undefined);
      assert.equal(monthOf(BigInt(ns(Date.UTC(1999, 11, 31, 23, 59)))), undefined);
      assert.equal(monthOf(BigInt(ns(Date.UTC(2000, 0, 1))))?.name, 'records_p200001');
      assert.equal(monthOf(BigInt(ns(Date.UTC(2199, 11, 31))))?.name, 'records_p219912');
      assert.equal(monthOf(BigInt(ns(Date.UTC(2200, 0, 1)))), undefined);
      const dec = monthOf(BigInt(ns(Date.UTC(2024, 11, 31, 23, 59, 59, 999))));
      assert.equal(dec?.to, BigInt(ns(Date.UTC(2025, 0, 1))), 'December ends at the next January');
    });

    it('retention drops a month: positions are not reused, re-sent records stay duplicates, proofs still verify', async () => {
      const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
      const store = await openStore();
      const log = await AuditLog.openOn(store, { signingKey, checkpointIntervalMs: 0, checkpointEveryRecords: 0 });
      open.pop(); // the log owns the store now
      const july = (i: number) => makeRecord(i, { startTimeUnixNano: ns(JULY_2024_MS + i * 1000), endTimeUnixNano: ns(JULY_2024_MS + i * 1000 + 1) });
      await log.append(makeRecords(0, 10)); // June: leaves 0..9, records 0, 4, 8 carry subjects
      await log.append([10, 11, 12].map(july)); // July: leaves 10..12
      await log.checkpoint();
      const root = log.root();
      const proofBefore = await log.inclusionProof(4);

      assert.equal(await store.count({ subjectRef: 'subj:shared' }), 4, 'records 0, 4, 8 (June) and 12 (July)');
      assert.equal(await store.dropPartition('records_p202406'), 10);
      assert.deepEqual((await store.listPartitions()).map((p) => p.name), ['records_p202407', 'records_default']);
      assert.equal(await store.count(), 3);
      assert.deepEqual((await store.query({ subjectRef: 'subj:shared' })).map((r) => r.recordId), ['rec-12'], 'subject mappings of dropped rows are gone');
      assert.equal((await sql<{ n: string }>('SELECT count(*) AS n FROM record_subjects'))[0].n, '2', 'only record 12 keeps its two refs');
      assert.equal(await store.nextLeafIndex(), 13, 'positions are never reused');

      // A dropped record sent again is still a duplicate; a new one continues the dense sequence.
      assert.deepEqual(await log.append([makeRecord(3), july(13)]), { accepted: 1, duplicates: 1, leafIndexes: [-1, 13] });
      assert.deepEqual((await store.readRange(0, 100)).map((r) => r.leafIndex), [10, 11, 12, 13]);
      // Leaf hashes survive in record_index: inclusion proofs for dropped leaves still verify.
      const proof = await log.inclusionProof(4, 13);
      assert.deepEqual(proof.proof, proofBefore.proof);
      verifyInclusion(4, 13, proof.leafHash, proof.proof, root);
      // A late record for the dropped month recreates its partition instead of landing in default.
      await log.append([makeRecord(20)]);
      assert.deepEqual((await store.listPartitions()).map((p) => p.name), ['records_p202406', 'records_p202407', 'records_default']);
      // verify (which reads records) reports the dropped range as missing: see docs/postgres.md.
      const report = await verifyLog(store, { verifier: parseVerifierKey(log.verifierKey()) });
      assert.equal(report.ok, false);
      assert.equal(report.problem?.kind, 'missing');
      assert.equal(report.problem?.leafIndex, 0);
      await log.close();
      await assert.rejects(openStore().then((s) => s.dropPartition('records; DROP TABLE x')), /not a monthly records partition/);
      await assert.rejects(openStore().then((s) => s.dropPartition('records_p199901')), /no partition records_p199901/);
    });
  });

  it('rejects text PostgreSQL cannot hold exactly (NUL, unpaired surrogate), naming the field; nothing stored', async () => {
    const store = await openStore();
    const cases: [string, Partial<ReturnType<typeof makeRecord>>][] = [
      ['service', { service: 'a\u0000b' }],
      ['body', { body: '{"x":"\ud800"}' }],
      ['subjectRefs', { subjectRefs: ['ok', 'x\udc00'] }],
    ];
    for (const [field, patch] of cases) {
      await assert.rejects(
        store.append([makeRecord(0), makeRecord(1, patch)]),
        // Unpaired surrogates are refused by the shared validation already (both stores); NUL by this store.
        (e: unknown) => e instanceof InvalidRecordError && e.field === field && e.batchIndex === 1 && /PostgreSQL text|unpaired UTF-16 surrogate/.test(e.message),
      );
    }
    assert.equal(await store.count(), 0);
    // Paired surrogates (emoji) are fine.
    await store.append([makeRecord(0, { body: '{"x":"🙂"}' })]);
    assert.equal((await store.readRange(0, 1))[0].body, '{"x":"🙂"}');
  });

  describe('appends across replicas', () => {
    it('a failed transaction (ledger throws) releases the lock and uses up no position', async () => {
      const a = await openStore();
      const b = await openStore();
      await a.append(makeRecords(0, 3));
      const failing: AppendCommitter = {
        prepare() {
          throw new Error('ledger exploded');
        },
        committed() {
          assert.fail('committed must not run for a rolled-back batch');
        },
      };
      await assert.rejects(a.append(makeRecords(3, 5), failing), /ledger exploded/);
      assert.deepEqual(await b.append(makeRecords(3, 2)), { accepted: 2, duplicates: 0, firstLeafIndex: 3 });
      assert.equal(await a.count(), 5);
    });

    it('the committer sees the tree state another replica committed, under the lock', async () => {
      const a = await openStore();
      const b = await openStore();
      const seen: (AppendContext | undefined)[] = [];
      const recorder = (size: (n: number) => number): AppendCommitter => ({
        prepare(fresh, context) {
          seen.push(context);
          const treeSize = size(fresh.length);
          return { leafHashes: fresh.map(() => Buffer.alloc(32, 1)), nodes: [], state: { treeSize, frontier: Buffer.alloc(0) } };
        },
        committed() {},
      });
      let total = 0;
      const grow = (n: number): number => (total += n);
      await a.append(makeRecords(0, 4), recorder(grow));
      await b.append(makeRecords(4, 2), recorder(grow));
      await a.append([], recorder(grow));
      assert.deepEqual(
        seen.map((c) => c?.storedTree?.treeSize),
        [undefined, 4, 6],
        'each prepare saw what the previous writer (either replica) committed',
      );
    });

    it('three replicas with ledgers and out-of-band checkpoints: dense, verifiable, checkpoint sizes never shrink', async () => {
      const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
      const logs = await Promise.all(
        [0, 1, 2].map(async () => AuditLog.openOn(await PostgresRecordStore.open({ url, maxConnections: 2 }), { signingKey, checkpointIntervalMs: 0, checkpointEveryRecords: 50 })),
      );
      try {
        await Promise.all(
          logs.map(async (log, k) => {
            for (let i = 0; i < 12; i++) {
              // Replica k sends its own records and some of replica k+1's (retries seen twice).
              await log.append([...makeRecords(k * 1000 + i * 10, 10), makeRecord(((k + 1) % 3) * 1000 + i * 10)]);
              if (i % 4 === 3) await log.checkpoint();
            }
          }),
        );
        for (const log of logs) await log.checkpoint();
        const store = logs[0].store;
        assert.equal(await store.nextLeafIndex(), 360);
        assert.equal(await store.count(), 360);
        const cps = await store.listCheckpoints();
        for (let i = 1; i < cps.length; i++) assert.ok(cps[i].treeSize >= cps[i - 1].treeSize, `checkpoint #${cps[i].id} shrank`);
        assert.equal(cps[cps.length - 1].treeSize, 360);
        const report = await verifyLog(store, { verifier: parseVerifierKey(logs[0].verifierKey()), pageSize: 100 });
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.leaves, 360);
        assert.equal(report.checkpointedSize, 360);
        assert.deepEqual(report.warnings, []);
      } finally {
        for (const log of logs) await log.close();
      }
    });

    it('a writer stuck holding the append lock: others fail after lockTimeoutMs (nothing stored), then continue densely', async () => {
      const a = await PostgresRecordStore.open({ url, maxConnections: 1, lockTimeoutMs: 300 });
      open.push(a);
      await a.append(makeRecords(0, 2));
      // A replica frozen mid-batch: its transaction holds the lock.
      const stuck = new Client({ connectionString: url });
      await stuck.connect();
      try {
        await stuck.query('BEGIN');
        await stuck.query('SELECT pg_advisory_xact_lock(1734440292, 1)');
        await assert.rejects(a.append(makeRecords(2, 3)), (e: unknown) => e instanceof StoreError && /append lock not obtained in time/.test(e.message));
        assert.equal(await a.count(), 2);
        await stuck.query('ROLLBACK');
      } finally {
        await stuck.end();
      }
      // The same pooled connection is healthy again (it was rolled back, not left aborted).
      assert.deepEqual(await a.append(makeRecords(2, 3)), { accepted: 3, duplicates: 0, firstLeafIndex: 2 });
    });

    it('the server ends a session idle inside a transaction, which frees the lock for the others', async () => {
      const a = await PostgresRecordStore.open({ url, maxConnections: 1, idleInTransactionTimeoutMs: 200 });
      open.push(a);
      // Borrow a's own pooled connection and freeze inside a transaction holding the lock.
      const frozen = await a.pool.connect();
      frozen.on('error', () => undefined); // the server will terminate this session
      await frozen.query('BEGIN; SELECT pg_advisory_xact_lock(1734440292, 1)');
      const b = await openStore();
      const r = await b.append(makeRecords(0, 2)); // waits until the server ends the frozen session
      assert.deepEqual(r, { accepted: 2, duplicates: 0, firstLeafIndex: 0 });
      frozen.release(true);
    });

    it('connections killed by the server (restart, failover) are replaced: the next append works', async () => {
      const a = await openStore();
      await a.append(makeRecords(0, 2));
      await a.count(); // leave idle connections in the pool
      await sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      await new Promise((r) => setTimeout(r, 100));
      const retry = async () => {
        // A pooled connection may learn of its death only on use: the first attempt may fail, cleanly.
        try {
          return await a.append(makeRecords(2, 2));
        } catch {
          return a.append(makeRecords(2, 2));
        }
      };
      assert.deepEqual(await retry(), { accepted: 2, duplicates: 0, firstLeafIndex: 2 });
      assert.equal(await a.count(), 4);
    });

    it('one replica, overlapping calls (appends and timer checkpoints at once): dense and verifiable', async () => {
      const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
      const log = await AuditLog.openOn(await PostgresRecordStore.open({ url, maxConnections: 4 }), { signingKey, checkpointIntervalMs: 0, checkpointEveryRecords: 40 });
      try {
        const calls: Promise<unknown>[] = [];
        for (let i = 0; i < 16; i++) {
          calls.push(log.append(makeRecords(i * 10, 10)));
          if (i % 3 === 0) calls.push(log.checkpoint());
        }
        await Promise.all(calls);
        await log.checkpoint();
        assert.equal(log.size(), 160);
        const report = await verifyLog(log.store, { verifier: parseVerifierKey(log.verifierKey()) });
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.leaves, 160);
        assert.equal(report.checkpointedSize, 160);
      } finally {
        await log.close();
      }
    });

    it('addCheckpoint outside the ledger refuses a size smaller than a stored checkpoint', async () => {
      const store = await openStore();
      const c = { treeSize: 10, rootHash: Buffer.alloc(32), timestampMs: 1, note: 'n' };
      assert.equal(typeof (await store.addCheckpoint(c)), 'number');
      await store.addCheckpoint({ ...c, treeSize: 10 });
      await assert.rejects(store.addCheckpoint({ ...c, treeSize: 9 }), /stale: a checkpoint for size 10 is already stored/);
      assert.deepEqual((await store.listCheckpoints()).map((r) => r.treeSize), [10, 10]);
    });
  });
});
