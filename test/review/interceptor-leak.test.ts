import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { SEEDED_PII } from '../../examples/quickstart/shop-traffic';
import { createGrpcAudit, SchemaRegistry } from '../../interceptors';
import { createMasker } from '../../interceptors/mask';
import { createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings, type TestTracing } from '../helpers/tracing';

/**
 * Review: seeded PII through real grpc-js calls in the places the property test does not plant it
 * — a handler error whose status text quotes the request, Struct map keys, allowlisted metadata, and a method with no schema (wire fallback). Every
 * string of every exported span (name, status, attributes, events, keys) and every line the
 * interceptors log (their logger and OpenTelemetry diag) is scanned.
 */
const VALUES = [SEEDED_PII.email, SEEDED_PII.card, SEEDED_PII.iban, SEEDED_PII.bearer, SEEDED_PII.noteEmail];

function leaks(strings: string[]): string[] {
  const all = strings.join('\n');
  const digits = all.replace(/\D/g, '');
  return VALUES.filter((v) => all.includes(v) || (/^[\d\s-]+$/.test(v) && digits.includes(v.replace(/\D/g, ''))));
}

for (const mode of ['with schema', 'without schema (wire fallback)'] as const) {
  describe(`review: interceptors leak nothing — ${mode}`, function () {
    this.timeout(60_000);
    let tracing: TestTracing;
    let server: RunningServer;
    let client: KitchenSinkClient;
    const logs: string[] = [];

    before(async () => {
      diag.setLogger(
        { error: (...a) => logs.push(a.map(String).join(' ')), warn: (...a) => logs.push(a.map(String).join(' ')), info: (...a) => logs.push(a.map(String).join(' ')), debug: () => {}, verbose: () => {} },
        DiagLogLevel.INFO,
      );
      tracing = createTestTracing();
      const audit = createGrpcAudit({
        registry: mode === 'with schema' ? kitchenSinkRegistry() : new SchemaRegistry(),
        tracerProvider: tracing.provider,
        masker: createMasker(),
        metadataAllowlist: ['x-contact'],
        logger: { warn: (m: string, f?: unknown) => logs.push(`${m} ${JSON.stringify(f)}`) },
      });
      server = await startKitchenSinkServer({
        interceptors: [audit.serverInterceptor],
        handlers: {
          // grpc-js 1.14 answers a synchronous throw with a bare 'Unknown error'; a callback error
          // carries the handler's text, which quotes the request here.
          Echo: ((call: grpc.ServerUnaryCall<{ note?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
            callback({ code: grpc.status.UNKNOWN, details: `cannot charge card ${SEEDED_PII.card} for ${call.request.note}` } as grpc.ServiceError);
          }) as unknown as grpc.UntypedHandleCall,
        },
      });
      client = createKitchenSinkClient(server.address, audit.clientOptions());
    });

    after(async () => {
      client?.close();
      await server?.close();
      await tracing?.shutdown();
      diag.disable();
    });

    it('a failing handler, Struct keys and metadata: no seeded value in spans or logs', async () => {
      const md = new grpc.Metadata();
      md.set('x-contact', `mail ${SEEDED_PII.email} or IBAN ${SEEDED_PII.iban}`);
      const out = await unary(
        client,
        'Echo',
        {
          requestId: 'r-1',
          note: `customer ${SEEDED_PII.noteEmail}, token Bearer ${SEEDED_PII.bearer}`,
          tags: [SEEDED_PII.iban],
          attributes: { fields: { [SEEDED_PII.email]: { stringValue: 'vip' }, card: { stringValue: SEEDED_PII.card } } },
        },
        md,
      );
      assert.equal(out.error?.code, grpc.status.UNKNOWN, 'the handler failed');
      assert.ok(out.error!.details.includes(SEEDED_PII.card), 'the caller sees the app\'s own text (not ours to change)');
      const spans = await tracing.waitForSpans(2);
      assert.equal(spans.length, 2);
      for (const s of spans) assert.ok(s.events.some((e) => e.name === 'rpc.message'), `${s.name}: the request is recorded`);
      // No schema: the client renders the app's object untyped, the server wire-decodes the bytes.
      const paths = spans.map((s) => s.attributes['grpcaudit.schema']).sort();
      assert.deepEqual(paths, mode === 'with schema' ? ['registry', 'registry'] : ['untyped', 'wire']);
      const strings = spans.flatMap(spanStrings);
      assert.ok(strings.some((x) => x.includes('cannot charge card')), 'the status text is recorded (masked)');
      assert.deepEqual(leaks(strings), [], 'exported spans');
      assert.deepEqual(leaks(logs), [], 'interceptor logs and diag');
    });

    it('issue 11 classes: names in compounds, parts and map keys, FHIR addresses, MACs, birth dates, bytes, a cut JWT', async () => {
      const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const longJwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'u-1', pad: 'p'.repeat(80_000) })}.${'s'.repeat(43)}`;
      const seeded = ['Joanna Kieślowska', 'Grzegorz', 'Przybylski', 'Ségolène Lefèvre', 'ul. Kwiatowa 5/12', '00:1a:2b:3c:4d:5e', '1985-03-14', 'maria.dolores@example.es', longJwt.split('.')[1].slice(0, 32)];
      const str = (v: string) => ({ stringValue: v });
      const obj = (o: Record<string, unknown>) => ({ structValue: { fields: o } });
      tracing.reset();
      logs.length = 0;
      const out = await unary(client, 'Echo', {
        requestId: 'r-2',
        note: 'see tags',
        tags: [longJwt],
        blob: Buffer.from('reply to maria.dolores@example.es'),
        customer: { customerId: 'c-2', fullName: 'Joanna Kieślowska' },
        attributes: {
          fields: {
            ownerName: str('Joanna Kieślowska'),
            patient: obj({ name: obj({ given: { listValue: { values: [str('Grzegorz')] } }, family: str('Przybylski') }), birthDate: str('1985-03-14') }),
            address: obj({ line: { listValue: { values: [str('ul. Kwiatowa 5/12')] } }, city: str('Kraków') }),
            guestsByName: obj({ 'Ségolène Lefèvre': str('room 12') }),
            device: obj({ macAddress: str('00:1a:2b:3c:4d:5e') }),
          },
        },
      });
      assert.equal(out.error?.code, grpc.status.UNKNOWN);
      const strings = (await tracing.waitForSpans(2)).flatMap(spanStrings);
      const all = strings.join('\n');
      assert.deepEqual(seeded.filter((v) => all.includes(v)), [], 'exported spans');
      assert.deepEqual(seeded.filter((v) => logs.join('\n').includes(v)), [], 'interceptor logs and diag');
    });
  });
}
