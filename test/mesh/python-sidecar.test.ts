import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { AuditRecord } from '../../collector/store/record';
import { parseSidecarConfig, type SidecarConfigInput } from '../../mesh/sidecar-config';
import { startSidecar, type SidecarHandle } from '../../mesh/sidecar';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from '../collector/support/collector-fixture';
import { compileKitchenSink } from './support/descriptor-set';
import { runPythonClient, startPythonServer, type PythonServer } from './support/python-app';
import { until } from './support/sidecar-fixture';

const SIDECAR_ID = 'spiffe://example.org/ns/mesh/py-kitchen-sink-sidecar';
const APP_ID = 'spiffe://example.org/ns/mesh/py-kitchen-sink';
const CLIENT_ID = 'spiffe://example.org/ns/shop/checkout';
const POLICY = `
rules:
  - identity: ${SIDECAR_ID}
    services: [py-kitchen-sink]
`;
const SECRETS = ['bob@example.com', 'carol@example.com', 'alice@example.com', 'Bob Example', '4111111111111111', '4111 1111 1111 1111', '1 Secret Lane'];

interface Attr {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface Body {
  attributes: Record<string, Attr>;
  events: Array<{ name: string; attributes: Record<string, Attr> }>;
}
const body = (r: AuditRecord): Body => JSON.parse(r.body) as Body;
const str = (b: Body, key: string): string | undefined => b.attributes[key]?.stringValue;

describe('mesh: Python gRPC client and server through the sidecar, records to the collector over mTLS', function () {
  this.timeout(90_000);
  let stubs: { dir: string; descriptorSet: string };
  let pki: TestPki;
  let collector: RunningCollector;
  let app: PythonServer;
  let sidecarCert: CertFiles;
  let clientCert: CertFiles;
  const open: SidecarHandle[] = [];

  async function sidecar(upstream: string, extra: Partial<SidecarConfigInput> = {}): Promise<SidecarHandle> {
    const spoolDir = fs.mkdtempSync(path.join(pki.dir, 'spool-'));
    const config = parseSidecarConfig({
      listen: '127.0.0.1:0',
      upstream,
      direction: 'inbound',
      schemas: { descriptors: stubs.descriptorSet },
      listenerTls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.caFile, requireClientCert: true },
      application: { serviceName: 'py-kitchen-sink', identity: APP_ID },
      collector: { address: collector.handle.address, caFile: pki.caFile, certFile: sidecarCert.certFile, keyFile: sidecarCert.keyFile, spoolDir },
      audit: { metadataAllowlist: ['x-tenant', 'x-trailer-note', 'x-response-id'] },
      ...extra,
    });
    const handle = await startSidecar(config, { logger: { warn: () => undefined } });
    open.push(handle);
    return handle;
  }
  const tls = (): { ca: string; key: string; cert: string } => ({ ca: pki.caFile, key: clientCert.keyFile, cert: clientCert.certFile });

  async function recordsArriving(handle: SidecarHandle, n: number): Promise<AuditRecord[]> {
    await handle.delivery!.forceFlush();
    await until(() => collector.memory!.records.filter((r) => r.recordType === 'span').length >= n, `${n} records in the collector`, 20_000);
    return collector.memory!.records.filter((r) => r.recordType === 'span').sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
  }

  before(async () => {
    stubs = compileKitchenSink(true);
    pki = await makeTestPki();
    sidecarCert = await pki.workload('sidecar', SIDECAR_ID);
    clientCert = await pki.workload('py-client', CLIENT_ID);
    collector = await runCollector(pki, { policy: POLICY });
    app = await startPythonServer(stubs.dir);
  });
  after(async () => {
    for (const h of open.splice(0)) await h.shutdown();
    await app?.stop();
    await collector?.handle.shutdown();
    pki?.cleanup();
    if (stubs) fs.rmSync(stubs.dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    collector.memory!.records.length = 0;
  });

  it('the Python client sees identical responses, statuses, trailers and error details; all four kinds are recorded, decoded and masked in the collector', async () => {
    const s = await sidecar(app.address);
    const direct = await runPythonClient(stubs.dir, app.address, 'calls');
    const proxied = await runPythonClient(stubs.dir, s.address, 'calls', tls());
    assert.deepEqual(proxied, direct);
    assert.equal(direct.length, 7);
    assert.deepEqual(direct.map((r) => r.code), [0, 0, 0, 0, 3, 9, 3]);
    assert.ok(JSON.stringify(direct[5]).includes('grpc-status-details-bin'), 'the details trailer was part of the comparison');

    const records = await recordsArriving(s, 7);
    assert.equal(records.length, 7);
    assert.deepEqual(
      records.map((r) => [r.method, r.kind, r.grpcStatusCode]),
      [
        ['/demo.v1.KitchenSinkService/Echo', 'server', 0],
        ['/demo.v1.KitchenSinkService/Upload', 'server', 0],
        ['/demo.v1.KitchenSinkService/Download', 'server', 0],
        ['/demo.v1.KitchenSinkService/Chat', 'server', 0],
        ['/demo.v1.KitchenSinkService/Echo', 'server', 3],
        ['/demo.v1.KitchenSinkService/Echo', 'server', 9],
        ['/demo.v1.KitchenSinkService/Chat', 'server', 3],
      ],
    );
    for (const r of records) {
      assert.equal(r.identity, SIDECAR_ID, 'delivered under the sidecar’s own identity');
      assert.equal(r.service, 'py-kitchen-sink');
      const b = body(r);
      assert.equal(str(b, 'grpcaudit.peer.identity'), APP_ID);
      assert.equal(str(b, 'grpcaudit.remote.identity'), CLIENT_ID);
      assert.equal(str(b, 'grpcaudit.schema'), 'registry');
      for (const secret of SECRETS) assert.ok(!r.body.includes(secret), `${r.method} record leaks ${secret}`);
    }
    const echo = body(records[0]);
    assert.deepEqual(echo.events.map((e) => e.attributes['message.type'].stringValue), ['RECEIVED', 'SENT']);
    const req = JSON.parse(echo.events[0].attributes['grpcaudit.payload'].stringValue!);
    assert.equal(req.note, 'call me at [REDACTED:email]');
    assert.match(req.customer.fullName, /^hmac:/);
    assert.deepEqual(req.customer.labels, { team: 'blue' });
    assert.equal(str(echo, 'grpcaudit.metadata.request.x-tenant'), 'acme');
    assert.equal(str(echo, 'grpcaudit.metadata.response.x-response-id'), 'resp-1');
    assert.equal(body(records[2]).events.length, 4, 'server stream: one request, three responses');
    const details = JSON.parse(str(body(records[5]), 'grpcaudit.status.details')!);
    assert.equal(details.details[0].value.city, 'Paris');
    assert.equal(str(body(records[4]), 'grpcaudit.status.message'), 'customer [REDACTED:email] is not allowed');
    assert.equal(str(body(records[4]), 'grpcaudit.metadata.trailer.x-trailer-note'), 'checked');
  });

  it('faults: deadline, client cancel mid-stream, oversized message → the right statuses, records marked, the sidecar keeps serving', async () => {
    const s = await sidecar(app.address, { maxMessageBytes: 1024 * 1024 });
    const results = await runPythonClient(stubs.dir, s.address, 'faults', tls());
    const code = (call: string): unknown => results.find((r) => r.call === call)?.code;
    assert.equal(code('deadline'), GrpcStatus.DEADLINE_EXCEEDED);
    assert.equal(code('cancel'), GrpcStatus.CANCELLED);
    assert.equal(code('oversized'), GrpcStatus.RESOURCE_EXHAUSTED);
    assert.equal(code('after'), GrpcStatus.OK);
    const records = await recordsArriving(s, 4);
    const statuses = records.map((r) => [r.method.split('/').pop(), r.grpcStatusCode]);
    assert.deepEqual(statuses, [
      ['Echo', GrpcStatus.DEADLINE_EXCEEDED],
      ['Chat', GrpcStatus.CANCELLED],
      ['Upload', GrpcStatus.RESOURCE_EXHAUSTED],
      ['Echo', GrpcStatus.OK],
    ]);
    assert.equal(body(records[1]).attributes['grpcaudit.cancelled']?.boolValue, true);
    assert.equal(str(body(records[2]), 'grpcaudit.proxy.fault'), 'message-too-large');
    assert.ok(s.stats().faults['message-too-large'] >= 1);
  });

  it('upstream down: UNAVAILABLE to the Python client, records marked upstream-unavailable', async () => {
    const gone = await startPythonServer(stubs.dir);
    const addr = gone.address;
    await gone.stop();
    const s = await sidecar(addr);
    const results = await runPythonClient(stubs.dir, s.address, 'calls', tls());
    assert.ok(results.every((r) => r.code === GrpcStatus.UNAVAILABLE), JSON.stringify(results.map((r) => r.code)));
    const records = await recordsArriving(s, 7);
    assert.ok(records.every((r) => r.grpcStatusCode === GrpcStatus.UNAVAILABLE && str(body(r), 'grpcaudit.proxy.fault') === 'upstream-unavailable'));
  });
});
