import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { createTestTracing, type TestTracing } from '../helpers/tracing';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { createKitchenSinkClient, defaultHandlers, kitchenSinkDefinition, SERVICE_NAME, unary } from '../helpers/kitchen-sink';
import { compileKitchenSink } from './support/descriptor-set';
import { addReflection } from './support/reflection-server';
import { events, runSidecar } from './support/sidecar-fixture';
import { fetchReflectedSchemas, ReflectionError } from '../../mesh/reflection-client';
import { parseSidecarConfig, loadSidecarConfig } from '../../mesh/sidecar-config';
import { ConfigError } from '../../interceptors/config/config-error';

const ECHO = { requestId: 'r-1', note: 'mail eve@example.com', customer: { fullName: 'Eve Example', labels: { k: 'v' } } };

async function serve(server: grpc.Server, creds = grpc.ServerCredentials.createInsecure()): Promise<{ address: string; close(): void }> {
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

function kitchenSinkServer(): grpc.Server {
  const server = new grpc.Server();
  server.addService(kitchenSinkDefinition()[SERVICE_NAME] as unknown as grpc.ServiceDefinition, defaultHandlers);
  return server;
}

describe('mesh: sidecar schemas (server reflection) and TLS on both legs', function () {
  this.timeout(30_000);
  let pbBytes: Buffer;
  let tracing: TestTracing;
  let pki: TestPki;
  before(async () => {
    pbBytes = fs.readFileSync(compileKitchenSink().descriptorSet);
    tracing = createTestTracing();
    pki = await makeTestPki();
  });
  after(() => pki?.cleanup());
  beforeEach(() => tracing.reset());

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`fetches the upstream's schemas by server reflection ${version} (dependencies asked by file name) and decodes with them`, async () => {
      const server = kitchenSinkServer();
      const asked: string[] = [];
      addReflection(server, version, pbBytes, asked);
      const app = await serve(server);
      const fetched = await fetchReflectedSchemas(app.address, grpc.credentials.createInsecure());
      assert.equal(fetched.version, version);
      assert.deepEqual(fetched.services, [SERVICE_NAME]);
      assert.ok(asked.includes('file:grpcaudit/v1/annotations.proto'), `dependencies asked by name: ${asked.join(', ')}`);
      const sidecar = await runSidecar(app.address, tracing.provider, { schemas: { reflection: true } });
      const client = createKitchenSinkClient(sidecar.address);
      try {
        assert.equal((await unary(client, 'echo', ECHO)).error, undefined);
        const [span] = await tracing.waitForSpans(1);
        assert.equal(span.attributes['grpcaudit.schema'], 'registry');
        assert.equal(span.attributes['grpcaudit.purpose'], 'customer-support');
        const req = JSON.parse(String(events(span)[0]['grpcaudit.payload']));
        assert.equal(req.note, 'mail [REDACTED:email]');
        assert.match(req.customer.fullName, /^hmac:/);
        assert.deepEqual(req.customer.labels, { k: 'v' });
      } finally {
        client.close();
        await sidecar.shutdown();
        app.close();
      }
    });
  }

  it('reflection unavailable on the upstream: a ReflectionError saying so, before the sidecar listens', async () => {
    const app = await serve(kitchenSinkServer());
    try {
      await assert.rejects(fetchReflectedSchemas(app.address, grpc.credentials.createInsecure(), 2000), (err: Error) => err instanceof ReflectionError && /UNIMPLEMENTED/.test(err.message));
      await assert.rejects(runSidecar(app.address, tracing.provider, { schemas: { reflection: true, reflectionTimeoutMs: 2000 } }), ReflectionError);
    } finally {
      app.close();
    }
  });

  it('outbound over mTLS to a TLS upstream: CLIENT records with the upstream’s SPIFFE ID as the remote and the application as the peer', async () => {
    const appCert = await pki.issue('app', { uris: ['spiffe://example.org/ns/shop/kitchen-sink'], dns: ['localhost'], ips: ['127.0.0.1'] });
    const sidecarCert = await pki.workload('out-sidecar', 'spiffe://example.org/ns/shop/caller-sidecar');
    const ca = fs.readFileSync(pki.caFile);
    const app = await serve(kitchenSinkServer(), grpc.ServerCredentials.createSsl(ca, [{ private_key: Buffer.from(appCert.keyPem), cert_chain: Buffer.from(appCert.certPem) }], true));
    const sidecar = await runSidecar(app.address, tracing.provider, {
      direction: 'outbound',
      schemas: { descriptors: undefined },
      upstreamTls: { caFile: pki.caFile, certFile: sidecarCert.certFile, keyFile: sidecarCert.keyFile, servername: 'localhost' },
      application: { serviceName: 'caller', identity: 'spiffe://example.org/ns/shop/caller' },
    });
    const client = createKitchenSinkClient(sidecar.address);
    try {
      const out = await unary(client, 'echo', ECHO);
      assert.equal(out.error, undefined, String(out.error));
      assert.equal(out.value.message, 'echo: mail eve@example.com');
      const [span] = await tracing.waitForSpans(1);
      assert.equal(span.kind, 2 /* CLIENT */);
      assert.equal(span.attributes['grpcaudit.mesh.direction'], 'outbound');
      assert.equal(span.attributes['grpcaudit.remote.identity'], 'spiffe://example.org/ns/shop/kitchen-sink');
      assert.equal(span.attributes['grpcaudit.peer.identity'], 'spiffe://example.org/ns/shop/caller');
      assert.equal(span.attributes['server.address'], '127.0.0.1');
      assert.deepEqual(events(span).map((e) => e['message.type']), ['SENT', 'RECEIVED']);
    } finally {
      client.close();
      await sidecar.shutdown();
      app.close();
    }
  });

  it('inbound with mTLS at the listener: a caller without a trusted certificate never reaches the upstream', async () => {
    const app = await serve(kitchenSinkServer());
    const sidecar = await runSidecar(app.address, tracing.provider, {
      listenerTls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.caFile, requireClientCert: true },
    });
    const ca = fs.readFileSync(pki.caFile);
    const caller = await pki.workload('caller', 'spiffe://example.org/ns/shop/caller');
    const foreign = await pki.foreign('intruder', 'spiffe://example.org/ns/shop/caller');
    const trusted = createKitchenSinkClient(sidecar.address, {}, grpc.credentials.createSsl(ca, Buffer.from(caller.keyPem), Buffer.from(caller.certPem)));
    const untrusted = createKitchenSinkClient(sidecar.address, {}, grpc.credentials.createSsl(ca, Buffer.from(foreign.keyPem), Buffer.from(foreign.certPem)));
    try {
      assert.equal((await unary(trusted, 'echo', ECHO)).error, undefined);
      assert.equal((await unary(untrusted, 'echo', ECHO)).error?.code, grpc.status.UNAVAILABLE);
      const spans = await tracing.waitForSpans(1);
      assert.equal(spans.length, 1);
      assert.equal(spans[0].attributes['grpcaudit.remote.identity'], 'spiffe://example.org/ns/shop/caller');
    } finally {
      trusted.close();
      untrusted.close();
      await sidecar.shutdown();
      app.close();
    }
  });

  it('configuration errors name the key', () => {
    const base = { upstream: '127.0.0.1:1', application: { serviceName: 'x' } };
    const key = (input: unknown): string => {
      try {
        parseSidecarConfig(input);
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.key;
      }
      return 'no error';
    };
    assert.equal(key({ application: { serviceName: 'x' } }), 'upstream');
    assert.equal(key({ ...base, listen: 'nope' }), 'listen');
    assert.equal(key({ ...base, direction: 'sideways' }), 'direction');
    assert.equal(key({ ...base, upstream: '10.0.0.5:80' }), 'upstreamTls');
    assert.equal(key({ ...base, schemas: { descriptors: 'a.pb', reflection: true } }), 'schemas');
    assert.equal(key({ ...base, application: { serviceName: 'x', identity: 'https://nope' } }), 'application.identity');
    assert.equal(key({ ...base, collector: { address: 'c:1', caFile: 'a', certFile: 'b', keyFile: 'c' } }), 'collector.spoolDir');
    assert.equal(key({ ...base, typo: 1 }), 'config');
    assert.throws(() => loadSidecarConfig('/nonexistent/sidecar.yaml', {}), /cannot read/);
    const file = `${pki.dir}/sidecar.yaml`;
    fs.writeFileSync(file, 'upstream: 127.0.0.1:8080\nschemas:\n  descriptors: /etc/app.pb\napplication:\n  serviceName: shop\n');
    const merged = loadSidecarConfig(file, { upstream: '127.0.0.1:9', reflection: true, direction: 'outbound' });
    assert.equal(merged.upstream, '127.0.0.1:9');
    assert.equal(merged.direction, 'outbound');
    assert.deepEqual(merged.schemas.descriptors, [], '--reflection replaces the file’s descriptors');
    assert.equal(merged.schemas.reflection, true);
    assert.equal(merged.application.serviceName, 'shop');
    fs.writeFileSync(file, 'upstream: [unclosed\n');
    assert.throws(() => loadSidecarConfig(file, {}), (err: Error) => err instanceof ConfigError && /not valid YAML/.test(err.message));
  });
});
