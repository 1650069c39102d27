import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import { RECEIVE_WINDOW_BYTES } from '../../collector/ingest/receive-window';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { RawOtlpClient, request, span } from './support/otlp';

/**
 * The collector offers each Export stream a 4 MiB HTTP/2 window (receive-window.ts reaches into
 * grpc-js's server options): read from the SETTINGS frame a real mTLS client receives, so a
 * grpc-js upgrade that ignores the setting fails here.
 */
describe('collector: HTTP/2 receive window', function () {
  let pki: TestPki;
  let c: RunningCollector;
  let checkout: CertFiles;

  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    c = await runCollector(pki);
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('advertises a 4 MiB initial window to an mTLS client, and a 3 MiB request is stored', async () => {
    const session = http2.connect(`https://${c.handle.address}`, {
      ca: fs.readFileSync(pki.caFile),
      cert: checkout.certPem,
      key: checkout.keyPem,
      servername: 'localhost',
    });
    try {
      const settings = await new Promise<http2.Settings>((resolve, reject) => {
        session.once('remoteSettings', resolve);
        session.once('error', reject);
      });
      assert.equal(settings.initialWindowSize, RECEIVE_WINDOW_BYTES);
    } finally {
      session.close();
    }
    const client = new RawOtlpClient(c.handle.address, c.clientCreds(checkout));
    try {
      const spans = Array.from({ length: 30 }, () => span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [{ key: 'grpcaudit.payload', value: { stringValue: 'x'.repeat(100_000) } }] }));
      const out = await client.export(request([{ service: 'checkout', spans }]));
      assert.equal(out.err, undefined, String(out.err));
      assert.equal(c.memory!.records.length, 30);
    } finally {
      client.close();
    }
  });
});
