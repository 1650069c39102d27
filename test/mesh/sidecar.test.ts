import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, FAIL_CLOSED_MESSAGE } from '../../interceptors';
import { parseSidecarConfig } from '../../mesh/sidecar-config';
import { startSidecar } from '../../mesh/sidecar';
import { createMasker } from '../../interceptors/mask/create-masker';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';
import {
  BEHAVIOR_KEY,
  bidi,
  clientStream,
  createKitchenSinkClient,
  kitchenSinkRegistry,
  serverStream,
  startKitchenSinkServer,
  unary,
  type KitchenSinkClient,
  type Outcome,
  type RunningServer,
} from '../helpers/kitchen-sink';
import { compileKitchenSink } from './support/descriptor-set';
import { events, runSidecar, until } from './support/sidecar-fixture';
import type { SidecarHandle } from '../../mesh/sidecar';

const ECHO = {
  requestId: 'req-7',
  note: 'call me at bob@example.com',
  customer: { customerId: 'cust-42', fullName: 'Bob Example', tier: 'TIER_GOLD', labels: { team: 'blue' }, card: { number: '4111111111111111', expMonth: 4, expYear: 2030 } },
  tags: ['a', 'b'],
  createdAt: { seconds: '1700000000', nanos: 5 },
};

/** What a client observed of one call: everything that must be the same direct and through the sidecar. */
function observed(o: Outcome<unknown>): unknown {
  const e = o.error;
  return {
    messages: o.messages,
    code: e?.code ?? 0,
    details: e?.details,
    // `date` is the HTTP date of the answer: the one header that differs between two calls by design.
    trailers: e ? Object.fromEntries(Object.entries(e.metadata.getMap()).filter(([k]) => k !== 'date').map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : v])) : undefined,
  };
}

/** The four call kinds (and failures) the kitchen sink serves, with metadata steering its handler. */
async function exercise(client: KitchenSinkClient): Promise<unknown[]> {
  const md = (behavior?: string): grpc.Metadata => {
    const m = new grpc.Metadata();
    m.set('x-tenant', 'acme');
    if (behavior) m.set(BEHAVIOR_KEY, behavior);
    return m;
  };
  return [
    observed(await unary(client, 'echo', ECHO, md())),
    observed(await clientStream(client, 'upload', [{ index: 1, text: 'first' }, { index: 2, text: 'mail me: carol@example.com' }], md())),
    observed(await serverStream(client, 'download', { limit: { value: 3 } }, md())),
    observed(await bidi(client, 'chat', [{ index: 1, text: 'hello' }, { index: 2, text: 'card 4111 1111 1111 1111' }], md())),
    observed(await unary(client, 'echo', ECHO, md('error'))),
    observed(await unary(client, 'echo', ECHO, md('details'))),
    observed(await bidi(client, 'chat', [{ index: 1, text: 'x' }], md('error'))),
  ];
}

/** A span as a comparable value: transport-specific attributes (ports, mesh markers, deadline) left out; ciphertexts normalised. */
function comparable(span: ReadableSpan): unknown {
  const drop = new Set(['network.peer.port', 'network.peer.address', 'server.address', 'server.port', 'grpcaudit.deadline']);
  const attrs = Object.fromEntries(Object.entries(span.attributes).filter(([k]) => !drop.has(k) && !k.startsWith('grpcaudit.mesh.') && !k.endsWith('.identity')));
  const norm = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/enc:[A-Za-z0-9+/=:_-]+/g, 'enc:*') : v);
  return {
    name: span.name,
    kind: span.kind,
    status: span.status,
    attributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, norm(v)])),
    // A bidi call's directions interleave as the scheduler pleases: compared per direction, in order.
    events: events(span)
      .map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, norm(v)])))
      .sort((a, b) => String(a['message.type']).localeCompare(String(b['message.type'])) || Number(a['message.id']) - Number(b['message.id'])),
  };
}

