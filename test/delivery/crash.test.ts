import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { findSequenceGaps } from '../../collector/delivery/sequence-gaps';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { DeliveryEnv, POLICY, range, waitFor } from './support/delivery-env';
import type { AppConfig } from './support/emitter-app';

const APP = path.join(__dirname, 'support', 'emitter-app.ts');
const BIN = path.resolve(__dirname, '../../bin/grpc-audit.js');

/** Spawns a process and collects its stdout; `line(re)` waits for a matching line. */
function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string; line(re: RegExp, ms?: number): Promise<RegExpMatchArray>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async line(re, ms = 30_000) {
      let m: RegExpMatchArray | null = null;
      await waitFor(() => (m = out.match(re)) !== null || child.exitCode !== null, `output ${re}`, ms);
      if (!m) throw new Error(`process exited (${child.exitCode}) before ${re}: ${out}\n${err}`);
      return m;
    },
  };
}

/** Completed-call log: only whole lines count (a kill can cut the last one). */
function loggedTraces(file: string): string[] {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text.split('\n').slice(0, -1).filter((l) => /^[0-9a-f]{32}$/.test(l));
}

/** The emitter app under load on a spool of its own, dialling the collector through the proxy. */
function appConfig(env: DeliveryEnv, spool: string, logFile: string, extra: Partial<AppConfig> = {}): AppConfig {
  return {
    collector: env.address,
    caFile: env.pki.caFile,
    certFile: env.workload.certFile,
    keyFile: env.workload.keyFile,
    spoolDir: path.join(env.dir, spool),
    logFile,
    mode: 'load',
    concurrency: 8,
    ...extra,
  };
}

