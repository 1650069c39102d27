import { strict as assert } from 'node:assert';
import { Registry } from 'prom-client';
import { runGaps, type GapsFlags } from '../../collector/cli/commands/gaps';
import { completenessReport } from '../../collector/delivery/completeness';
import { registerGapMetrics } from '../../collector/delivery/open-gaps-gauge';
import { seqRange } from '../../collector/delivery/seq-range';
import { findSequenceGaps } from '../../collector/delivery/sequence-gaps';
import type { AuditRecord } from '../../collector/store/record';
import type { ConformanceStorage, ConformanceStore } from './record-store-conformance';

const T0 = 1_717_200_000_000n * 1_000_000n; // 2024-06-01T00:00:00Z in ns

/** Records for report tests: ids, traces and start times unique per maker. */
export function recordMaker(): {
  rec(over: Partial<AuditRecord>): AuditRecord;
  seqs(emitterId: string, list: number[], over?: Partial<AuditRecord>): AuditRecord[];
  gapRec(emitterId: string, seq: number, from: number, to: number, reason: string, count?: number, over?: Partial<AuditRecord>): AuditRecord;
} {
  let n = 0;
  const rec = (over: Partial<AuditRecord>): AuditRecord => {
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
  };
  const gapRec = (emitterId: string, seq: number, from: number, to: number, reason: string, count = to - from + 1, over: Partial<AuditRecord> = {}): AuditRecord => {
    const attributes = {
      'grpcaudit.gap.from': { intValue: String(from) },
      'grpcaudit.gap.to': { intValue: String(to) },
      'grpcaudit.gap.count': { intValue: String(count) },
      'grpcaudit.gap.reason': { stringValue: reason },
    };
    return rec({ emitterId, seq, recordType: 'gap', kind: 'internal', method: '', body: JSON.stringify({ name: 'grpcaudit.gap', attributes }), ...over });
  };
  return { rec, gapRec, seqs: (emitterId, list, over = {}) => list.map((seq) => rec({ emitterId, seq, ...over })) };
}

/**
 * `grpc-audit gaps ARGS…` run in-process on the store named by `target` (`--db`/`--pg-url`
 * flags), with the defaults commander would apply; output captured.
 */
export function gapsCli(target: Record<string, unknown>): (...args: string[]) => Promise<{ status: number; stdout: string; stderr: string }> {
  return async (...args) => {
    const flags: Record<string, unknown> = { ...target, format: 'table', limit: '20' };
    for (let i = 0; i < args.length; i++) {
      const k = args[i].slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase()); // as commander names flags
      if (k === 'completeness' || k === 'all') flags[k] = true;
      else flags[k] = args[++i];
    }
    const o = { stdout: '', stderr: '' };
    const status = await runGaps(flags as unknown as GapsFlags, { stdout: (t) => (o.stdout += t), stderr: (t) => (o.stderr += t) });
    return { status, ...o };
  };
}

/**
 * Sequence gaps, completeness, the open-gap gauges and `grpc-audit gaps` computed through
 * RecordSql: the same answers from every store. Runs inside describeRecordStoreConformance.
 */
