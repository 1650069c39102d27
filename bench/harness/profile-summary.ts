/**
 * Reads V8 .cpuprofile files (node --cpu-prof) and ranks functions by self time, overall and
 * within our own code (interceptors/, collector/), so a missed target comes with its causes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Repository-relative file (or the runtime's own label), line 1-based in the generated code. */
  where: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Share of sampled time in our code (interceptors/, collector/) as self time. */
  ourSelfPct: number;
  /** Share by category: our code, grpc-js, protobufjs, OpenTelemetry, other JS, runtime (GC, idle, native). */
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
  if (name === '(idle)' || name === '(program)' || name === '(root)') return 'idle/program';
  if (url.startsWith('node:') || url === '') return 'node runtime';
  return 'other js';
}

export function summariseProfile(file: string, repoRoot: string, topN = 15): ProfileSummary {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const agg = new Map<string, { name: string; where: string; us: number; cat: string }>();
  const cats: Record<string, number> = {};
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    const rel = url.replace(/^file:\/\//, '').replace(repoRoot + path.sep, '').replace(/^.*node_modules\//, '');
    const where = rel ? `${rel}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const cat = category(url, name);
    cats[cat] = (cats[cat] ?? 0) + us;
    const a = agg.get(key);
    if (a) a.us += us;
    else agg.set(key, { name, where, us, cat });
  }
  const pct = (us: number): number => Math.round((1000 * us) / total) / 10;
  const all = [...agg.values()].sort((a, b) => b.us - a.us);
  const fmt = (a: { name: string; where: string; us: number }): HotFunction => ({ name: a.name, where: a.where, selfMs: Math.round(a.us / 100) / 10, selfPct: pct(a.us) });
  return {
    file: path.relative(repoRoot, file),
    totalMs: Math.round(total / 1000),
    ourSelfPct: pct(cats.ours ?? 0),
    byCategory: Object.fromEntries(Object.entries(cats).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)])),
    top: all.filter((a) => a.cat !== 'idle/program').slice(0, topN).map(fmt),
    topOurs: all.filter((a) => a.cat === 'ours').slice(0, topN).map(fmt),
  };
}

export function profileMarkdown(summaries: ProfileSummary[]): string {
  const L: string[] = [];
  for (const s of summaries) {
    L.push(`**${s.file}** — ${s.totalMs} ms sampled; self time by area: ${Object.entries(s.byCategory).map(([k, v]) => `${k} ${v}%`).join(', ')}.`);
    L.push('');
    L.push('| our function | where | self % | self ms |');
    L.push('|---|---|---|---|');
    for (const h of s.topOurs) L.push(`| ${h.name} | ${h.where} | ${h.selfPct} | ${h.selfMs} |`);
    L.push('');
  }
  return L.join('\n');
}
