import type Database from 'better-sqlite3';
import { Gauge, type Registry } from 'prom-client';
import { findSequenceGaps, type GapReport } from './sequence-gaps';

export interface GapMetricsOptions {
  /** Reuse a computed report this long (default 15 s): a scrape must not rescan a large store each time. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Registers `grpcaudit_collector_open_sequence_gaps` (ranges), `grpcaudit_collector_missing_records`
 * (numbers in open ranges) and `grpcaudit_collector_declared_lost_records` (numbers emitters
 * reported lost) on REGISTRY, computed from the store at scrape time. No labels: emitter ids are
 * unbounded and would explode cardinality — `grpc-audit gaps` lists them.
 *
 * The collector wires it with `registerGapMetrics(metrics.registry, () => log.store.db)`.
 */
export function registerGapMetrics(registry: Registry, db: () => Database.Database | undefined, options: GapMetricsOptions = {}): { report(): GapReport | undefined } {
  const cacheMs = options.cacheMs ?? 15_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; report: GapReport } | undefined;
  const report = (): GapReport | undefined => {
    if (cached && now() - cached.at < cacheMs) return cached.report;
    const handle = db();
    if (!handle || !handle.open) return undefined;
    cached = { at: now(), report: findSequenceGaps(handle) };
    return cached.report;
  };
  const gauge = (name: string, help: string, pick: (r: GapReport) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const r = report();
        if (r) this.set(pick(r));
      },
    });
  };
  gauge('grpcaudit_collector_open_sequence_gaps', 'Ranges of emitter sequence numbers missing from the store and not reported lost by the emitter.', (r) => r.openRanges);
  gauge('grpcaudit_collector_missing_records', 'Sequence numbers in open gaps (records that may still arrive, or vanished without a report).', (r) => r.openRecords);
  gauge('grpcaudit_collector_declared_lost_records', 'Sequence numbers emitters reported lost with explicit gap records.', (r) => r.declaredRecords);
  return { report };
}
