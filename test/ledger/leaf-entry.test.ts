import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { encodeLeafEntry, encodeLeafEntryWithRefs, isCanonicalRefsJson, LEAF_ENTRY_VERSION } from '../../collector/ledger/leaf-entry';
import { makeRecord } from '../store/make-records';

/** The documented definition, written the obvious way: JSON.stringify of the array. */
function specEntry(i: number, r: ReturnType<typeof makeRecord>, digest: string): string {
  return JSON.stringify([
    LEAF_ENTRY_VERSION, i, r.recordId, r.recordType, r.identity, r.service, r.method, r.kind, r.traceId, r.spanId,
    r.parentSpanId ?? null, r.emitterId ?? null, r.seq ?? null, r.startTimeUnixNano, r.endTimeUnixNano,
    r.grpcStatusCode ?? null, r.subjectRefs, r.receivedAtMs, digest,
  ]);
}

describe('ledger: leaf entry encoding', () => {
  it('is byte-identical to JSON.stringify of the documented array, for arbitrary field values', () => {
    const str = fc.string({ unit: 'binary' }); // includes lone surrogates, quotes, controls
    fc.assert(
      fc.property(
        fc.nat(), str, str, str, str, fc.option(str, { nil: undefined }), fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.integer({ min: -1, max: 20 }), { nil: undefined }), fc.array(str, { maxLength: 4 }),
        (i, recordId, service, method, body, emitterId, seq, code, refs) => {
          const r = { ...makeRecord(1), recordId, service, method, body, emitterId, seq, grpcStatusCode: code, subjectRefs: refs };
          const digest = 'ab'.repeat(32);
          const text = encodeLeafEntry(i, r, digest);
          assert.equal(text, specEntry(i, r, digest));
          assert.equal(encodeLeafEntryWithRefs(i, r, JSON.stringify(refs), digest), text);
          assert.equal(isCanonicalRefsJson(JSON.stringify(refs)), true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('commits to the position: the same record at another index encodes differently', () => {
    const r = makeRecord(3);
    assert.notEqual(encodeLeafEntry(3, r, 'x'), encodeLeafEntry(4, r, 'x'));
  });

  it('treats a non-canonical stored subject list as not canonical', () => {
    for (const bad of ['[ "a"]', '["a",]', '{"a":1}', '[1]', 'null', '["a"],5']) assert.equal(isCanonicalRefsJson(bad), false, bad);
  });
});
