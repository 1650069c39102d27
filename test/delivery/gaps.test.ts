import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { subtractRanges, seqRange } from '../../collector/delivery/seq-range';
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

  it('grpc-audit gaps: clear errors for bad flags and a missing store (reports themselves: test/store/report-conformance.ts)', async () => {
    const run = async (...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> => {
      const flags: Record<string, unknown> = { db, format: 'table', limit: '20' };
      for (let i = 0; i < args.length; i++) {
        const k = args[i].slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase()); // as commander names flags
        if (k === 'completeness' || k === 'all') flags[k] = true;
        else flags[k] = args[++i];
      }
      const o = { stdout: '', stderr: '' };
      const status = await runGaps(flags as unknown as GapsFlags, { stdout: (t) => (o.stdout += t), stderr: (t) => (o.stderr += t) });
      return { status, ...o };
    };
    const bad = await run('--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be table or json/);
    const badTime = await run('--completeness', '--from', 'yesterday');
    assert.equal(badTime.status, 2);
    assert.match(badTime.stderr, /--from must be ISO 8601/);
    assert.match((await run('--from', '2024-06-01')).stderr, /--from\/--to need --completeness/);
    assert.match((await run('--limit', '-3')).stderr, /--limit must be a non-negative integer/);
    const missing = await run('--db', path.join(dir, 'nope.db'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot open/);
    const noServer = await run('--pg-url', 'postgresql://u:secret-pw@127.0.0.1:1/none');
    assert.equal(noServer.status, 2);
    assert.match(noServer.stderr, /cannot open postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/none/);
    assert.ok(!noServer.stderr.includes('secret-pw'), 'no password in the error');
  });

  it('the real CLI subprocess: grpc-audit gaps --format json', async function () {
    this.timeout(60_000);
    await store.append(seqs('A', [1, 3]));
    const r = spawnSync(process.execPath, [BIN, 'gaps', '--db', db, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).emitters[0].open, [{ from: 2, to: 2, count: 1 }]);
  });
});
