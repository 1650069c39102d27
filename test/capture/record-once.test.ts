import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit, createMasker, type GrpcAuditOptions } from '../../interceptors';
import { recordsToken } from '../../interceptors/capture/audit-runtime';
import { RECORDS_HEADER } from '../../interceptors/capture/protocol';
import { bidi, clientStream, createKitchenSinkClient, kitchenSinkRegistry, serverStream, startKitchenSinkServer, unary, type KitchenSinkClient } from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';

type Side = { client: ReadableSpan; server: ReadableSpan };

function messageEvents(span: ReadableSpan, type: 'SENT' | 'RECEIVED') {
  return span.events.filter((e) => e.name === 'rpc.message' && e.attributes?.['message.type'] === type).map((e) => e.attributes ?? {});
}

function bySide(spans: ReadableSpan[]): Side {
  const client = spans.filter((s) => s.kind === SpanKind.CLIENT);
  const server = spans.filter((s) => s.kind === SpanKind.SERVER);
  assert.equal(client.length, 1, 'one client span');
  assert.equal(server.length, 1, 'one server span');
  return { client: client[0], server: server[0] };
}

/** Every message of the call carries its payload exactly once across the two spans, and the other side's event says so. */
function assertOncePerFlow(sides: Side): void {
  for (const [sender, receiver] of [
    [sides.client, sides.server],
    [sides.server, sides.client],
  ] as const) {
    const sent = messageEvents(sender, 'SENT');
    const received = messageEvents(receiver, 'RECEIVED');
    assert.equal(received.length, sent.length, 'the receiver has an event for every message sent');
    for (const e of sent) assert.equal(typeof e['grpcaudit.payload'], 'string', 'the sender records the payload');
    for (const e of received) {
      assert.equal(e['grpcaudit.payload'], undefined, 'the receiver does not record it again');
      assert.equal(e['grpcaudit.payload.recorded_by'], 'peer');
    }
    assert.deepEqual(received.map((e) => e['message.id']), sent.map((e) => e['message.id']), 'the ids pair up');
    assert.equal(receiver.attributes['grpcaudit.messages.peer_recorded'] ?? 0, received.length);
    assert.equal(receiver.attributes['grpcaudit.messages.received'], received.length);
  }
}

function assertFullOnBothSides(sides: Side): void {
  for (const span of [sides.client, sides.server]) {
    for (const type of ['SENT', 'RECEIVED'] as const) {
      for (const e of messageEvents(span, type)) {
        assert.equal(typeof e['grpcaudit.payload'], 'string', `${type} payload recorded on the ${span.kind === SpanKind.CLIENT ? 'client' : 'server'}`);
        assert.equal(e['grpcaudit.payload.recorded_by'], undefined);
      }
    }
    assert.equal(span.attributes['grpcaudit.messages.peer_recorded'], undefined);
  }
}

async function run(clientOpts: Partial<GrpcAuditOptions> | undefined, serverOpts: Partial<GrpcAuditOptions>, call: (c: KitchenSinkClient) => Promise<unknown>, tracing: TestTracing): Promise<Side> {
  const serverAudit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, ...serverOpts });
  const server = await startKitchenSinkServer({ interceptors: [serverAudit.serverInterceptor] });
  const clientAudit = clientOpts ? createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, ...clientOpts }) : undefined;
  const client = createKitchenSinkClient(server.address, clientAudit ? clientAudit.clientOptions() : {});
  try {
    await call(client);
    const spans = await tracing.waitForSpans(clientAudit ? 2 : 1);
    await new Promise((r) => setTimeout(r, 30));
    if (!clientAudit) return { client: undefined as unknown as ReadableSpan, server: spans.find((s) => s.kind === SpanKind.SERVER)! };
    return bySide(tracing.spans());
  } finally {
    client.close();
    await server.close();
  }
}

const CALLS: [string, (c: KitchenSinkClient) => Promise<unknown>][] = [
  ['unary', (c) => unary(c, 'Echo', { requestId: 'r1', note: 'write to ada.lovelace@example.org' })],
  ['client stream', (c) => clientStream(c, 'Upload', [{ text: 'a' }, { text: 'call +44 20 7946 0958' }, { text: 'c' }])],
  ['server stream', (c) => serverStream(c, 'Download', { requestId: 'd', limit: { value: 5 } })],
  ['bidi', (c) => bidi(c, 'Chat', [{ index: 1, text: 'x' }, { index: 2, text: 'card 4111 1111 1111 1111' }, { index: 3, text: 'z' }])],
];

describe('capture: each payload recorded once in a recording domain', () => {
  let tracing: TestTracing;
  beforeEach(() => {
    tracing = createTestTracing();
  });
  afterEach(async () => {
    await tracing.shutdown();
  });

  for (const [kind, call] of CALLS) {
    it(`${kind}: the sender records each payload, the receiver marks it as recorded by the peer`, async () => {
      const sides = await run({ recordingDomain: 'prod-eu' }, { recordingDomain: 'prod-eu' }, call, tracing);
      assertOncePerFlow(sides);
    });
  }

  it('another domain, or a side without one: both sides record every payload', async () => {
    assertFullOnBothSides(await run({ recordingDomain: 'prod-eu' }, { recordingDomain: 'partner' }, CALLS[3][1], tracing));
    tracing.reset();
    assertFullOnBothSides(await run({ recordingDomain: 'prod-eu' }, {}, CALLS[3][1], tracing));
    tracing.reset();
    assertFullOnBothSides(await run({}, { recordingDomain: 'prod-eu' }, CALLS[3][1], tracing));
  });

  it('the same domain under another masking policy: both sides record every payload', async () => {
    const other = createMasker({ version: 'strict-2' } as never);
    assertFullOnBothSides(await run({ recordingDomain: 'prod-eu', masker: other }, { recordingDomain: 'prod-eu' }, CALLS[0][1], tracing));
  });

  it('a caller that only claims to record (a wrong or copied header without the domain) is recorded in full', async () => {
    const forged = new grpc.Metadata();
    forged.set(RECORDS_HEADER, recordsToken('prod-eu', 'some-other-policy'));
    const { server } = await run(undefined, { recordingDomain: 'prod-eu' }, (c) => unary(c, 'Echo', { requestId: 'f', note: 'mail ada.lovelace@example.org' }, forged), tracing);
    const received = messageEvents(server, 'RECEIVED');
    assert.equal(received.length, 1);
    assert.match(String(received[0]['grpcaudit.payload']), /"requestId"/);
    assert.doesNotMatch(String(received[0]['grpcaudit.payload']), /ada\.lovelace@example\.org/);
    assert.equal(received[0]['grpcaudit.payload.recorded_by'], undefined);
  });

  it('no personal data in either span, and none in the header', async () => {
    const sides = await run({ recordingDomain: 'prod-eu', metadataAllowlist: [RECORDS_HEADER] }, { recordingDomain: 'prod-eu', metadataAllowlist: [RECORDS_HEADER] }, CALLS[3][1], tracing);
    const all = [...spanStrings(sides.client), ...spanStrings(sides.server)].join('\n');
    assert.doesNotMatch(all, /4111 1111 1111 1111|4111111111111111/);
    assert.doesNotMatch(all, /prod-eu/, 'the domain name itself is not sent or recorded, only a digest');
    assertOncePerFlow(sides);
  });

  it('recordingDomain must be a non-empty string', () => {
    assert.throws(() => createGrpcAudit({ recordingDomain: '' }), /recordingDomain/);
    assert.throws(() => createGrpcAudit({ recordingDomain: 7 as unknown as string }), /recordingDomain/);
  });
});
