/**
 * Turns a suite run into the published JSON (bench/results/latest.json) and its Markdown table.
 * Ratios are the median over rounds of (configuration ÷ bare in the same round), so slow drift of
 * a shared machine cancels out; absolute figures are plain medians over rounds.
 */
import * as os from 'node:os';
import { CONFIG_NAMES, WORKLOAD_NAMES, type ConfigName, type PayloadKind, type WorkloadName } from './protocol';
import { max, median, round } from './stats';
import { cellKey, type Sample, type SuiteRun } from './suite';
import { issue10Targets } from './targets';

export const SCHEMA = 'grpc-audit-bench/1';
/** The payload whose ratios are the headline `ratios` (the one that gives masking work). */
export const HEADLINE_PAYLOAD: PayloadKind = 'pii';
const RATIO_CONFIGS: ConfigName[] = ['otel', 'meta', 'full', 'full-export'];

export interface CellSummary {
  config: ConfigName;
  workload: WorkloadName;
  payload: PayloadKind;
  unit: 'calls/s' | 'msgs/s';
  rounds: number;
  throughput: number | null;
  ratio: number | null;
  /**
   * Median per-round (bare CPU per op ÷ this CPU per op), client + server together: how much
   * work the configuration adds, less sensitive than throughput to other load on the machine.
   */
  cpuRatio: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  clientCpuUsPerOp: number | null;
  serverCpuUsPerOp: number | null;
  /** full-export only: the live collector's CPU µs per op (median over rounds); it shares the two cores with the pair. */
  collectorCpuUsPerOp?: number | null;
  /** Median over rounds of (this − bare in the same round), per call or per streamed message. */
  addedClientCpuUs: number | null;
  addedServerCpuUs: number | null;
  errors: number;
  memory: { client: { peakRss: number; peakHeapUsed: number }; server: { peakRss: number; peakHeapUsed: number } };
  samples: Sample[];
}

/**
 * Per-call message completeness as a worker saw it (see MessageCheckProcessor in worker.ts):
 * every `message.id` of each direction once over the call span and its continuation records.
 */
export interface MessageCheck {
  /** Successful calls checked (call spans: client or server side). */
  calls: number;
  /** Continuation records (grpcaudit.continuation spans): not calls. */
  continuations: number;
  /** Calls with a missing, duplicate or out-of-range message event. */
  incompleteCalls: number;
  /** Message events the workload implies, and those found exactly once. */
  expectedMessages: number;
  foundMessages: number;
  /** The first few incomplete calls, described. */
  examples: string[];
}

export interface Check {
  config: ConfigName;
  check: string;
  ok: boolean;
  detail: string;
}

export interface Target {
  key: string;
  description: string;
  value: number | null;
  limit: number | null;
  status: 'met' | 'missed' | 'unavailable';
}

export interface MachineInfo {
  platform: string;
  release: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  totalMemMiB: number;
  node: string;
  loadAvgStart: number[];
  loadAvgEnd?: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    loadAvgStart: os.loadavg().map((x) => round(x, 2) ?? 0),
  };
}

function sameRound(samples: Sample[] | undefined, r: number): Sample | undefined {
  return samples?.find((s) => s.round === r);
}

export function summarise(run: SuiteRun, config: ConfigName, workload: WorkloadName, payload: PayloadKind): CellSummary | undefined {
  const samples = run.samples[cellKey(config, workload, payload)];
  if (!samples || samples.length === 0) return undefined;
  const bare = run.samples[cellKey('bare', workload, payload)];
  const perRound = (f: (s: Sample, b: Sample) => number): number | null => {
    if (config === 'bare' || !bare) return null;
    const v: number[] = [];
    for (const s of samples) {
      const b = sameRound(bare, s.round);
      if (b) v.push(f(s, b));
    }
    return round(median(v), 3);
  };
  return {
    config,
    workload,
    payload,
    unit: workload === 'stream' ? 'msgs/s' : 'calls/s',
    rounds: samples.length,
    throughput: round(median(samples.map((s) => s.throughput)), 1),
    ratio: config === 'bare' ? 1 : perRound((s, b) => s.throughput / b.throughput),
    cpuRatio: config === 'bare' ? 1 : perRound((s, b) => (b.clientCpuUsPerOp + b.serverCpuUsPerOp) / (s.clientCpuUsPerOp + s.serverCpuUsPerOp)),
    p50Ms: round(median(samples.map((s) => s.p50Ms)), 3),
    p99Ms: round(median(samples.map((s) => s.p99Ms)), 3),
    clientCpuUsPerOp: round(median(samples.map((s) => s.clientCpuUsPerOp)), 2),
    serverCpuUsPerOp: round(median(samples.map((s) => s.serverCpuUsPerOp)), 2),
    ...(samples.some((s) => s.collectorCpuUsPerOp !== undefined)
      ? { collectorCpuUsPerOp: round(median(samples.flatMap((s) => (s.collectorCpuUsPerOp === undefined ? [] : [s.collectorCpuUsPerOp]))), 2) }
      : {}),
    addedClientCpuUs: perRound((s, b) => s.clientCpuUsPerOp - b.clientCpuUsPerOp),
    addedServerCpuUs: perRound((s, b) => s.serverCpuUsPerOp - b.serverCpuUsPerOp),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    memory: {
      client: { peakRss: max(samples.map((s) => s.client.peakRss)), peakHeapUsed: max(samples.map((s) => s.client.peakHeapUsed)) },
      server: { peakRss: max(samples.map((s) => s.server.peakRss)), peakHeapUsed: max(samples.map((s) => s.server.peakHeapUsed)) },
    },
    samples,
  };
}

