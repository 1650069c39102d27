import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { parseQueryFlags } from '../../collector/cli/commands/query';
import { completenessReport } from '../../collector/delivery/completeness';
import { findSequenceGaps } from '../../collector/delivery/sequence-gaps';
import { parseVerifierKey } from '../../collector/ledger/signing-key';
import { verifyLog } from '../../collector/ledger/verify-log';
import { createGrpcAudit, type GrpcAudit } from '../../interceptors';
import type { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer } from '../helpers/kitchen-sink';
import { ensureContextManager } from '../helpers/tracing';
import { DeliveryEnv, waitFor } from '../delivery/support/delivery-env';

const N = 10_000;

interface Row {
  record_type: string;
  kind: string;
  span_id: string;
  parent_span_id: string | null;
  trace_id: string;
  method: string;
  body: string;
}

type Typed = Record<string, { stringValue?: string; intValue?: string; boolValue?: boolean } | undefined>;

interface Body {
  name: string;
  attributes: Typed;
  events: Array<{ name: string; attributes: Typed }>;
  droppedEventsCount?: number;
  scope: { name: string };
}

/** Drives one bidi call of `n` requests, writing with backpressure; resolves with the replies counted. */
function chat(client: ReturnType<typeof createKitchenSinkClient>, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = (client.Chat as Function).call(client, new grpc.Metadata()) as grpc.ClientDuplexStream<unknown, unknown>;
    let replies = 0;
    call.on('data', () => replies++);
    call.on('error', reject);
    call.on('end', () => resolve(replies));
    let i = 0;
    const pump = (): void => {
      while (i < n) {
        const ok = call.write({ index: i, text: `message ${i} for alice@example.com` });
        i++;
        if (!ok) return void call.once('drain', pump);
      }
      call.end();
    };
    pump();
  });
}

