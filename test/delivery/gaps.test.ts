import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import { completenessReport } from '../../collector/delivery/completeness';
import { registerGapMetrics } from '../../collector/delivery/open-gaps-gauge';
import { subtractRanges, seqRange } from '../../collector/delivery/seq-range';
import { findSequenceGaps } from '../../collector/delivery/sequence-gaps';
import { runGaps, type GapsFlags } from '../../collector/cli/commands/gaps';
import type { AuditRecord } from '../../collector/store/record';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';

const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');
const T0 = 1_717_200_000_000n * 1_000_000n; // 2024-06-01T00:00:00Z in ns
let n = 0;

function rec(over: Partial<AuditRecord>): AuditRecord {
  n++;
  const start = T0 + BigInt(n) * 1_000_000n;
  return {
    recordId: `r-${n}`,
    identity: 'spiffe://example.org/app',
    service: 'checkout',
    method: '/demo.v1.Shop/Buy',
    traceId: n.toString(16).padStart(32, '0'),
    spanId: n.toString(16).padStart(16, '0'),
    kind: 'client',
    recordType: 'span',
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 1000n).toString(),
    subjectRefs: [],
    body: '{}',
    receivedAtMs: 1,
    ...over,
  };
}

function gapRec(emitterId: string, seq: number, from: number, to: number, reason: string, count = to - from + 1): AuditRecord {
  const attributes = {
    'grpcaudit.gap.from': { intValue: String(from) },
    'grpcaudit.gap.to': { intValue: String(to) },
    'grpcaudit.gap.count': { intValue: String(count) },
    'grpcaudit.gap.reason': { stringValue: reason },
  };
  return rec({ emitterId, seq, recordType: 'gap', kind: 'internal', method: '', body: JSON.stringify({ name: 'grpcaudit.gap', attributes }) });
}