describe('delivery: crash tests with real processes', function () {
  this.timeout(120_000);
  let env: DeliveryEnv;
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('kill -9 of the emitting process mid-load, restart with the same spool: nothing lost, nothing duplicated', async () => {
    await env.startCollector();
    const logFile = path.join(env.dir, 'completed.log');
    const cfg = appConfig(env, 'app-spool', logFile);
    const first = start(['--import', 'tsx', APP, JSON.stringify(cfg)]);
    const [, emitterId] = await first.line(/ready ([0-9a-f]{32})/);
    await waitFor(() => loggedTraces(logFile).length >= 150, '150 completed calls');
    env.proxy.setMode('refuse', { dropExisting: true }); // the collector becomes unreachable: a backlog builds in the spool
    await waitFor(() => loggedTraces(logFile).length >= 400, '400 completed calls');
    first.child.kill('SIGKILL');
    await first.exited;
    const completed = loggedTraces(logFile);
    env.proxy.setMode('forward');

    const second = start(['--import', 'tsx', APP, JSON.stringify({ ...cfg, mode: 'drain', calls: 20 })]);
    const [, again] = await second.line(/ready ([0-9a-f]{32})/);
    assert.equal(again, emitterId, 'the restarted process keeps its emitter identity');
    const [, statsJson] = await second.line(/stats (\{.*\})/, 60_000);
    assert.equal(await second.exited, 0, second.err());
    const stats = JSON.parse(statsJson);
    assert.equal(stats.spoolEntries, 0, 'restart delivered the whole spool');

    const db = env.log!.store.db;
    const sides = db.prepare("SELECT trace_id, kind, count(*) AS n FROM records WHERE emitter_id = ? AND record_type = 'span' GROUP BY trace_id, kind").all(emitterId) as Array<{ trace_id: string; kind: string; n: number }>;
    const byTrace = new Map<string, Record<string, number>>();
    for (const s of sides) byTrace.set(s.trace_id, { ...byTrace.get(s.trace_id), [s.kind]: s.n });
    const allCompleted = loggedTraces(logFile);
    assert.equal(allCompleted.length, completed.length + 20);
    for (const t of allCompleted) {
      assert.deepEqual(byTrace.get(t), { client: 1, server: 1 }, `call ${t}: exactly one client and one server record`);
    }
    const dupSeq = db.prepare('SELECT count(*) AS n, count(DISTINCT seq) AS d FROM records WHERE emitter_id = ?').get(emitterId) as { n: number; d: number };
    assert.equal(dupSeq.n, dupSeq.d, 'no sequence number stored twice');
    const report = await findSequenceGaps(env.log!.store, { emitterId });
    assert.equal(report.openRecords, 0, `no unexplained hole: ${JSON.stringify(report.emitters[0]?.open)}`);
    assert.deepEqual(report.emitters[0].declared, [], 'nothing reported lost: nothing was (the reserved, unused numbers are not a loss)');
  });

  it('kill -9 at many random points under load (write-ahead, real processes, real collector): the reported loss equals the true loss — 0', async () => {
    await env.startCollector();
    const logFile = path.join(env.dir, 'completed-random.log');
    const cfg = appConfig(env, 'app-spool-random', logFile);
    // Seeded, and the seed is in every message, so a failing run can be replayed.
    const seed = Date.now() >>> 0;
    let state = seed;
    const random = (): number => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let emitterId: string | undefined;
    const rounds = 7;
    for (let round = 0; round < rounds; round++) {
      // Every other round the collector is unreachable: the kill then lands on a backlog in the
      // spool, or while it is being sent, not only on steady delivery.
      env.proxy.setMode(round % 2 === 1 ? 'refuse' : 'forward', { dropExisting: true });
      const app = start(['--import', 'tsx', APP, JSON.stringify(cfg)]);
      const [, id] = await app.line(/ready ([0-9a-f]{32})/);
      emitterId ??= id;
      assert.equal(id, emitterId, `seed ${seed}: the restarted process keeps its emitter identity`);
      const before = loggedTraces(logFile).length;
      await waitFor(() => loggedTraces(logFile).length >= before + 20, `seed ${seed} round ${round}: load`, 60_000);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 500)));
      app.child.kill('SIGKILL');
      await app.exited;
    }
    env.proxy.setMode('forward');
    const last = start(['--import', 'tsx', APP, JSON.stringify({ ...cfg, mode: 'drain', calls: 10 })]);
    const [, statsJson] = await last.line(/stats (\{.*\})/, 60_000);
    assert.equal(await last.exited, 0, last.err());
    assert.equal(JSON.parse(statsJson).spoolEntries, 0);

    const db = env.log!.store.db;
    // True loss: calls the application saw completed (logged after the flush barrier) whose records never arrived …
    const rows = db.prepare("SELECT trace_id, kind FROM records WHERE emitter_id = ? AND record_type = 'span'").all(emitterId) as Array<{ trace_id: string; kind: string }>;
    const sides = new Map<string, Set<string>>();
    for (const r of rows) sides.set(r.trace_id, (sides.get(r.trace_id) ?? new Set()).add(r.kind));
    const completed = loggedTraces(logFile);
    const lostCalls = completed.filter((t) => !(sides.get(t)?.has('client') && sides.get(t)?.has('server')));
    assert.deepEqual(lostCalls, [], `seed ${seed}: every completed call has both records`);
    // … and numbers used and never stored. The reported loss is what the gap records declare.
    const report = await findSequenceGaps(env.log!.store, { emitterId });
    const e = report.emitters[0];
    const trueLoss = e.missing.reduce((n, r) => n + r.count, 0);
    const reportedLoss = e.declared.reduce((n, d) => n + d.count, 0);
    assert.equal(e.reusedSeqs, 0, `seed ${seed}: no number used twice`);
    assert.equal(e.openCount, 0, `seed ${seed}: no unexplained hole: ${JSON.stringify(e.open)}`);
    assert.equal(reportedLoss, trueLoss, `seed ${seed}: reported ${reportedLoss} = true loss ${trueLoss} (${JSON.stringify(e.declared.map((d) => [d.from, d.to, d.reason]))})`);
    assert.equal(trueLoss, 0, `seed ${seed}: nothing lost with write-ahead persistence`);
    assert.ok(e.lastSeq >= completed.length * 2, `seed ${seed}: ${e.lastSeq} numbers used for ${completed.length} completed calls`);
  });

  it('overflow persistence: kill -9 loses the records still in memory — and the restart declares them, so no hole is unexplained', async () => {
    await env.startCollector();
    const logFile = path.join(env.dir, 'completed-overflow.log');
    const cfg = appConfig(env, 'app-spool-overflow', logFile, { persistence: 'overflow' });
    const first = start(['--import', 'tsx', APP, JSON.stringify(cfg)]);
    const [, emitterId] = await first.line(/ready ([0-9a-f]{32})/);
    await waitFor(() => loggedTraces(logFile).length >= 100, '100 completed calls');
    env.proxy.setMode('stall', { dropExisting: true }); // exports hang: records wait in memory
    await waitFor(() => loggedTraces(logFile).length >= 200, '200 completed calls');
    first.child.kill('SIGKILL');
    await first.exited;
    env.proxy.setMode('forward');
    const second = start(['--import', 'tsx', APP, JSON.stringify({ ...cfg, mode: 'drain', calls: 10 })]);
    await second.line(/stats (\{.*\})/, 60_000);
    assert.equal(await second.exited, 0, second.err());

    const db = env.log!.store.db;
    const clientTraces = new Set((db.prepare("SELECT trace_id FROM records WHERE emitter_id = ? AND kind = 'client'").raw().all(emitterId) as [string][]).map((r) => r[0]));
    const missingCalls = loggedTraces(logFile).filter((t) => !clientTraces.has(t)).length;
    const report = await findSequenceGaps(env.log!.store, { emitterId });
    const e = report.emitters[0];
    assert.equal(e.openCount, 0, `every missing number is declared: open ${JSON.stringify(e.open)}`);
    const declaredRestart = e.declared.filter((d) => d.reason === 'restart').reduce((n, d) => n + d.count, 0);
    assert.ok(missingCalls > 0, 'records were lost in memory (the point of this test)');
    assert.ok(declaredRestart >= missingCalls, `declared ${declaredRestart} ≥ lost client records ${missingCalls}`);
  });

  it('the disk really refuses a write at run time (EFBIG under ulimit -f): records fall back to memory, the rest are reported lost, every number accounted for', async () => {
    await env.startCollector();
    env.proxy.setMode('refuse', { dropExisting: true }); // nothing is delivered while the disk fills
    const cfg = {
      collector: env.address,
      caFile: env.pki.caFile,
      certFile: env.workload.certFile,
      keyFile: env.workload.keyFile,
      spoolDir: path.join(env.dir, 'efbig-spool'),
      spans: 300,
    };
    const script = `ulimit -f 512; exec "${process.execPath}" --import tsx "${path.join(__dirname, 'support', 'efbig-app.ts')}" '${JSON.stringify(cfg)}'`;
    const app = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    app.stdout!.on('data', (d) => (out += d));
    app.stderr!.on('data', (d) => (err += d));
    await waitFor(() => /filled \{.*\}/.test(out) || app.exitCode !== null, 'app filled its spool', 60_000);
    const filled = JSON.parse(out.match(/filled (\{.*\})/)![1]);
    assert.match(filled.spoolStatus, /EFBIG/, `the write was refused by the kernel: ${filled.spoolStatus}`);
    assert.equal(filled.gateClosedSeen, true, 'the fail-closed gate said no while the disk refused');
    assert.ok(filled.lost.spool_error > 0, 'records beyond spool and memory were counted as lost');
    env.proxy.setMode('forward');
    app.stdin!.write('flush\n');
    await waitFor(() => /done \{.*\}/.test(out) || app.exitCode !== null, 'app flushed', 60_000);
    assert.match(out, /done /, err);
    const emitterId = (env.log!.store.db.prepare("SELECT DISTINCT emitter_id FROM records WHERE service = 'checkout'").raw().all() as [string][]).map((r) => r[0]);
    assert.equal(emitterId.length, 1);
    const report = await findSequenceGaps(env.log!.store, { emitterId: emitterId[0] });
    const e = report.emitters[0];
    const stored = env.seqs(emitterId[0]);
    const declared = e.declared.filter((d) => d.reason === 'spool_error').flatMap((d) => range(d.from, d.to));
    assert.equal(declared.length, filled.lost.spool_error, 'the gap records count exactly the refused records');
    assert.deepEqual([...stored, ...declared].sort((a, b) => a - b), range(1, 300), 'each of the 300 records stored or declared, once');
    assert.equal(e.openCount, 0);
  });

  it('kill -9 of the collector mid-batch: nothing lost after restart, ledger verify passes', async () => {
    const policyFile = path.join(env.dir, 'policy.yaml');
    fs.writeFileSync(policyFile, POLICY);
    const dbFile = path.join(env.dir, 'cli-collector', 'audit.db');
    const configFile = path.join(env.dir, 'collector.yaml');
    fs.writeFileSync(
      configFile,
      [
        'listen: 127.0.0.1:0',
        'tls:',
        `  certFile: ${env.pki.server.certFile}`,
        `  keyFile: ${env.pki.server.keyFile}`,
        `  caFile: ${env.pki.caFile}`,
        'identity:',
        `  policyFile: ${policyFile}`,
        'store:',
        `  path: ${dbFile}`,
        'metrics:',
        '  listen: false',
        'log:',
        '  level: warn',
        '',
      ].join('\n'),
    );
    const collector = async (): Promise<ReturnType<typeof start>> => {
      const c = start([BIN, 'collector', '--config', configFile]);
      const [, port] = await c.line(/collector listening on 127\.0\.0\.1:(\d+)/);
      env.proxy.setTarget(Number(port));
      env.proxy.setMode('forward');
      return c;
    };
    let c = await collector();
    const p = env.processor('spool-ckill', { maxExportBatchSize: 64 });
    const tracer = env.provider(p).getTracer('grpc-audit');
    const emit = (n: number): void => {
      for (let i = 0; i < n; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.service': 'demo.v1.Shop', 'rpc.method': 'Buy' } }).end();
    };
    let total = 0;
    // A burst the collector needs a while to store: batches of 64 follow each other back to back.
    while (total < 1000) {
      emit(25);
      total += 25;
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitFor(() => p.stats().delivered >= 300, '300 records stored');
    const inFlight = total - p.stats().delivered;
    c.child.kill('SIGKILL');
    await c.exited;
    const killed = p.stats().delivered >= 300 && inFlight > 0;
    env.proxy.setMode('refuse', { dropExisting: true });
    while (total < 1500) {
      emit(25);
      total += 25;
      await new Promise((r) => setTimeout(r, 3));
    }
    assert.ok(killed, `the collector was killed mid-stream (${inFlight} records not yet acknowledged)`);
    c = await collector();
    await p.forceFlush();
    assert.equal(p.stats().spoolEntries, 0);
    c.child.kill('SIGTERM');
    assert.equal(await c.exited, 0, c.err());
    await p.shutdown();

    const store = new SqliteRecordStore({ path: dbFile, readonly: true });
    try {
      const seqs = (store.db.prepare("SELECT seq FROM records WHERE emitter_id = ? AND record_type = 'span' ORDER BY seq").raw().all(p.emitterId) as [number][]).map((r) => r[0]);
      assert.deepEqual(seqs, range(1, 1500), 'every record exactly once');
    } finally {
      await store.close();
    }
    const verify = spawnSync(process.execPath, [BIN, 'verify', '--db', dbFile, '--key', `${dbFile}.ed25519.pub`], { encoding: 'utf8' });
    assert.equal(verify.status, 0, `verify: ${verify.stdout}\n${verify.stderr}`);
  });
});