describe('collector: a 10,000-message bidi stream, end to end over mTLS — every message stored exactly once', function () {
  this.timeout(180_000);
  let env: DeliveryEnv;
  const processors: DurableSpanProcessor[] = [];
  const audits: GrpcAudit[] = [];

  before(async () => {
    ensureContextManager();
    env = await DeliveryEnv.create();
    await env.startCollector();
  });
  after(async () => {
    for (const p of processors) await p.shutdown();
    await env.cleanup();
  });

  /** One bidi call of `n` messages between the two emitters, then both flushed to the collector. */
  async function chatAndFlush(srv: ReturnType<typeof side>, cli: ReturnType<typeof side>, n: number): Promise<void> {
    const server = await startKitchenSinkServer({ interceptors: [srv.audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, cli.audit.clientOptions());
    try {
      assert.equal(await chat(client, n), n, 'the server echoed every message');
    } finally {
      client.close();
      await server.close();
    }
    await waitFor(() => srv.audit.stats.calls === 1 && cli.audit.stats.calls === 1, 'both call spans ended');
    for (const s of [srv, cli]) {
      await s.provider.forceFlush();
      await s.processor.forceFlush();
    }
  }

  /** One emitter: its own durable exporter (spool), tracer provider and interceptors. */
  function side(name: string, recordingDomain?: string) {
    const processor = env.processor(name);
    processors.push(processor);
    const provider = env.provider(processor);
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: provider, recordingDomain });
    return { processor, provider, audit };
  }

  it('client and server sides: each message index of both directions present once; continuations are not calls; the ledger verifies', async () => {
    // Two emitters, as in production: the client's process and the server's, each with its own
    // durable exporter (spool) and tracer provider under the SDK's default span limits.
    const srv = side('server-spool');
    const cli = side('client-spool');
    audits.push(srv.audit, cli.audit);
    await chatAndFlush(srv, cli, N);
    const expected = srv.processor.stats().records + cli.processor.stats().records;
    await waitFor(() => env.count() >= expected, `all ${expected} records stored`, 60_000);
    assert.equal(env.count(), expected);

    const db = env.log!.store.db;
    const rows = db.prepare('SELECT record_type, kind, span_id, parent_span_id, trace_id, method, body FROM records ORDER BY leaf_index').all() as Row[];
    const calls = rows.filter((r) => r.record_type === 'span');
    assert.deepEqual(calls.map((r) => r.kind).sort(), ['client', 'server'], 'one call record per side, nothing else counted as a call');
    for (const call of calls) {
      const body = JSON.parse(call.body) as Body;
      assert.equal(call.method, METHODS.chat);
      assert.equal(body.droppedEventsCount, undefined, 'the call span dropped no event');
      const conts = rows.filter((r) => r.record_type === 'continuation' && r.parent_span_id === call.span_id);
      assert.equal(Number(body.attributes['grpcaudit.continuation.count']?.intValue), conts.length, 'the call says how many continuations it has');
      assert.equal(Number(body.attributes['grpcaudit.messages.sent']?.intValue), N);
      assert.equal(Number(body.attributes['grpcaudit.messages.received']?.intValue), N);
      assert.equal(body.attributes['grpcaudit.recording.error'], undefined, `${call.kind}: recording.error (stats ${JSON.stringify(audits.map((a) => a.stats))})`);
      assert.equal(body.attributes['grpcaudit.messages.dropped'], undefined);
      const seen = { SENT: new Uint8Array(N + 1), RECEIVED: new Uint8Array(N + 1) };
      const count = (b: Body): void => {
        for (const e of b.events) {
          if (e.name !== 'rpc.message') continue;
          const dir = e.attributes['message.type']!.stringValue as 'SENT' | 'RECEIVED';
          const id = Number(e.attributes['message.id']!.intValue);
          assert.ok(id >= 1 && id <= N, `message.id ${id} in range`);
          seen[dir][id]++;
          assert.ok(e.attributes['grpcaudit.payload']?.stringValue, 'every message carries its payload');
          assert.doesNotMatch(e.attributes['grpcaudit.payload']!.stringValue!, /alice@example\.com/, 'masked like the call span');
        }
      };
      count(body);
      const ordinals: Array<[number, number]> = [];
      for (const c of conts) {
        const cb = JSON.parse(c.body) as Body;
        assert.equal(c.kind, 'internal');
        assert.equal(c.trace_id, call.trace_id);
        assert.equal(c.method, METHODS.chat, 'rpc.* attributes: the collector authorises it like the call');
        assert.equal(cb.scope.name, 'grpc-audit');
        assert.equal(cb.attributes['grpcaudit.continuation.of']?.stringValue, call.span_id);
        assert.equal(cb.droppedEventsCount, undefined);
        assert.ok(cb.events.length <= 64);
        ordinals.push([Number(cb.attributes['grpcaudit.continuation.first']!.intValue), Number(cb.attributes['grpcaudit.continuation.last']!.intValue)]);
        count(cb);
      }
      for (const dir of ['SENT', 'RECEIVED'] as const) {
        const bad: number[] = [];
        for (let id = 1; id <= N; id++) if (seen[dir][id] !== 1) bad.push(id);
        assert.deepEqual(bad.slice(0, 10), [], `${call.kind} ${dir}: every index 1..${N} exactly once (${bad.length} wrong)`);
      }
      ordinals.sort((a, b) => a[0] - b[0]);
      let next = body.events.length + 1;
      for (const [first, last] of ordinals) {
        assert.equal(first, next, 'continuation ordinals are contiguous');
        next = last + 1;
      }
      assert.equal(next, 2 * N + 1);
    }

    // Readers that count calls do not count continuations.
    const report = await completenessReport(env.log!.store, { fromUnixNano: 0n, toUnixNano: BigInt(Date.now() + 60_000) * 1_000_000n });
    assert.equal(report.clientSpans, 1);
    assert.equal(report.serverSpans, 1);
    assert.equal(report.matched, 1);
    assert.equal(report.clientOnly + report.serverOnly, 0);
    const gaps = await findSequenceGaps(env.log!.store);
    assert.equal(gaps.openRecords, 0, 'continuation records are numbered like any record: no sequence gap');
    assert.equal(gaps.declaredRecords, 0);
    const q = parseQueryFlags({ type: 'span', limit: '1000' });
    assert.equal((await env.log!.store.query(q.filter, q.options)).length, 2, 'query --type span lists the two call records');
    const qc = parseQueryFlags({ type: 'continuation', limit: '100000' });
    assert.equal((await env.log!.store.query(qc.filter, qc.options)).length, rows.length - 2);

    await env.log!.checkpoint();
    const verified = await verifyLog(env.log!.store, { verifier: parseVerifierKey(env.log!.verifierKey()) });
    assert.equal(verified.ok, true, JSON.stringify(verified.problem));
    for (const a of audits) {
      assert.equal(a.stats.recordingErrors, 0);
      assert.equal(a.stats.droppedMessageEvents, 0);
    }
  });

  it('in a recording domain: each message payload stored once, by its sender; the receiver holds every index as recorded by the peer', async () => {
    const n = 2_000;
    const before = (env.log!.store.db.prepare('SELECT coalesce(max(leaf_index), 0) AS m FROM records').get() as { m: number }).m;
    const srv = side('server-spool-domain', 'e2e-fleet');
    const cli = side('client-spool-domain', 'e2e-fleet');
    await chatAndFlush(srv, cli, n);
    const expected = before + srv.processor.stats().records + cli.processor.stats().records;
    await waitFor(() => env.count() >= expected, 'all records stored', 60_000);
    const rows = env.log!.store.db.prepare('SELECT record_type, kind, span_id, parent_span_id, trace_id, method, body FROM records WHERE leaf_index > ? ORDER BY leaf_index').all(before) as Row[];
    const calls = rows.filter((r) => r.record_type === 'span');
    assert.deepEqual(calls.map((r) => r.kind).sort(), ['client', 'server']);
    // [kind][direction] → per message id: payloads seen, peer marks seen
    const tally = (kind: string, dir: 'SENT' | 'RECEIVED') => {
      const payloads = new Uint16Array(n + 1);
      const peer = new Uint16Array(n + 1);
      const call = calls.find((c) => c.kind === kind)!;
      for (const r of rows.filter((x) => x.span_id === call.span_id || (x.record_type === 'continuation' && x.parent_span_id === call.span_id))) {
        for (const e of (JSON.parse(r.body) as Body).events) {
          if (e.name !== 'rpc.message' || e.attributes['message.type']!.stringValue !== dir) continue;
          const id = Number(e.attributes['message.id']!.intValue);
          if (e.attributes['grpcaudit.payload']?.stringValue) {
            payloads[id]++;
            assert.doesNotMatch(e.attributes['grpcaudit.payload']!.stringValue!, /alice@example\.com/);
          }
          if (e.attributes['grpcaudit.payload.recorded_by']?.stringValue === 'peer') peer[id]++;
        }
      }
      return { payloads, peer, body: JSON.parse(call.body) as Body };
    };
    for (const [sender, receiver, dir] of [['client', 'server', 'requests'], ['server', 'client', 'replies']] as const) {
      const sent = tally(sender, 'SENT');
      const received = tally(receiver, 'RECEIVED');
      const wrong: number[] = [];
      for (let id = 1; id <= n; id++) {
        if (sent.payloads[id] !== 1 || sent.peer[id] !== 0 || received.payloads[id] !== 0 || received.peer[id] !== 1) wrong.push(id);
      }
      assert.deepEqual(wrong.slice(0, 10), [], `${dir}: payload once at the ${sender}, peer mark once at the ${receiver} (${wrong.length} wrong)`);
      assert.equal(Number(received.body.attributes['grpcaudit.messages.peer_recorded']?.intValue), n);
    }
    const report = await completenessReport(env.log!.store, { fromUnixNano: 0n, toUnixNano: BigInt(Date.now() + 60_000) * 1_000_000n });
    assert.equal(report.clientOnly + report.serverOnly, 0);
    assert.equal(report.payloadsHeldByMissingPeer, 0);
    for (const a of [srv.audit, cli.audit]) assert.equal(a.stats.recordingErrors, 0);
  });
});
