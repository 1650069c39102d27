import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../collector/config/config-error';
import { loadCollectorConfig, parseCollectorConfig } from '../../collector/config/load-config';

function expectConfigError(fn: () => unknown, key: string, reason: RegExp, source?: RegExp): void {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.key, key);
    assert.match(err.reason, reason);
    if (source) assert.match(err.source ?? '', source);
    assert.ok(err.message.startsWith(`${key}: `));
    return;
  }
  assert.fail('expected a ConfigError');
}

describe('collector config', function () {
  let dir: string;
  const tlsYaml = 'tls:\n  certFile: c.crt\n  keyFile: c.key\n  caFile: ca.crt\nidentity:\n  policyFile: policy.yaml\n';
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-config-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fills documented defaults and resolves file paths relative to the config file', () => {
    const cfg = loadCollectorConfig({ flags: { config: write('a.yaml', tlsYaml) }, env: {} });
    assert.equal(cfg.listen, '127.0.0.1:4317');
    assert.equal(cfg.insecure, false);
    assert.equal(cfg.tls!.certFile, path.join(dir, 'c.crt'));
    assert.equal(cfg.tls!.clientAuth, 'collector');
    assert.equal(cfg.identity.policyFile, path.join(dir, 'policy.yaml'));
    assert.deepEqual(cfg.batching, { maxRecords: 1024, maxDelayMs: 2, maxPendingRecords: 20000 });
    assert.equal(cfg.metrics.listen, '127.0.0.1:9464');
    assert.equal(cfg.limits.maxReceiveMessageBytes, 4 * 1024 * 1024);
    assert.deepEqual(cfg.store, { type: 'sqlite', path: '.grpc-audit/collector.db', writerThread: true }, 'defaults are relative to the working directory');
  });

  it('applies precedence flag > env > file > default', () => {
    const file = write('p.yaml', `${tlsYaml}listen: 127.0.0.1:1111\nmetrics:\n  listen: 127.0.0.1:2222\nlog:\n  level: warn\n`);
    const fromFile = loadCollectorConfig({ flags: { config: file }, env: {} });
    assert.equal(fromFile.listen, '127.0.0.1:1111');
    const fromEnv = loadCollectorConfig({ flags: { config: file }, env: { GRPC_AUDIT_LISTEN: '127.0.0.1:3333', GRPC_AUDIT_METRICS_LISTEN: 'off' } });
    assert.equal(fromEnv.listen, '127.0.0.1:3333');
    assert.equal(fromEnv.metrics.listen, false);
    assert.equal(fromEnv.log.level, 'warn');
    const fromFlag = loadCollectorConfig({ flags: { config: file, listen: '127.0.0.1:4444' }, env: { GRPC_AUDIT_LISTEN: '127.0.0.1:3333' } });
    assert.equal(fromFlag.listen, '127.0.0.1:4444');
  });

  it('refuses to start without TLS unless insecure is explicit', () => {
    expectConfigError(() => loadCollectorConfig({ env: {} }), 'tls', /is required.*--insecure/);
    const cfg = loadCollectorConfig({ flags: { insecure: true }, env: {} });
    assert.equal(cfg.insecure, true);
    assert.equal(loadCollectorConfig({ env: { GRPC_AUDIT_INSECURE: 'true' } }).insecure, true);
  });

  it('refuses insecure combined with tls', () => {
    expectConfigError(() => loadCollectorConfig({ flags: { config: write('i.yaml', tlsYaml), insecure: true }, env: {} }), 'insecure', /conflicts with tls/, /flag --insecure/);
  });

  it('requires an identity policy with mTLS', () => {
    expectConfigError(() => parseCollectorConfig({ tls: { certFile: 'a', keyFile: 'b', caFile: 'c' } }), 'identity.policyFile', /is required/);
  });

  const bad: Array<[string, string, string, RegExp]> = [
    ['unknown key', 'listn: 1.2.3.4:5\n', '(root)', /unknown setting\(s\) 'listn'/],
    ['bad listen', 'listen: localhost\n', 'listen', /host:port/],
    ['port out of range', 'listen: 127.0.0.1:70000\n', 'listen', /0\.\.65535/],
    ['negative batch size', 'insecure: true\nbatching:\n  maxRecords: -3\n', 'batching.maxRecords', /> 0/],
    ['fractional delay', 'insecure: true\nbatching:\n  maxDelayMs: 1.5\n', 'batching.maxDelayMs', /integer/],
    ['wrong type', 'insecure: "yes"\n', 'insecure', /must be boolean, got string/],
    ['bad enum', 'insecure: true\ningest:\n  unmaskedData: ignore\n', 'ingest.unmaskedData', /one of 'mask', 'reject'/],
    ['unknown store', 'insecure: true\nstore:\n  type: mongo\n', 'store.type', /sqlite/],
    ['missing tls key', 'tls:\n  certFile: a\n  caFile: c\n', 'tls.keyFile', /is required/],
    ['nested unknown key', 'insecure: true\nlimits:\n  maxRecieveMessageBytes: 5\n', 'limits', /unknown setting\(s\) 'maxRecieveMessageBytes'/],
  ];
  for (const [what, yaml, key, reason] of bad) {
    it(`names the key and why: ${what}`, () => {
      const file = write(`bad-${what.replace(/\W/g, '_')}.yaml`, yaml);
      expectConfigError(() => loadCollectorConfig({ flags: { config: file }, env: {} }), key, reason, /file /);
    });
  }

  it('reports invalid YAML with its position', () => {
    expectConfigError(() => loadCollectorConfig({ flags: { config: write('y.yaml', 'listen: [unclosed\n') }, env: {} }), '(root)', /invalid YAML at line \d+/);
  });

  it('reports duplicate YAML keys', () => {
    expectConfigError(() => loadCollectorConfig({ flags: { config: write('d.yaml', 'insecure: true\ninsecure: false\n') }, env: {} }), '(root)', /invalid YAML/);
  });

  it('reports a missing config file', () => {
    expectConfigError(() => loadCollectorConfig({ flags: { config: path.join(dir, 'nope.yaml') }, env: {} }), '--config', /cannot read .*ENOENT/);
  });

  it('names the environment variable that carried a bad value', () => {
    expectConfigError(() => loadCollectorConfig({ env: { GRPC_AUDIT_INSECURE: 'maybe' } }), 'insecure', /true or false/, /env GRPC_AUDIT_INSECURE/);
    expectConfigError(() => loadCollectorConfig({ env: { GRPC_AUDIT_INSECURE: '1', GRPC_AUDIT_MAX_RECEIVE_MESSAGE_BYTES: '4MB' } }), 'limits.maxReceiveMessageBytes', /whole number/, /env GRPC_AUDIT_MAX_RECEIVE_MESSAGE_BYTES/);
    expectConfigError(() => loadCollectorConfig({ env: { GRPC_AUDIT_INSECURE: '1', GRPC_AUDIT_LISTEN: 'nohost' } }), 'listen', /host:port/, /env GRPC_AUDIT_LISTEN/);
  });
});

