import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, ConfigError, type GrpcAudit } from '../../interceptors';
import { createKitchenSinkClient, kitchenSinkRegistry, serverStream, startKitchenSinkServer, unary, bidi, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

/**
 * Sent messages are recorded after they went out (recordOffCallPath, default on): the call path
 * keeps a snapshot of the wire bytes, and the render, mask and event happen in a batch once the
 * frames are on their way. These tests hold the promises that make that safe: the record is of
 * what was sent even when the application changes its object afterwards, events keep message
 * order and their own times, a client's record is complete before its application sees the
 * status, and nothing waits forever.
 */

function events(span: ReadableSpan, type: 'SENT' | 'RECEIVED') {
  return span.events.filter((e) => e.name === 'rpc.message' && e.attributes?.['message.type'] === type);
}

function side(spans: ReadableSpan[], kind: SpanKind): ReadableSpan {
  const s = spans.find((x) => x.kind === kind);
  assert.ok(s, `a ${SpanKind[kind]} span`);
  return s;
}

interface Rig {
  tracing: TestTracing;
  audit: GrpcAudit;
  server: RunningServer;
  client: KitchenSinkClient;
  close(): Promise<void>;
}

async function rig(options: Parameters<typeof createGrpcAudit>[0], handlers?: NonNullable<Parameters<typeof startKitchenSinkServer>[0]>['handlers']): Promise<Rig> {
  const tracing = createTestTracing();
  const audit = createGrpcAudit({ tracerProvider: tracing.provider, registry: kitchenSinkRegistry(), ...options });
  const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor], handlers });
  const client = createKitchenSinkClient(server.address, audit.clientOptions());
  return {
    tracing,
    audit,
    server,
    client,
    async close() {
      client.close();
      await server.close();
      await tracing.shutdown();
    },
  };
}

