import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { createGrpcAudit } from '../../interceptors';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { bidi, createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary } from '../helpers/kitchen-sink';
import { createTestTracing } from '../helpers/tracing';

describe('capture: over mutual TLS (certificates made for this run)', () => {
  let pki: TestPki;
  before(async () => {
    pki = await makeTestPki();
  });
  after(() => pki.cleanup());

  it('records both sides of unary and bidi calls; target and peer as usual', async () => {
    const tracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider });
    const ca = Buffer.from(pki.ca.certPem);
    const serverCreds = grpc.ServerCredentials.createSsl(ca, [{ private_key: Buffer.from(pki.server.keyPem), cert_chain: Buffer.from(pki.server.certPem) }], true);
    const clientCert = await pki.workload('orders', 'spiffe://test.local/orders');
    const clientCreds = grpc.credentials.createSsl(ca, Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem));
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor], credentials: serverCreds });
    const client = createKitchenSinkClient(`localhost:${server.port}`, audit.clientOptions(), clientCreds);
    try {
      const out = await unary(client, 'Echo', { requestId: 'tls', note: 'over TLS' });
      assert.equal(out.value.message, 'echo: over TLS');
      const chat = await bidi(client, 'Chat', [{ index: 1, text: 'x' }]);
      assert.equal(chat.messages.length, 1);
      const spans = await tracing.waitForSpans(4);
      const c = spans.filter((s) => s.kind === SpanKind.CLIENT);
      const s = spans.filter((x) => x.kind === SpanKind.SERVER);
      assert.equal(c.length, 2);
      assert.equal(s.length, 2);
      for (const span of c) {
        assert.equal(span.attributes['server.address'], 'localhost');
        assert.equal(span.attributes['server.port'], server.port);
        assert.equal(span.attributes['rpc.grpc.status_code'], 0);
      }
      for (const span of s) {
        assert.equal(span.attributes['network.peer.address'], '127.0.0.1');
        assert.ok(c.some((x) => x.spanContext().spanId === span.parentSpanContext?.spanId));
      }
      const echo = c.find((x) => x.name.endsWith('/Echo'))!;
      assert.deepEqual(JSON.parse(String(echo.events[0].attributes?.['grpcaudit.payload'])), { requestId: 'tls', note: 'over TLS' });
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });
});