/** Sanity of what each configuration really did: spans per call, payload events, leaks, errors. */
export function integrityChecks(run: SuiteRun, cells: CellSummary[]): Check[] {
  const out: Check[] = [];
  for (const [config, f] of Object.entries(run.finals) as [ConfigName, NonNullable<SuiteRun['finals'][ConfigName]>][]) {
    const calls = f.client.calls;
    const errors = cells.filter((c) => c.config === config).reduce((n, c) => n + c.errors, 0);
    out.push({ config, check: 'no failed calls', ok: errors === 0 && f.client.errors === 0, detail: `${f.client.errors} failed of ${calls + f.client.errors}` });
    if (config === 'bare') continue;
    for (const side of ['client', 'server'] as const) {
      const t = f[side].spans;
      const mc = (f[side] as { messageCheck?: MessageCheck }).messageCheck;
      // Continuation records of long streams are further batches of a call's messages, not calls.
      const continuations = mc?.continuations ?? 0;
      const callSpans = t.exported - continuations;
      const perCall = calls > 0 ? callSpans / calls : 0;
      out.push({
        config,
        check: `${side}: one span per call`,
        ok: perCall > 0.98 && perCall < 1.02,
        detail: `${callSpans} spans for ${calls} calls (${perCall.toFixed(3)}/call)${continuations ? `, plus ${continuations} continuation records` : ''}`,
      });
      if (config === 'full' || config === 'full-export') {
        // Every message event of a full record carries its payload (continuation records included).
        // In a recording domain the receiver's events name the peer instead (its payload is in the sender's span).
        const peer = t.peerEvents ?? 0;
        out.push({
          config,
          check: `${side}: payload events present`,
          ok: t.payloadEvents > 0 && t.payloadEvents + peer === t.messageEvents,
          detail: `${t.payloadEvents} of ${t.messageEvents} message events carry grpcaudit.payload` + (peer ? `, ${peer} are recorded by the peer` : ''),
        });
      }
      if (config === 'meta' || config === 'full' || config === 'full-export') {
        out.push({
          config,
          check: `${side}: every message of every call recorded`,
          ok: mc !== undefined && mc.calls > 0 && mc.incompleteCalls === 0 && mc.foundMessages === mc.expectedMessages,
          detail: mc
            ? `${mc.foundMessages} of ${mc.expectedMessages} message events over ${mc.calls} calls (call spans + ${mc.continuations} continuation records); ${mc.incompleteCalls} incomplete${mc.examples.length ? `: ${mc.examples.join('; ')}` : ''}`
            : 'no per-call message counts from the worker',
        });
      }
      if (config === 'meta') {
        out.push({ config, check: `${side}: no payload at record level metadata`, ok: t.payloadEvents === 0, detail: `${t.payloadEvents} payload events` });
      }
      const d = f[side].delivery as { records?: number; delivered?: number; spoolEntries?: number; lost?: Record<string, number> } | undefined;
      if (config === 'full-export') {
        const lost = Object.values(d?.lost ?? {}).reduce((a, b) => a + b, 0);
        out.push({
          config,
          check: `${side}: durable exporter lost no record`,
          ok: d !== undefined && lost === 0,
          detail: d ? `${d.records} records, ${d.delivered} acknowledged by the collector, ${d.spoolEntries} still spooled, ${lost} lost` : 'no delivery counters',
        });
      }
      out.push({ config, check: `${side}: no raw PII in sampled spans`, ok: t.leaks === 0, detail: `${t.leaks} raw markers found in ~1% of spans scanned${t.leaks && t.leakKinds ? ` (${Object.entries(t.leakKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}` });
    }
    const c = f.client.spans;
    const s = f.server.spans;
    if ((config === 'full' || config === 'full-export') && ((c.peerEvents ?? 0) > 0 || (s.peerEvents ?? 0) > 0)) {
      // Each side records one event per message; across the pair each message's payload is kept once.
      out.push({
        config,
        check: 'each payload recorded once across client and server',
        ok: c.messageEvents === s.messageEvents && c.payloadEvents + s.payloadEvents === c.messageEvents && c.peerEvents === s.payloadEvents && s.peerEvents === c.payloadEvents,
        detail: `${c.messageEvents} / ${s.messageEvents} message events (client / server); payloads ${c.payloadEvents} + ${s.payloadEvents}; recorded by the peer ${c.peerEvents} + ${s.peerEvents}`,
      });
    }
  }
  return out;
}

export interface ReportInput {
  mode: 'quick' | 'full';
  argv: string[];
  settings: Record<string, unknown>;
  machine: MachineInfo;
  run: SuiteRun;
  payloads: PayloadKind[];
  /** Extra sections (memory under backpressure, collector, delivery, profile), each present or `{ unavailable }`. */
  sections: Record<string, unknown>;
  startedAt: Date;
}

export function buildReport(input: ReportInput): Record<string, unknown> {
  const { run } = input;
  const cells: CellSummary[] = [];
  for (const config of CONFIG_NAMES)
    for (const w of WORKLOAD_NAMES)
      for (const p of input.payloads) {
        const c = summarise(run, config, w, p);
        if (c) cells.push(c);
      }
  const find = (c: ConfigName, w: WorkloadName, p: PayloadKind): CellSummary | undefined =>
    cells.find((x) => x.config === c && x.workload === w && x.payload === p);
  const ratiosFor = (p: PayloadKind): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    for (const c of RATIO_CONFIGS) for (const w of WORKLOAD_NAMES) out[`${c}/${w}`] = find(c, w, p)?.ratio ?? null;
    return out;
  };
  const cpuRatiosFor = (p: PayloadKind): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    for (const c of RATIO_CONFIGS) for (const w of WORKLOAD_NAMES) out[`${c}/${w}`] = find(c, w, p)?.cpuRatio ?? null;
    return out;
  };
  const unavailable: Record<string, string> = { ...run.unavailable } as Record<string, string>;
  const configs: Record<string, unknown> = {};
  for (const c of CONFIG_NAMES) {
    if (unavailable[c]) configs[c] = { unavailable: unavailable[c] };
    else if (run.pairs[c]) configs[c] = { measured: true };
    else configs[c] = { unavailable: 'not selected for this run' };
  }
  const sustained: Record<string, unknown> = {};
  for (const c of CONFIG_NAMES) {
    const mine = cells.filter((x) => x.config === c);
    if (mine.length === 0) continue;
    sustained[c] = {
      client: { peakRssMiB: mib(max(mine.map((x) => x.memory.client.peakRss))), peakHeapUsedMiB: mib(max(mine.map((x) => x.memory.client.peakHeapUsed))) },
      server: { peakRssMiB: mib(max(mine.map((x) => x.memory.server.peakRss))), peakHeapUsedMiB: mib(max(mine.map((x) => x.memory.server.peakHeapUsed))) },
    };
  }
  const headline = input.payloads.includes(HEADLINE_PAYLOAD) ? HEADLINE_PAYLOAD : input.payloads[0];
  return {
    schema: SCHEMA,
    date: input.startedAt.toISOString(),
    durationS: round((Date.now() - input.startedAt.getTime()) / 1000, 1),
    mode: input.mode,
    command: input.argv.join(' '),
    machine: { ...input.machine, loadAvgEnd: os.loadavg().map((x) => round(x, 2) ?? 0) },
    settings: input.settings,
    headlinePayload: headline,
    ratios: ratiosFor(headline),
    ratiosByPayload: Object.fromEntries(input.payloads.map((p) => [p, ratiosFor(p)])),
    cpuRatios: Object.fromEntries(input.payloads.map((p) => [p, cpuRatiosFor(p)])),
    unavailable,
    configs,
    targets: issue10Targets(find, input.sections),
    results: Object.fromEntries(cells.map((c) => [cellKey(c.config, c.workload, c.payload), c])),
    memory: { sustained, ...(input.sections.memory as object | undefined) },
    checks: integrityChecks(run, cells),
    totals: Object.fromEntries(
      Object.entries(run.finals).map(([c, f]) => [
        c,
        {
          calls: f!.client.calls,
          messages: f!.client.messages,
          failedCalls: f!.client.errors,
          clientSpans: f!.client.spans,
          serverSpans: f!.server.spans,
          ...(f!.client.delivery ? { clientDelivery: f!.client.delivery, serverDelivery: f!.server.delivery } : {}),
        },
      ]),
    ),
    ...Object.fromEntries(Object.entries(input.sections).filter(([k]) => k !== 'memory')),
  };
}

function mib(bytes: number): number | null {
  return round(bytes / 2 ** 20, 1);
}
