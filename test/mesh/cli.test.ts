import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { runCollector, type RunningCollector } from '../collector/support/collector-fixture';
import { createKitchenSinkClient, REPO_ROOT, startKitchenSinkServer, unary, type RunningServer } from '../helpers/kitchen-sink';
import { compileKitchenSink } from './support/descriptor-set';
import { until } from './support/sidecar-fixture';

const BIN = path.join(REPO_ROOT, 'bin/grpc-audit.js');

function run(args: string[]): { lines: AsyncIterableIterator<string>; exit: Promise<{ code: number | null; stderr: string }>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { lines: readline.createInterface({ input: child.stdout })[Symbol.asyncIterator](), exit, kill: (s) => child.kill(s) };
}

describe('mesh: grpc-audit sidecar / ext-proc commands', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let collector: RunningCollector;
  let app: RunningServer;
  before(async () => {
    pki = await makeTestPki();
    collector = await runCollector(pki, { policy: 'rules:\n  - identity: spiffe://example.org/ns/shop/ks-sidecar\n    services: [kitchen-sink]\n' });
    app = await startKitchenSinkServer();
  });
  after(async () => {
    await app?.close();
    await collector?.handle.shutdown();
    pki?.cleanup();
  });

  it('`grpc-audit sidecar --config` relays, records to the collector, and stops cleanly on SIGTERM', async () => {
    const cert = await pki.workload('ks-sidecar', 'spiffe://example.org/ns/shop/ks-sidecar');
    const file = path.join(pki.dir, 'sidecar.yaml');
    fs.writeFileSync(
      file,
      [
        'application:',
        '  serviceName: kitchen-sink',
        'collector:',
        `  address: ${collector.handle.address}`,
        `  caFile: ${pki.caFile}`,
        `  certFile: ${cert.certFile}`,
        `  keyFile: ${cert.keyFile}`,
        `  spoolDir: ${path.join(pki.dir, 'spool')}`,
      ].join('\n'),
    );
    const proc = run(['sidecar', '--config', file, '--listen', '127.0.0.1:0', '--upstream', app.address, '--descriptors', compileKitchenSink().descriptorSet]);
    const first = (await proc.lines.next()).value as string;
    const address = /sidecar listening on (\S+)/.exec(first)?.[1];
    assert.ok(address, first);
    const client = createKitchenSinkClient(address);
    try {
      const out = await unary(client, 'echo', { requestId: 'cli-1', note: 'henry@example.com' });
      assert.equal(out.error, undefined);
      assert.equal(out.value.message, 'echo: henry@example.com');
    } finally {
      client.close();
    }
    proc.kill('SIGTERM'); // shutdown flushes the record to the collector
    const { code } = await proc.exit;
    assert.equal(code, 0);
    await until(() => collector.memory!.records.some((r) => r.method === '/demo.v1.KitchenSinkService/Echo'), 'the record in the collector', 10_000);
    const rec = collector.memory!.records.find((r) => r.method === '/demo.v1.KitchenSinkService/Echo')!;
    assert.equal(rec.identity, 'spiffe://example.org/ns/shop/ks-sidecar');
    assert.ok(!rec.body.includes('henry@example.com'));
  });

  it('bad configuration: exit code 2 and a message naming the key, for both commands', async () => {
    const sidecar = await run(['sidecar', '--upstream', '127.0.0.1:1']).exit;
    assert.equal(sidecar.code, 2);
    assert.match(sidecar.stderr, /grpc-audit sidecar: invalid grpc-audit option 'application'/);
    const ext = await run(['ext-proc', '--listen', 'nope']).exit;
    assert.equal(ext.code, 2);
    assert.match(ext.stderr, /grpc-audit ext-proc: invalid grpc-audit option 'listen'/);
  });
});
