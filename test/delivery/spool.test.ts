import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskSpool, type DiskSpoolOptions } from '../../interceptors/delivery/disk-spool';
import { EmitterState } from '../../interceptors/delivery/emitter-state';
import { SpoolFullError, SpoolIoError } from '../../interceptors/delivery/spool-errors';
import { decodeFrame, encodeFrame } from '../../interceptors/delivery/spool-frame';

function payload(seq: number, size = 100): Buffer {
  return Buffer.alloc(size, seq % 251);
}

function drain(spool: DiskSpool, maxEntries = 1000): number[] {
  const seqs: number[] = [];
  for (;;) {
    const b = spool.readBatch(maxEntries, 1 << 20);
    if (!b) return seqs;
    for (const e of b.entries) {
      assert.deepEqual(e.payload, payload(e.seq, e.payload.length), `payload of ${e.seq} intact`);
      seqs.push(e.seq);
    }
    spool.ack(b);
  }
}

describe('delivery: disk spool', () => {
  let dir: string;
  const opts = (extra: Partial<DiskSpoolOptions> = {}): DiskSpoolOptions => ({ dir, maxBytes: 1 << 20, segmentBytes: 4096, fsync: 'never', ...extra });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-spool-'))));
  // Every spool operation here is synchronous, yet a fresh CI machine once saw ENOTEMPTY from the
  // recursive removal right after a test (1 run in ~20): retried for up to a second, and if it still
  // fails the error names what was left, so a real late write would show itself.
  afterEach(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || attempt >= 20) {
          const left = fs.existsSync(dir) ? fs.readdirSync(dir).join(', ') : '(gone)';
          throw new Error(`${(err as Error).message}; left in ${dir}: ${left}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it('frames: round trip, and every single-byte change or truncation is detected', () => {
    const f = encodeFrame(42, Buffer.from('hello spool'));
    const r = decodeFrame(f, 0);
    assert.ok(r.ok && r.entry.seq === 42 && r.entry.payload.toString() === 'hello spool');
    for (let i = 0; i < f.length; i++) {
      const g = Buffer.from(f);
      g[i] ^= 0x40;
      assert.equal(decodeFrame(g, 0).ok, false, `flip at byte ${i} detected`);
    }
    for (let n = 0; n < f.length; n++) assert.equal(decodeFrame(f.subarray(0, n), 0).ok, false, `truncation to ${n} detected`);
  });

  it('appends across segments, reads in order in bounded batches, deletes only acknowledged segments', async () => {
    const spool = DiskSpool.open(opts());
    for (let s = 1; s <= 200; s++) spool.append(s, payload(s));
    assert.equal(spool.pendingEntries, 200);
    const segsBefore = fs.readdirSync(dir).filter((n) => n.endsWith('.spool')).length;
    assert.ok(segsBefore > 3, `several segments (${segsBefore})`);
    const b = spool.readBatch(50, 1 << 20)!;
    assert.deepEqual(b.entries.map((e) => e.seq), Array.from({ length: 50 }, (_, i) => i + 1));
    // Reading again without ack gives the same batch (a retry resends the same records).
    assert.deepEqual(spool.readBatch(50, 1 << 20)!.entries.map((e) => e.seq), b.entries.map((e) => e.seq));
    spool.ack(b);
    assert.equal(spool.pendingEntries, 150);
    assert.equal(fs.readdirSync(dir).filter((n) => n.endsWith('.spool')).length, segsBefore, 'kept until the cursor naming them acknowledged is on disk');
    await spool.idle(); // the background cursor write landed
    assert.ok(fs.readdirSync(dir).filter((n) => n.endsWith('.spool')).length < segsBefore, 'an acknowledged segment was deleted');
    assert.deepEqual(drain(spool), Array.from({ length: 150 }, (_, i) => i + 51));
    assert.equal(spool.hasUnread(), false);
    spool.close();
    // Cursor writes and segment deletions finish in the thread pool; wait before the directory goes.
    await spool.idle();
  });

  it('resumes after a restart: unacknowledged entries replay, acknowledged ones do not', () => {
    let spool = DiskSpool.open(opts());
    for (let s = 1; s <= 60; s++) spool.append(s, payload(s));
    spool.ack(spool.readBatch(25, 1 << 20)!);
    spool.close();
    spool = DiskSpool.open(opts());
    assert.equal(spool.openReport.entries, 35);
    assert.equal(spool.openReport.maxSeq, 60);
    for (let s = 61; s <= 70; s++) spool.append(s, payload(s));
    assert.deepEqual(drain(spool), Array.from({ length: 45 }, (_, i) => i + 26));
    spool.close();
    spool = DiskSpool.open(opts());
    assert.equal(spool.openReport.entries, 0);
    assert.equal(spool.openReport.maxSeq, 70, 'the acknowledged high-water mark survives');
    spool.close();
  });

  it('a torn write at the tail (kill -9 mid-write) is cut off; everything before it is kept', () => {
    const spool = DiskSpool.open(opts({ segmentBytes: 1 << 16 }));
    for (let s = 1; s <= 10; s++) spool.append(s, payload(s));
    spool.close();
    const seg = fs.readdirSync(dir).filter((n) => n.endsWith('.spool')).sort().pop()!;
    const file = path.join(dir, seg);
    const half = encodeFrame(11, payload(11)).subarray(0, 30);
    fs.appendFileSync(file, half); // a write that stopped part-way
    const reopened = DiskSpool.open(opts({ segmentBytes: 1 << 16 }));
    assert.equal(reopened.openReport.tornTailBytes, 30);
    assert.deepEqual(reopened.openReport.corruptions, []);
    assert.equal(reopened.openReport.maxSeq, 10);
    reopened.append(11, payload(11));
    assert.deepEqual(drain(reopened), Array.from({ length: 11 }, (_, i) => i + 1));
    reopened.close();
  });

  it('corruption in a middle segment is reported with the last good seq; later segments still replay', () => {
    const spool = DiskSpool.open(opts());
    for (let s = 1; s <= 100; s++) spool.append(s, payload(s));
    spool.close();
    const segs = fs.readdirSync(dir).filter((n) => n.endsWith('.spool')).sort();
    const victim = path.join(dir, segs[1]);
    const data = fs.readFileSync(victim);
    data[data.length - 50] ^= 0xff; // flip a byte inside the last entry of segment 2
    fs.writeFileSync(victim, data);
    const reopened = DiskSpool.open(opts());
    assert.equal(reopened.openReport.corruptions.length, 1);
    const c = reopened.openReport.corruptions[0];
    const seqs = drain(reopened);
    assert.equal(seqs.length, 99, 'exactly the corrupted entry is missing');
    assert.ok(!seqs.includes(c.afterSeq + 1), 'the entry after afterSeq is the lost one');
    assert.ok(seqs.includes(100));
    reopened.close();
  });

  it('the size bound refuses appends with SpoolFullError and frees room after acknowledgement', async () => {
    const spool = DiskSpool.open(opts({ maxBytes: 8192, segmentBytes: 2048 }));
    let s = 0;
    assert.throws(() => {
      for (;;) spool.append(++s, payload(s, 200));
    }, SpoolFullError);
    const kept = s - 1;
    assert.ok(kept >= 20 && spool.diskBytes <= 8192, `bounded: ${spool.diskBytes} bytes for ${kept} entries`);
    assert.equal(spool.hasRoomFor(300), false);
    drain(spool);
    await spool.idle(); // segments go once the cursor is on disk
    assert.ok(spool.hasRoomFor(300), 'room again once acknowledged segments are gone');
    spool.append(s, payload(s, 200));
    spool.close();
  });

  it('fsync policies: always and interval both work (writes land on disk)', () => {
    for (const fsync of ['always', { intervalMs: 5 }] as const) {
      const d = path.join(dir, typeof fsync === 'string' ? fsync : 'interval');
      const spool = DiskSpool.open({ dir: d, maxBytes: 1 << 20, segmentBytes: 4096, fsync });
      for (let s = 1; s <= 20; s++) spool.append(s, payload(s));
      spool.close();
      const again = DiskSpool.open({ dir: d, maxBytes: 1 << 20, segmentBytes: 4096, fsync });
      assert.equal(again.openReport.entries, 20);
      again.close();
    }
  });

  it('an unusable directory (path below a regular file) fails to open with a SpoolIoError naming the errno', () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    assert.throws(() => DiskSpool.open(opts({ dir: path.join(file, 'spool') })), (e: unknown) => e instanceof SpoolIoError && e.code === 'ENOTDIR');
  });

  it('one process per spool: a live owner keeps the lock, a dead one is taken over', () => {
    const spool = DiskSpool.open(opts());
    assert.throws(() => DiskSpool.open(opts()), /in use|lock/);
    spool.close();
    fs.writeFileSync(path.join(dir, 'spool.lock'), '999999'); // no such process
    DiskSpool.open(opts()).close();
  });

  it('emitter state: id survives restarts; sequence numbers never repeat, even after a crash mid-block', async () => {
    const a = EmitterState.open(dir, 10, false);
    const used = Array.from({ length: 15 }, () => a.nextSeq());
    assert.deepEqual(used, Array.from({ length: 15 }, (_, i) => i + 1));
    // "crash": no clean close; a new process opens the same dir
    const b = EmitterState.open(dir, 10, false);
    assert.equal(b.emitterId, a.emitterId);
    assert.equal(b.previousReservedTo, 20, 'the mark was persisted ahead of use');
    assert.equal(b.nextSeq(), 21, 'numbering continues past everything the crashed run could have used');
    await a.idle();
    await b.idle();
    fs.writeFileSync(path.join(dir, 'emitter.json'), '{garbage');
    assert.throws(() => EmitterState.open(dir, 10, false), /unreadable/);
  });
});

describe('delivery: sequence reservation ahead of use', () => {
  it('the lookahead grows when numbers run out before a background write lands (high rates); the file always covers every number used and only grows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-seq-'));
    try {
      const s = EmitterState.open(dir, 10, true);
      const read = (): number => JSON.parse(fs.readFileSync(path.join(dir, 'emitter.json'), 'utf8')).reservedTo;
      let last = read();
      for (let i = 1; i <= 3000; i++) {
        assert.equal(s.nextSeq(), i);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r)); // bursts of 100 per turn
        const m = read();
        assert.ok(m >= last, `the mark never shrinks (${last} → ${m})`);
        assert.ok(m >= i, `number ${i} is covered by the persisted mark ${m}`);
        last = m;
      }
      await s.idle();
      assert.ok((s as unknown as { ahead: number }).ahead > 10, 'the lookahead grew');
      const again = EmitterState.open(dir, 10, true);
      assert.ok(again.nextSeq() > 3000, 'a restart never reuses a number');
      await again.idle();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    }
  });

  it('persists the next block in the background before the current one runs out; the mark only grows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-seq-'));
    try {
      const s = EmitterState.open(dir, 10, true);
      const read = (): number => JSON.parse(fs.readFileSync(path.join(dir, 'emitter.json'), 'utf8')).reservedTo;
      assert.equal(read(), 10);
      s.nextSeq(); // first use: the next block is persisted in the background
      for (let i = 0; i < 50 && read() < 20; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(read(), 20, 'next block persisted before it is needed');
      const used: number[] = [];
      for (let i = 0; i < 40; i++) used.push(s.nextSeq());
      assert.deepEqual(used, Array.from({ length: 40 }, (_, i) => i + 2), 'numbering is unaffected');
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(read() >= 41, `the mark covers every number used (${read()})`);
      const again = EmitterState.open(dir, 10, true);
      assert.ok(again.nextSeq() > 41, 'a restart never reuses a number');
      await s.idle();
      await again.idle();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    }
  });
});
