import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The package as a user gets it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed with `--omit=dev` into a fresh project, a strict TypeScript consumer compiled against
 * the shipped types, and the installed `grpc-audit` bin running the collector, `certs dev` and
 * `verify` — no tsx, no sources, no devDependency of ours anywhere on the path.
 *
 * Two shortcuts keep it near a minute on a busy machine, neither of which changes what is tested:
 * npm installs from its local cache first (`--prefer-offline`), and install scripts are skipped —
 * the one native addon (better-sqlite3) gets the binary this checkout already built for the same
 * version and Node ABI instead of a two-minute compile.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const ROOT_PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Bare package names a file loads (require, import, export … from, import('…')). */
function bareImports(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:require\(|from\s+|import\(\s*)['"]([^'"./][^'"]*)['"]/g)) {
    const spec = m[1];
    out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
  return [...out];
}

function filesUnder(dir: string, ends: string[]): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ends));
    else if (ends.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}

const ECHO_PROTO = `syntax = "proto3";
package echo.v1;
import "grpcaudit/v1/annotations.proto";
message SayRequest {
  string text = 1;
  string email = 2 [(grpcaudit.v1.field) = { sensitivity: SENSITIVITY_CONTACT, action: MASK_ACTION_REDACT }];
}
message SayReply { string text = 1; }
service Echo { rpc Say(SayRequest) returns (SayReply); }
`;

