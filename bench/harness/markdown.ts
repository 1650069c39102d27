/** Renders the report JSON as the Markdown summary (bench/results/latest.md, also printed). */
import { CONFIG_NAMES, WORKLOAD_NAMES, type PayloadKind } from './protocol';
import type { CellSummary, Check, MachineInfo, Target } from './report';

interface Report {
  date: string;
  mode: string;
  durationS: number;
  command: string;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  headlinePayload: PayloadKind;
  ratios: Record<string, number | null>;
  ratiosByPayload: Record<string, Record<string, number | null>>;
  cpuRatios: Record<string, Record<string, number | null>>;
  unavailable: Record<string, string>;
  targets: Target[];
  results: Record<string, CellSummary>;
  memory: { sustained: Record<string, { client: Mem; server: Mem }>; backpressure?: unknown };
  checks: Check[];
  [section: string]: unknown;
}
interface Mem {
  peakRssMiB: number | null;
  peakHeapUsedMiB: number | null;
}

const f = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const ratio = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);

export function renderMarkdown(r: Report): string {
  const L: string[] = [];
  const m = r.machine;
  L.push(`## grpc-audit benchmark — ${r.mode} mode, ${r.date}`);
  L.push('');
  L.push(
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.totalMemMiB} MiB, ${m.platform} ${m.release} ${m.arch}, Node ${m.node}; ` +
      `load average ${m.loadAvgStart.join('/')} at start, ${(m.loadAvgEnd ?? []).join('/')} at end. ` +
      `Suite took ${r.durationS} s (\`${r.command}\`).`,
  );
  L.push('');
  const s = r.settings;
  L.push(
    `Client and server in separate processes over 127.0.0.1; ${s.rounds} interleaved round(s), ${s.measureMs} ms measured per cell ` +
      `after ${s.settleMs} ms settling; medians over rounds; ratio = median of per-round (config ÷ bare).`,
  );
  L.push('');
  L.push(`### Throughput ratio to bare grpc-js (payload: ${r.headlinePayload})`);
  L.push('');
  L.push('| config | unary-1 | unary-64 | stream |');
  L.push('|---|---|---|---|');
  for (const c of ['otel', 'meta', 'full', 'full-export']) {
    if (r.unavailable[c]) {
      L.push(`| ${c} | unavailable | unavailable | unavailable |`);
      continue;
    }
    L.push(`| ${c} | ${WORKLOAD_NAMES.map((w) => ratio(r.ratios[`${c}/${w}`])).join(' | ')} |`);
  }
  for (const [p, ratios] of Object.entries(r.ratiosByPayload)) {
    if (p === r.headlinePayload) continue;
    L.push('');
    L.push(`Same with payload **${p}**: ` + ['otel', 'meta', 'full', 'full-export'].filter((c) => !r.unavailable[c]).map((c) => `${c} ${WORKLOAD_NAMES.map((w) => ratio(ratios[`${c}/${w}`])).join(' / ')}`).join('; ') + '.');
  }
  L.push('');
  L.push(
    `CPU-efficiency ratio (bare CPU per op ÷ config CPU per op, client + server; less sensitive to other load on the machine), payload ${r.headlinePayload}: ` +
      ['otel', 'meta', 'full', 'full-export'].filter((c) => !r.unavailable[c]).map((c) => `${c} ${WORKLOAD_NAMES.map((w) => ratio(r.cpuRatios[r.headlinePayload]?.[`${c}/${w}`])).join(' / ')}`).join('; ') + '.',
  );
  L.push('');
  L.push('### Details');
  L.push('');
  L.push('| config | workload | payload | throughput | ratio | p50 ms | p99 ms | client CPU µs/op | server CPU µs/op | added client µs/op | added server µs/op | collector CPU µs/op |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const w of WORKLOAD_NAMES)
    for (const p of Object.keys(r.ratiosByPayload))
      for (const c of CONFIG_NAMES) {
        const x = r.results[`${c}/${w}/${p}`];
        if (!x) continue;
        L.push(
          `| ${c} | ${w} | ${p} | ${f(x.throughput, 0)} ${x.unit} | ${ratio(x.ratio)} | ${f(x.p50Ms, 3)} | ${f(x.p99Ms, 3)} | ` +
            `${f(x.clientCpuUsPerOp, 1)} | ${f(x.serverCpuUsPerOp, 1)} | ${f(x.addedClientCpuUs, 1)} | ${f(x.addedServerCpuUs, 1)} | ${x.collectorCpuUsPerOp == null ? '–' : f(x.collectorCpuUsPerOp, 1)} |` +
            (x.errors ? ` ⚠ ${x.errors} errors` : ''),
        );
      }
  L.push('');
  L.push('"op" = one unary call (request + response) or one streamed message; "added" = minus bare in the same round; "collector" = the live collector process of full-export (all threads), which shares the two cores.');
  L.push('');
  L.push(`### Targets (issue 4; payload ${r.headlinePayload})`);
  L.push('');
  L.push('| target | value | limit | status |');
  L.push('|---|---|---|---|');
  for (const t of r.targets) L.push(`| ${t.key}: ${t.description} | ${f(t.value, 3)} | ${f(t.limit, 3)} | ${t.status} |`);
  L.push('');
  L.push('### Memory under sustained load (peak over all cells)');
  L.push('');
  L.push('| config | client RSS MiB | client heap MiB | server RSS MiB | server heap MiB |');
  L.push('|---|---|---|---|---|');
  for (const [c, x] of Object.entries(r.memory.sustained)) {
    L.push(`| ${c} | ${f(x.client.peakRssMiB, 1)} | ${f(x.client.peakHeapUsedMiB, 1)} | ${f(x.server.peakRssMiB, 1)} | ${f(x.server.peakHeapUsedMiB, 1)} |`);
  }
  L.push('');
  L.push(`Under backpressure (collector stopped, full-export): ${section(r.memory.backpressure)}`);
  if (r.collectorStore) L.push('', `Records stored by the live collector of full-export during this run: ${(r.collectorStore as { recordsStoredByTheLiveCollector: number | null }).recordsStoredByTheLiveCollector ?? 'unknown'}.`);
  for (const name of ['textScan', 'collector', 'delivery', 'profile']) {
    if (!(name in r)) continue;
    let body = section(r[name]);
    const otlp = name === 'collector' ? (r[name] as { otlpIngest?: unknown } | undefined)?.otlpIngest : undefined;
    if (otlp !== undefined) body += `\n\nOTLP ingest (load from another process): ${section(otlp)}`;
    L.push('');
    // A section that brings its own heading keeps it.
    if (!body.trimStart().startsWith('### ')) L.push(`### ${name[0].toUpperCase()}${name.slice(1)}`, '');
    L.push(body);
  }
  const unavailable = Object.entries(r.unavailable);
  if (unavailable.length) {
    L.push('');
    L.push('### Not measured');
    L.push('');
    for (const [c, why] of unavailable) L.push(`- **${c}**: ${why}`);
  }
  L.push('');
  L.push('### Checks');
  L.push('');
  const bad = r.checks.filter((c) => !c.ok);
  L.push(bad.length === 0 ? `All ${r.checks.length} integrity checks passed (spans per call, payload events, no raw PII, no failed calls).` : `${bad.length} of ${r.checks.length} checks FAILED:`);
  for (const c of bad) L.push(`- ${c.config}: ${c.check} — ${c.detail}`);
  L.push('');
  return L.join('\n');
}

/** A free-form section: either `{ unavailable }`, `{ markdown }` or JSON. */
function section(x: unknown): string {
  if (x === undefined) return 'not run.';
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.unavailable === 'string') return `unavailable — ${o.unavailable}`;
    if (typeof o.markdown === 'string') return o.markdown;
  }
  return '\n```json\n' + JSON.stringify(x, null, 2) + '\n```';
}