function seqs(emitterId: string, list: number[]): AuditRecord[] {
  return list.map((seq) => rec({ emitterId, seq }));
}

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

  it('finds missing ranges per emitter (incl. a leading one), separates reported losses from open gaps, flags reused numbers', async () => {
    await store.append([
      ...seqs('A', [1, 2, 3, 7, 8, 12]), // missing 4-6, 9-11
      gapRec('A', 13, 4, 6, 'spool_full'), // explains 4-6
      ...seqs('B', [3, 4, 5]), // missing 1-2 (leading)
      ...seqs('C', [1, 2, 3]), // complete
      rec({ emitterId: 'D', seq: 1 }),
      rec({ emitterId: 'D', seq: 1 }), // same number, other record id
      rec({}), // no emitter: not tracked
    ]);
    const r = findSequenceGaps(store.db);
    const by = Object.fromEntries(r.emitters.map((e) => [e.emitterId, e]));
    assert.deepEqual(by.A.missing, [seqRange(4, 6), seqRange(9, 11)]);
    assert.deepEqual(by.A.open, [seqRange(9, 11)]);
    assert.equal(by.A.declared.length, 1);
    assert.deepEqual({ ...by.A.declared[0], receivedAtMs: 0, leafIndex: 0, recordId: '' }, { ...seqRange(4, 6), reason: 'spool_full', seq: 13, recordId: '', leafIndex: 0, receivedAtMs: 0 });
    assert.deepEqual(by.B.open, [seqRange(1, 2)]);
    assert.deepEqual(by.C.open, []);
    assert.equal(by.D.reusedSeqs, 1);
    assert.equal(r.openRanges, 2);
    assert.equal(r.openRecords, 5);
    assert.equal(r.declaredRecords, 3);
    assert.equal(findSequenceGaps(store.db, { emitterId: 'B' }).emitters.length, 1);
  });

  it('a self-contradictory gap record (count ≠ range) explains nothing', async () => {
    await store.append([...seqs('E', [1, 5]), gapRec('E', 6, 2, 4, 'spool_full', 99)]);
    const e = findSequenceGaps(store.db).emitters[0];
    assert.deepEqual(e.open, [seqRange(2, 4)]);
    assert.equal(e.unreadableGapRecords, 1);
  });

  it('completeness: matches client and server sides by trace id and parent span id; reports each unmatched side', async () => {
    const trace = (i: number): string => `${i}`.padStart(32, 'f');
    await store.append([
      rec({ kind: 'client', traceId: trace(1), spanId: 'c1'.padStart(16, '0') }),
      rec({ kind: 'server', traceId: trace(1), spanId: 's1'.padStart(16, '0'), parentSpanId: 'c1'.padStart(16, '0') }), // matched
      rec({ kind: 'client', traceId: trace(2), spanId: 'c2'.padStart(16, '0'), grpcStatusCode: 14 }), // server side missing
      rec({ kind: 'server', traceId: trace(3), spanId: 's3'.padStart(16, '0'), parentSpanId: 'c3'.padStart(16, '0') }), // client side missing
      rec({ kind: 'server', traceId: trace(4), spanId: 's4'.padStart(16, '0') }), // no caller context
      rec({ kind: 'server', traceId: trace(2), spanId: 's5'.padStart(16, '0'), parentSpanId: 'cX'.padStart(16, '0') }), // same trace, other parent
    ]);
    const r = completenessReport(store.db, { fromUnixNano: T0, toUnixNano: T0 + 10_000_000_000n });
    assert.equal(r.clientSpans, 2);
    assert.equal(r.serverSpans, 4);
    assert.equal(r.matched, 1);
    assert.equal(r.clientOnly, 1);
    assert.equal(r.clientOnlyExamples[0].traceId, trace(2));
    assert.equal(r.clientOnlyExamples[0].grpcStatusCode, 14);
    assert.equal(r.serverOnly, 2);
    assert.deepEqual(r.serverOnlyExamples.map((s) => s.traceId).sort(), [trace(2), trace(3)].sort());
    assert.equal(r.serverWithoutParent, 1);
    // An empty window
    const none = completenessReport(store.db, { fromUnixNano: 0n, toUnixNano: T0 });
    assert.equal(none.clientSpans + none.serverSpans, 0);
  });

  it('Prometheus gauges report open gaps from the store, cached between scrapes', async () => {
    await store.append(seqs('G', [1, 4]));
    let clock = 0;
    const registry = new Registry();
    registerGapMetrics(registry, () => store.db, { cacheMs: 1000, now: () => clock });
    assert.match(await registry.metrics(), /grpcaudit_collector_open_sequence_gaps 1\n[\s\S]*grpcaudit_collector_missing_records 2/);
    await store.append(seqs('G', [2, 3]));
    assert.match(await registry.metrics(), /grpcaudit_collector_missing_records 2/, 'cached');
    clock = 2000;
    assert.match(await registry.metrics(), /grpcaudit_collector_missing_records 0/);
  });

  it('grpc-audit gaps: table and JSON, exit 1 with open gaps, --completeness, clear errors', async () => {
    await store.append([...seqs('A', [1, 2, 5]), gapRec('A', 6, 3, 3, 'rejected')]);
    const run = (...args: string[]): { status: number; stdout: string; stderr: string } => {
      const flags: Record<string, unknown> = { db, format: 'table', limit: '20' };
      for (let i = 0; i < args.length; i++) {
        const k = args[i].slice(2);
        if (k === 'completeness' || k === 'all') flags[k] = true;
        else flags[k] = args[++i];
      }
      const o = { stdout: '', stderr: '' };
      const status = runGaps(flags as unknown as GapsFlags, { stdout: (t) => (o.stdout += t), stderr: (t) => (o.stderr += t) });
      return { status, ...o };
    };
    const t = run();
    assert.equal(t.status, 1, t.stderr);
    assert.match(t.stdout, /emitter A .*seq=1\.\.6/);
    assert.match(t.stdout, /open gaps: +4 +\(1 missing\)/);
    assert.match(t.stdout, /reported lost: 3 +\(1, rejected; gap record seq 6\)/);
    const j = run('--format', 'json');
    assert.equal(j.status, 1);
    assert.deepEqual(JSON.parse(j.stdout).emitters[0].open, [{ from: 4, to: 4, count: 1 }]);
    await store.append(seqs('A', [4]));
    assert.equal(run().status, 0, 'no open gap left');
    const c = run('--completeness', '--from', '2024-06-01T00:00:00Z', '--to', '2024-06-02T00:00:00Z', '--format', 'json');
    assert.equal(c.status, 1, c.stderr); // client spans without server sides
    assert.equal(JSON.parse(c.stdout).clientOnly, 4);
    assert.match(run('--completeness', '--from', '1717200000000').stdout, /client side only: 4/);
    const bad = run('--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be table or json/);
    const badTime = run('--completeness', '--from', 'yesterday');
    assert.equal(badTime.status, 2);
    assert.match(badTime.stderr, /--from must be ISO 8601/);
    assert.match(run('--from', '2024-06-01').stderr, /--from\/--to need --completeness/);
    const missing = run('--db', path.join(dir, 'nope.db'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot open/);
  });

  it('the real CLI subprocess: grpc-audit gaps --format json', async function () {
    this.timeout(60_000);
    await store.append(seqs('A', [1, 3]));
    const r = spawnSync(process.execPath, [BIN, 'gaps', '--db', db, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).emitters[0].open, [{ from: 2, to: 2, count: 1 }]);
  });
});
