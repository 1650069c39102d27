import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { DeliveryEnv, range, waitFor } from './support/delivery-env';

function emit(provider: BasicTracerProvider, n: number, attrs: Record<string, string | number> = {}): void {
  const tracer = provider.getTracer('grpc-audit', '0.1.0');
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'rpc.service': 'demo.v1.Shop', 'rpc.method': 'Buy', ...attrs } })
      .end();
  }
}

async function steady(provider: BasicTracerProvider, total: number, perTick: number): Promise<void> {
  for (let sent = 0; sent < total; sent += perTick) {
    emit(provider, Math.min(perTick, total - sent));
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('delivery: DurableSpanProcessor against a real collector (mTLS, SQLite ledger)', function () {
  this.timeout(60_000);
  let env: DeliveryEnv;
  const open: DurableSpanProcessor[] = [];
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    for (const p of open.splice(0)) await p.shutdown();
    await env.cleanup();
  });
  const processor = (name: string, extra: Parameters<DeliveryEnv['processor']>[1] = {}): DurableSpanProcessor => {
    const p = env.processor(name, extra);
    open.push(p);
    return p;
  };

  for (const persistence of ['write-ahead', 'overflow'] as const) {
    it(`${persistence}: collector down for a while during steady traffic, then back — every record arrives exactly once`, async () => {
      await env.startCollector();
      const p = processor(`spool-${persistence}`, { persistence, maxQueueSize: 64 });
      const provider = env.provider(p);
      await steady(provider, 300, 10);
      await env.stopCollector(); // outage begins mid-traffic
      await steady(provider, 400, 10);
      assert.ok(p.stats().spoolEntries > 0 || p.stats().queued > 0, 'records wait while the collector is down');
      await env.startCollector();
      await steady(provider, 300, 10);
      await p.forceFlush();
      await waitFor(() => env.seqs(p.emitterId).length >= 1000, 'all 1000 records stored');
      const seqs = env.seqs(p.emitterId);
      assert.deepEqual(seqs, range(1, 1000), 'each sequence number exactly once');
      assert.equal(env.seqs(p.emitterId, 'gap').length, 0, 'no loss reported');
      const s = p.stats();
      assert.equal(s.delivered, 1000);
      assert.ok(s.retries > 0, 'the outage caused retries');
      assert.equal(s.spoolEntries, 0);
    });
  }

  it('network faults through the proxy (dropped connections, refused, stalled past the deadline): nothing lost, nothing duplicated', async () => {
    await env.startCollector();
    const p = processor('spool-faults', { exportTimeoutMs: 500 });
    const provider = env.provider(p);
    await steady(provider, 100, 10);
    env.proxy.dropConnections();
    await steady(provider, 100, 10);
    env.proxy.setMode('refuse', { dropExisting: true });
    await steady(provider, 100, 10);
    env.proxy.setMode('stall', { dropExisting: true });
    await steady(provider, 100, 10);
    await new Promise((r) => setTimeout(r, 700)); // at least one export hits its deadline
    env.proxy.setMode('forward', { dropExisting: true });
    await steady(provider, 100, 10);
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId).length >= 500, 'all 500 records stored');
    assert.deepEqual(env.seqs(p.emitterId), range(1, 500));
    assert.ok(p.stats().retries > 0);
  });

  it('a retried batch (collector stored it, the answer was lost) creates no duplicate and no extra ledger leaf', async () => {
    const q = processor('spool-dup');
    emit(env.provider(q), 20); // collector not started: the records stay in q's spool
    await q.shutdown();
    open.splice(open.indexOf(q), 1);
    // A byte-for-byte copy of the spool = the same records, ids and seqs, not yet acknowledged.
    fs.cpSync(path.join(env.dir, 'spool-dup'), path.join(env.dir, 'spool-dup-copy'), { recursive: true });
    await env.startCollector();
    const first = processor('spool-dup');
    await first.forceFlush();
    assert.equal(first.stats().delivered, 20);
    assert.deepEqual(env.seqs(q.emitterId), range(1, 20));
    assert.equal(env.log!.size(), 20);
    const again = processor('spool-dup-copy');
    assert.equal(again.emitterId, q.emitterId);
    await again.forceFlush();
    assert.equal(again.stats().delivered, 20, 'the copy was sent again and acknowledged');
    assert.deepEqual(env.seqs(q.emitterId), range(1, 20), 'stored once');
    assert.equal(env.log!.size(), 20, 'no extra ledger leaves');
    const dup = await env.collector!.handle.metrics.registry.getSingleMetricAsString('grpcaudit_collector_records_duplicate_total');
    assert.match(dup, / 20$/m, 'the collector counted 20 duplicates');
  });
});

