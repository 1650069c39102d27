import { strict as assert } from 'node:assert';
import { ConfigError, createGrpcAudit, type GrpcAuditOptions } from '../../interceptors';
import { configForMethod, resolveOptions } from '../../interceptors/config/audit-options';
import { createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary } from '../helpers/kitchen-sink';
import { createTestTracing } from '../helpers/tracing';

const gate = { canRecord: () => true };

describe('capture: configuration is validated once, naming the key', () => {
  const cases: Array<[string, unknown, string]> = [
    ['unknown option (typo)', { metadataAllowList: ['x'] }, 'metadataAllowList'],
    ['mode', { mode: 'both' }, 'mode'],
    ['record', { record: 'all' }, 'record'],
    ['maxPayloadBytes too small', { maxPayloadBytes: 10 }, 'maxPayloadBytes'],
    ['maxPayloadBytes fractional', { maxPayloadBytes: 100.5 }, 'maxPayloadBytes'],
    ['sampleRate above 1', { sampleRate: 2 }, 'sampleRate'],
    ['sampleRate NaN', { sampleRate: Number.NaN }, 'sampleRate'],
    ['bad method pattern', { methods: { 'pkg.Svc/Method': {} } }, "methods['pkg.Svc/Method']"],
    ['partial wildcard', { methods: { '/pkg.Svc/Get*': {} } }, "methods['/pkg.Svc/Get*']"],
    ['method record', { methods: { '/pkg.Svc/*': { record: 'everything' } } }, "methods['/pkg.Svc/*'].record"],
    ['unknown method option', { methods: { '*': { sample: 0.5 } } }, "methods['*'].sample"],
    ['empty purpose', { methods: { '*': { purpose: '' } } }, "methods['*'].purpose"],
    ['failClosed without a gate', { failClosed: true }, 'failClosed'],
    ['failClosed list without a gate', { failClosed: ['/pkg.Svc/*'] }, 'failClosed'],
    ['per-method failClosed without a gate', { methods: { '/pkg.Svc/M': { failClosed: true } } }, "methods['/pkg.Svc/M'].failClosed"],
    ['failClosed bad pattern', { gate, failClosed: ['nope'] }, 'failClosed'],
    ['gate without canRecord', { gate: {}, failClosed: true }, 'gate'],
    ['masker missing methods', { masker: { maskText: () => '' } }, 'masker'],
    ['tracerProvider', { tracerProvider: {} }, 'tracerProvider'],
    ['registry', { registry: {} }, 'registry'],
    ['metadataAllowlist not a list', { metadataAllowlist: 'authorization' }, 'metadataAllowlist'],
    ['metadataAllowlist bad key', { metadataAllowlist: ['x y'] }, 'metadataAllowlist'],
  ];
  for (const [label, options, key] of cases) {
    it(`refuses ${label}`, () => {
      assert.throws(
        () => createGrpcAudit(options as GrpcAuditOptions),
        (err: unknown) => err instanceof ConfigError && err.name === 'ConfigError' && err.key === key && err.message.includes(`'${key}'`),
      );
    });
  }

  it('accepts a full, valid configuration', () => {
    const audit = createGrpcAudit({
      mode: 'enrich',
      record: 'metadata',
      maxPayloadBytes: 1024,
      sampleRate: 0.25,
      methods: { '*': { record: 'none' }, '/pkg.Svc/*': { record: 'full', sampleRate: 1 }, '/pkg.Svc/Get': { maxPayloadBytes: 128, purpose: 'billing' } },
      metadataAllowlist: ['X-Request-Id'],
      gate,
      failClosed: ['/pkg.Svc/Pay'],
      logger: { warn: () => undefined },
    });
    assert.equal(typeof audit.clientInterceptor, 'function');
    assert.equal(typeof audit.serverInterceptor, 'function');
  });

  it('resolves per-method settings: globals, then wildcard, then the exact method', () => {
    const resolved = resolveOptions({
      record: 'metadata',
      maxPayloadBytes: 1024,
      methods: { '*': { sampleRate: 0.5 }, '/pkg.Svc/*': { record: 'full' }, '/pkg.Svc/Get': { maxPayloadBytes: 128, record: 'none' } },
      gate,
      failClosed: ['/pkg.Svc/*'],
    });
    assert.deepEqual(configForMethod(resolved, '/pkg.Svc/Get'), { record: 'none', maxPayloadBytes: 128, sampleRate: 0.5, failClosed: true });
    assert.deepEqual(configForMethod(resolved, '/pkg.Svc/List'), { record: 'full', maxPayloadBytes: 1024, sampleRate: 0.5, failClosed: true });
    assert.deepEqual(configForMethod(resolved, '/other.Svc/List'), { record: 'metadata', maxPayloadBytes: 1024, sampleRate: 0.5, failClosed: false });
  });
});

describe('capture: shutdown', () => {
  it('stops recording new calls, lets the calls through, and is safe twice', async () => {
    const tracing = createTestTracing();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      await unary(client, 'Echo', { requestId: 'before' });
      await tracing.waitForSpans(2);
      await audit.shutdown();
      await audit.shutdown();
      const out = await unary(client, 'Echo', { requestId: 'after' });
      assert.equal(out.value.requestId, 'after');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(tracing.spans().length, 2, 'nothing recorded after shutdown');
      assert.equal(audit.stats.calls, 2);
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });
});