function byOrder(spans: ReadableSpan[]): ReadableSpan[] {
  return [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}

describe('mesh: recording sidecar (grpc-js on both sides)', function () {
  this.timeout(30_000);
  let pb: string;
  let tracing: TestTracing;
  let app: RunningServer;
  let sidecar: SidecarHandle;
  let direct: KitchenSinkClient;
  let proxied: KitchenSinkClient;
  const masker = createMasker();

  before(async () => {
    pb = compileKitchenSink().descriptorSet;
    tracing = createTestTracing();
    app = await startKitchenSinkServer();
    sidecar = await runSidecar(app.address, tracing.provider, { schemas: { descriptors: pb }, audit: { metadataAllowlist: ['x-tenant', 'x-trailer-note', 'x-response-id'] } }, masker);
    direct = createKitchenSinkClient(app.address);
    proxied = createKitchenSinkClient(sidecar.address);
  });
  after(async () => {
    direct?.close();
    proxied?.close();
    await sidecar?.shutdown();
    await app?.close();
  });
  beforeEach(() => tracing.reset());

  it('relays all four call kinds: the client sees the same messages, statuses, trailers and error details as directly', async () => {
    const viaDirect = await exercise(direct);
    const viaSidecar = await exercise(proxied);
    assert.deepEqual(viaSidecar, viaDirect);
    // the failures really carried trailers and details, so the comparison covers them
    const details = viaDirect[5] as { code: number; trailers: Record<string, string> };
    assert.equal(details.code, grpc.status.FAILED_PRECONDITION);
    assert.ok(details.trailers['grpc-status-details-bin']);
    assert.equal((viaDirect[4] as { trailers: Record<string, string> }).trailers['x-trailer-note'], 'checked');
  });

  it('records each call once, decoded with the descriptor set and masked, with the application identity as the peer', async () => {
    await exercise(proxied);
    const spans = byOrder(await tracing.waitForSpans(7));
    assert.equal(spans.length, 7);
    const [echo, upload, download, chat, failed, details] = spans;
    assert.deepEqual(
      spans.map((s) => [s.name, s.attributes['grpcaudit.call.type'], s.attributes['rpc.grpc.status_code']]),
      [
        ['grpc.demo.v1.KitchenSinkService/Echo', 'unary', 0],
        ['grpc.demo.v1.KitchenSinkService/Upload', 'client_stream', 0],
        ['grpc.demo.v1.KitchenSinkService/Download', 'server_stream', 0],
        ['grpc.demo.v1.KitchenSinkService/Chat', 'bidi', 0],
        ['grpc.demo.v1.KitchenSinkService/Echo', 'unary', grpc.status.INVALID_ARGUMENT],
        ['grpc.demo.v1.KitchenSinkService/Echo', 'unary', grpc.status.FAILED_PRECONDITION],
        ['grpc.demo.v1.KitchenSinkService/Chat', 'bidi', grpc.status.INVALID_ARGUMENT],
      ],
    );
    assert.equal(echo.kind, 1 /* SERVER */);
    assert.equal(echo.attributes['grpcaudit.peer.identity'], 'spiffe://example.org/ns/demo/kitchen-sink');
    assert.equal(echo.attributes['grpcaudit.mesh.recorder'], 'sidecar');
    assert.equal(echo.attributes['grpcaudit.schema'], 'registry');
    assert.equal(echo.attributes['grpcaudit.purpose'], 'customer-support'); // method annotation from the descriptor set
    assert.equal(echo.attributes['grpcaudit.metadata.request.x-tenant'], 'acme');
    const req = JSON.parse(String(events(echo)[0]['grpcaudit.payload']));
    assert.equal(req.requestId, 'req-7');
    assert.equal(req.note, 'call me at [REDACTED:email]');
    assert.match(req.customer.fullName, /^hmac:/); // field annotation: hash
    assert.equal(req.customer.card.number.slice(-4), '1111');
    assert.notEqual(req.customer.card.number, '4111111111111111');
    assert.deepEqual(req.customer.labels, { team: 'blue' });
    assert.equal(req.createdAt, '2023-11-14T22:13:20.000000005Z');
    assert.deepEqual(events(upload).map((e) => e['message.type']), ['RECEIVED', 'RECEIVED', 'SENT']);
    assert.deepEqual(events(download).map((e) => e['message.type']), ['RECEIVED', 'SENT', 'SENT', 'SENT']);
    assert.deepEqual(events(chat).map((e) => `${e['message.type']}${e['message.id']}`).sort(), ['RECEIVED1', 'RECEIVED2', 'SENT1', 'SENT2']);
    assert.equal(failed.attributes['grpcaudit.metadata.trailer.x-trailer-note'], 'checked');
    assert.equal(failed.attributes['grpcaudit.status.message'], 'customer [REDACTED:email] is not allowed');
    const d = JSON.parse(String(details.attributes['grpcaudit.status.details']));
    assert.equal(d.details[0]['@type'], 'type.googleapis.com/demo.v1.Address');
    assert.equal(d.details[0].value.city, 'Paris');
    assert.notEqual(d.details[0].value.street, '1 Secret Lane');
    for (const span of spans) {
      const text = spanStrings(span).join('\n');
      for (const secret of ['bob@example.com', 'carol@example.com', 'alice@example.com', 'Bob Example', '4111111111111111', '4111 1111 1111 1111', '1 Secret Lane']) {
        assert.ok(!text.includes(secret), `${span.name} leaks ${secret}`);
      }
    }
  });

  it('gives the same records as the server interceptor on a direct connection (interceptors off behind the sidecar)', async () => {
    const interceptorTracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), masker, tracerProvider: interceptorTracing.provider, metadataAllowlist: ['x-tenant', 'x-trailer-note', 'x-response-id'] });
    const audited = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(audited.address);
    try {
      await exercise(client);
      await exercise(proxied);
      const fromInterceptor = byOrder(await interceptorTracing.waitForSpans(7)).map(comparable);
      const fromSidecar = byOrder(await tracing.waitForSpans(7)).map(comparable);
      assert.deepEqual(fromSidecar, fromInterceptor);
    } finally {
      client.close();
      await audited.close();
    }
  });

  it('outbound: gives the same records as the client interceptor on a direct connection', async () => {
    const interceptorTracing = createTestTracing();
    const allowlist = ['x-tenant', 'x-trailer-note', 'x-response-id'];
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), masker, tracerProvider: interceptorTracing.provider, metadataAllowlist: allowlist });
    const auditedClient = createKitchenSinkClient(app.address, audit.clientOptions());
    const outbound = await runSidecar(app.address, tracing.provider, { direction: 'outbound', schemas: { descriptors: pb }, audit: { metadataAllowlist: allowlist } }, masker);
    const viaSidecar = createKitchenSinkClient(outbound.address);
    try {
      await exercise(auditedClient);
      await exercise(viaSidecar);
      const fromInterceptor = byOrder(await interceptorTracing.waitForSpans(7)).map(comparable);
      const fromSidecar = byOrder(await tracing.waitForSpans(7)).map(comparable);
      assert.deepEqual(fromSidecar, fromInterceptor);
    } finally {
      auditedClient.close();
      viaSidecar.close();
      await outbound.shutdown();
    }
  });

  it('keeps concurrent calls apart: 40 calls at once on one connection, each answer and each record its own', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `req-${i}`);
    const outs = await Promise.all(ids.map((requestId) => unary(proxied, 'echo', { requestId, note: `note ${requestId}` })));
    assert.deepEqual(outs.map((o) => o.value?.requestId), ids);
    const spans = await tracing.waitForSpans(40);
    const seen = spans.map((sp) => {
      const [req, res] = events(sp).map((e) => JSON.parse(String(e['grpcaudit.payload'])));
      assert.equal(res.requestId, req.requestId, 'request and response of one record belong together');
      assert.equal(req.note, `note ${req.requestId}`);
      return req.requestId as string;
    });
    assert.deepEqual(seen.sort(), [...ids].sort());
  });

  it('fail-closed: a method whose record cannot be kept is refused with UNAVAILABLE and never reaches the application', async () => {
    let reached = 0;
    const counted = await startKitchenSinkServer({
      handlers: {
        Echo: ((_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
          reached++;
          cb(null, {});
        }) as grpc.UntypedHandleCall,
      },
    });
    const config = parseSidecarConfig({ listen: '127.0.0.1:0', upstream: counted.address, application: { serviceName: 'kitchen-sink' }, schemas: { descriptors: pb }, audit: { failClosed: ['/demo.v1.KitchenSinkService/Echo'] } });
    const closed = await startSidecar(config, { tracerProvider: tracing.provider, masker, gate: { canRecord: () => false }, logger: { warn: () => undefined } });
    const client = createKitchenSinkClient(closed.address);
    try {
      const out = await unary(client, 'echo', ECHO);
      assert.equal(out.error?.code, grpc.status.UNAVAILABLE);
      assert.equal(out.error?.details, FAIL_CLOSED_MESSAGE);
      assert.equal(reached, 0);
      assert.equal(closed.recorder.runtime.stats.failClosedRejections, 1);
      // a method that is not fail-closed still flows
      assert.equal((await serverStream(client, 'download', { limit: { value: 1 } })).messages.length, 1);
    } finally {
      client.close();
      await closed.shutdown();
      await counted.close();
    }
  });

  it('relays compressed messages as they are and records them decompressed', async () => {
    const gz = createKitchenSinkClient(sidecar.address, { 'grpc.default_compression_algorithm': 2 /* gzip */ } as grpc.ClientOptions);
    try {
      const out = await bidi(gz, 'chat', [{ index: 1, text: 'compressed hello dave@example.com' }]);
      assert.equal(out.error, undefined);
      assert.deepEqual(out.messages, [{ index: 1, text: 're: compressed hello dave@example.com' }]);
    } finally {
      gz.close();
    }
    const [span] = await tracing.waitForSpans(1);
    assert.deepEqual(JSON.parse(String(events(span)[0]['grpcaudit.payload'])), { index: 1, text: 'compressed hello [REDACTED:email]' });
  });

  it('wire-decodes the messages of a method no schema knows, and still relays it', async () => {
    const bare = await runSidecar(app.address, tracing.provider, {}, masker);
    const client = createKitchenSinkClient(bare.address);
    try {
      const out = await unary(client, 'echo', ECHO);
      assert.equal(out.error, undefined);
      const [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes['grpcaudit.call.type'], 'unknown');
      assert.equal(span.attributes['grpcaudit.schema'], 'wire');
      const wire = JSON.parse(String(events(span)[0]['grpcaudit.payload']));
      assert.equal(wire['1'], 'req-7');
      // Free text of an unknown schema is fail-closed by default (policy `unknownSchema`, docs/masking.md).
      assert.equal(wire['3'], '[REDACTED:unclassified]');
      assert.ok(!JSON.stringify(wire).includes('@'), 'the e-mail address is not recorded');
    } finally {
      client.close();
      await bare.shutdown();
    }
  });

  describe('faults', function () {
    it('upstream down: UNAVAILABLE to the client, record marked upstream-unavailable', async () => {
      const dead = await startKitchenSinkServer();
      const addr = dead.address;
      await dead.close();
      const s = await runSidecar(addr, tracing.provider, { schemas: { descriptors: pb } }, masker);
      const client = createKitchenSinkClient(s.address);
      try {
        const out = await unary(client, 'echo', ECHO);
        assert.equal(out.error?.code, grpc.status.UNAVAILABLE);
        const [span] = await tracing.waitForSpans(1);
        assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.UNAVAILABLE);
        assert.equal(span.attributes['grpcaudit.proxy.fault'], 'upstream-unavailable');
        assert.equal(s.stats().faults['upstream-unavailable'], 1);
      } finally {
        client.close();
        await s.shutdown();
      }
    });

    it('upstream slower than the deadline: DEADLINE_EXCEEDED, record with status 4 and the deadline', async () => {
      const md = new grpc.Metadata();
      md.set(BEHAVIOR_KEY, 'slow');
      md.set('x-test-delay-ms', '1500');
      const out = await unary(proxied, 'echo', ECHO, md, { deadline: Date.now() + 300 });
      assert.equal(out.error?.code, grpc.status.DEADLINE_EXCEEDED);
      const [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.DEADLINE_EXCEEDED);
      assert.ok(span.attributes['grpcaudit.deadline']);
      assert.equal(events(span).filter((e) => e['message.type'] === 'RECEIVED').length, 1);
    });

    it('client cancels mid-stream: the upstream call is cancelled too, record CANCELLED with the messages so far', async () => {
      let upstreamCancelled = false;
      const slowApp = await startKitchenSinkServer({
        handlers: {
          Chat: ((call: grpc.ServerDuplexStream<{ text?: string }, unknown>) => {
            call.on('data', (m: { text?: string }) => call.write({ index: 1, text: `re: ${m.text}` }));
            call.on('cancelled', () => (upstreamCancelled = true));
          }) as grpc.UntypedHandleCall,
        },
      });
      const s = await runSidecar(slowApp.address, tracing.provider, { schemas: { descriptors: pb } }, masker);
      const client = createKitchenSinkClient(s.address);
      try {
        const call = (client.chat as Function).call(client) as grpc.ClientDuplexStream<unknown, unknown>;
        const got: unknown[] = [];
        const ended = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
        call.on('data', (m: unknown) => {
          got.push(m);
          if (got.length === 2) call.cancel();
        });
        call.write({ index: 1, text: 'one' });
        call.write({ index: 2, text: 'two' });
        assert.equal((await ended).code, grpc.status.CANCELLED);
        await until(() => upstreamCancelled, 'the upstream handler sees the cancellation');
        const [span] = await tracing.waitForSpans(1);
        assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.CANCELLED);
        assert.equal(span.attributes['grpcaudit.cancelled'], true);
        assert.equal(span.attributes['grpcaudit.messages.received'], 2);
      } finally {
        client.close();
        await s.shutdown();
        await slowApp.close();
      }
    });

    it('a message over the size limit: RESOURCE_EXHAUSTED, nothing of it reaches the upstream', async () => {
      const s = await runSidecar(app.address, tracing.provider, { schemas: { descriptors: pb }, maxMessageBytes: 1024 }, masker);
      const client = createKitchenSinkClient(s.address);
      try {
        const out = await clientStream(client, 'upload', [{ text: 'small' }, { text: 'x'.repeat(4096) }]);
        assert.equal(out.error?.code, grpc.status.RESOURCE_EXHAUSTED);
        const [span] = await tracing.waitForSpans(1);
        assert.equal(span.attributes['grpcaudit.proxy.fault'], 'message-too-large');
        assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.RESOURCE_EXHAUSTED);
        assert.equal(span.attributes['grpcaudit.messages.received'], 1);
        // the sidecar is still serving
        assert.equal((await unary(client, 'echo', ECHO)).error, undefined);
      } finally {
        client.close();
        await s.shutdown();
      }
    });

    for (const [what, bytes, fault] of [
      ['a compressed-flag byte that is neither 0 nor 1', Buffer.from([7, 0, 0, 0, 1, 0x08]), 'malformed-frame'],
      ['a stream ending inside a message', Buffer.from([0, 0, 0, 0, 9, 0x0a, 0x01]), 'malformed-frame'],
    ] as const) {
      it(`a malformed frame (${what}): INTERNAL to the caller, record marked, no crash`, async () => {
        const session = http2.connect(`http://${sidecar.address}`);
        try {
          const req = session.request({ ':method': 'POST', ':path': '/demo.v1.KitchenSinkService/Chat', 'content-type': 'application/grpc', te: 'trailers' });
          const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
            req.on('response', resolve);
            req.on('error', reject);
            req.end(bytes);
          });
          req.resume();
          assert.equal(headers['grpc-status'], String(grpc.status.INTERNAL));
          assert.match(String(headers['grpc-message']), /grpc-audit sidecar: request/);
        } finally {
          session.close();
        }
        const [span] = await tracing.waitForSpans(1);
        assert.equal(span.attributes['grpcaudit.proxy.fault'], fault);
        assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.INTERNAL);
        assert.equal((await unary(proxied, 'echo', ECHO)).error, undefined, 'still serving');
      });
    }

    it('a message flagged compressed that does not decompress: relayed as it is (the upstream answers as it would), record marked', async () => {
      const send = async (address: string): Promise<http2.IncomingHttpHeaders> => {
        const session = http2.connect(`http://${address}`);
        try {
          const req = session.request({ ':method': 'POST', ':path': '/demo.v1.KitchenSinkService/Chat', 'content-type': 'application/grpc', te: 'trailers', 'grpc-encoding': 'gzip' });
          req.end(Buffer.from([1, 0, 0, 0, 3, 0x61, 0x62, 0x63])); // flag 1, but 'abc' is not gzip
          req.resume();
          return await new Promise((resolve) => {
            req.on('response', (h, flags) => flags & http2.constants.NGHTTP2_FLAG_END_STREAM && resolve(h));
            req.on('trailers', resolve);
          });
        } finally {
          session.close();
        }
      };
      const direct = await send(app.address);
      const proxiedStatus = await send(sidecar.address);
      assert.equal(proxiedStatus['grpc-status'], direct['grpc-status']);
      assert.notEqual(direct['grpc-status'], '0');
      const [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes['grpcaudit.recording.error'], true);
      assert.match(String(span.attributes['grpcaudit.message.error']), /RECEIVED message 3 bytes not decompressed: Error/);
      assert.equal(span.attributes['grpcaudit.messages.received'], 1);
    });

    it('a request that is not gRPC gets HTTP 415 and is not relayed', async () => {
      const session = http2.connect(`http://${sidecar.address}`);
      try {
        const req = session.request({ ':method': 'GET', ':path': '/' });
        const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => req.on('response', resolve));
        req.resume();
        assert.equal(headers[':status'], 415);
      } finally {
        session.close();
      }
    });
  });
});
