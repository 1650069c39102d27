import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { createGrpcAudit } from '../../interceptors/capture/grpc-audit';
import { ATTR_CALLER_IDENTITY, ATTR_PURPOSE_UNREGISTERED } from '../../interceptors/consent/purpose-registry';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary, METHODS, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';

const REGISTERED = 'spiffe://example.org/ns/shop/checkout';
const STRANGER = 'spiffe://example.org/ns/ads/tracker';

describe('purpose limitation: a caller not registered for the method’s purpose is flagged, or refused in enforce mode (mTLS)', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let registered: CertFiles;
  let stranger: CertFiles;
  let tracing: TestTracing;

  before(async () => {
    pki = await makeTestPki();
    registered = await pki.workload('registered', REGISTERED);
    stranger = await pki.workload('stranger', STRANGER);
    tracing = createTestTracing();
  });
  after(async () => {
    await tracing.shutdown();
    pki.cleanup();
  });

  async function serve(mode: 'flag' | 'enforce'): Promise<{ server: RunningServer; handled: () => number }> {
    let handled = 0;
    const audit = createGrpcAudit({
      registry: kitchenSinkRegistry(),
      tracerProvider: tracing.provider,
      methods: { [METHODS.echo]: { purpose: 'marketing' } },
      purposes: { identities: { 'spiffe://example.org/ns/shop/*': ['marketing', 'billing'] }, mode },
    });
    const ca = fs.readFileSync(pki.caFile);
    const server = await startKitchenSinkServer({
      interceptors: [audit.serverInterceptor],
      credentials: grpc.ServerCredentials.createSsl(ca, [{ private_key: Buffer.from(pki.server.keyPem), cert_chain: Buffer.from(pki.server.certPem) }], true),
      handlers: { Echo: ((_c: unknown, cb: grpc.sendUnaryData<any>) => { handled++; cb(null, { message: 'ok' }); }) as grpc.UntypedHandleCall },
    });
    return { server, handled: () => handled };
  }
  const call = async (server: RunningServer, who: CertFiles) => {
    const creds = grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(who.keyPem), Buffer.from(who.certPem));
    const c = createKitchenSinkClient(`localhost:${server.port}`, {}, creds);
    try {
      return await unary(c, 'Echo', { requestId: 'r', customer: { customerId: 'c1' } });
    } finally {
      c.close();
    }
  };

  it('flag mode: the call goes on, its record carries the flag and the caller identity', async () => {
    const { server, handled } = await serve('flag');
    try {
      tracing.reset();
      assert.equal((await call(server, registered)).error, undefined);
      let [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes[ATTR_PURPOSE_UNREGISTERED], undefined);
      tracing.reset();
      assert.equal((await call(server, stranger)).error, undefined);
      assert.equal(handled(), 2);
      [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes[ATTR_PURPOSE_UNREGISTERED], true);
      assert.equal(span.attributes[ATTR_CALLER_IDENTITY], STRANGER);
      assert.equal(span.attributes['grpcaudit.purpose'], 'marketing');
    } finally {
      await server.close();
    }
  });

  it('enforce mode: PERMISSION_DENIED before the handler runs; the refusal is recorded with the flag', async () => {
    const { server, handled } = await serve('enforce');
    try {
      tracing.reset();
      const r = await call(server, stranger);
      assert.equal(r.error?.code, grpc.status.PERMISSION_DENIED);
      assert.match(r.error!.details, /not registered for the purpose/);
      assert.equal(handled(), 0);
      const [span] = await tracing.waitForSpans(1);
      assert.equal(span.attributes[ATTR_PURPOSE_UNREGISTERED], true);
      assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.PERMISSION_DENIED);
      assert.equal((await call(server, registered)).error, undefined);
      assert.equal(handled(), 1);
    } finally {
      await server.close();
    }
  });

  it('rejects a bad purposes option at set-up, naming the key', () => {
    assert.throws(() => createGrpcAudit({ purposes: { identities: {}, mode: 'strict' as never } }), /invalid grpc-audit option 'purposes': mode must be/);
  });
});
