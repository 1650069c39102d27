import type { RecordSql } from '../store/record-sql';

/**
 * Emitter ids belong to the identity that first reported them. An emitter id is chosen by the
 * sender, and sequence gaps are computed per emitter, so without ownership any workload could
 * inject records, gap reports or reused sequence numbers into another workload's numbering
 * (issue 15). The first identity to send a record under an emitter id owns it for good; the
 * receiver refuses that emitter's records from every other identity with PERMISSION_DENIED.
 *
 * The map lives in memory (one lookup per emitter change within a request, not per span) and is
 * rebuilt at start from the store: the owner is the identity of the emitter's first stored record.
 */
export class EmitterOwners {
  private readonly owners = new Map<string, string>();

  constructor(initial: Iterable<readonly [emitterId: string, identity: string]> = []) {
    for (const [e, i] of initial) this.owners.set(e, i);
  }

  /** True when `identity` owns `emitterId` (binding it now if nobody did yet). */
  claim(emitterId: string, identity: string): boolean {
    const owner = this.owners.get(emitterId);
    if (owner === undefined) {
      this.owners.set(emitterId, identity);
      return true;
    }
    return owner === identity;
  }

  get size(): number {
    return this.owners.size;
  }
}

/**
 * Owners as recorded in the store (SQLite or PostgreSQL, through the read-only RecordSql): for
 * each emitter, the identity of its first record.
 */
export async function loadEmitterOwners(sql: RecordSql): Promise<Array<[string, string]>> {
  const rows = await sql.select(
    `SELECT emitter_id, identity FROM records
      WHERE leaf_index IN (SELECT min(leaf_index) FROM records WHERE emitter_id IS NOT NULL GROUP BY emitter_id)`,
  );
  return rows.map((r) => [r.emitter_id as string, r.identity as string]);
}