describe('capture: sent messages recorded off the call path', () => {
  it('records what went on the wire even when the application changes the object after sending it', async () => {
    // The client changes its request object right after starting the call, the server its reply
    // right after answering: what each side received is what the other side's record holds.
    const handlers = {
      Echo: ((call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
        const reply = { requestId: call.request.requestId, message: `echo: ${call.request.note}` };
        cb(null, reply);
        reply.message = 'changed after answering';
      }) as grpc.UntypedHandleCall,
    };
    const r = await rig({}, handlers);
    try {
      const request = { requestId: 'req-1', note: 'as sent' };
      const pending = unary(r.client, 'Echo', request);
      request.note = 'changed after the call started';
      const out = await pending;
      const spans = await r.tracing.waitForSpans(2);
      const sentByClient = JSON.parse(String(events(side(spans, SpanKind.CLIENT), 'SENT')[0].attributes!['grpcaudit.payload']));
      const sentByServer = JSON.parse(String(events(side(spans, SpanKind.SERVER), 'SENT')[0].attributes!['grpcaudit.payload']));
      assert.equal(out.value.message, 'echo: as sent', 'grpc-js sent the request as it was');
      assert.equal(sentByClient.note, 'as sent');
      assert.equal(sentByServer.message, out.value.message, 'the server records the reply the client received');
    } finally {
      await r.close();
    }
  });

  it('keeps message order across directions and each event keeps the time its message went out', async () => {
    const r = await rig({});
    try {
      const requests = Array.from({ length: 6 }, (_, i) => ({ index: i, text: `ping ${i}` }));
      const before = Date.now();
      const out = await bidi(r.client, 'Chat', requests);
      const after = Date.now();
      assert.equal(out.messages.length, 6);
      const spans = await r.tracing.waitForSpans(2);
      for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
        const span = side(spans, kind);
        const msgs = span.events.filter((e) => e.name === 'rpc.message');
        assert.equal(msgs.length, 12, `${SpanKind[kind]}: every message once`);
        const times = msgs.map((e) => hrTimeToMilliseconds(e.time));
        const start = hrTimeToMilliseconds(span.startTime);
        const end = hrTimeToMilliseconds(span.endTime);
        for (const t of times) {
          assert.ok(t >= start - 1 && t <= end + 1, `${SpanKind[kind]}: event inside its span`);
          assert.ok(t >= before - 5 && t <= after + 5, `${SpanKind[kind]}: event time is when the call ran`);
        }
        // Within each direction, ids rise in event order; the events are not grouped by direction.
        for (const type of ['SENT', 'RECEIVED'] as const) {
          const ids = events(span, type).map((e) => e.attributes!['message.id'] as number);
          assert.deepEqual(ids, [1, 2, 3, 4, 5, 6], `${SpanKind[kind]} ${type}: in order`);
        }
      }
      const server = side(spans, SpanKind.SERVER);
      // The server answers each ping after receiving it: its reply k comes after request k.
      const order = server.events.filter((e) => e.name === 'rpc.message').map((e) => `${e.attributes!['message.type']}${e.attributes!['message.id']}`);
      for (let k = 1; k <= 6; k++) assert.ok(order.indexOf(`RECEIVED${k}`) < order.indexOf(`SENT${k}`), `reply ${k} after request ${k}: ${order.join(' ')}`);
    } finally {
      await r.close();
    }
  });

  it('the client span is complete and ended before the application sees the status', async () => {
    const r = await rig({});
    try {
      const seen = await new Promise<ReadableSpan[]>((resolve, reject) => {
        (r.client.Echo as any)({ requestId: 'r-2', note: 'hello' }, (err: Error | null) => {
          if (err) return reject(err);
          resolve(r.tracing.spans().filter((s) => s.kind === SpanKind.CLIENT));
        });
      });
      assert.equal(seen.length, 1, 'the client span ended before the callback');
      assert.equal(events(seen[0], 'SENT').length, 1);
      assert.equal(JSON.parse(String(events(seen[0], 'SENT')[0].attributes!['grpcaudit.payload'])).note, 'hello');
    } finally {
      await r.close();
    }
  });

  it('a server span ends with the status time it was sent at, after its response events', async () => {
    const r = await rig({});
    try {
      await unary(r.client, 'Echo', { requestId: 'r-3', note: 'x' });
      const spans = await r.tracing.waitForSpans(2);
      const server = side(spans, SpanKind.SERVER);
      const client = side(spans, SpanKind.CLIENT);
      const sent = events(server, 'SENT')[0];
      assert.ok(sent, 'the response has its event');
      assert.ok(hrTimeToMilliseconds(sent.time) <= hrTimeToMilliseconds(server.endTime));
      // The status went out before the client saw it: the server span ends before the client span does.
      assert.ok(hrTimeToMilliseconds(server.endTime) <= hrTimeToMilliseconds(client.endTime) + 1);
      assert.equal(server.attributes['rpc.grpc.status_code'], 0);
    } finally {
      await r.close();
    }
  });

  it('renders the same payloads as recording before sending (recordOffCallPath: false); bad values are refused', async () => {
    const payloads: Record<string, string[]> = {};
    for (const off of [true, false]) {
      const r = await rig({ recordOffCallPath: off });
      try {
        await unary(r.client, 'Echo', { requestId: 'r-9', note: 'Call Jane at +1 (415) 867-5309 or jane.doe@example.com', customer: { email: 'bob@example.com' } });
        await serverStream(r.client, 'Download', { limit: { value: 3 } });
        await bidi(r.client, 'Chat', [{ index: 1, text: 'card 4111 1111 1111 1111' }, { index: 2, text: 'ok' }]);
        const spans = await r.tracing.waitForSpans(6);
        payloads[String(off)] = spans
          .flatMap((s) => events(s, 'SENT').map((e) => `${SpanKind[s.kind]} ${s.name} ${e.attributes!['message.id']} ${e.attributes!['grpcaudit.payload']} ${e.attributes!['message.uncompressed_size']}`))
          .sort();
        assert.equal(r.audit.stats.recordingErrors, 0);
      } finally {
        await r.close();
      }
    }
    assert.equal(payloads.true.length, 10, "every sent message of both sides");
    assert.deepEqual(payloads.true, payloads.false);
    assert.ok(!payloads.true.join('\n').includes('4111 1111'), 'masked either way');
    assert.throws(() => createGrpcAudit({ recordOffCallPath: 'yes' as unknown as boolean }), ConfigError);
  });
});
