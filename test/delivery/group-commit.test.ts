import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { findSequenceGaps } from '../../collector/delivery/sequence-gaps';
import { DiskSpool } from '../../interceptors/delivery/disk-spool';
import { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { encodeFrame } from '../../interceptors/delivery/spool-frame';
import { DeliveryEnv, range, waitFor } from './support/delivery-env';

const quiet = { warn: () => undefined, error: () => undefined };

function payload(seq: number, size = 120): Buffer {
  return Buffer.alloc(size, seq % 251);
}

function segments(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.spool'))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Counts write(2)s made with fs.writeSync to spool segment files while `fn` runs (a spy: the writes still happen). */
async function countSegmentWrites(dir: string, fn: () => Promise<void>): Promise<Array<{ bytes: number }>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require('node:fs') as typeof fs;
  const original = nodeFs.writeSync;
  const writes: Array<{ bytes: number }> = [];
  const segFds = (): Set<number> => {
    const fds = new Set<number>();
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      try {
        const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
        if (target.startsWith(dir) && target.endsWith('.spool')) fds.add(Number(fd));
      } catch {
        // closed meanwhile
      }
    }
    return fds;
  };
  (nodeFs as { writeSync: unknown }).writeSync = function (fd: number, buf: Buffer | string, ...rest: unknown[]) {
    const n = (original as (...a: unknown[]) => number).call(nodeFs, fd, buf, ...rest);
    if (segFds().has(fd)) writes.push({ bytes: n });
    return n;
  };
  try {
    await fn();
  } finally {
    nodeFs.writeSync = original;
  }
  return writes;
}

describe('delivery: group commit to the spool', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-gc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }));

  it('appendBatch writes many entries with one write(2) per segment; every entry reads back intact, in order', async () => {
    const spool = DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16, fsync: 'never' });
    const entries = range(1, 100).map((seq) => ({ seq, payload: payload(seq) }));
    const writes = await countSegmentWrites(dir, async () => {
      const r = spool.appendBatch(entries);
      assert.deepEqual(r, { written: 100 });
    });
    const frameBytes = entries.reduce((n, e) => n + encodeFrame(e.seq, e.payload).length, 0);
    // One write for the new segment's magic, one for the whole batch.
    assert.deepEqual(
      writes.map((w) => w.bytes),
      [8, frameBytes],
    );
    const b = spool.readNext(1000, 1 << 20)!;
    assert.deepEqual(
      b.entries.map((e) => e.seq),
      range(1, 100),
    );
    for (const e of b.entries) assert.ok(e.payload.equals(payload(e.seq)));
    spool.close();
    await spool.idle();
  });

  it('a batch crossing segment boundaries is split at them, one write per segment; the size bound stops it with a prefix written', async () => {
    const spool = DiskSpool.open({ dir, maxBytes: 16 * 1024, segmentBytes: 2048, fsync: 'never' });
    const r = spool.appendBatch(range(1, 200).map((seq) => ({ seq, payload: payload(seq) })));
    assert.ok(r.written > 20 && r.written < 200, `a prefix fits (${r.written})`);
    assert.equal(r.error?.name, 'SpoolFullError');
    assert.ok(spool.diskBytes <= 16 * 1024);
    assert.ok(segments(dir).length > 3);
    const seqs: number[] = [];
    for (let b = spool.readNext(7, 1 << 20); b; b = spool.readNext(7, 1 << 20)) seqs.push(...b.entries.map((e) => e.seq));
    assert.deepEqual(seqs, range(1, r.written));
    spool.close();
    await spool.idle();
  });

  it('a group commit torn part-way (crash during its write) keeps every whole entry before the tear; the CRC rejects the rest', () => {
    const spool = DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16, fsync: 'never' });
    spool.appendBatch(range(1, 10).map((seq) => ({ seq, payload: payload(seq) })));
    spool.close();
    const file = segments(dir).pop()!;
    const before = fs.readFileSync(file);
    // A second group commit of 10 entries, as one buffer; then the write is cut at many points.
    const batch = Buffer.concat(range(11, 20).map((seq) => encodeFrame(seq, payload(seq))));
    const frame = encodeFrame(11, payload(11)).length;
    for (const cut of [1, 7, 8, frame - 1, frame, frame + 3, 5 * frame + 17, batch.length - 1]) {
      for (const tail of ['truncated', 'zero-filled'] as const) {
        // zero-filled: the file grew to the full length but the data never reached the disk (power cut).
        const torn = tail === 'truncated' ? batch.subarray(0, cut) : Buffer.concat([batch.subarray(0, cut), Buffer.alloc(batch.length - cut)]);
        fs.writeFileSync(file, Buffer.concat([before, torn]));
        const reopened = DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16, fsync: 'never' });
        const whole = Math.floor(cut / frame);
        assert.equal(reopened.openReport.maxSeq, 10 + whole, `cut ${cut} (${tail}): ${whole} whole entries kept`);
        assert.equal(reopened.openReport.tornTailBytes, torn.length - whole * frame, `cut ${cut} (${tail}): the rest is cut off`);
        assert.deepEqual(reopened.openReport.corruptions, []);
        const seqs = reopened.readBatch(100, 1 << 20)!.entries.map((e) => e.seq);
        assert.deepEqual(seqs, range(1, 10 + whole));
        reopened.close();
      }
    }
  });

  it('the processor stages a turn of spans and commits them with one write at its end; whenSpooled() is the barrier', async () => {
    const p = new DurableSpanProcessor({ address: '127.0.0.1:1', credentials: grpc.credentials.createInsecure(), spoolDir: dir, shutdownTimeoutMs: 0, logger: quiet });
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] });
    const tracer = provider.getTracer('grpc-audit');
    const writes = await countSegmentWrites(dir, async () => {
      for (let i = 0; i < 200; i++) tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', i } }).end();
      assert.equal(p.stats().staged, 200, 'onEnd wrote nothing: the records wait for the end of the turn');
      assert.equal(p.stats().spooled, 0);
      await p.whenSpooled();
      assert.equal(p.stats().staged, 0);
      assert.equal(p.stats().spooled, 200);
    });
    assert.equal(writes.filter((w) => w.bytes > 8).length, 1, `one write for 200 records (writes: ${JSON.stringify(writes)})`);
    await p.shutdown();
    const spool = DiskSpool.open({ dir, maxBytes: 1 << 30, segmentBytes: 8 << 20, fsync: 'never' });
    assert.equal(spool.openReport.entries, 200);
    spool.close();
  });

  it('groupCommit: false writes each record inside onEnd (the strict guarantee, a write per span)', async () => {
    const p = new DurableSpanProcessor({ address: '127.0.0.1:1', credentials: grpc.credentials.createInsecure(), spoolDir: dir, groupCommit: false, shutdownTimeoutMs: 0, logger: quiet });
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }), spanProcessors: [p as unknown as SpanProcessor] });
    const tracer = provider.getTracer('grpc-audit');
    const writes = await countSegmentWrites(dir, async () => {
      for (let i = 0; i < 5; i++) {
        tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.system': 'grpc' } }).end();
        assert.equal(p.stats().spooled, i + 1, 'in the spool when onEnd returned');
      }
    });
    assert.equal(writes.filter((w) => w.bytes > 8).length, 5);
    await p.shutdown();
  });
});

