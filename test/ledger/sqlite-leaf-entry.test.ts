import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { encodeLeafEntry } from '../../collector/ledger/leaf-entry';
import { LEAF_ENTRY_SQL } from '../../collector/ledger/verify-sqlite-scan';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { makeRecord } from '../store/make-records';

/**
 * verify's fast path has SQLite build each leaf entry (json_quote per column). A disagreement
 * with JavaScript's encoding would never pass a tampered row (see verify-sqlite-scan.ts), but it
 * would send clean pages down the slow path; this checks the two agree on arbitrary text.
 */
describe('ledger: SQLite-built leaf entries equal the JavaScript encoding', () => {
  it('for arbitrary well-formed strings, optional fields and subject lists', async () => {
    const store = new SqliteRecordStore({ path: ':memory:' });
    const entry = store.db.prepare(`SELECT ${LEAF_ENTRY_SQL} FROM records WHERE leaf_index = ?`).pluck();
    const text = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed());
    let i = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          recordId: text.filter((s) => s.length > 0),
          identity: text,
          service: text,
          method: text,
          kind: text,
          emitterId: fc.option(text, { nil: undefined }),
          seq: fc.option(fc.nat(), { nil: undefined }),
          grpcStatusCode: fc.option(fc.integer({ min: -5, max: 20 }), { nil: undefined }),
          subjectRefs: fc.array(text, { maxLength: 3 }),
          receivedAtMs: fc.nat(),
        }),
        async (fields) => {
          const r = { ...makeRecord(i), ...fields, recordId: `${i}:${fields.recordId}` };
          const { firstLeafIndex } = await store.append([r]);
          const stored = (await store.readRange(firstLeafIndex, firstLeafIndex + 1))[0];
          assert.equal(entry.get(firstLeafIndex), `\u0000${encodeLeafEntry(firstLeafIndex, r, stored.bodySha256)}`);
          i++;
        },
      ),
      { numRuns: 300, seed: 3 },
    );
    await store.close();
  });
});