/** The consumer: strict TypeScript against the shipped types; a custom Masker proves the seam's types are exported. */
const CONSUMER_TS = `import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  createGrpcAudit,
  createMasker,
  DurableSpanProcessor,
  PROTO_DIR,
  SchemaRegistry,
  type DeliveryStats,
  type FieldSite,
  type Masker,
  type MaskScope,
  type TextSite,
  type ValueMasker,
} from 'grpc-audit';
import { hashChildren, hashLeaf, verifyInclusion } from 'grpc-audit/verify';
import type { CollectorConfig } from 'grpc-audit/collector';

/** A user's own Masker: the engine plus a count of what it saw (types from the package only). */
class CountingMasker implements Masker {
  readonly inner: Masker = createMasker();
  texts = 0;
  get policyVersion(): string {
    return this.inner.policyVersion;
  }
  compileField(site: FieldSite): ValueMasker | undefined {
    return this.inner.compileField(site);
  }
  maskText(value: string, scope: MaskScope, site: TextSite): string {
    this.texts++;
    return this.inner.maskText(value, scope, site);
  }
  maskUntyped(value: unknown, scope: MaskScope, methodPath?: string): unknown {
    return this.inner.maskUntyped(value, scope, methodPath);
  }
}

interface Args { collector: string; certDir: string; spoolDir: string; protoDir: string; calls: number }
const args = JSON.parse(process.argv[2]) as Args;
const storeKind: CollectorConfig['store']['type'] = 'sqlite';

async function main(): Promise<void> {
  // The verification core works on values alone.
  const a = hashLeaf(Buffer.from('a'));
  const b = hashLeaf(Buffer.from('b'));
  verifyInclusion(0, 2, a, [b], hashChildren(a, b));

  const read = (f: string): Buffer => fs.readFileSync(path.join(args.certDir, f));
  const delivery = new DurableSpanProcessor({
    address: args.collector,
    credentials: grpc.credentials.createSsl(read('ca.crt'), read('checkout.key'), read('checkout.crt')),
    spoolDir: args.spoolDir,
    scheduledDelayMs: 5,
  });
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [delivery] });
  const masker = new CountingMasker();
  const registry = new SchemaRegistry().addProtoFiles('echo.proto', [args.protoDir]);
  const audit = createGrpcAudit({ registry, masker, tracerProvider: provider, gate: delivery });

  const def = protoLoader.loadSync('echo.proto', { includeDirs: [args.protoDir, PROTO_DIR] });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { echo: { v1: { Echo: grpc.ServiceClientConstructor } } };
  const Echo = pkg.echo.v1.Echo;
  const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
  server.addService(Echo.service, {
    Say: (call: grpc.ServerUnaryCall<{ text: string }, { text: string }>, cb: grpc.sendUnaryData<{ text: string }>) => cb(null, { text: call.request.text }),
  });
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  const client = new Echo('127.0.0.1:' + port, grpc.credentials.createInsecure(), audit.clientOptions()) as unknown as {
    Say(req: { text: string; email: string }, cb: (e: grpc.ServiceError | null) => void): void;
    close(): void;
  };
  for (let i = 0; i < args.calls; i++) {
    await new Promise<void>((res, rej) => client.Say({ text: 'order ' + i + ' for ada@example.com', email: 'ada@example.com' }, (e) => (e ? rej(e) : res())));
  }
  client.close();
  await new Promise<void>((res) => server.tryShutdown(() => res()));
  await provider.forceFlush();
  await provider.shutdown();
  const stats: DeliveryStats = delivery.stats();
  process.stdout.write(JSON.stringify({ emitterId: delivery.emitterId, stats, texts: masker.texts, storeKind }) + '\\n');
}
main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\\n');
  process.exit(1);
});
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    noImplicitAny: true,
    exactOptionalPropertyTypes: false,
    skipLibCheck: false,
    outDir: 'out',
    rootDir: 'src',
  },
  include: ['src'],
};

/** Both module systems, each entry point; the interceptors and the verify core load no store driver. */
const LOAD_CJS = `
const before = new Set(Object.keys(require.cache));
const root = require('grpc-audit');
const verify = require('grpc-audit/verify');
const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
const drivers = loaded.filter((k) => /node_modules[\\\\/](better-sqlite3|pg)[\\\\/]/.test(k));
const collector = require('grpc-audit/collector');
console.log(JSON.stringify({
  root: [typeof root.createGrpcAudit, typeof root.DurableSpanProcessor, typeof root.SchemaRegistry, typeof root.createMasker],
  verify: [typeof verify.verifyInclusion, typeof verify.parseCheckpoint, typeof verify.openNote],
  collector: [typeof collector.startCollector, typeof collector.SqliteRecordStore, typeof collector.verifyLog],
  drivers,
}));
`;
const LOAD_ESM = `
import { createGrpcAudit, DurableSpanProcessor } from 'grpc-audit';
import { verifyConsistency } from 'grpc-audit/verify';
import { startCollector } from 'grpc-audit/collector';
console.log(JSON.stringify([typeof createGrpcAudit, typeof DurableSpanProcessor, typeof verifyConsistency, typeof startCollector]));
`;

function startProcess(cmd: string, args: string[], cwd: string): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor(cond: () => boolean, what: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('package: installable as a dependency (npm pack → install --omit=dev → consumer)', function () {
  // Measured ~60–90 s under load (pack with build ~15–25 s, install from cache ~20 s, consumer compile ~10 s).
  this.timeout(240_000);
  let dir: string;
  let app: string;
  let collector: ReturnType<typeof startProcess> | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-pkg-'));
    app = path.join(dir, 'app');
    fs.mkdirSync(path.join(app, 'src'), { recursive: true });
  });
  after(async () => {
    if (collector && collector.child.exitCode === null) {
      collector.child.kill('SIGTERM');
      await collector.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('packs, installs without devDependencies, compiles a strict consumer, runs interceptors → durable exporter → installed collector, verifies', async () => {
    // 1. Pack: `prepare` builds dist/ (tsc + the .proto files).
    const packed = run('npm', ['pack', '--pack-destination', dir, '--json'], ROOT);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = path.join(dir, info[0].filename);
    const shipped = info[0].files.map((f) => f.path);
    assert.ok(shipped.includes('bin/grpc-audit.js') && shipped.includes('dist/interceptors/index.js') && shipped.includes('dist/interceptors/index.d.ts'));
    assert.ok(shipped.includes('dist/proto/grpcaudit/v1/annotations.proto') && shipped.includes('dist/proto/opentelemetry/proto/collector/trace/v1/trace_service.proto'), 'the .proto files loaded at run time ship');
    const stray = shipped.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /^(test|bench|examples)\//.test(f) || f.includes('tsbuildinfo'));
    assert.deepEqual(stray, [], 'no sources, tests, benchmarks or examples in the package');

    // 2. A fresh project: the package without our devDependencies, plus what a user brings (an SDK, types).
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run(
      'npm',
      ['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball, `@opentelemetry/sdk-trace-base@${versionOf('@opentelemetry/sdk-trace-base')}`, `@opentelemetry/resources@${versionOf('@opentelemetry/resources')}`, `@grpc/proto-loader@${versionOf('@grpc/proto-loader')}`, `@grpc/grpc-js@${versionOf('@grpc/grpc-js')}`, `@types/node@${versionOf('@types/node')}`],
      app,
      180_000,
    );
    const installed = path.join(app, 'node_modules', 'grpc-audit');
    for (const dev of ['tsx', 'typescript', 'mocha', 'esbuild', 'fast-check', '@opentelemetry/sdk-node']) {
      assert.ok(!fs.existsSync(path.join(app, 'node_modules', dev)), `devDependency ${dev} was not installed`);
    }
    // The native addon: the binary this checkout built (same version, same Node) instead of a compile.
    const ours = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
    const theirs = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
    if (ours === theirs) {
      fs.mkdirSync(path.join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
    } else run('npm', ['rebuild', 'better-sqlite3'], app, 300_000);

    // 3. Every package the shipped code loads is declared (dependency, peer) or built in.
    const declared = new Set([...Object.keys(ROOT_PKG.dependencies), ...Object.keys(ROOT_PKG.peerDependencies)]);
    const undeclared = new Set<string>();
    for (const f of filesUnder(installed, ['.js', '.d.ts'])) {
      for (const spec of bareImports(fs.readFileSync(f, 'utf8'))) if (!BUILTINS.has(spec) && !declared.has(spec)) undeclared.add(`${spec} (${path.relative(installed, f)})`);
    }
    assert.deepEqual([...undeclared], [], 'shipped code loads only declared dependencies');

    // 4. require and import, every entry point; the interceptors and the verify core need no store driver.
    fs.writeFileSync(path.join(app, 'load.cjs'), LOAD_CJS);
    fs.writeFileSync(path.join(app, 'load.mjs'), LOAD_ESM);
    const cjs = JSON.parse(run(process.execPath, ['load.cjs'], app).stdout);
    assert.deepEqual(cjs.root, ['function', 'function', 'function', 'function']);
    assert.deepEqual(cjs.verify, ['function', 'function', 'function']);
    assert.deepEqual(cjs.collector, ['function', 'function', 'function']);
    assert.deepEqual(cjs.drivers, [], 'grpc-audit and grpc-audit/verify load neither better-sqlite3 nor pg');
    assert.deepEqual(JSON.parse(run(process.execPath, ['load.mjs'], app).stdout), ['function', 'function', 'function', 'function']);

    // 5. A strict TypeScript consumer against the shipped types (lib check on: our .d.ts are checked too).
    fs.writeFileSync(path.join(app, 'src', 'app.ts'), CONSUMER_TS);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.json'], app);
    fs.writeFileSync(path.join(app, 'echo.proto'), ECHO_PROTO);

    // 6. The installed bin: dev PKI, then the collector (mTLS, SQLite ledger).
    const bin = path.join(app, 'node_modules', '.bin', 'grpc-audit');
    const certDir = path.join(app, 'pki');
    run(bin, ['certs', 'dev', '--out', certDir, '--workload', 'checkout'], app);
    const db = path.join(app, 'audit.db');
    fs.writeFileSync(
      path.join(app, 'collector.yaml'),
      [
        'listen: 127.0.0.1:0',
        'tls:',
        `  certFile: ${path.join(certDir, 'collector.crt')}`,
        `  keyFile: ${path.join(certDir, 'collector.key')}`,
        `  caFile: ${path.join(certDir, 'ca.crt')}`,
        'identity:',
        `  policyFile: ${path.join(certDir, 'policy.yaml')}`,
        'store:',
        `  path: ${db}`,
        'metrics:',
        '  listen: false',
        'log:',
        '  level: warn',
        '',
      ].join('\n'),
    );
    collector = startProcess(bin, ['collector', '--config', 'collector.yaml'], app);
    let port = '';
    await waitFor(() => {
      port = collector!.out().match(/collector listening on 127\.0\.0\.1:(\d+)/)?.[1] ?? '';
      return port !== '' || collector!.child.exitCode !== null;
    }, 'the collector to listen', 30_000);
    assert.ok(port, `collector did not start: ${collector.out()}\n${collector.err()}`);

    // 7. The consumer: client and server with the interceptors, the durable exporter to the collector.
    const calls = 12;
    const consumer = run(process.execPath, ['out/app.js', JSON.stringify({ collector: `localhost:${port}`, certDir, spoolDir: path.join(app, 'spool'), protoDir: app, calls })], app, 60_000);
    const result = JSON.parse(consumer.stdout.trim().split('\n').pop()!) as { emitterId: string; stats: { records: number; delivered: number; spoolEntries: number }; texts: number };
    assert.equal(result.stats.records, 2 * calls, 'a client and a server record per call');
    assert.equal(result.stats.delivered, 2 * calls, 'all acknowledged by the collector');
    assert.equal(result.stats.spoolEntries, 0);
    assert.ok(result.texts > 0, "the user's Masker was called");

    // 8. Stop the collector (final signed checkpoint), then verify from the installed bin with the key passed explicitly.
    collector.child.kill('SIGTERM');
    assert.equal(await collector.exited, 0, collector.err());
    const pub = fs.readdirSync(app).find((f) => f.startsWith('audit.db') && f.endsWith('.pub'));
    assert.ok(pub, `the collector wrote its public key next to the store: ${fs.readdirSync(app).join(', ')}`);
    const verified = run(bin, ['verify', '--db', db, '--key', path.join(app, pub)], app);
    assert.match(verified.stdout, new RegExp(`^OK: ${2 * calls} records`), verified.stdout + verified.stderr);
    const text = run(bin, ['query', '--db', db, '--format', 'json', '--limit', '100'], app).stdout;
    assert.ok(!text.includes('ada@example.com'), 'the e-mail address never reached the store in clear');
    assert.match(text, /echo\.v1\.Echo\/Say/);

    // 9. The development commands say where to run them instead of failing on a missing module.
    const qs = spawnSync(bin, ['quickstart'], { cwd: app, encoding: 'utf8' });
    assert.notEqual(qs.status, 0);
    assert.match(qs.stderr, /development command.*clone/s);
  });
});

/** The version range the project itself declares for a package (dependencies or devDependencies). */
function versionOf(name: string): string {
  const v = ROOT_PKG.dependencies[name] ?? ROOT_PKG.devDependencies[name];
  if (v === undefined) throw new Error(`package.json declares no ${name}`);
  return v;
}
