import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { issueCertificate } from '../../collector/authz/dev-ca';
import { makeTestPki, type CertFiles, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from './support/collector-fixture';
import { RawOtlpClient, request, span } from './support/otlp';

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fingerprint of the certificate the collector serves on a fresh TLS connection. */
function servedFingerprint(port: number, files: CertFiles, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host: '127.0.0.1', port, ca: caPem, cert: files.certPem, key: files.keyPem, ALPNProtocols: ['h2'], rejectUnauthorized: false }, () => {
      const fp = sock.getPeerCertificate().fingerprint256;
      sock.destroy();
      resolve(fp);
    });
    sock.on('error', reject);
  });
}

async function exportAs(c: RunningCollector, files: CertFiles, service: string, caFile?: string): Promise<grpc.ServiceError | undefined> {
  const client = new RawOtlpClient(c.handle.address, c.clientCreds(files, caFile));
  try {
    return (await client.export(request([{ service, spans: [span()] }]))).err;
  } finally {
    client.close();
  }
}

describe('collector: hot reload of certificates, CA bundle and identity policy', function () {
  let pki: TestPki;
  let c: RunningCollector;
  let checkout: CertFiles;

  before(async () => {
    pki = await makeTestPki();
    checkout = await pki.workload('checkout', 'spiffe://example.org/ns/shop/checkout');
    c = await runCollector(pki, { policy: 'rules:\n  - identity: spiffe://example.org/ns/shop/checkout\n    services: [checkout]\n' });
  });
  after(async () => {
    await c?.handle.shutdown();
    pki?.cleanup();
  });

  it('picks up a changed policy file while running, and keeps the old one when the new one is invalid', async () => {
    assert.equal((await exportAs(c, checkout, 'orders'))?.code, grpc.status.PERMISSION_DENIED);
    pki.replaceFile(c.policyFile, 'rules:\n  - identity: spiffe://example.org/ns/shop/checkout\n    services: [checkout, orders]\n');
    await waitFor('policy reload', () => c.logs.some((l) => l.event === 'reload' && l.what === 'identity-policy'));
    assert.equal(await exportAs(c, checkout, 'orders'), undefined);

    pki.replaceFile(c.policyFile, 'rules:\n  - identity: spiffe://example.org/ns/shop/checkout\n    services: []\n');
    await waitFor('policy reload failure', () => c.logs.some((l) => l.event === 'reload_failed' && l.what === 'identity-policy'));
    const failure = c.logs.find((l) => l.event === 'reload_failed')!;
    assert.match(String(failure.message), /rules\.0\.services: must list at least one service/);
    assert.equal(await exportAs(c, checkout, 'orders'), undefined, 'previous policy still in force');
  });

  it('serves a rotated server certificate without restart', async () => {
    const before = await servedFingerprint(c.handle.port, checkout, pki.ca.certPem);
    assert.equal(before, new (await import('node:crypto')).X509Certificate(pki.server.certPem).fingerprint256);
    const next = await issueCertificate(pki.ca, { commonName: 'localhost', dns: ['localhost'], ips: ['127.0.0.1'] });
    // Key first, then certificate: between the two writes grpc-js may see a mismatched pair, fail
    // to build the context and refuse connections until the next refresh — exactly what rotation
    // tools with atomic renames produce too.
    pki.replaceFile(pki.server.keyFile, next.keyPem);
    pki.replaceFile(pki.server.certFile, next.certPem);
    const expected = new (await import('node:crypto')).X509Certificate(next.certPem).fingerprint256;
    await waitFor('new certificate served', async () => (await servedFingerprint(c.handle.port, checkout, pki.ca.certPem).catch(() => '')) === expected);
    await waitFor('reload logged', () => c.logs.some((l) => l.event === 'reload' && l.what === 'server-certificate'));
    assert.equal(await exportAs(c, checkout, 'checkout'), undefined);
  });

  it('trusts a rotated CA bundle without restart', async () => {
    const newCaWorkload = await pki.foreign('checkout-new-ca', 'spiffe://example.org/ns/shop/checkout');
    assert.equal((await exportAs(c, newCaWorkload, 'checkout'))?.code, grpc.status.UNAUTHENTICATED);
    fs.writeFileSync(`${pki.dir}/bundle.tmp`, pki.otherCa.certPem);
    fs.renameSync(`${pki.dir}/bundle.tmp`, pki.caFile);
    await waitFor('CA reload logged', () => c.logs.some((l) => l.event === 'reload' && l.what === 'ca-bundle'));
    // The collector's own server certificate is still from the first CA, which clients trust.
    const clientCa = `${pki.dir}/client-trust.crt`;
    fs.writeFileSync(clientCa, pki.ca.certPem);
    await waitFor('new CA trusted', async () => (await exportAs(c, newCaWorkload, 'checkout', clientCa)) === undefined);
    assert.equal((await exportAs(c, checkout, 'checkout', clientCa))?.code, grpc.status.UNAUTHENTICATED, 'old CA no longer trusted');
    assert.ok(c.memory!.records.some((r) => r.identity === 'spiffe://example.org/ns/shop/checkout'));
  });
});
