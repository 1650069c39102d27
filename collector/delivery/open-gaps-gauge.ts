import { Gauge, type Registry } from 'prom-client';
import type { RecordSql } from '../store/record-sql';
import { findSequenceGaps, type GapQueryOptions, type GapReport } from './sequence-gaps';

export interface GapMetricsOptions {
  /** Reuse a computed report this long (default 15 s): a scrape must not rescan a large store each time. */
  cacheMs?: number;
  now?: () => number;
  /** What one sequence is (see GapQueryOptions.groupBy). */
  groupBy?: GapQueryOptions['groupBy'];
  /** Told when computing the report failed (the gauges then keep their last values). */
  onError?: (err: Error) => void;
}

/**
 * Registers `grpcaudit_collector_open_sequence_gaps` (ranges), `grpcaudit_collector_missing_records`
 * (numbers in open ranges) and `grpcaudit_collector_declared_lost_records` (numbers emitters
 * reported lost) on REGISTRY, computed from the store at scrape time through RecordSql — the same
 * on SQLite and PostgreSQL. No labels: emitter ids are unbounded and would explode cardinality —
 * `grpc-audit gaps` lists them.
 *
 * The collector wires it with `registerGapMetrics(metrics.registry, () => sink.reports)`.
 * Concurrent scrapes share one computation; `sql()` returning undefined (store closed) skips it.
 */
export function registerGapMetrics(registry: Registry, sql: () => RecordSql | undefined, options: GapMetricsOptions = {}): { report(): Promise<GapReport | undefined> } {
  const cacheMs = options.cacheMs ?? 15_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; report: GapReport } | undefined;
  let running: Promise<GapReport | undefined> | undefined;
  const report = (): Promise<GapReport | undefined> => {
    if (cached && now() - cached.at < cacheMs) return Promise.resolve(cached.report);
    if (running) return running;
    const handle = sql();
    if (!handle) return Promise.resolve(undefined);
    running = findSequenceGaps(handle, { groupBy: options.groupBy }).then(
      (r) => {
        cached = { at: now(), report: r };
        return r;
      },
      (err: Error) => {
        options.onError?.(err);
        return cached?.report;
      },
    ).finally(() => {
      running = undefined;
    });
    return running;
  };
  const gauge = (name: string, help: string, pick: (r: GapReport) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const r = await report();
        if (r) this.set(pick(r));
      },
    });
  };
  gauge('grpcaudit_collector_open_sequence_gaps', 'Ranges of emitter sequence numbers missing from the store and not reported lost by the emitter.', (r) => r.openRanges);
  gauge('grpcaudit_collector_missing_records', 'Sequence numbers in open gaps (records that may still arrive, or vanished without a report).', (r) => r.openRecords);
  gauge('grpcaudit_collector_declared_lost_records', 'Sequence numbers emitters reported lost with explicit gap records.', (r) => r.declaredRecords);
  return { report };
}