describe('delivery: losses are reported, never silent; the fail-closed gate', function () {
  this.timeout(60_000);
  let env: DeliveryEnv;
  const open: DurableSpanProcessor[] = [];
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    for (const p of open.splice(0)) await p.shutdown();
    await env.cleanup();
  });
  const processor = (name: string, extra: Parameters<DeliveryEnv['processor']>[1] = {}): DurableSpanProcessor => {
    const p = env.processor(name, extra);
    open.push(p);
    return p;
  };

  /** Gap records of an emitter as stored: [from, to, count, reason, ownSeq]. */
  function gaps(emitterId: string): Array<{ from: number; to: number; count: number; reason: string; seq: number; detail?: string }> {
    const rows = env.log!.store.db.prepare("SELECT seq, body FROM records WHERE emitter_id = ? AND record_type = 'gap' ORDER BY seq").all(emitterId) as Array<{ seq: number; body: string }>;
    return rows.map((r) => {
      const a = JSON.parse(r.body).attributes;
      return { from: Number(a['grpcaudit.gap.from'].intValue), to: Number(a['grpcaudit.gap.to'].intValue), count: Number(a['grpcaudit.gap.count'].intValue), reason: a['grpcaudit.gap.reason'].stringValue, seq: r.seq, detail: a['grpcaudit.gap.detail']?.stringValue };
    });
  }

  it('spool full (size bound) in fail-open mode: the loss is counted and reported as a gap record; every number is accounted for exactly once', async () => {
    const p = processor('spool-full', { maxSpoolBytes: 4096, segmentBytes: 1024, maxQueueSize: 5 });
    const provider = env.provider(p);
    assert.equal(p.canRecord('/demo.v1.Shop/Buy'), true);
    emit(provider, 60, { filler: 'x'.repeat(200) }); // collector is down
    assert.equal(p.canRecord('/demo.v1.Shop/Buy'), false, 'gate closed: the staged records alone would not fit');
    await p.whenSpooled(); // the group commit of this turn
    assert.equal(p.canRecord('/demo.v1.Shop/Buy'), false, 'gate closed while the spool is full');
    const lostBefore = p.stats().lost.spool_full;
    assert.ok(lostBefore > 0 && lostBefore < 60, `some lost (${lostBefore}), some kept`);
    await env.startCollector();
    await p.forceFlush();
    await waitFor(() => gaps(p.emitterId).length > 0, 'gap record stored');
    const stored = env.seqs(p.emitterId);
    const declared = gaps(p.emitterId).flatMap((g) => (g.reason === 'spool_full' ? range(g.from, g.to) : []));
    assert.equal(declared.length, lostBefore, 'the gap records count exactly the lost records');
    const all = [...stored, ...declared].sort((a, b) => a - b);
    assert.deepEqual(all, range(1, 60), 'stored ∪ declared = every record, no overlap');
    for (const g of gaps(p.emitterId)) assert.equal(g.count, g.to - g.from + 1);
    // Acknowledged segments are deleted after the cursor that passes them is on disk (a background
    // write at most every 100 ms), so the room comes back shortly after the last answer.
    await waitFor(() => p.canRecord('/demo.v1.Shop/Buy'), 'gate open again once the spool drained');
  });

  it('spool directory unusable (below a regular file): records still flow from memory, the gate says no', async () => {
    const file = path.join(env.dir, 'a-file');
    fs.writeFileSync(file, 'x');
    await env.startCollector();
    const p = env.processor('unused', { spoolDir: path.join(file, 'spool') });
    open.push(p);
    assert.match(p.spoolStatus ?? '', /ENOTDIR/);
    assert.equal(p.canRecord('/demo.v1.Shop/Buy'), false);
    emit(env.provider(p), 25);
    await p.forceFlush();
    assert.deepEqual(env.seqs(p.emitterId), range(1, 25));
  });

  it('read-only spool directory (chmod 0500): same as unusable — skipped when running as root, where chmod does not stop writes', async function () {
    if (process.getuid?.() === 0) this.skip();
    const dir = path.join(env.dir, 'ro');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o500);
    const p = env.processor('ro');
    open.push(p);
    assert.match(p.spoolStatus ?? '', /EACCES/);
    assert.equal(p.canRecord('/x/Y'), false);
  });

  it('a record the collector refuses as invalid is isolated by bisection, dropped and reported as a rejected gap; partial success is counted', async () => {
    await env.startCollector();
    const p = processor('spool-invalid', { scheduledDelayMs: 50 });
    const tracer = env.provider(p).getTracer('grpc-audit');
    const bad = (): void => tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.system': 'grpc' } }).end(new Date('2300-01-01T00:00:00Z'));
    bad();
    bad();
    bad(); // a whole batch of invalid records → INVALID_ARGUMENT
    await p.forceFlush();
    assert.equal(p.stats().rejectedInvalid, 3);
    const g = gaps(p.emitterId);
    assert.deepEqual(g.filter((x) => x.reason === 'rejected').flatMap((x) => range(x.from, x.to)), [1, 2, 3]);
    // A mixed batch: the collector stores the good ones and answers partial success.
    emit(env.provider(p), 4);
    bad();
    await p.forceFlush();
    await waitFor(() => env.seqs(p.emitterId).length >= 4, 'good records stored');
    assert.equal(p.stats().rejectedPartial, 1);
  });

  it('a poisoned record (a deterministic INVALID_ARGUMENT) is not retried: set aside with a gap record carrying the reason, and what follows is delivered', async () => {
    await env.startCollector();
    const p = processor('spool-poison', { scheduledDelayMs: 0 });
    const provider = env.provider(p);
    const tracer = provider.getTracer('grpc-audit');
    emit(provider, 3);
    await p.forceFlush();
    // Alone in its request: the collector refuses the whole request (a span ending in 2300).
    tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.system': 'grpc' } }).end(new Date('2300-01-01T00:00:00Z'));
    await p.forceFlush();
    emit(provider, 3);
    await p.forceFlush();
    await p.forceFlush(); // the gap report follows the collector's answer
    // 4 is the poisoned record; its gap report took 5 (flushed before the next records ended).
    assert.deepEqual(env.seqs(p.emitterId), [1, 2, 3, 6, 7, 8], 'the records after the poisoned one are delivered');
    const g = gaps(p.emitterId);
    assert.deepEqual(g.map((x) => [x.from, x.to, x.reason, x.seq]), [[4, 4, 'rejected', 5]]);
    assert.match(g[0].detail ?? '', /^INVALID_ARGUMENT: \S/, 'the gap record carries the collector\'s code and message');
    const s = p.stats();
    assert.equal(s.retries, 0, 'a deterministic refusal is never retried');
    assert.equal(s.rejectedInvalid, 1);
    assert.equal(s.spoolEntries, 0, 'nothing left blocking the spool');
  });

  it('a record larger than the collector accepts does not block the spool: bisected, dropped, reported; the rest delivered', async () => {
    await env.startCollector({ maxReceiveMessageBytes: 64 * 1024 });
    const p = processor('spool-huge', { scheduledDelayMs: 50 });
    emit(env.provider(p), 3);
    emit(env.provider(p), 1, { huge: 'h'.repeat(100 * 1024) }); // seq 4: over the collector's 64 KiB limit
    emit(env.provider(p), 3);
    await p.forceFlush();
    await p.forceFlush(); // the gap report follows the collector's answer
    assert.deepEqual(env.seqs(p.emitterId), [1, 2, 3, 5, 6, 7]);
    const g = gaps(p.emitterId);
    assert.deepEqual(g.map((x) => [x.from, x.to, x.reason]), [[4, 4, 'rejected']]);
    assert.equal(p.stats().spoolEntries, 0);
  });

  it("the collector's /metrics shows the open gap a partial success leaves, and a declared loss is not counted as open", async () => {
    await env.startCollector({ metrics: true });
    const p = processor('spool-metrics', { scheduledDelayMs: 50 });
    const tracer = env.provider(p).getTracer('grpc-audit');
    emit(env.provider(p), 2);
    tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.system': 'grpc' } }).end(new Date('2300-01-01T00:00:00Z')); // rejected in a mixed batch
    emit(env.provider(p), 2);
    await p.forceFlush();
    assert.equal(p.stats().rejectedPartial, 1);
    const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${env.collector!.handle.metricsPort}/metrics`)).text();
    const text = await scrape();
    assert.match(text, /^grpcaudit_collector_open_sequence_gaps 1$/m);
    assert.match(text, /^grpcaudit_collector_missing_records 1$/m);
    assert.match(text, /^grpcaudit_collector_declared_lost_records 0$/m);
  });

  it('calls that end while shutdown drains are still recorded; the gate refuses new fail-closed calls from its start', async () => {
    await env.startCollector();
    const p = env.processor('spool-drain');
    const provider = env.provider(p);
    emit(provider, 10);
    const done = p.shutdown();
    assert.equal(p.canRecord('/demo.v1.Shop/Buy'), false);
    emit(provider, 5); // in-flight calls finishing during the drain
    await done;
    emit(provider, 1);
    assert.equal(p.stats().endedAfterShutdown, 1);
    assert.deepEqual(env.seqs(p.emitterId), range(1, 15));
  });

  it('a clean restart continues the numbering; unacknowledged records replay; spans after shutdown are counted', async () => {
    const a = env.processor('spool-restart', { shutdownTimeoutMs: 300 });
    emit(env.provider(a), 30); // collector down: all spooled
    await a.shutdown();
    await a.shutdown(); // idempotent
    emit(env.provider(a), 1);
    assert.equal(a.stats().endedAfterShutdown, 1);
    await env.startCollector();
    const b = processor('spool-restart');
    assert.equal(b.emitterId, a.emitterId, 'identity survives the restart');
    emit(env.provider(b), 10);
    await b.forceFlush();
    await waitFor(() => env.seqs(b.emitterId).length >= 40, 'all stored');
    assert.deepEqual(env.seqs(b.emitterId), range(1, 40));
    assert.deepEqual(gaps(b.emitterId), [], 'a clean stop leaves nothing to declare');
  });
});
