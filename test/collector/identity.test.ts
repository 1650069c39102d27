import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, issueCertificate, type CertificateAuthority } from '../../collector/authz/dev-ca';
import { globToRegExp, parseIdentityPolicy } from '../../collector/authz/identity-policy';
import { identityFromAuthContext, uriSans, type AuthContext } from '../../collector/authz/peer-identity';
import { parseSpiffeId } from '../../collector/authz/spiffe-id';
import { ConfigError } from '../../collector/config/config-error';

/** The auth context grpc-js builds for an authorised TLS peer, from a real certificate. */
function ctxFor(pem: string): AuthContext {
  const raw = new X509Certificate(pem).raw;
  return { transportSecurityType: 'ssl', sslPeerCertificate: { raw } as never };
}

describe('identity: SPIFFE IDs, peer certificates and the identity policy', function () {
  let ca: CertificateAuthority;
  before(async () => (ca = await createCertificateAuthority()));

  it('parses valid SPIFFE IDs and refuses invalid ones with a reason', () => {
    assert.deepEqual(parseSpiffeId('spiffe://example.org/ns/a'), { trustDomain: 'example.org', path: '/ns/a', id: 'spiffe://example.org/ns/a' });
    assert.deepEqual(parseSpiffeId('spiffe://td'), { trustDomain: 'td', path: '', id: 'spiffe://td' });
    for (const bad of ['https://x/y', 'spiffe://', 'spiffe://Example.org/a', 'spiffe://td/a/', 'spiffe://td//a', 'spiffe://td/../a', 'spiffe://td/a?b', 'spiffe://td:443/a', 'spiffe://u@td/a', 'spiffe://td/a#f']) {
      assert.ok('error' in parseSpiffeId(bad), bad);
    }
  });

  it('reads exactly one URI SAN from a real certificate', async () => {
    const one = await issueCertificate(ca, { uris: ['spiffe://example.org/a'], dns: ['a.local'] });
    assert.deepEqual(identityFromAuthContext(ctxFor(one.certPem), false), {
      ok: true,
      identity: 'spiffe://example.org/a',
      fingerprint: new X509Certificate(one.certPem).fingerprint256,
    });
    const two = await issueCertificate(ca, { uris: ['spiffe://example.org/a', 'spiffe://example.org/b'] });
    assert.deepEqual(pick(identityFromAuthContext(ctxFor(two.certPem), false)), 'multiple_uri_sans');
    const https = await issueCertificate(ca, { uris: ['https://example.org/a'] });
    assert.deepEqual(pick(identityFromAuthContext(ctxFor(https.certPem), false)), 'invalid_spiffe_id');
    const none = await issueCertificate(ca, { commonName: 'legacy-app' });
    assert.deepEqual(pick(identityFromAuthContext(ctxFor(none.certPem), false)), 'no_uri_san');
    assert.deepEqual(pick(identityFromAuthContext({}, false)), 'no_trusted_certificate');
  });

  it('falls back to the subject CN only when configured and only without URI SAN', async () => {
    const none = await issueCertificate(ca, { commonName: 'legacy-app' });
    const r = identityFromAuthContext(ctxFor(none.certPem), true);
    assert.ok(r.ok && r.identity === 'legacy-app');
    const withUri = await issueCertificate(ca, { commonName: 'legacy-app', uris: ['spiffe://example.org/real'] });
    const r2 = identityFromAuthContext(ctxFor(withUri.certPem), true);
    assert.ok(r2.ok && r2.identity === 'spiffe://example.org/real');
  });

  it('splits Node subjectAltName strings, keeping quoted entries intact', () => {
    assert.deepEqual(uriSans('URI:spiffe://td/a, DNS:x'), ['spiffe://td/a']);
    assert.deepEqual(uriSans('DNS:x, URI:"spiffe://td/a, b"'), ['"spiffe://td/a, b"']);
    assert.deepEqual(uriSans(undefined), []);
  });

  it('matches globs: * within a segment, ** across segments', () => {
    assert.ok(globToRegExp('spiffe://td/ns/*').test('spiffe://td/ns/a'));
    assert.ok(!globToRegExp('spiffe://td/ns/*').test('spiffe://td/ns/a/b'));
    assert.ok(globToRegExp('spiffe://td/**').test('spiffe://td/ns/a/b'));
    assert.ok(!globToRegExp('shop-*').test('shopX'));
    assert.ok(!globToRegExp('a.b').test('aXb'), 'dots are literal');
  });

  it('authorises services and methods per identity and explains denials', () => {
    const p = parseIdentityPolicy(
      'rules:\n  - identity: spiffe://td/pay\n    services: [payments]\n    methods: ["/pay.v1.Pay/*"]\n  - identity: spiffe://td/pay\n    services: [ledger]\n',
      'v1',
      'test',
    );
    assert.deepEqual(p.authorize('spiffe://td/pay', 'payments', '/pay.v1.Pay/Charge'), { allowed: true });
    assert.deepEqual(p.authorize('spiffe://td/pay', 'payments', ''), { allowed: true }, 'non-RPC spans: service only');
    assert.deepEqual(p.authorize('spiffe://td/pay', 'payments', '/admin.v1.Admin/Wipe'), { allowed: false, reason: 'method_not_allowed' });
    assert.deepEqual(p.authorize('spiffe://td/pay', 'ledger', '/admin.v1.Admin/Wipe'), { allowed: true }, 'rules add up');
    assert.deepEqual(p.authorize('spiffe://td/pay', 'orders', ''), { allowed: false, reason: 'service_not_allowed' });
    assert.deepEqual(p.authorize('spiffe://td/other', 'payments', ''), { allowed: false, reason: 'unknown_identity' });
  });

  it('reports policy errors naming the key', () => {
    for (const [yaml, key] of [
      ['rules:\n  - identity: x\n', 'rules.0.services'],
      ['rules:\n  - identity: x\n    services: [a]\n    method: [b]\n', 'rules.0'],
      ['rulez: []\n', 'rules'],
    ] as const) {
      assert.throws(() => parseIdentityPolicy(yaml, 'v', 'policy file p.yaml'), (e: unknown) => e instanceof ConfigError && e.key === key && /policy file p\.yaml/.test(e.message));
    }
  });
});

function pick(r: ReturnType<typeof identityFromAuthContext>): string {
  return r.ok ? 'ok' : r.reason;
}
