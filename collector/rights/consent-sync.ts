import type { RecordStore, StoredRecord } from '../store/record-store';
import { consentChangeOf, SET_CONSENT_METHOD } from './consent-from-ledger';
import type { ConsentRegistry } from './consent-registry';

const PAGE = 1000;
const NS_PER_MS = 1_000_000n;

export interface ConsentSyncOptions {
  /** How often the store is polled for changes made through other collector replicas (default 250 ms). */
  intervalMs?: number;
  /**
   * How far before the newest change seen a poll looks again (default 5 min): changes are found by
   * their start time (indexed), which comes from the clock of the replica that recorded them.
   */
  clockSkewMs?: number;
}

/**
 * Keeps the consent registry equal to the ledger, also when several collector replicas share one
 * store (PostgreSQL): it reads the SetConsent admin records it has not applied yet and applies
 * them in leaf order. A replica's own changes go through the same path (`poll()` right after the
 * append), so the registry never applies a later leaf before an earlier one — the store makes
 * leaves visible in leaf order, so a poll that sees leaf n sees every leaf before it.
 */
export class ConsentSync {
  private newestStartNs = -1n;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly skewNs: bigint;

  constructor(
    private readonly store: RecordStore,
    private readonly registry: ConsentRegistry,
    options: ConsentSyncOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.skewNs = BigInt(options.clockSkewMs ?? 300_000) * NS_PER_MS;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.poll().catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Applies every change recorded since the last poll; concurrent calls share one pass (plus one more). */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const from = this.newestStartNs < 0n ? undefined : this.newestStartNs - this.skewNs;
    const rows: StoredRecord[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const filter = { recordType: 'admin' as const, method: SET_CONSENT_METHOD, ...(from !== undefined && from > 0n ? { fromUnixNano: from } : {}) };
      const page = await this.store.query(filter, { limit: PAGE, offset, order: 'asc' });
      rows.push(...page);
      if (page.length < PAGE) break;
    }
    const next = this.registry.headToken();
    rows.sort((a, b) => a.leafIndex - b.leafIndex);
    for (const r of rows) {
      const start = BigInt(r.startTimeUnixNano);
      if (start > this.newestStartNs) this.newestStartNs = start;
      if (r.leafIndex < next) continue;
      const change = consentChangeOf(r);
      if (change) this.registry.apply(change);
    }
  }
}
