import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import { AuditLog } from '../../collector/ledger/audit-log';
import { verifyInclusion } from '../../collector/ledger/proof-verify';
import { parseVerifierKey } from '../../collector/ledger/signing-key';
import { verifyLog, type VerifyReport } from '../../collector/ledger/verify-log';
import { bodyDigest } from '../../collector/store/body-digest';
import type { AuditRecord } from '../../collector/store/record';
import type { LedgerStorage, RecordStore } from '../../collector/store/record-store';
import type { RecordSql } from '../../collector/store/record-sql';
import { InvalidRecordError, StoreClosedError, StoreError } from '../../collector/store/store-errors';
import { BASE_MS, makeRecord, makeRecords } from './make-records';
import { describeReportConformance } from './report-conformance';
import { adminRecord } from '../../collector/admin/admin-record';
import { loadConsentFromLedger } from '../../collector/rights/consent-from-ledger';
import { ConsentRegistry } from '../../collector/rights/consent-registry';
import { exportSubject } from '../../collector/rights/subject-export';
import { verifyBundle } from '../../collector/rights/verify-bundle';
import { runRetention } from '../../collector/rights/retention';

export type ConformanceStore = RecordStore & LedgerStorage & RecordSql;

/** One empty storage location (a SQLite file, a PostgreSQL database) that handles can be opened on. */
export interface ConformanceStorage {
  /** Opens a new, independent handle (own connection or pool) on this storage. */
  open(): Promise<ConformanceStore>;
  /**
   * Runs one raw SQL statement with the storage's own driver, as someone with write access to
   * the database would (tamper tests). Statements are written in the SQL both dialects share.
   */
  exec(sql: string): Promise<void>;
  /** The `grpc-audit` flags that name this storage (`--db FILE` or `--pg-url URL`), as parsed flags. */
  cliFlags(): { db: string } | { pgUrl: string };
  /** Removes the storage; handles are closed by the tests. */
  destroy(): Promise<void>;
}

export interface ConformanceTarget {
  /** Fresh, empty storage. */
  create(): Promise<ConformanceStorage>;
  /**
   * Whether several handles may each run a ledger (AuditLog.openOn) on one storage at the same
   * time — the cluster store's promise. Single-writer stores still get the concurrent raw-append test.
   */
  sharedLedgerWriters: boolean;
}

const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;
const ids = (rs: { recordId: string }[]): string[] => rs.map((r) => r.recordId);

/**
 * The RecordStore contract, run unchanged against every implementation: positions, idempotence,
 * exact round trip, validation, queries, lifecycle, and the ledger running over the store —
 * verify passing, tampering caught, concurrent writers leaving a dense, verifiable log.
 */
