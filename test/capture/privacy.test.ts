import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, type Attributes, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { createGrpcAudit, REDACTED_METADATA, type Masker } from '../../interceptors';
import { recordMetadata } from '../../interceptors/capture/metadata-recorder';
import { createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer, unary, bidi } from '../helpers/kitchen-sink';
import { createTestTracing, spanStrings } from '../helpers/tracing';

const SECRETS = {
  authorization: 'Bearer sk_live_9f8e7d6c5b4a39281706',
  cookie: 'session=cookie-secret-1234567',
  'x-api-key': 'apikey-secret-abcdef123456',
  'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
  'x-session-token': 'tok-secret-777777',
  'x-client-secret': 'client-secret-888888',
  'x-db-password': 'hunter2-secret-999',
  'x-auth-user': 'auth-user-secret-000',
  'x-trace-bin': Buffer.from('binary-secret-value'),
};

describe('capture: privacy — metadata redaction, masking, recording failures', () => {
  it('credential-like metadata is never recorded in clear, even when allowlisted; other allowlisted values are masked', async () => {
    const tracing = createTestTracing();
    const allow = [...Object.keys(SECRETS), 'x-contact', 'x-plain'];
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, metadataAllowlist: allow });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const md = new grpc.Metadata();
      for (const [k, v] of Object.entries(SECRETS)) md.set(k, v as string);
      md.set('x-contact', 'erin@example.com');
      md.set('x-plain', 'hello');
      md.set('x-not-allowlisted', 'kept-out-entirely');
      const out = await unary(client, 'Echo', { requestId: 'm' }, md);
      assert.ifError(out.error);
      const spans = await tracing.waitForSpans(2);
      for (const span of spans) {
        const side = span.kind === SpanKind.CLIENT ? 'client' : 'server';
        for (const key of Object.keys(SECRETS)) {
          assert.equal(span.attributes[`grpcaudit.metadata.request.${key}`], REDACTED_METADATA, `${side}: ${key}`);
        }
        assert.equal(span.attributes['grpcaudit.metadata.request.x-plain'], 'hello');
        const contact = String(span.attributes['grpcaudit.metadata.request.x-contact']);
        assert.ok(contact.length > 0 && !contact.includes('erin@example.com'), `${side}: email in metadata masked (${contact})`);
        assert.equal(span.attributes['grpcaudit.metadata.request.x-not-allowlisted'], undefined);
        const strings = spanStrings(span).join('\n');
        for (const v of [...Object.values(SECRETS).map(String), 'sk_live_9f8e7d6c5b4a39281706', 'binary-secret-value', 'erin@example.com', 'kept-out-entirely']) {
          assert.ok(!strings.includes(v), `${side}: '${v}' appears in the span`);
        }
      }
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });

  it('annotated personal fields are masked with the default policy; masked count and subject refs on the span', async () => {
    const tracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const customer = { customerId: 'cust-77', fullName: 'Frank Fictional', email: 'frank@example.com', addresses: [{ street: '1 Secret Lane', city: 'Paris' }], card: { number: '4111111111111111', expMonth: 12 } };
      const out = await unary(client, 'Echo', { requestId: 'p', customer, note: 'call me at frank@example.com' });
      assert.equal(out.value.customer.email, 'frank@example.com', 'the application data is untouched');
      const spans = await tracing.waitForSpans(2);
      for (const span of spans) {
        const strings = spanStrings(span).join('\n');
        for (const v of ['Frank Fictional', 'frank@example.com', '1 Secret Lane', '4111111111111111']) assert.ok(!strings.includes(v), `'${v}' leaked`);
        assert.ok((span.attributes['grpcaudit.masked.count'] as number) >= 4);
        const refs = span.attributes['grpcaudit.subject_refs'] as string[] | undefined;
        assert.ok(Array.isArray(refs) && refs.length >= 1, 'a subject ref for the subject_id field');
        assert.ok(!refs!.includes('cust-77'), 'pseudonymous, not the raw id');
        const payload = JSON.parse(String(span.events[0].attributes?.['grpcaudit.payload']));
        assert.equal(payload.customer.addresses[0].city, 'Paris', 'unannotated, harmless fields are kept');
      }
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });

  it('a masker that throws: calls are unaffected, failures counted and logged once per method without values', async () => {
    const tracing = createTestTracing();
    const logs: Array<{ message: string; fields?: Record<string, string | number> }> = [];
    const throwing: Masker = {
      policyVersion: 'throwing-1',
      compileField: () => () => {
        throw new Error('mask failed for value-secret');
      },
      maskText: () => {
        throw new Error('maskText failed for value-secret');
      },
      maskUntyped: () => {
        throw new Error('maskUntyped failed');
      },
    };
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, masker: throwing, logger: { warn: (message, fields) => logs.push({ message, fields }) } });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    const bare = await startKitchenSinkServer();
    const bareClient = createKitchenSinkClient(bare.address);
    try {
      const request = { requestId: 'value-secret', note: 'value-secret', customer: { fullName: 'value-secret' } };
      for (let i = 0; i < 3; i++) {
        const [a, b] = await Promise.all([unary(client, 'Echo', request), unary(bareClient, 'Echo', request)]);
        assert.deepEqual(a, b, 'same outcome as without recording');
      }
      const errorMd = new grpc.Metadata();
      errorMd.set('x-test-behavior', 'error');
      const [e1, e2] = await Promise.all([unary(client, 'Echo', request, errorMd), unary(bareClient, 'Echo', request, errorMd)]);
      assert.equal(e1.error?.code, e2.error?.code);
      assert.equal(e1.error?.details, e2.error?.details);
      const chat = await bidi(client, 'Chat', [{ index: 1, text: 'value-secret' }]);
      assert.deepEqual(chat.messages, [{ index: 1, text: 're: value-secret' }]);
      await tracing.waitForSpans(10);
      assert.ok(audit.stats.recordingErrors > 0, 'failures are counted');
      const methods = logs.map((l) => l.fields?.method);
      assert.equal(new Set(methods).size, methods.length, 'at most one log line per method');
      assert.ok(methods.includes(METHODS.echo));
      for (const l of logs) assert.ok(!JSON.stringify(l).includes('value-secret'), 'logs carry no values');
      for (const span of tracing.spans()) {
        assert.ok(!spanStrings(span).join('\n').includes('value-secret'), 'nothing unmasked is emitted when the masker fails');
        assert.equal(typeof span.attributes['rpc.grpc.status_code'], 'number', 'the status code survives a masking failure');
        assert.equal(span.attributes['grpcaudit.recording.error'], true, 'the record says it is incomplete');
      }
      assert.ok(tracing.spans().some((s) => s.attributes['rpc.grpc.status_code'] === grpc.status.INVALID_ARGUMENT));
    } finally {
      client.close();
      bareClient.close();
      await server.close();
      await bare.close();
      await tracing.shutdown();
    }
  });

  it('a tracer that throws: calls are unaffected and the failure is counted', async () => {
    const broken: TracerProvider = {
      getTracer: () =>
        ({
          startSpan: () => {
            throw new Error('tracer down');
          },
        }) as unknown as Tracer,
    };
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: broken, logger: { warn: () => undefined } });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const out = await unary(client, 'Echo', { requestId: 'ok', note: 'n' });
      assert.equal(out.value.message, 'echo: n');
      const chat = await bidi(client, 'Chat', [{ index: 1, text: 'a' }]);
      assert.equal(chat.messages.length, 1);
      assert.ok(audit.stats.recordingErrors >= 4, `client and server failures counted (${audit.stats.recordingErrors})`);
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('capture: metadata values the masker leaves alone are not masked again', () => {
  it('caches only unchanged, uncounted values, one per key', () => {
    const seen: string[] = [];
    const masker: Masker = {
      policyVersion: 't',
      compileField: () => undefined,
      maskText: (v, scope) => {
        seen.push(v);
        if (v.includes('@')) {
          scope.count++;
          return '[email]';
        }
        return v;
      },
      maskUntyped: (v) => v,
    };
    const cache = new Map<string, string>();
    const allow = new Set(['user-agent', 'x-contact']);
    const run = (ua: string, contact: string) => {
      const md = new grpc.Metadata();
      md.set('user-agent', ua);
      md.set('x-contact', contact);
      const attrs: Attributes = {};
      const scope = { count: 0 };
      recordMetadata(attrs, 'request', md, allow, masker, scope, cache);
      return { attrs, scope };
    };
    const a = run('agent/1', 'a@example.com');
    const b = run('agent/1', 'a@example.com');
    const c = run('agent/2', 'a@example.com');
    assert.deepEqual(seen, ['agent/1', 'a@example.com', 'a@example.com', 'agent/2', 'a@example.com']);
    for (const r of [a, b, c]) {
      assert.equal(r.attrs['grpcaudit.metadata.request.x-contact'], '[email]');
      assert.equal(r.scope.count, 1, 'the masked value is counted every time');
    }
    assert.equal(b.attrs['grpcaudit.metadata.request.user-agent'], 'agent/1');
    assert.equal(cache.size, 1);
  });
});
