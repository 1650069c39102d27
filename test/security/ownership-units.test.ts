import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmitterOwners, loadEmitterOwners } from '../../collector/authz/emitter-owners';
import { completenessReport } from '../../collector/delivery/completeness';
import { IdentityQuota } from '../../collector/ingest/identity-quota';
import { IdentityQuotaError } from '../../collector/ingest/ingest-errors';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { LogSampler } from '../../collector/log/sampled-log';
import { makeRecord } from '../store/make-records';

describe('security: ownership, quotas and log sampling (units over a real SQLite ledger)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-own-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the SQLite store refuses a record id another identity stored (conflict), de-duplicates the owner\'s repeat', async () => {
    const log = await openSqliteAuditLog({ path: path.join(dir, 'a.db'), checkpointIntervalMs: 0 });
    try {
      const mine = makeRecord(1, { identity: 'spiffe://t/a' });
      assert.deepEqual(withoutPositions(await log.append([mine])), { accepted: 1, duplicates: 0 });
      const r = await log.append([{ ...mine, identity: 'spiffe://t/b' }, { ...mine }, makeRecord(2, { identity: 'spiffe://t/b' })]);
      assert.deepEqual(withoutPositions(r), { accepted: 1, duplicates: 1, conflicts: [{ recordId: mine.recordId, identity: 'spiffe://t/b' }] });
      // Within one batch: the first identity to carry the id owns it.
      const x = makeRecord(3, { identity: 'spiffe://t/b' });
      const r2 = await log.append([x, { ...x, identity: 'spiffe://t/a' }]);
      assert.deepEqual(withoutPositions(r2), { accepted: 1, duplicates: 0, conflicts: [{ recordId: x.recordId, identity: 'spiffe://t/a' }] });
      assert.equal(await log.store.count(), 3);
    } finally {
      await log.close();
    }
  });

  it('emitter ownership is rebuilt from the store after a restart: the identity of each emitter\'s first record', async () => {
    const file = path.join(dir, 'e.db');
    const log = await openSqliteAuditLog({ path: file, checkpointIntervalMs: 0 });
    await log.append([
      makeRecord(1, { identity: 'spiffe://t/a', emitterId: 'em-1', seq: 1 }),
      makeRecord(2, { identity: 'spiffe://t/b', emitterId: 'em-2', seq: 1 }),
      // An older store may hold another identity's record under em-1: the first record decides.
      makeRecord(3, { identity: 'spiffe://t/b', emitterId: 'em-1', seq: 2 }),
      makeRecord(4, { identity: 'spiffe://t/a', emitterId: undefined, seq: undefined }),
    ]);
    const owners = new EmitterOwners(await loadEmitterOwners(log.store));
    await log.close();
    assert.equal(owners.size, 2);
    assert.equal(owners.claim('em-1', 'spiffe://t/a'), true);
    assert.equal(owners.claim('em-1', 'spiffe://t/b'), false);
    assert.equal(owners.claim('em-2', 'spiffe://t/a'), false);
    assert.equal(owners.claim('em-3', 'spiffe://t/b'), true, 'a new emitter binds to its first identity');
    assert.equal(owners.claim('em-3', 'spiffe://t/a'), false);
  });

  it('identity quota: bounds calls and pending records per identity, others unaffected, released on leave', () => {
    const q = new IdentityQuota({ maxConcurrentRequests: 2, maxPendingRecords: 10 });
    q.enter('a');
    q.enter('a');
    assert.throws(() => q.enter('a'), (e: unknown) => e instanceof IdentityQuotaError && /maxConcurrentRequests 2/.test(e.message));
    q.enter('b');
    q.leave('a');
    q.enter('a');
    q.reserve('a', 10);
    assert.throws(() => q.reserve('a', 1), (e: unknown) => e instanceof IdentityQuotaError && /10 records waiting to be stored/.test(e.message));
    q.reserve('b', 10);
    q.release('a', 10);
    q.reserve('a', 1);
  });

  it('log sampler: one line per kind per interval, reporting how many it stands for', () => {
    let t = 0;
    const s = new LogSampler(1000, () => t);
    assert.deepEqual(s.take('x'), { log: true, suppressed: 0 });
    for (let i = 0; i < 99; i++) assert.equal(s.take('x').log, false);
    assert.equal(s.take('y').log, true, 'kinds are independent');
    t = 1000;
    assert.deepEqual(s.take('x'), { log: true, suppressed: 99 });
    const every = new LogSampler(0, () => t);
    assert.equal(every.take('x').log && every.take('x').log, true);
  });
});

/** The ledger also reports each record's position (forwarding uses it); these tests look at ownership only. */
function withoutPositions<T extends { leafIndexes?: unknown }>(r: T): Omit<T, 'leafIndexes'> {
  const { leafIndexes: _positions, ...rest } = r;
  return rest;
}

describe('security: completeness counted per reporting identity', () => {
  it('breaks client/server sides and unmatched ones down by identity; partners match across identities', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-compl-'));
    const log = await openSqliteAuditLog({ path: path.join(dir, 'c.db'), checkpointIntervalMs: 0 });
    try {
      const t1 = '1'.repeat(32);
      const t2 = '2'.repeat(32);
      await log.append([
        makeRecord(0, { identity: 'A', kind: 'client', traceId: t1, spanId: 'a'.repeat(16), emitterId: undefined, seq: undefined }),
        makeRecord(1, { identity: 'B', kind: 'server', traceId: t1, spanId: 'b'.repeat(16), parentSpanId: 'a'.repeat(16), emitterId: undefined, seq: undefined }),
        makeRecord(2, { identity: 'A', kind: 'client', traceId: t2, spanId: 'c'.repeat(16), emitterId: undefined, seq: undefined }),
        makeRecord(3, { identity: 'B', kind: 'server', traceId: t2, spanId: 'd'.repeat(16), parentSpanId: 'e'.repeat(16), emitterId: undefined, seq: undefined }),
      ]);
      const r = await completenessReport(log.store, { fromUnixNano: 0n, toUnixNano: BigInt(Date.now()) * 1_000_000n });
      assert.equal(r.clientOnly, 1);
      assert.equal(r.serverOnly, 1);
      assert.deepEqual(r.byIdentity, [
        { identity: 'A', clientSpans: 2, serverSpans: 0, clientOnly: 1, serverOnly: 0 },
        { identity: 'B', clientSpans: 0, serverSpans: 2, clientOnly: 0, serverOnly: 1 },
      ]);
    } finally {
      await log.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
