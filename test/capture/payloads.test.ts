import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, SchemaRegistry, type GrpcAudit } from '../../interceptors';
import { createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer, unary, clientStream, bidi, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

function events(span: ReadableSpan, type: 'SENT' | 'RECEIVED') {
  return span.events.filter((e) => e.name === 'rpc.message' && e.attributes?.['message.type'] === type).map((e) => e.attributes!);
}

function sides(spans: ReadableSpan[]): { c: ReadableSpan; s: ReadableSpan } {
  const c = spans.find((x) => x.kind === SpanKind.CLIENT);
  const s = spans.find((x) => x.kind === SpanKind.SERVER);
  assert.ok(c && s, 'a client and a server span');
  return { c, s };
}

interface Rig {
  tracing: TestTracing;
  audit: GrpcAudit;
  server: RunningServer;
  client: KitchenSinkClient;
  close(): Promise<void>;
}

async function rig(options: Parameters<typeof createGrpcAudit>[0]): Promise<Rig> {
  const tracing = createTestTracing();
  const audit = createGrpcAudit({ tracerProvider: tracing.provider, ...options });
  const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
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

describe('capture: payloads — truncation, per-method levels, unknown schemas, bad input', () => {
  it('truncates at maxPayloadBytes with flags on the event and the span; the call gets the whole reply', async () => {
    const r = await rig({ registry: kitchenSinkRegistry(), maxPayloadBytes: 64 });
    try {
      const note = 'x'.repeat(500);
      const out = await unary(r.client, 'Echo', { requestId: 'long', note });
      assert.equal(out.value.message, `echo: ${note}`);
      const { c, s } = sides(await r.tracing.waitForSpans(2));
      for (const span of [c, s]) {
        for (const e of [...events(span, 'SENT'), ...events(span, 'RECEIVED')]) {
          const payload = String(e['grpcaudit.payload']);
          assert.ok(Buffer.byteLength(payload) <= 64, 'within the limit');
          assert.equal(e['grpcaudit.payload.truncated'], true);
          assert.ok((e['message.uncompressed_size'] as number) > 500, 'the real size is still measured');
        }
        assert.equal(span.attributes['grpcaudit.truncated'], true);
      }
      assert.ok(String(events(c, 'SENT')[0]['grpcaudit.payload']).startsWith('{"requestId":"long","note":"xxx'));
    } finally {
      await r.close();
    }
  });

  it('per-method record levels: none (no span), metadata (events without payloads), full; wildcards, most specific wins', async () => {
    const r = await rig({
      registry: kitchenSinkRegistry(),
      methods: {
        '*': { record: 'metadata' },
        '/demo.v1.KitchenSinkService/*': { record: 'full' },
        [METHODS.upload]: { record: 'metadata' },
        [METHODS.chat]: { record: 'none' },
      },
    });
    try {
      await bidi(r.client, 'Chat', [{ index: 1, text: 'secret' }]);
      await clientStream(r.client, 'Upload', [{ index: 1, text: 'a' }, { index: 2, text: 'b' }]);
      await unary(r.client, 'Echo', { requestId: 'full' });
      const spans = await r.tracing.waitForSpans(4);
      await new Promise((res) => setTimeout(res, 50));
      assert.deepEqual(new Set(r.tracing.spans().map((s) => s.name)), new Set(['grpc.demo.v1.KitchenSinkService/Upload', 'grpc.demo.v1.KitchenSinkService/Echo']));
      const upload = spans.filter((s) => s.name.endsWith('/Upload'));
      for (const span of upload) {
        assert.equal(span.attributes['grpcaudit.record.level'], 'metadata');
        assert.equal(span.events.length, 3, 'one event per message');
        for (const e of span.events) assert.equal(e.attributes?.['grpcaudit.payload'], undefined);
      }
      const echo = spans.find((s) => s.name.endsWith('/Echo'))!;
      assert.equal(echo.attributes['grpcaudit.record.level'], 'full');
      assert.ok(echo.events.every((e) => typeof e.attributes?.['grpcaudit.payload'] === 'string'));
    } finally {
      await r.close();
    }
  });

  it('explicit configuration overrides the method annotation (purpose, lawful basis, retention, record)', async () => {
    const r = await rig({
      registry: kitchenSinkRegistry(),
      methods: { [METHODS.echo]: { purpose: 'fraud-check', lawfulBasis: 'legal_obligation', retentionClass: 'short', record: 'metadata' } },
    });
    try {
      await unary(r.client, 'Echo', { requestId: 'a' });
      const { c } = sides(await r.tracing.waitForSpans(2));
      assert.equal(c.attributes['grpcaudit.purpose'], 'fraud-check');
      assert.equal(c.attributes['grpcaudit.lawful_basis'], 'legal_obligation');
      assert.equal(c.attributes['grpcaudit.retention_class'], 'short');
      assert.equal(c.attributes['grpcaudit.record.level'], 'metadata');
    } finally {
      await r.close();
    }
  });

  it('without a schema: sent messages are wire-decoded, received ones rendered untyped, both masked', async () => {
    const r = await rig({});
    try {
      const out = await unary(r.client, 'Echo', { requestId: 'r9', note: 'mail dave@example.com', customer: { customerId: 'c9' } });
      assert.equal(out.value.requestId, 'r9');
      const { c, s } = sides(await r.tracing.waitForSpans(2));
      const wire = JSON.parse(String(events(c, 'SENT')[0]['grpcaudit.payload']));
      assert.equal(wire['1'], 'r9', 'field 1 (request_id) keyed by number');
      assert.deepEqual(wire['2'], { '1': 'c9' }, 'nested message guessed');
      assert.ok(typeof wire['3'] === 'string' && !wire['3'].includes('dave@example.com'), 'free text masked');
      assert.equal(events(c, 'SENT')[0]['grpcaudit.schema'], 'wire');
      const untyped = JSON.parse(String(events(c, 'RECEIVED')[0]['grpcaudit.payload']));
      assert.equal(untyped.requestId, 'r9');
      assert.ok(!JSON.stringify(untyped).includes('dave@example.com'));
      assert.equal(events(c, 'RECEIVED')[0]['grpcaudit.schema'], 'untyped');
      assert.equal(c.attributes['grpcaudit.schema'], 'wire', 'span: wire when any message was wire-decoded');
      assert.equal(events(s, 'RECEIVED')[0]['grpcaudit.schema'], 'untyped');
      assert.equal(events(s, 'SENT')[0]['grpcaudit.schema'], 'wire');
      assert.equal(typeof events(s, 'SENT')[0]['message.uncompressed_size'], 'number');

      // Error details whose type no registry knows are wire-decoded too.
      r.tracing.reset();
      const md = new grpc.Metadata();
      md.set('x-test-behavior', 'details');
      const failed = await unary(r.client, 'Echo', { requestId: 'd' }, md);
      assert.equal(failed.error?.code, grpc.status.FAILED_PRECONDITION);
      const spans = await r.tracing.waitForSpans(2);
      const details = JSON.parse(String(spans[0].attributes['grpcaudit.status.details']));
      assert.equal(details.details[0]['@type'], 'type.googleapis.com/demo.v1.Address');
      // keyed by field number; a capitalised word without a schema is fail-closed (policy unknownSchema, default redact)
      assert.equal(details.details[0].value['2'], '[REDACTED:unclassified]', 'keyed by field number, fail-closed');
    } finally {
      await r.close();
    }
  });

  it('bytes that do not decode: marker on the client event; grpc-js rejects them (INTERNAL) and the server span says so', async () => {
    const r = await rig({ registry: kitchenSinkRegistry() });
    const bare = await startKitchenSinkServer();
    try {
      const garbage = Buffer.from([0x12, 0x03, 0x0f, 0x00, 0x00]); // field 2 (customer) holding a truncated, invalid body
      const send = (client: grpc.Client) =>
        new Promise<grpc.ServiceError | null>((resolve) =>
          client.makeUnaryRequest(METHODS.echo, (b: Buffer) => b, (b: Buffer) => b, garbage, (err) => resolve(err)),
        );
      const plain = new grpc.Client(bare.address, grpc.credentials.createInsecure());
      const expected = await send(plain);
      plain.close();
      const err = await send(r.client);
      assert.equal(err?.code, expected?.code, 'the same outcome as without the interceptors');
      assert.equal(err?.code, grpc.status.INTERNAL);
      const { c, s } = sides(await r.tracing.waitForSpans(2));
      const sent = events(c, 'SENT')[0];
      assert.match(String(sent['grpcaudit.payload.error']), /do not decode as demo\.v1\.EchoRequest/);
      assert.equal(sent['message.uncompressed_size'], garbage.length);
      assert.equal(s.attributes['rpc.grpc.status_code'], grpc.status.INTERNAL, 'the status grpc-js sent itself is recorded as is');
      assert.equal(events(s, 'RECEIVED').length, 0);
    } finally {
      await bare.close();
      await r.close();
    }
  });

  it('a schema that does not match the messages: marker naming the field, the rest rendered, call unaffected', async () => {
    // A registry whose Echo request declares request_id as int32 while the app sends strings.
    const root = protobuf.Root.fromJSON({
      nested: {
        demo: {
          nested: {
            v1: {
              nested: {
                Wrong: { fields: { request_id: { type: 'int32', id: 1 }, note: { type: 'string', id: 3 } } },
                KitchenSinkService: { methods: { Echo: { requestType: 'Wrong', responseType: 'Wrong', comment: '' } } },
              },
            },
          },
        },
      },
    });
    const r = await rig({ registry: new SchemaRegistry().addRoot(root) });
    try {
      const out = await unary(r.client, 'Echo', { requestId: 'not-a-number', note: 'ok' });
      assert.equal(out.value.requestId, 'not-a-number');
      const { c } = sides(await r.tracing.waitForSpans(2));
      const sent = events(c, 'SENT')[0];
      assert.match(String(sent['grpcaudit.payload.error']), /requestId|request_id/);
      assert.doesNotMatch(String(sent['grpcaudit.payload.error']), /not-a-number/, 'the marker never carries the value');
      assert.equal(JSON.parse(String(sent['grpcaudit.payload'])).note, 'ok');
    } finally {
      await r.close();
    }
  });

  it('a huge message (3 MiB, under the 4 MiB grpc-js default): recorded truncated at the default limit, call unaffected', async () => {
    const r = await rig({ registry: kitchenSinkRegistry() });
    try {
      const note = 'y'.repeat(3 * 1024 * 1024);
      const out = await unary(r.client, 'Echo', { requestId: 'huge', note }, new grpc.Metadata(), {});
      assert.equal(out.value?.message.length, note.length + 6);
      const { c, s } = sides(await r.tracing.waitForSpans(2));
      for (const span of [c, s]) {
        for (const e of [...events(span, 'SENT'), ...events(span, 'RECEIVED')]) {
          assert.equal(e['grpcaudit.payload.truncated'], true);
          assert.ok(Buffer.byteLength(String(e['grpcaudit.payload'])) <= 64 * 1024);
          assert.ok((e['message.uncompressed_size'] as number) > 3 * 1024 * 1024);
        }
      }
    } finally {
      await r.close();
    }
  });
});
