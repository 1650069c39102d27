import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { ConfigError } from '../../interceptors/config/config-error';
import { resolveDeliveryOptions, type DurableExporterOptions } from '../../interceptors/delivery/delivery-options';

const base: DurableExporterOptions = { address: '127.0.0.1:4317', credentials: grpc.credentials.createInsecure(), spoolDir: '/tmp/x' };

function fails(o: Partial<DurableExporterOptions> | null, key: string, why: RegExp): void {
  assert.throws(
    () => resolveDeliveryOptions(o === null ? (null as never) : ({ ...base, ...o } as DurableExporterOptions), () => undefined),
    (e: unknown) => e instanceof ConfigError && e.key === key && why.test(e.message),
    `${key} ${why}`,
  );
}

describe('delivery: options are validated once, errors name the key', () => {
  it('defaults', () => {
    const r = resolveDeliveryOptions(base, () => undefined);
    assert.equal(r.persistence, 'write-ahead');
    assert.deepEqual(r.fsync, { intervalMs: 100 });
    assert.equal(r.maxSpoolBytes, 256 * 1024 * 1024);
    assert.equal(r.select, 'grpc-audit');
  });

  it('bad values', () => {
    fails(null, 'options', /object/);
    fails({ address: 'nohost' }, 'address', /host:port/);
    fails({ credentials: {} as never }, 'credentials', /ChannelCredentials/);
    fails({ persistence: 'disk' as never }, 'persistence', /write-ahead/);
    fails({ spoolDir: undefined }, 'spoolDir', /required with persistence 'write-ahead'/);
    fails({ fsync: 0 }, 'fsync', /integer ≥ 1/);
    fails({ fsync: 'sometimes' as never }, 'fsync', /integer/);
    fails({ maxSpoolBytes: 100 }, 'maxSpoolBytes', /≥ 4096/);
    fails({ maxQueueSize: 1.5 }, 'maxQueueSize', /integer/);
    fails({ initialBackoffMs: 500, maxBackoffMs: 100 }, 'maxBackoffMs', /≥ initialBackoffMs/);
    fails({ select: 'some' as never }, 'select', /'grpc-audit', 'all' or a function/);
  });

  it('memory persistence needs no spool; an impossible segment size is clamped with one warning', () => {
    assert.equal(resolveDeliveryOptions({ ...base, spoolDir: undefined, persistence: 'memory' }, () => undefined).spoolDir, undefined);
    const warnings: string[] = [];
    const r = resolveDeliveryOptions({ ...base, maxSpoolBytes: 64 * 1024, segmentBytes: 1024 * 1024 }, (m) => warnings.push(m));
    assert.equal(r.segmentBytes, 16 * 1024);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /segmentBytes 1048576 clamped to 16384/);
  });
});
