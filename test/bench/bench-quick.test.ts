/**
 * Smoke test of the benchmark suite: runs `bench/run.ts --quick` end to end (real processes,
 * real gRPC on 127.0.0.1) and checks the shape of what it writes. No timed assertions: the
 * figures are whatever the machine gives; only their presence, types and consistency are checked.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIGS = ['otel', 'meta', 'full', 'full-export'];
const WORKLOADS = ['unary-1', 'unary-64', 'stream'];

// About 60 s on an idle 2-core machine; several times that when the machine is shared with
// other heavy jobs (every figure is wall-clock bound), hence the generous limit.
const LIMIT_MS = 400_000;

describe('bench: npm run bench -- --quick', function () {
  this.timeout(LIMIT_MS + 10_000);
  let dir: string;
  let report: Record<string, any>;
  let markdown: string;
  let stdout: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-bench-'));
    const out = path.join(dir, 'quick.json');
    stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: ROOT, maxBuffer: 16 << 20, timeout: LIMIT_MS, killSignal: 'SIGTERM' }, (err, so, se) =>
        err ? reject(new Error(`bench failed: ${err.message}\n${se}`)) : resolve(so),
      );
    });
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
    markdown = fs.readFileSync(path.join(dir, 'quick.md'), 'utf8');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the JSON with mode, date and machine info', () => {
    assert.equal(report.schema, 'grpc-audit-bench/1');
    assert.equal(report.mode, 'quick');
    assert.ok(!Number.isNaN(Date.parse(report.date)));
    assert.equal(typeof report.machine.cpuModel, 'string');
    assert.ok(report.machine.cpus >= 1);
    assert.equal(report.machine.node, process.version);
  });

  it('has a ratio (or an explicit reason) for every <config>/<workload>', () => {
    const keys = Object.keys(report.ratios).sort();
    assert.deepEqual(keys, CONFIGS.flatMap((c) => WORKLOADS.map((w) => `${c}/${w}`)).sort());
    for (const c of CONFIGS) {
      for (const w of WORKLOADS) {
        const v = report.ratios[`${c}/${w}`];
        if (v === null) assert.equal(typeof report.unavailable[c], 'string', `${c}/${w} is null without a reason`);
        else {
          assert.equal(typeof v, 'number');
          assert.ok(v > 0 && Number.isFinite(v), `${c}/${w} = ${v}`);
          assert.equal(report.unavailable[c], undefined);
        }
      }
    }
    // bare and instrumentation-grpc need nothing from the project: they always run.
    for (const w of WORKLOADS) assert.equal(typeof report.ratios[`otel/${w}`], 'number');
  });

  it('ratios are what the raw figures say (config ÷ bare, one round in quick mode)', () => {
    for (const c of CONFIGS) {
      for (const w of WORKLOADS) {
        const cell = report.results[`${c}/${w}/${report.headlinePayload}`];
        if (report.ratios[`${c}/${w}`] === null) {
          assert.equal(cell, undefined);
          continue;
        }
        const bare = report.results[`bare/${w}/${report.headlinePayload}`];
        assert.ok(cell.throughput > 0 && bare.throughput > 0);
        const expected = cell.samples[0].throughput / bare.samples[0].throughput;
        assert.ok(Math.abs(report.ratios[`${c}/${w}`] - expected) < 0.002, `${c}/${w}`);
        for (const k of ['p50Ms', 'p99Ms', 'clientCpuUsPerOp', 'serverCpuUsPerOp', 'addedClientCpuUs', 'addedServerCpuUs']) {
          assert.equal(typeof cell[k], 'number', `${c}/${w} ${k}`);
        }
        assert.equal(cell.unit, w === 'stream' ? 'msgs/s' : 'calls/s');
      }
    }
  });

  it('reports the targets, memory and every section, present or unavailable with a reason', () => {
    assert.ok(Array.isArray(report.targets) && report.targets.length >= 5);
    for (const t of report.targets) assert.ok(['met', 'missed', 'unavailable'].includes(t.status));
    assert.ok(report.memory.sustained.bare.client.peakRssMiB > 0);
    assert.ok(report.memory.backpressure);
    assert.ok(report.collector);
    assert.ok(report.delivery);
    assert.ok(report.textScan);
    assert.ok(report.collector.otlpIngest);
    const keys = report.targets.map((t: { key: string }) => t.key);
    for (const k of ['full-export/unary-64/clean', 'full-export/stream/pii', 'textScan clean', 'delivery', 'collector OTLP ingest', 'collector verify 1M']) assert.ok(keys.includes(k), k);
    for (const section of [report.collector, report.collector.otlpIngest, report.textScan, report.delivery, report.memory.backpressure]) {
      if ('unavailable' in section) assert.equal(typeof section.unavailable, 'string');
    }
  });

  it('every measured configuration did what it claims (spans per call, payloads, no raw PII, no errors)', () => {
    assert.ok(report.checks.length > 0);
    const failed = report.checks.filter((c: { ok: boolean }) => !c.ok);
    assert.deepEqual(failed, []);
  });

  it('prints the Markdown table and writes it next to the JSON', () => {
    assert.match(markdown, /\| config \| unary-1 \| unary-64 \| stream \|/);
    assert.match(markdown, /\| otel \| \d+\.\d\d× \|/);
    assert.ok(stdout.includes(markdown.trim().split('\n')[0]));
  });
});
