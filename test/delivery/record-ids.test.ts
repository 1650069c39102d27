import { strict as assert } from 'node:assert';
import { RecordIdSource } from '../../interceptors/delivery/record-ids';

describe('delivery: record ids', () => {
  it('are 32 hex chars: the millisecond clock, then 80 random bits; unique, and ordered by time across milliseconds', () => {
    const ids = new RecordIdSource();
    const before = Date.now();
    const all = Array.from({ length: 100_000 }, () => ids.next());
    const after = Date.now();
    assert.equal(new Set(all).size, all.length);
    let lastMs = 0;
    for (const id of all) {
      assert.match(id, /^[0-9a-f]{32}$/);
      const ms = parseInt(id.slice(0, 12), 16);
      assert.ok(ms >= before && ms <= after, `clock part ${ms} outside [${before}, ${after}]`);
      assert.ok(ms >= lastMs, 'the clock part never goes back within one source');
      lastMs = ms;
    }
    // the random part is not a counter: across a pool refill and within one millisecond it varies
    const tails = new Set(all.map((id) => id.slice(12, 16)));
    assert.ok(tails.size > 1000, `only ${tails.size} distinct 16-bit prefixes of the random part`);
  });
});