export function describeRecordStoreConformance(name: string, target: () => ConformanceTarget): void {
  describe(`RecordStore conformance: ${name}`, function () {
    let storage: ConformanceStorage;
    let store: ConformanceStore;
    const extra: ConformanceStore[] = [];
    const openExtra = async (): Promise<ConformanceStore> => {
      const s = await storage.open();
      extra.push(s);
      return s;
    };

    beforeEach(async () => {
      storage = await target().create();
      store = await storage.open();
    });
    afterEach(async () => {
      for (const s of [store, ...extra.splice(0)]) await s.close();
      await storage.destroy();
    });

    it('appends with dense leaf indexes in batch order and reads records back exactly', async () => {
      assert.equal(await store.nextLeafIndex(), 0);
      assert.deepEqual(await store.append(makeRecords(0, 5)), { accepted: 5, duplicates: 0, firstLeafIndex: 0 });
      assert.deepEqual(await store.append(makeRecords(5, 3)), { accepted: 3, duplicates: 0, firstLeafIndex: 5 });
      assert.equal(await store.nextLeafIndex(), 8);
      const rows = await store.readRange(0, 100);
      assert.deepEqual(rows.map((r) => r.leafIndex), [0, 1, 2, 3, 4, 5, 6, 7]);
      for (const row of rows) {
        const { leafIndex, bodySha256, leafHash, ...rest } = row;
        assert.deepEqual(rest, makeRecord(leafIndex));
        assert.equal(bodySha256, bodyDigest(makeRecord(leafIndex).body));
        assert.equal(leafHash, null, 'appended without a ledger: no leaf hash');
      }
      assert.deepEqual(ids(await store.readRange(2, 4)), ['rec-2', 'rec-3']);
      assert.deepEqual(await store.readRange(8, 20), []);
    });

    it('is idempotent by recordId: repeats across and within batches are counted, not stored', async () => {
      await store.append(makeRecords(0, 4));
      const r = await store.append([makeRecord(2), makeRecord(4), makeRecord(4), makeRecord(0), makeRecord(5)]);
      assert.deepEqual(r, { accepted: 2, duplicates: 3, firstLeafIndex: 4 });
      assert.deepEqual(ids(await store.readRange(0, 10)), ['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4', 'rec-5']);
      // Same id, different content: still a duplicate (the first copy wins, nothing is updated).
      const again = await store.append([makeRecord(1, { service: 'changed' })]);
      assert.deepEqual(again, { accepted: 0, duplicates: 1, firstLeafIndex: 6 });
      assert.equal((await store.readRange(1, 2))[0].service, makeRecord(1).service);
      assert.deepEqual(await store.append([]), { accepted: 0, duplicates: 0, firstLeafIndex: 6 });
      assert.equal(await store.count(), 6);
    });

    it('a record id belongs to the identity that stored it: a repeat from the owner is a duplicate, from another identity a conflict', async () => {
      const a = makeRecord(0, { identity: 'spiffe://t/a' });
      await store.append([a]);
      const r = await store.append([{ ...a, identity: 'spiffe://t/b' }, { ...a }, makeRecord(1, { identity: 'spiffe://t/b' })]);
      assert.deepEqual(r, { accepted: 1, duplicates: 1, conflicts: [{ recordId: 'rec-0', identity: 'spiffe://t/b' }], firstLeafIndex: 1 });
      // Within one batch: the first identity to carry an id owns it.
      const x = makeRecord(2, { identity: 'spiffe://t/b' });
      const r2 = await store.append([x, { ...x, identity: 'spiffe://t/a' }]);
      assert.deepEqual(r2, { accepted: 1, duplicates: 0, conflicts: [{ recordId: 'rec-2', identity: 'spiffe://t/a' }], firstLeafIndex: 2 });
      assert.equal((await store.readRange(0, 1))[0].identity, 'spiffe://t/a', 'the owner\'s record is untouched');
      assert.equal(await store.count(), 3);
    });

    it('keeps optional fields absent, 64-bit times exact and unicode intact', async () => {
      const r: AuditRecord = {
        ...makeRecord(0, { body: '{"name":"Zoë ✓ 𝄞","emoji":"🙂"}', service: 'svc-ü' }),
        startTimeUnixNano: '9223372036854775807',
        endTimeUnixNano: '18446744073709551615',
      };
      delete r.emitterId;
      delete r.seq;
      delete r.parentSpanId;
      delete r.grpcStatusCode;
      const epoch = makeRecord(1, { startTimeUnixNano: '0', endTimeUnixNano: '1' });
      await store.append([r, epoch]);
      const [back, backEpoch] = await store.readRange(0, 2);
      const { leafIndex, bodySha256, leafHash, ...rest } = back;
      assert.deepEqual(rest, r);
      assert.equal('emitterId' in back || 'seq' in back || 'parentSpanId' in back || 'grpcStatusCode' in back, false);
      assert.equal(backEpoch.startTimeUnixNano, '0');
      assert.deepEqual(ids(await store.query({ toUnixNano: 1n })), ['rec-1']);
      assert.deepEqual(ids(await store.query({ fromUnixNano: 9223372036854775807n })), ['rec-0']);
    });

    it('rejects a batch with an invalid record as a whole, naming the field', async () => {
      const bad = { ...makeRecord(1), startTimeUnixNano: '-5' } as AuditRecord;
      await assert.rejects(
        store.append([makeRecord(0), bad]),
        (e: unknown) => e instanceof InvalidRecordError && e.field === 'startTimeUnixNano' && e.batchIndex === 1,
      );
      const noId = { ...makeRecord(2), recordId: '' } as AuditRecord;
      await assert.rejects(store.append([noId]), (e: unknown) => e instanceof InvalidRecordError && e.field === 'recordId');
      assert.equal(await store.count(), 0);
      assert.equal(await store.nextLeafIndex(), 0, 'no position was used up');
      assert.deepEqual((await store.append([makeRecord(0)])).firstLeafIndex, 0);
    });

    describe('query and count', () => {
      beforeEach(async () => {
        await store.append(makeRecords(0, 40));
        await store.append([makeRecord(40, { recordType: 'gap', service: 'gapper', subjectRefs: [] })]);
      });

      it('by start-time range [from, to)', async () => {
        const rs = await store.query({ fromUnixNano: ns(BASE_MS + 10_000), toUnixNano: ns(BASE_MS + 13_000) });
        assert.deepEqual(ids(rs), ['rec-10', 'rec-11', 'rec-12']);
        assert.equal(await store.count({ fromUnixNano: ns(BASE_MS + 10_000), toUnixNano: ns(BASE_MS + 13_000) }), 3);
      });

      it('by service, method, trace id, status, record type and emitter', async () => {
        assert.deepEqual(ids(await store.query({ service: 'billing.v1.Payments' }, { limit: 3 })), ['rec-1', 'rec-4', 'rec-7']);
        assert.equal(await store.count({ method: '/users.v1.Directory/Lookup' }), 13);
        assert.deepEqual(ids(await store.query({ traceId: makeRecord(17).traceId })), ['rec-17']);
        assert.deepEqual(ids(await store.query({ grpcStatusCode: 5 })), ['rec-0', 'rec-5', 'rec-10', 'rec-15', 'rec-20', 'rec-25', 'rec-30', 'rec-35', 'rec-40']);
        assert.deepEqual(ids(await store.query({ recordType: 'gap' })), ['rec-40']);
        assert.equal(await store.count({ emitterId: 'emitter-1' }), 20);
        assert.equal(await store.count({ service: 'no-such-service' }), 0);
      });

      it('by subject reference (side table), alone and combined with other filters', async () => {
        assert.deepEqual(ids(await store.query({ subjectRef: 'subj:4' })), ['rec-4', 'rec-12', 'rec-20', 'rec-28', 'rec-36']);
        assert.equal(await store.count({ subjectRef: 'subj:shared' }), 10);
        assert.deepEqual(ids(await store.query({ subjectRef: 'subj:shared', service: 'users.v1.Directory' })), ['rec-8', 'rec-20', 'rec-32']);
        assert.deepEqual(
          ids(await store.query({ subjectRef: 'subj:shared', fromUnixNano: ns(BASE_MS + 20_000), grpcStatusCode: 0 })),
          ['rec-24', 'rec-28', 'rec-32', 'rec-36'],
        );
        assert.deepEqual(await store.query({ subjectRef: 'nobody' }), []);
      });

      it('orders by start time (ties by leaf index), limits and pages', async () => {
        assert.deepEqual(ids(await store.query({}, { order: 'desc', limit: 2 })), ['rec-40', 'rec-39']);
        assert.deepEqual(ids(await store.query({}, { limit: 2, offset: 5 })), ['rec-5', 'rec-6']);
        assert.equal((await store.query({})).length, 41, 'default limit 100 keeps all 41');
        assert.equal(await store.count(), 41);
        await assert.rejects(store.query({}, { limit: -1 }), /limit must be an integer/);
        // Same start time: leaf order decides.
        await store.append([makeRecord(100, { startTimeUnixNano: makeRecord(3).startTimeUnixNano })]);
        assert.deepEqual(ids(await store.query({ fromUnixNano: BigInt(makeRecord(3).startTimeUnixNano) }, { limit: 3 })), [
          'rec-3',
          'rec-100',
          'rec-4',
        ]);
      });
    });

    describeReportConformance(() => ({ store, storage }));

    it('close is idempotent and later calls fail with StoreClosedError', async () => {
      await store.append(makeRecords(0, 2));
      await store.close();
      await store.close();
      await assert.rejects(store.count(), StoreClosedError);
      await assert.rejects(store.append([makeRecord(3)]), StoreClosedError);
      await assert.rejects(store.readRange(0, 1), StoreClosedError);
      store = await storage.open();
      assert.equal(await store.count(), 2, 'data survives closing the handle');
    });

    it('readNodes reports missing nodes instead of returning short arrays', async () => {
      await assert.rejects(store.readNodes(8, 0, 1), (e: unknown) => e instanceof StoreError && /expected nodes 0..0, found 0/.test(e.message));
      await store.append(makeRecords(0, 2));
      await assert.rejects(store.readNodes(0, 0, 2), /node 0 is missing/, 'rows without a ledger have no leaf hash');
    });

    it('getMeta/setMeta insert and replace', async () => {
      assert.equal(await store.getMeta('k'), undefined);
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      assert.equal(await store.getMeta('k'), 'v2');
    });

    describe('with the ledger (AuditLog) running over the store', () => {
      const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
      const openLog = async (s: ConformanceStore) =>
        AuditLog.openOn(s, { signingKey, checkpointIntervalMs: 0, checkpointEveryRecords: 100 });
      const verify = async (s: ConformanceStore, key: string): Promise<VerifyReport> => verifyLog(s, { verifier: parseVerifierKey(key), pageSize: 64 });

      it('commits every new record; verify passes; inclusion proofs check; a reopened log continues', async () => {
        const log = await openLog(store);
        for (let i = 0; i < 250; i += 25) await log.append(makeRecords(i, 25));
        assert.deepEqual(await log.append([makeRecord(3), makeRecord(250)]), { accepted: 1, duplicates: 1, leafIndexes: [-1, 250] });
        assert.equal(log.size(), 251);
        const key = log.verifierKey();
        let report = await verify(store, key);
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.leaves, 251);
        assert.equal(report.checkpoints, 2, 'signed at 100 and 200 records');
        assert.equal(report.root, log.root().toString('hex'));
        const proof = await log.inclusionProof(137);
        verifyInclusion(137, 251, proof.leafHash, proof.proof, log.root());
        await log.checkpoint();
        await log.close(); // closes the store too
        store = await storage.open();
        const again = await openLog(store);
        assert.equal(again.size(), 251);
        await again.append(makeRecords(251, 10));
        report = await verify(store, key);
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.leaves, 261);
        assert.equal(report.checkpointedSize, 251);
        await again.close();
        store = await storage.open();
      });

      it('admin records: stored as their own type, found by type and subject; a subject export proves them offline; consent folds from them', async () => {
        const log = await openLog(store);
        await log.append(makeRecords(0, 30));
        const ref = 'hmac:k1:conformanceSubject0';
        const consent = (state: 'granted' | 'withdrawn', startMs: number) =>
          adminRecord(
            { identity: 'spiffe://t/dpo', method: 'SetConsent', reason: 'form', outcome: 'ok', code: 0, subjectRefs: [ref], details: { purpose: 'marketing', source: 'web', state }, startMs, endMs: startMs + 1 },
            startMs + 2,
          );
        // the withdrawal carries the earlier clock: the registry must follow leaf order, not time
        await log.append([consent('granted', BASE_MS + 5000), makeRecord(30, { subjectRefs: [ref] })]);
        await log.append([consent('withdrawn', BASE_MS + 1000)]);
        await log.checkpoint();
        const admin = await store.query({ recordType: 'admin' });
        assert.deepEqual(admin.map((r) => r.leafIndex).sort((a, b) => a - b), [30, 32]);
        assert.ok(admin.every((r) => r.method === '/grpcaudit.admin.v1.AdminService/SetConsent' && r.service === 'grpc-audit-collector'));

        const registry = new ConsentRegistry();
        assert.equal(await loadConsentFromLedger(store, registry), 2);
        assert.deepEqual(registry.of(ref).map((c) => [c.purpose, c.state, c.leafIndex]), [['marketing', 'withdrawn', 32]]);

        const bundle = await exportSubject(store, [ref], { dataKey: async () => undefined });
        assert.deepEqual(bundle.records.map((r) => [r.leafIndex, r.fields.recordType]), [[30, 'admin'], [31, 'span'], [32, 'admin']]);
        const verifier = parseVerifierKey(log.verifierKey());
        assert.equal(verifyBundle(JSON.parse(JSON.stringify(bundle)), verifier).ok, true);
        const tampered = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
        tampered.records[1].fields.grpcStatusCode = 7;
        assert.equal(verifyBundle(tampered, verifier).problem?.leafIndex, 31);
        await log.close();
        store = await storage.open();
      });

      it('retention: expired bodies are pruned except under a legal hold (folded from admin records); verify still passes', async () => {
        const log = await openLog(store);
        const withClass = (i: number, cls: string) => makeRecord(i, { body: JSON.stringify({ attributes: { 'grpcaudit.retention_class': { stringValue: cls } }, i }) });
        // records 0..9 start at BASE_MS + i s (June 2024); 0..5 are '30d', 6..9 '10y'
        await log.append([...Array.from({ length: 6 }, (_, i) => withClass(i, '30d')), ...Array.from({ length: 4 }, (_, i) => withClass(6 + i, '10y'))]);
        const hold = adminRecord(
          { identity: 'spiffe://t/dpo', method: 'PlaceLegalHold', reason: 'case', outcome: 'ok', code: 0, subjectRefs: [], details: { scope: { traceId: makeRecord(2).traceId } }, startMs: BASE_MS, endMs: BASE_MS },
          BASE_MS,
        );
        await log.append([hold]);
        await log.checkpoint();
        const policy = { classes: { '30d': 30, '10y': 3650 } };
        const nowMs = BASE_MS + 90 * 86_400_000;
        const dry = await runRetention(store, { policy, nowMs, dryRun: true });
        assert.deepEqual([dry.expired, dry.held, dry.pruned], [6, 1, 0]);
        const report = await runRetention(store, { policy, nowMs });
        assert.deepEqual([report.expired, report.held, report.pruned], [6, 1, 5]);
        const rows = await store.readRange(0, 11);
        assert.deepEqual(rows.filter((r) => r.body === null).map((r) => r.leafIndex), [0, 1, 3, 4, 5]);
        const verified = await verify(store, log.verifierKey());
        assert.equal(verified.ok, true, verified.problem?.message);
        assert.equal(verified.prunedBodies, 5);
        await log.close();
        store = await storage.open();
      });

      it('tampering is caught: an altered body, a deleted row', async () => {
        const log = await openLog(store);
        await log.append(makeRecords(0, 120));
        const key = log.verifierKey();
        await log.close();
        store = await storage.open();
        assert.equal((await verify(store, key)).ok, true);

        await storage.exec(`UPDATE records SET body = replace(body, '"i":42', '"i":43') WHERE leaf_index = 42`);
        let report = await verify(store, key);
        assert.equal(report.ok, false);
        assert.equal(report.problem?.kind, 'altered');
        assert.equal(report.problem?.leafIndex, 42);
        assert.equal(report.problem?.recordId, 'rec-42');

        await storage.exec(`UPDATE records SET body = replace(body, '"i":43', '"i":42') WHERE leaf_index = 42`);
        assert.equal((await verify(store, key)).ok, true, 'restoring the byte restores the proof');
        await storage.exec('DELETE FROM records WHERE leaf_index = 77');
        report = await verify(store, key);
        assert.equal(report.problem?.kind, 'missing');
        assert.equal(report.problem?.leafIndex, 77);
      });

      it('two handles appending at the same time without a ledger: dense indexes, each id once', async () => {
        const other = await openExtra();
        // Overlapping ids: records 150..299 are sent by both writers (as two collector replicas
        // receiving one emitter's retries would see them).
        const send = async (s: ConformanceStore, from: number, to: number, descending: boolean) => {
          let accepted = 0;
          let duplicates = 0;
          for (const batch of batches(from, to, 15, descending)) {
            const r = await s.append(batch);
            accepted += r.accepted;
            duplicates += r.duplicates;
          }
          return { accepted, duplicates };
        };
        // B walks its range downwards, so records only B sends are in flight while A sends its own.
        const [a, b] = await Promise.all([send(store, 0, 300, false), send(other, 150, 450, true)]);
        assert.equal(a.accepted + b.accepted, 450);
        assert.equal(a.duplicates + b.duplicates, 150);
        await assertDense(store, 450);
        await assertInterleaved(store, [0, 150], [300, 450]);
      });

      it('two handles, each with its own ledger, appending concurrently: dense, no duplicates, verify passes', async function () {
        if (!target().sharedLedgerWriters) {
          // Not a silent pass: the single-writer contract is asserted instead.
          const log = await openLog(store);
          await log.append(makeRecords(0, 5));
          const other = await openExtra();
          await other.append(makeRecords(5, 1)); // a second writer without the ledger
          await assert.rejects(log.append(makeRecords(6, 1)), /ledger out of sync/);
          await log.close();
          store = await storage.open();
          return;
        }
        const logA = await openLog(store);
        const logB = await openLog(await openExtra());
        const key = logA.verifierKey();
        const send = async (log: AuditLog<ConformanceStore>, from: number, to: number, descending: boolean) => {
          let n = 0;
          for (const batch of batches(from, to, 20, descending)) {
            await log.append(batch);
            // Out-of-band checkpoints (timer, shutdown) interleave with the other replica's appends.
            if (++n % 3 === 0) await log.checkpoint();
          }
        };
        await Promise.all([send(logA, 0, 400, false), send(logB, 200, 600, true)]);
        // Each replica catches up on its next batch: both end at the full tree.
        await logA.append([makeRecord(600)]);
        await logB.append([makeRecord(601)]);
        assert.equal(logB.size(), 602);
        await logA.checkpoint();
        await logB.checkpoint();
        await assertDense(store, 602);
        await assertInterleaved(store, [0, 200], [400, 600]);
        const report = await verify(store, key);
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.leaves, 602);
        assert.equal(report.checkpointedSize, 602);
        assert.ok(report.checkpoints >= 4, `checkpoints from both replicas (${report.checkpoints})`);
        await logA.close();
        await logB.close();
        extra.pop(); // closed by logB
        store = await storage.open();
      });
    });
  });
}

