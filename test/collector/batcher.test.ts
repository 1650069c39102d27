import { strict as assert } from 'node:assert';
import { Batcher } from '../../collector/ingest/batcher';
import { InMemoryRecordSink } from '../../collector/ingest/in-memory-record-sink';
import { QueueFullError, ShuttingDownError, SinkError } from '../../collector/ingest/ingest-errors';
import type { AppendResult, RecordSink } from '../../collector/ingest/record-sink';
import type { AuditRecord } from '../../collector/store/record';

let n = 0;
function rec(): AuditRecord {
  n++;
  return {
    recordId: `r${n}`,
    identity: 'i',
    service: 's',
    method: '',
    traceId: 't',
    spanId: 's',
    kind: 'server',
    recordType: 'span',
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    subjectRefs: [],
    body: '{}',
    receivedAtMs: 1,
  };
}
const recs = (k: number): AuditRecord[] => Array.from({ length: k }, rec);

/** A sink whose appends complete only when the test says so. */
class GatedSink implements RecordSink {
  calls: AuditRecord[][] = [];
  private gates: Array<() => void> = [];
  append(records: AuditRecord[]): Promise<AppendResult> {
    this.calls.push(records);
    return new Promise((resolve) => this.gates.push(() => resolve({ accepted: records.length, duplicates: 0 })));
  }
  release(): void {
    this.gates.shift()?.();
  }
}

describe('ingest batcher', function () {
  it('groups records from many submissions into one append and resolves each after it', async () => {
    const sink = new InMemoryRecordSink();
    const b = new Batcher(sink, { maxRecords: 100, maxDelayMs: 20, maxPendingRecords: 1000 });
    await Promise.all([b.submit(recs(3)), b.submit(recs(4)), b.submit(recs(5))]);
    assert.deepEqual(sink.batches, [12]);
    assert.equal(b.pending, 0);
  });

  it('flushes as soon as maxRecords are queued, in arrival order', async () => {
    const sink = new InMemoryRecordSink();
    const b = new Batcher(sink, { maxRecords: 5, maxDelayMs: 60_000, maxPendingRecords: 1000 });
    const first = recs(5);
    await b.submit(first);
    assert.deepEqual(sink.batches, [5]);
    assert.deepEqual(sink.records.map((r) => r.recordId), first.map((r) => r.recordId));
  });

  it('group commit: what arrived during an append is appended as soon as it returns, without waiting maxDelayMs', async () => {
    const sink = new GatedSink();
    const b = new Batcher(sink, { maxRecords: 4, maxDelayMs: 60_000, maxPendingRecords: 1000 });
    const first = b.submit(recs(4)); // full: starts at once
    await new Promise((r) => setImmediate(r));
    assert.equal(sink.calls.length, 1);
    const late = [b.submit(recs(1)), b.submit(recs(2))]; // arrive while the first append runs
    await new Promise((r) => setImmediate(r));
    assert.equal(sink.calls.length, 1, 'one append at a time');
    sink.release();
    await first;
    await new Promise((r) => setImmediate(r));
    // Not after the 60 s delay: the two late submissions make the next batch right away.
    assert.deepEqual(sink.calls.map((c) => c.length), [4, 3]);
    sink.release();
    await Promise.all(late);
    assert.equal(b.pending, 0);
  });

  it('does not answer before the append completes (a response means stored)', async () => {
    const sink = new GatedSink();
    const b = new Batcher(sink, { maxRecords: 1, maxDelayMs: 0, maxPendingRecords: 100 });
    let done = false;
    const p = b.submit(recs(1)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sink.calls.length, 1);
    assert.equal(done, false);
    sink.release();
    await p;
    assert.equal(done, true);
  });

  it('runs one append at a time and bounds pending records with QueueFullError', async () => {
    const sink = new GatedSink();
    const b = new Batcher(sink, { maxRecords: 2, maxDelayMs: 0, maxPendingRecords: 4 });
    const p1 = b.submit(recs(2));
    const p2 = b.submit(recs(2));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(sink.calls.length, 1, 'second batch waits for the first');
    assert.equal(b.pending, 4);
    await assert.rejects(b.submit(recs(1)), (e: unknown) => e instanceof QueueFullError && e.limit === 4);
    sink.release();
    await p1;
    await new Promise((r) => setTimeout(r, 10));
    sink.release();
    await p2;
    assert.equal(b.pending, 0);
  });

  it('fails every submission of a failed batch with a retryable SinkError and keeps working', async () => {
    const sink = new InMemoryRecordSink();
    sink.failNext = 1;
    const b = new Batcher(sink, { maxRecords: 100, maxDelayMs: 5, maxPendingRecords: 1000 });
    const results = await Promise.allSettled([b.submit(recs(2)), b.submit(recs(2))]);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof SinkError));
    assert.equal(b.pending, 0);
    await b.submit(recs(1));
    assert.equal(sink.records.length, 1);
  });

  it('flushes on close, then refuses new records; close twice is safe', async () => {
    const sink = new InMemoryRecordSink();
    const b = new Batcher(sink, { maxRecords: 100, maxDelayMs: 60_000, maxPendingRecords: 1000 });
    const p = b.submit(recs(3));
    await b.close();
    await p;
    assert.equal(sink.records.length, 3);
    await b.close();
    await assert.rejects(b.submit(recs(1)), ShuttingDownError);
  });
});