describe('collector config: guard (trusted masking policies)', () => {
  const base = { insecure: true };
  it('defaults to no trusted policy and a 2 % sample rate', () => {
    const cfg = parseCollectorConfig(base);
    assert.deepEqual(cfg.guard, { sampleRate: 0.02, trustedPolicies: [] });
  });
  it('names the key of a bad value', () => {
    const expectKey = (raw: unknown, key: string, reason: RegExp): void => {
      assert.throws(() => parseCollectorConfig(raw), (err: unknown) => err instanceof ConfigError && err.key === key && reason.test(err.reason));
    };
    expectKey({ ...base, guard: { sampleRate: 1.5 } }, 'guard.sampleRate', /between 0 and 1/);
    expectKey({ ...base, guard: { sampleRate: '0.1' } }, 'guard.sampleRate', /must be number/);
    expectKey({ ...base, guard: { trustedPolicies: [{ versions: ['v1'], identities: [] }] } }, 'guard.trustedPolicies.0.identities', /at least one identity/);
    expectKey({ ...base, guard: { trustedPolicies: [{ versions: [], identities: ['spiffe://a/b'] }] } }, 'guard.trustedPolicies.0.versions', /at least one policy version/);
    expectKey({ ...base, guard: { trustedPolicies: [{ version: 'v1', identities: ['spiffe://a/b'] }] } }, 'guard.trustedPolicies.0.versions', /is required/);
    expectKey({ ...base, guard: { sampleRate: 0.1, trusted: [] } }, 'guard', /unknown setting/);
  });
});
