import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { leaked } from '../../bench/pii-score';
import { createGrpcAudit } from '../../interceptors';
import { createMasker } from '../../interceptors/mask';
import { clientStream, createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary, type RunningServer, type KitchenSinkClient } from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';
import { anyPlanted, filler, type Planted } from './pii-generators';

/**
 * End to end: generated messages with planted personal data go through a real grpc-js client
 * and server (127.0.0.1, port 0) with both audit interceptors, the real schema registry and
 * decoder (kitchen_sink.proto) and the default masking policy. Every string of every exported
 * span — attributes, message events, status, metadata attributes — is scanned for each planted
 * value, its URL-decoded form, its digits (cards, phones, SSNs), its letters+digits (IBANs) and
 * its JWT payload.
 */
describe('masking end to end: real gRPC calls, real decoder, exported spans (fast-check)', function () {
  this.timeout(180_000);
  let tracing: TestTracing;
  let server: RunningServer;
  let client: KitchenSinkClient;

  before(async () => {
    tracing = createTestTracing();
    const audit = createGrpcAudit({
      registry: kitchenSinkRegistry(),
      tracerProvider: tracing.provider,
      masker: createMasker(),
      metadataAllowlist: ['x-contact', 'x-note'],
    });
    server = await startKitchenSinkServer({
      interceptors: [audit.serverInterceptor],
      handlers: {
        // fails with a status message and error details built from what the client sent
        Upload: ((call: grpc.ServerReadableStream<{ text?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          const texts: string[] = [];
          call.on('data', (c: { text?: string }) => texts.push(c.text ?? ''));
          call.on('end', () => callback({ code: grpc.status.INVALID_ARGUMENT, details: `rejected: ${texts.join(' | ')}` } as grpc.ServiceError));
        }) as grpc.UntypedHandleCall,
      },
    });
    client = createKitchenSinkClient(server.address, audit.clientOptions());
  });

  after(async () => {
    client?.close();
    await server?.close();
    await tracing?.shutdown();
  });

  /** google.protobuf.Value / Struct / ListValue in the object form protobufjs serializes. */
  const value = (v: unknown): unknown =>
    typeof v === 'string' ? { stringValue: v } : typeof v === 'number' ? { numberValue: v } : typeof v === 'boolean' ? { boolValue: v } : { nullValue: 'NULL_VALUE' };
  const struct = (o: Record<string, unknown>) => ({ fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, value(v)])) });
  const list = (a: unknown[]) => ({ values: a.map(value) });

  /** A sentence around a planted value (content categories), or the value alone under its hinted key. */
  const planted = fc.tuple(anyPlanted, filler, filler).map(([p, a, b]) => ({ p, text: `${a} ${(p as { prefix?: string }).prefix ?? ''}${p.value} ${b}`.trim() }));

  it('no planted value (nor its digits, decoded form or JWT claims) appears in any exported span', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(planted, { minLength: 2, maxLength: 6 }), fc.nat(1000), async (items, n) => {
        tracing.reset();
        const content = items.filter((i) => !i.p.key);
        const byKey = items.filter((i) => i.p.key);
        const texts = content.map((i) => i.text);
        const fields: Record<string, unknown> = { ok: true, count: n };
        byKey.forEach((i) => (fields[`${i.p.key}`] = i.p.value)); // hinted keys inside a google.protobuf.Struct
        texts.forEach((t, k) => (fields[`free${k}`] = t));
        const request = {
          requestId: `req-${n}`,
          note: texts.join(' ; '),
          tags: texts,
          orderNumber: String(1_700_000_000_000 + n),
          customer: {
            customerId: `cust-${n}`,
            fullName: byKey.find((i) => i.p.category === 'person_name')?.p.value ?? 'Ada Lovelace',
            email: 'ada@example.com',
            addresses: [{ street: byKey.find((i) => i.p.category === 'postal_address')?.p.value ?? '1 Analytical Way', city: 'London' }],
            labels: Object.fromEntries(texts.map((t, k) => [`l${k}`, t]).concat(texts.slice(0, 1).map((t) => [t, 'as key']))),
          },
          attributes: struct(fields),
          nickname: { value: texts[0] ?? 'none' },
          dynamic: value(texts[1] ?? 'none'),
          list: list(texts),
        };
        const md = new grpc.Metadata();
        const ascii = (t: string) => t.replace(/[^\x20-\x7e]/g, '-'); // metadata values are printable ASCII
        md.set('x-contact', ascii(texts[0] ?? 'none'));
        md.set('x-note', ascii(texts.join(' ')));
        const echo = await unary(client, 'Echo', request, md);
        assert.ifError(echo.error);
        const up = await clientStream(client, 'Upload', texts.map((t, k) => ({ index: k, text: t })), md);
        assert.equal(up.error?.code, grpc.status.INVALID_ARGUMENT);
        assert.ok(up.error?.details.includes('rejected'), 'the application still sees its own error unmasked');
        const spans = await tracing.waitForSpans(4);
        const all = spans.flatMap((s) => spanStrings(s));
        const labels: Planted[] = items.map((i) => i.p);
        labels.push({ category: 'email', value: 'ada@example.com' });
        for (const l of labels) {
          const hit = all.find((s) => leaked(l, [s]));
          assert.equal(hit, undefined, `${l.category} ${JSON.stringify(l.value)} leaked in: ${hit}`);
        }
        // the record says how much it masked, under which policy, about whom — never the values
        for (const s of spans.filter((x) => x.name.endsWith('/Echo'))) {
          assert.ok(Number(s.attributes['grpcaudit.masked.count']) >= labels.length);
          assert.match(String(s.attributes['grpcaudit.policy.version']), /^sha256:/);
          const refs = s.attributes['grpcaudit.subject_refs'] as string[];
          assert.ok(Array.isArray(refs) && refs.every((r) => r.startsWith('hmac:') && !r.includes(`cust-${n}`)));
        }
      }),
      { numRuns: 40 },
    );
  });
});
