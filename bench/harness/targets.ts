/**
 * Issue 10's targets, evaluated on one run's figures: every limit is a ratio or a count taken from
 * the same run (otel's ratio, bare's CPU, the store's bare INSERT), never an absolute time budget.
 * A figure that the run did not measure is `unavailable`, never guessed.
 */
import type { ConfigName, PayloadKind, WorkloadName } from './protocol';
import type { CellSummary, Target } from './report';
import { round } from './stats';

type Get = (c: ConfigName, w: WorkloadName, p: PayloadKind) => CellSummary | undefined;

function status(v: number | null, limit: number | null, atLeast: boolean): Target['status'] {
  if (v === null || limit === null || !Number.isFinite(v)) return 'unavailable';
  return (atLeast ? v >= limit : v <= limit) ? 'met' : 'missed';
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function at(obj: unknown, ...keys: string[]): unknown {
  let v = obj;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Highest delivered rate of the saturation ladder at which the spool did not grow. */
export function deliveryCeiling(delivery: unknown): number | null {
  const explicit = num(at(delivery, 'ceilingPerSec'));
  if (explicit !== null) return explicit;
  const ladder = at(delivery, 'saturation');
  if (!Array.isArray(ladder)) return null;
  let best: number | null = null;
  for (const step of ladder as { deliveredPerSec?: unknown; growing?: unknown }[]) {
    const d = num(step.deliveredPerSec);
    if (d !== null && step.growing === false && (best === null || d > best)) best = d;
  }
  return best;
}

export function issue10Targets(get: Get, sections: Record<string, unknown>): Target[] {
  const t: Target[] = [];
  const push = (key: string, description: string, value: number | null, limit: number | null, atLeast: boolean): void => {
    t.push({ key, description, value: value === null ? null : round(value, 3), limit: limit === null ? null : round(limit, 3), status: status(value, limit, atLeast) });
  };
  for (const w of ['unary-1', 'unary-64'] as const) {
    for (const [p, k] of [['clean', 0.9], ['pii', 0.75]] as const) {
      const otel = get('otel', w, p)?.ratio ?? null;
      push(`full-export/${w}/${p}`, `ratio ≥ ${k} × otel's ratio (${p})`, get('full-export', w, p)?.ratio ?? null, otel === null ? null : k * otel, true);
    }
  }
  for (const [p, limit] of [['clean', 0.7], ['pii', 0.5]] as const) {
    push(`full-export/stream/${p}`, `ratio ≥ ${limit} × bare (${p})`, get('full-export', 'stream', p)?.ratio ?? null, limit, true);
  }
  for (const [p, limit] of [['clean', 120], ['pii', 250]] as const) {
    push(`full-export/unary-64/${p} added client CPU`, `µs per call, all threads of the client process, ≤ ${limit}`, get('full-export', 'unary-64', p)?.addedClientCpuUs ?? null, limit, false);
  }
  const scan = sections.textScan;
  push('textScan clean', 'µs per KiB of clean text ≤ 3', num(at(scan, 'usPerKiB', 'clean')), 3, false);
  push('textScan pii', 'µs per KiB of dense PII text ≤ 20', num(at(scan, 'usPerKiB', 'pii')), 20, false);
  push('delivery', 'spans/s delivered from one emitter into the collector before the spool grows ≥ 10,000', deliveryCeiling(sections.delivery), 10_000, true);
  const collector = sections.collector;
  push('collector OTLP ingest', 'spans/s over OTLP/mTLS, ledger on, load from another process ≥ 20,000', num(at(collector, 'otlpIngest', 'spansPerSec')), 20_000, true);
  push('collector ledger ingest', 'ledger ÷ bare batched INSERT ≥ 0.8', num(at(collector, 'ingest', 'ratio', 'ledgerVsBareInsert')), 0.8, true);
  const verify = at(collector, 'verify');
  const million = Array.isArray(verify) ? (verify as { records?: unknown; seconds?: unknown }[]).filter((v) => num(v.records) === 1_000_000).map((v) => num(v.seconds) ?? Infinity) : [];
  push('collector verify 1M', 'seconds to verify 1,000,000 records < 10', million.length > 0 ? Math.min(...million) : null, 10, false);
  return t;
}
