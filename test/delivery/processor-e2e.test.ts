import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { DurableSpanProcessor } from '../../interceptors/export/durable-span-processor';
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
