/**
 * Reads V8 .cpuprofile files (written by the workers over node:inspector) and ranks functions by self time, overall and
 * within our own code (interceptors/, collector/), so a missed target comes with its causes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /**
   * Repository-relative file (or package path). No line: under tsx the generated code's line
   * numbers do not match the sources, so the function name is the key.
   */
  where: string;
  selfMs: number;
  /** Percent of busy (non-idle) time. */
  selfPct: number;
}

export interface ProfileSummary {
  /** `<config>-<role>-<workload>-<payload>`. */
  file: string;
  profiles: string[];
  totalMs: number;
  /** Sampled time minus '(idle)'. */
  busyMs: number;
  /** Share of busy time spent in our code (interceptors/, collector/) as self time. */
  ourSelfPct: number;
  /** Share of busy time by area: ours, grpc-js, protobufjs, opentelemetry, node runtime, gc, native (program), other js. */
  byCategory: Record<string, number>;
  top: HotFunction[];
  topOurs: HotFunction[];
}

const OURS = /\/(interceptors|collector)\//;

function category(url: string, name: string): string {
  if (OURS.test(url) && !url.includes('node_modules')) return 'ours';
  if (url.includes('@grpc/grpc-js')) return 'grpc-js';
  if (url.includes('protobufjs') || url.includes('@protobufjs')) return 'protobufjs';
  if (url.includes('@opentelemetry')) return 'opentelemetry';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(idle)' || name === '(root)') return 'idle';
  if (name === '(program)') return 'native (program)';
  if (url.startsWith('node:') || url === '') return 'node runtime';
  return 'other js';
}

/** Groups `<config>-<role>-<workload>-<payload>-r<round>.cpuprofile` files by everything but the round. */
export function profileGroups(dir: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  if (!fs.existsSync(dir)) return groups;
  for (const f of fs.readdirSync(dir).sort()) {
    const m = /^(.+)-r\d+\.cpuprofile$/.exec(f);
    if (!m) continue;
    const list = groups.get(m[1]) ?? [];
    list.push(path.join(dir, f));
    groups.set(m[1], list);
  }
  return groups;
}

/** Sums self time per function over several profiles of the same process and workload. */
export function summariseProfiles(label: string, files: string[], repoRoot: string, topN = 15): ProfileSummary {
  const agg = new Map<string, { name: string; where: string; us: number; cat: string }>();
  const cats: Record<string, number> = {};
  let total = 0;
  for (const file of files) {
    const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    // Samples taken inside the inspector session's own calls (Profiler.start/stop) are the
    // profiler measuring itself: left out of busy time.
    const parent = new Map<number, number>();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const underInspector = (id: number): boolean => {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        if (byId.get(cur)?.callFrame.url === 'node:inspector') return true;
      }
      return false;
    };
    const self = new Map<number, number>();
    for (let i = 0; i < prof.samples.length; i++) {
      const dt = prof.timeDeltas[i] ?? 0;
      self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
      total += dt;
    }
    for (const [id, us] of self) {
      const n = byId.get(id);
      if (!n) continue;
      const { functionName, url } = n.callFrame;
      const name = functionName || '(anonymous)';
      const where = url.replace(/^file:\/\//, '').replace(repoRoot + path.sep, '').replace(/^.*node_modules\//, '');
      const key = `${name}@${where}`;
      const cat = underInspector(id) ? 'idle' : category(url, name);
      cats[cat] = (cats[cat] ?? 0) + us;
      const a = agg.get(key);
      if (a) a.us += us;
      else agg.set(key, { name, where, us, cat });
    }
  }
  const busy = total - (cats.idle ?? 0);
  delete cats.idle;
  const pct = (us: number): number => (busy > 0 ? Math.round((1000 * us) / busy) / 10 : 0);
  const all = [...agg.values()].sort((a, b) => b.us - a.us);
  const fmt = (a: { name: string; where: string; us: number }): HotFunction => ({ name: a.name, where: a.where, selfMs: Math.round(a.us / 100) / 10, selfPct: pct(a.us) });
  return {
    file: label,
    profiles: files.map((f) => path.relative(repoRoot, f)),
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    ourSelfPct: pct(cats.ours ?? 0),
    byCategory: Object.fromEntries(Object.entries(cats).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)])),
    top: all.filter((a) => a.cat !== 'idle').slice(0, topN).map(fmt),
    topOurs: all.filter((a) => a.cat === 'ours').slice(0, topN).map(fmt),
  };
}

export function profileMarkdown(summaries: ProfileSummary[]): string {
  const L: string[] = [];
  for (const s of summaries) {
    L.push(
      `**${s.file}** (${s.profiles.length} window(s)) — ${s.busyMs} ms busy of ${s.totalMs} ms sampled; share of busy time by area: ` +
        `${Object.entries(s.byCategory).map(([k, v]) => `${k} ${v}%`).join(', ')}.`,
    );
    L.push('');
    L.push('| top functions (self time) | where | % of busy | ms |');
    L.push('|---|---|---|---|');
    for (const h of s.top.slice(0, 8)) L.push(`| ${h.name} | ${h.where} | ${h.selfPct} | ${h.selfMs} |`);
    L.push('');
    L.push('| our functions (self time) | where | % of busy | ms |');
    L.push('|---|---|---|---|');
    for (const h of s.topOurs) L.push(`| ${h.name} | ${h.where} | ${h.selfPct} | ${h.selfMs} |`);
    L.push('');
  }
  return L.join('\n');
}
