import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { leaked, type PiiLabel } from '../../bench/pii-score';
import { createGrpcAudit } from '../../interceptors';
import { createMasker } from '../../interceptors/mask';
import { createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';

/**
 * Issue 11, truncation and binary paths, through real calls (127.0.0.1): a value that straddles
 * the payload limit is never exported in part — the cut is tried at every offset inside a card,
 * an e-mail and a JWT, and a 94 KiB JWT, in a typed string field, a map value, a repeated field
 * and on the wire fallback (no schema registered) — and bytes fields are looked into: text with
 * personal data is masked, binary is summarised, never shown.
 */
describe('masking end to end: truncation and bytes (real gRPC calls)', function () {
  this.timeout(120_000);
  const MAX = 256;
  let tracing: TestTracing;
  let typedServer: RunningServer;
  let wireServer: RunningServer;
  let typed: KitchenSinkClient;
  let wire: KitchenSinkClient;

  before(async () => {
    tracing = createTestTracing();
    const withSchema = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, masker: createMasker(), maxPayloadBytes: MAX });
    const noSchema = createGrpcAudit({ tracerProvider: tracing.provider, masker: createMasker(), maxPayloadBytes: MAX });
    typedServer = await startKitchenSinkServer({ interceptors: [withSchema.serverInterceptor] });
    wireServer = await startKitchenSinkServer({ interceptors: [noSchema.serverInterceptor] });
    typed = createKitchenSinkClient(typedServer.address, withSchema.clientOptions());
    wire = createKitchenSinkClient(wireServer.address, noSchema.clientOptions());
  });

  after(async () => {
    typed?.close();
    wire?.close();
    await typedServer?.close();
    await wireServer?.close();
    await tracing?.shutdown();
  });

  async function exported(client: KitchenSinkClient, request: unknown): Promise<string[]> {
    tracing.reset();
    const r = await unary(client, 'Echo', request);
    assert.ifError(r.error);
    const spans = await tracing.waitForSpans(2);
    return spans.flatMap(spanStrings);
  }

  const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-7731', name: 'Joanna Kieślowska', email: 'joanna.k@example.org' })}.${'s'.repeat(43)}`;
  const hugeJwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-7731', blob: 'q'.repeat(94 * 1024) })}.${'s'.repeat(43)}`;
  const labels: PiiLabel[] = [
    { category: 'credit_card', value: '4539 1488 0343 6467' },
    { category: 'email', value: 'joanna.kieslowska@example.org' },
    { category: 'jwt', value: jwt },
  ];

  it('no value straddling the cut is exported in part (typed field, list, map value, wire fallback)', async () => {
    // the record is cut at MAX bytes, the string handed to the masker about MAX + 1 KiB in: walk the planted values across both
    for (const l of labels) {
      for (const pad of [150, 190, 205, 220, 235, 250, 1000, 1090, 1150, 1200, 1230, 1250, 1270, 1290, 1320, 1400]) {
        const note = 'lorem '.repeat(Math.ceil(pad / 6)).slice(0, pad) + ' ' + l.value + ' tail';
        for (const [client, request] of [
          [typed, { requestId: 'r', note }],
          [typed, { requestId: 'r', tags: [note] }],
          [typed, { requestId: 'r', attributes: { fields: { memo: { stringValue: note } } } }],
          [wire, { requestId: 'r', note }],
        ] as const) {
          const all = await exported(client, request);
          const hit = all.find((s) => leaked(l, [s]));
          assert.equal(hit, undefined, `${l.category} at offset ${pad}: ${hit?.slice(0, 120)}`);
          // nor in part: the first 9 characters of the value (8 digits of a card, most of an e-mail's local part)
          const part = all.find((s) => s.includes(l.value.slice(0, 9)));
          assert.equal(part, undefined, `${l.category} in part at offset ${pad}: …${part?.slice(part.indexOf(l.value.slice(0, 9)) - 20, part.indexOf(l.value.slice(0, 9)) + 30)}`);
          // a JWT's claims must not survive even partly (its header alone is harmless)
          if (l.category === 'jwt') assert.ok(!all.some((s) => s.includes(jwt.split('.')[1].slice(0, 40))), `claims start at offset ${pad}`);
        }
      }
    }
  });

  it('a 94 KiB JWT in a typed field and on the wire: neither header nor claims exported', async () => {
    const claimsStart = hugeJwt.split('.')[1].slice(0, 24);
    for (const client of [typed, wire]) {
      const all = await exported(client, { requestId: 'r', note: hugeJwt });
      assert.ok(!all.some((s) => s.includes(claimsStart)), 'claims exported');
      assert.ok(all.some((s) => s.includes('"requestId":"r"') || s.includes('"1":"r"')), 'the record is still there');
    }
  });

  it('bytes: text with personal data is masked, clean text stays base64, binary is length + digest only', async () => {
    const secretText = Buffer.from('contact joanna.kieslowska@example.org, card 4539 1488 0343 6467');
    const binary = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    for (const client of [typed, wire]) {
      let all = await exported(client, { requestId: 'r', blob: secretText });
      for (const l of labels.slice(0, 2)) assert.equal(all.find((s) => leaked(l, [s])), undefined, `${l.category} in bytes`);
      assert.ok(!all.some((s) => s.includes(secretText.toString('base64').slice(0, 16))), 'base64 of the text exported');
      all = await exported(client, { requestId: 'r', blob: binary });
      assert.ok(!all.some((s) => s.includes(binary.toString('base64').slice(0, 16))), 'binary exported as base64');
      assert.ok(all.some((s) => /binary:len=600;sha256=[0-9a-f]{16}/.test(s)), 'binary summarised');
    }
    const clean = Buffer.from('invoice 2025-118 attached');
    const all = await exported(typed, { requestId: 'r', blob: clean });
    assert.ok(all.some((s) => s.includes(clean.toString('base64'))), 'clean text bytes stay canonical base64');
  });

  it('error details: bytes inside an Any of unknown type are summarised or masked, not base64', async () => {
    tracing.reset();
    const md = new grpc.Metadata();
    md.set('x-test-behavior', 'details');
    await unary(wire, 'Echo', { requestId: 'r' }, md);
    const spans = await tracing.waitForSpans(2);
    const all = spans.flatMap(spanStrings);
    // the kitchen sink's detail is a demo.v1.Address whose street is personal: without a schema, the
    // wire decode names nothing, but the street line is text and scanned; no base64 of it is exported
    assert.ok(!all.some((s) => s.includes(Buffer.from('1 Secret Lane').toString('base64'))));
  });
});
