import { strict as assert } from 'node:assert';
import { Batcher } from '../../collector/ingest/batcher';
import type { AppendResult, RecordSink } from '../../collector/ingest/record-sink';
import type { AuditRecord } from '../../collector/store/record';
import { makeRecord } from '../store/make-records';

/** A sink that records which identities each append carried, and holds each append until released. */
class RecordingSink implements RecordSink {
  readonly batches: string[][] = [];
  async append(records: AuditRecord[]): Promise<AppendResult> {
    this.batches.push(records.map((r) => r.identity));
    // long enough that a loaded machine cannot finish a batch before the test queues its next request
    await new Promise((r) => setTimeout(r, 40));
    return { accepted: records.length, duplicates: 0 };
  }
}

describe('security: the batcher lets identities take turns', () => {
  const recs = (who: string, from: number, n: number, bodyBytes = 600): AuditRecord[] =>
    Array.from({ length: n }, (_, i) => makeRecord(from + i, { identity: who }, bodyBytes));

  it('a small request of B is stored before most of A\'s large one, which was queued first', async () => {
    const sink = new RecordingSink();
    const b = new Batcher(sink, { maxRecords: 512, maxDelayMs: 1, maxPendingRecords: 100_000 });
    const bigA = b.submit(recs('A', 0, 1000, 8 * 1024)); // ~8 MiB of bodies
    const smallB = b.submit(recs('B', 5000, 1));
    let bDoneAfterBatches = -1;
    void smallB.then(() => (bDoneAfterBatches = sink.batches.length));
    await Promise.all([bigA, smallB]);
    const batchOfB = sink.batches.findIndex((ids) => ids.includes('B'));
    assert.ok(batchOfB >= 0 && batchOfB <= 1, `B stored in batch ${batchOfB} of ${sink.batches.length}`);
    assert.ok(sink.batches.length > 2, 'A\'s request was spread over several batches while B waited');
    assert.ok(bDoneAfterBatches <= 2);
    // Every record of both stored exactly once.
    assert.equal(sink.batches.flat().filter((x) => x === 'A').length, 1000);
    assert.equal(sink.batches.flat().filter((x) => x === 'B').length, 1);
  });

  it('B\'s small request is not left out while each entry of A\'s request alone fills a batch\'s size budget', async () => {
    const sink = new RecordingSink();
    const b = new Batcher(sink, { maxRecords: 512, maxDelayMs: 1, maxPendingRecords: 100_000 });
    const bigA = b.submit(recs('A', 0, 512, 40 * 1024)); // entries of 64 records × 40 KiB: 2.5 MiB each, over the 2 MiB budget
    await new Promise((r) => setImmediate(r)); // A's first batch is under way
    const smallB = b.submit(recs('B', 5000, 1));
    await Promise.all([bigA, smallB]);
    const batchOfB = sink.batches.findIndex((ids) => ids.includes('B'));
    assert.ok(batchOfB >= 0 && batchOfB <= 1, `B stored in batch ${batchOfB} of ${sink.batches.length}: ${sink.batches.map((x) => x.length).join(',')}`);
    assert.equal(sink.batches.flat().filter((x) => x === 'A').length, 512);
  });

  it('ordinary records still make full batches; very large bodies make batches of at most ~2 MiB', async () => {
    const sink = new RecordingSink();
    const b = new Batcher(sink, { maxRecords: 512, maxDelayMs: 1, maxPendingRecords: 100_000 });
    await b.submit(recs('A', 0, 1024, 1024));
    assert.deepEqual(sink.batches.map((x) => x.length), [512, 512]);
    sink.batches.length = 0;
    await b.submit(recs('A', 2000, 1024, 8 * 1024));
    assert.ok(sink.batches.length >= 4, `${sink.batches.length} batches`);
    for (const x of sink.batches) assert.ok(x.length <= 256, `batch of ${x.length} records of 8 KiB`);
  });
});
