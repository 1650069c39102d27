/**
 * The record ids the SQLite store appended most recently, with the identity that stored each:
 * who owns an id when a record arrives with a known id but another start time.
 *
 * Why: the store's unique key is (start_time_ns, record_id) — a time-led index whose appends
 * touch its last pages only (sqlite-migrations.ts, version 3) — so an index search finds an
 * emitter's retry (same span, same start) but not the same trace/span ids under another start
 * time. The attack that matters there is live: an identity that saw a call's `traceparent`
 * reports a span under those ids while the call is recent. This window answers for the last
 * `capacity` ids in memory (a Map keeps insertion order, so the oldest is evicted first); past
 * it, a record with a reused id and a different start time is stored as its own record, under
 * its own authenticated identity, and nothing already stored is replaced.
 */
export class RecentRecordIds {
  private readonly owners = new Map<string, string>();
  /**
   * The ids in the order they came, as a ring: evicting through the Map's own order
   * (`keys().next()`) walks over every deleted slot before its next rehash, measured at ~6 µs per
   * appended record once the window was full.
   */
  private readonly order: string[];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`recent id window must be a non-negative integer, got ${capacity}`);
    this.order = new Array<string>(capacity);
  }

  /** Identity that stored `recordId`, when it is within the window. */
  owner(recordId: string): string | undefined {
    return this.capacity === 0 ? undefined : this.owners.get(recordId);
  }

  /** Remembers an appended id (the first owner stays: a store never re-assigns an id). */
  add(recordId: string, identity: string): void {
    if (this.capacity === 0 || this.owners.has(recordId)) return;
    const evicted = this.order[this.next];
    if (evicted !== undefined) this.owners.delete(evicted);
    this.order[this.next] = recordId;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    this.owners.set(recordId, identity);
  }

  get size(): number {
    return this.owners.size;
  }
}