/** Records [from, to) in batches of `size`, walking up or down. */
function batches(from: number, to: number, size: number, descending: boolean): AuditRecord[][] {
  const out: AuditRecord[][] = [];
  for (let i = from; i < to; i += size) out.push(makeRecords(i, Math.min(size, to - i)));
  return descending ? out.reverse() : out;
}

/** Positions 0..n-1 each hold exactly one record, and every record id occurs once. */
async function assertDense(store: ConformanceStore, n: number): Promise<void> {
  const rows = await store.readRange(0, n + 10);
  assert.equal(rows.length, n);
  rows.forEach((r, i) => assert.equal(r.leafIndex, i));
  assert.equal(new Set(ids(rows)).size, n, 'no record id stored twice');
  assert.equal(await store.nextLeafIndex(), n);
  assert.equal(await store.count(), n);
}

/**
 * The two writers really ran at the same time: some record only writer B sent sits before some
 * record only writer A sent (ids [a0, a1) came from A alone, [b0, b1) from B alone).
 */
async function assertInterleaved(store: ConformanceStore, [a0, a1]: [number, number], [b0, b1]: [number, number]): Promise<void> {
  const rows = await store.readRange(0, Number.MAX_SAFE_INTEGER);
  const pos = new Map(rows.map((r) => [r.recordId, r.leafIndex]));
  const at = (i: number): number => pos.get(`rec-${i}`) as number;
  let lastA = -1;
  let firstB = Infinity;
  for (let i = a0; i < a1; i++) lastA = Math.max(lastA, at(i));
  for (let i = b0; i < b1; i++) firstB = Math.min(firstB, at(i));
  assert.ok(firstB < lastA, `writers did not overlap in time (first B-only leaf ${firstB}, last A-only leaf ${lastA})`);
}