export function describeReportConformance(current: () => { store: ConformanceStore; storage: ConformanceStorage }): void {
  describe('reports: sequence gaps and completeness', () => {
    let m: ReturnType<typeof recordMaker>;
    beforeEach(() => (m = recordMaker()));

    it('finds missing ranges per emitter (incl. a leading one), separates reported losses from open gaps, flags reused numbers', async () => {
      const { store } = current();
      await store.append([
        ...m.seqs('A', [1, 2, 3, 7, 8, 12]), // missing 4-6, 9-11
        m.gapRec('A', 13, 4, 6, 'spool_full'), // explains 4-6
        ...m.seqs('B', [3, 4, 5]), // missing 1-2 (leading)
        ...m.seqs('C', [1, 2, 3]), // complete
        m.rec({ emitterId: 'D', seq: 1 }),
        m.rec({ emitterId: 'D', seq: 1 }), // same number, other record id
        m.rec({}), // no emitter: not tracked
      ]);
      const r = await findSequenceGaps(store);
      assert.deepEqual(r.emitters.map((e) => e.emitterId), ['A', 'B', 'C', 'D']);
      const by = Object.fromEntries(r.emitters.map((e) => [e.emitterId, e]));
      assert.deepEqual(by.A.missing, [seqRange(4, 6), seqRange(9, 11)]);
      assert.deepEqual(by.A.open, [seqRange(9, 11)]);
      assert.equal(by.A.declared.length, 1);
      const d = by.A.declared[0];
      assert.deepEqual({ ...d, receivedAtMs: 0, leafIndex: 0, recordId: '' }, { ...seqRange(4, 6), reason: 'spool_full', seq: 13, recordId: '', leafIndex: 0, receivedAtMs: 0 });
      assert.equal(d.leafIndex, 6, 'ledger position of the gap record');
      assert.equal(typeof d.receivedAtMs, 'number');
      assert.deepEqual([by.A.records, by.A.firstSeq, by.A.lastSeq, by.A.service, by.A.identity], [7, 1, 13, 'checkout', 'spiffe://example.org/app']);
      assert.deepEqual(by.B.open, [seqRange(1, 2)]);
      assert.deepEqual(by.C.open, []);
      assert.equal(by.D.reusedSeqs, 1);
      assert.deepEqual([r.openRanges, r.openRecords, r.declaredRecords], [2, 5, 3]);
      assert.deepEqual((await findSequenceGaps(store, { emitterId: 'B' })).emitters.map((e) => e.emitterId), ['B']);
    });

    it('a self-contradictory gap record (count ≠ range) explains nothing', async () => {
      const { store } = current();
      await store.append([...m.seqs('E', [1, 5]), m.gapRec('E', 6, 2, 4, 'spool_full', 99)]);
      const e = (await findSequenceGaps(store)).emitters[0];
      assert.deepEqual(e.open, [seqRange(2, 4)]);
      assert.equal(e.unreadableGapRecords, 1);
    });

    it('groups by (identity, emitter) when asked: one emitter id under two identities is two sequences', async () => {
      const { store } = current();
      const other = { identity: 'spiffe://example.org/other' };
      await store.append([...m.seqs('X', [1, 2]), ...m.seqs('X', [3, 4], other), m.gapRec('X', 5, 1, 2, 'spool_full', 2, other)]);
      const merged = await findSequenceGaps(store, { groupBy: ['emitter_id'] });
      assert.equal(merged.emitters.length, 1);
      assert.deepEqual(merged.emitters[0].open, [], 'by emitter id alone, 1-4 look complete');
      const split = await findSequenceGaps(store, { groupBy: ['identity', 'emitter_id'] });
      assert.deepEqual(
        split.emitters.map((e) => [e.identity, e.emitterId, e.firstSeq, e.lastSeq, e.open]),
        [
          ['spiffe://example.org/app', 'X', 1, 2, []],
          ['spiffe://example.org/other', 'X', 3, 5, []],
        ],
      );
      assert.deepEqual(split.emitters[1].declared.map((d) => [d.from, d.to]), [[1, 2]], "the other identity's gap record explains only its own numbers");
      await assert.rejects(findSequenceGaps(store, { groupBy: ['identity'] }), /groupBy must list emitter_id/);
    });

    it('completeness: matches client and server sides by trace id and parent span id; reports each unmatched side', async () => {
      const { store } = current();
      const trace = (i: number): string => `${i}`.padStart(32, 'f');
      await store.append([
        m.rec({ kind: 'client', traceId: trace(1), spanId: 'c1'.padStart(16, '0') }),
        m.rec({ kind: 'server', traceId: trace(1), spanId: 's1'.padStart(16, '0'), parentSpanId: 'c1'.padStart(16, '0') }), // matched
        m.rec({ kind: 'client', traceId: trace(2), spanId: 'c2'.padStart(16, '0'), grpcStatusCode: 14 }), // server side missing
        m.rec({ kind: 'server', traceId: trace(3), spanId: 's3'.padStart(16, '0'), parentSpanId: 'c3'.padStart(16, '0') }), // client side missing
        m.rec({ kind: 'server', traceId: trace(4), spanId: 's4'.padStart(16, '0') }), // no caller context
        m.rec({ kind: 'server', traceId: trace(2), spanId: 's5'.padStart(16, '0'), parentSpanId: 'cX'.padStart(16, '0') }), // same trace, other parent
      ]);
      const r = await completenessReport(store, { fromUnixNano: T0, toUnixNano: T0 + 10_000_000_000n });
      assert.deepEqual([r.clientSpans, r.serverSpans, r.matched, r.clientOnly, r.serverOnly, r.serverWithoutParent], [2, 4, 1, 1, 2, 1]);
      assert.deepEqual(r.clientOnlyExamples, [
        { traceId: trace(2), spanId: 'c2'.padStart(16, '0'), parentSpanId: undefined, service: 'checkout', method: '/demo.v1.Shop/Buy', startTimeUnixNano: (T0 + 3_000_000n).toString(), grpcStatusCode: 14, leafIndex: 2 },
      ]);
      assert.deepEqual(r.serverOnlyExamples.map((s) => [s.traceId, s.leafIndex]), [[trace(3), 3], [trace(2), 5]], 'oldest first');
      assert.equal((await completenessReport(store, { fromUnixNano: T0, toUnixNano: T0 + 10_000_000_000n, limit: 1 })).serverOnlyExamples.length, 1);
      // The window selects sides by start time; partners are found at any time.
      const late = await completenessReport(store, { fromUnixNano: T0 + 2_000_000n, toUnixNano: T0 + 10_000_000_000n });
      assert.deepEqual([late.clientSpans, late.serverSpans, late.serverOnly], [1, 4, 2]);
      const none = await completenessReport(store, { fromUnixNano: 0n, toUnixNano: T0 });
      assert.equal(none.clientSpans + none.serverSpans, 0);
    });

    it('completeness: an unmatched side that left received payloads to its peer is counted (those payloads are stored nowhere)', async () => {
      const { store } = current();
      const trace = (i: number): string => `${i}`.padStart(32, 'e');
      const held = JSON.stringify({ attributes: { 'grpcaudit.messages.peer_recorded': { intValue: '3' } } });
      await store.append([
        // matched pair in a recording domain: nothing missing
        m.rec({ kind: 'client', traceId: trace(1), spanId: 'c1'.padStart(16, '0'), body: held }),
        m.rec({ kind: 'server', traceId: trace(1), spanId: 's1'.padStart(16, '0'), parentSpanId: 'c1'.padStart(16, '0'), body: held }),
        // the server's record never arrived: the client's received payloads are lost with it
        m.rec({ kind: 'client', traceId: trace(2), spanId: 'c2'.padStart(16, '0'), body: held }),
        // the client's record never arrived: so are the server's
        m.rec({ kind: 'server', traceId: trace(3), spanId: 's3'.padStart(16, '0'), parentSpanId: 'c3'.padStart(16, '0'), body: held }),
        // unmatched, but it recorded everything itself
        m.rec({ kind: 'client', traceId: trace(4), spanId: 'c4'.padStart(16, '0') }),
      ]);
      const r = await completenessReport(store, { fromUnixNano: T0, toUnixNano: T0 + 10_000_000_000n });
      assert.deepEqual([r.matched, r.clientOnly, r.serverOnly, r.payloadsHeldByMissingPeer], [1, 2, 1, 2]);
    });

    it('report SQL is read-only: a statement that writes is refused and changes nothing', async () => {
      const { store } = current();
      await store.append(m.seqs('A', [1]));
      await assert.rejects(store.select("DELETE FROM records WHERE emitter_id = 'A'"));
      assert.equal(await store.count(), 1);
      assert.deepEqual(await store.select('SELECT count(*) AS n FROM records WHERE start_time_ns >= ?', [T0]), [{ n: 1 }]);
    });

    it('Prometheus gauges report open gaps from the store, cached between scrapes', async () => {
      const { store } = current();
      await store.append(m.seqs('G', [1, 4]));
      let clock = 0;
      const registry = new Registry();
      registerGapMetrics(registry, () => store, { cacheMs: 1000, now: () => clock });
      assert.match(await registry.metrics(), /grpcaudit_collector_open_sequence_gaps 1\n[\s\S]*grpcaudit_collector_missing_records 2/);
      await store.append(m.seqs('G', [2, 3]));
      assert.match(await registry.metrics(), /grpcaudit_collector_missing_records 2/, 'cached');
      clock = 2000;
      assert.match(await registry.metrics(), /grpcaudit_collector_missing_records 0/);
    });

    it('grpc-audit gaps: table and JSON, exit 1 with open gaps, --completeness', async () => {
      const { store, storage } = current();
      await store.append([...m.seqs('A', [1, 2, 5]), m.gapRec('A', 6, 3, 3, 'rejected')]);
      const run = gapsCli(storage.cliFlags());
      const t = await run();
      assert.equal(t.status, 1, t.stderr);
      assert.match(t.stdout, /emitter A .*seq=1\.\.6/);
      assert.match(t.stdout, /open gaps: +4 +\(1 missing\)/);
      assert.match(t.stdout, /reported lost: 3 +\(1, rejected; gap record seq 6\)/);
      const j = await run('--format', 'json');
      assert.equal(j.status, 1);
      assert.deepEqual(JSON.parse(j.stdout).emitters[0].open, [{ from: 4, to: 4, count: 1 }]);
      await store.append(m.seqs('A', [4]));
      assert.equal((await run()).status, 0, 'no open gap left');
      const c = await run('--completeness', '--from', '2024-06-01T00:00:00Z', '--to', '2024-06-02T00:00:00Z', '--format', 'json');
      assert.equal(c.status, 1, c.stderr); // client spans without server sides
      assert.equal(JSON.parse(c.stdout).clientOnly, 4);
      assert.match((await run('--completeness', '--from', '1717200000000')).stdout, /client side only: 4/);
    });
  });
}