describe('delivery: kill -9 around the group commit (real processes, real collector)', function () {
  this.timeout(120_000);
  let env: DeliveryEnv;
  beforeEach(async () => {
    env = await DeliveryEnv.create();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('after the flush barrier nothing is lost; spans staged but not yet committed are declared (restart gap), never silently missing', async () => {
    const spoolDir = path.join(env.dir, 'barrier-spool');
    const app = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'barrier-app.ts'), JSON.stringify({ spoolDir, spans: 150, unflushed: 30 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    app.stdout!.on('data', (d) => (out += d));
    app.stderr!.on('data', (d) => (err += d));
    const exited = new Promise((r) => app.once('exit', r));
    await waitFor(() => /staged 30/.test(out) || app.exitCode !== null, 'app spooled 150 and staged 30', 60_000);
    assert.match(out, /staged 30/, err);
    const spooled = JSON.parse(out.match(/spooled (\{.*\})/)![1]);
    assert.equal(spooled.spooled, 150);
    app.kill('SIGKILL');
    await exited;

    // What the disk holds: exactly the 150 committed records.
    const raw = DiskSpool.open({ dir: spoolDir, maxBytes: 1 << 30, segmentBytes: 8 << 20, fsync: 'never' });
    assert.equal(raw.openReport.entries, 150);
    assert.equal(raw.openReport.maxSeq, 150);
    raw.close();
    await raw.idle();

    await env.startCollector();
    const p = env.processor('barrier-spool');
    assert.equal(p.emitterId, spooled.emitterId);
    const tracer = env.provider(p).getTracer('grpc-audit');
    tracer.startSpan('grpc.demo.v1.Shop/Buy', { attributes: { 'rpc.system': 'grpc' } }).end();
    await p.forceFlush();
    await p.forceFlush(); // the gap report follows
    await waitFor(() => env.seqs(p.emitterId, 'gap').length > 0, 'restart gap stored');
    const stored = env.seqs(p.emitterId);
    assert.deepEqual(stored.slice(0, 150), range(1, 150), 'every committed record stored once');
    const report = await findSequenceGaps(env.log!.store, { emitterId: p.emitterId });
    const e = report.emitters[0];
    assert.equal(e.openCount, 0, `no unexplained hole: ${JSON.stringify(e.open)}`);
    const declared = e.declared.filter((d) => d.reason === 'restart').flatMap((d) => range(d.from, d.to));
    for (const s of range(151, 180)) assert.ok(declared.includes(s), `staged-but-uncommitted seq ${s} is declared lost`);
    await p.shutdown();
  });
});
