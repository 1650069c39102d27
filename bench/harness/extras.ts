/**
 * Sections that depend on pieces other developers build: memory under backpressure (needs the
 * durable exporter and a collector), collector ingest (bench/collector-ingest.ts) and delivery
 * (bench/delivery.ts). Each is run if its piece exists, else reported as unavailable with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './bench-proto';
import type { SuiteRun } from './suite';

export interface ExtrasOptions {
  run: SuiteRun;
  quick: boolean;
  log(line: string): void;
}

export async function runExtras(opts: ExtrasOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.memory = { backpressure: await backpressure(opts) };
  out.collector = await collectorSection(opts);
  return out;
}

async function backpressure(opts: ExtrasOptions): Promise<unknown> {
  const why = opts.run.unavailable['full-export'];
  if (!opts.run.pairs['full-export']) return { unavailable: `needs full-export: ${why ?? 'not selected'}` };
  return { unavailable: 'backpressure run not wired yet' };
}

async function collectorSection(opts: ExtrasOptions): Promise<unknown> {
  const file = path.join(REPO_ROOT, 'bench', 'collector-ingest.ts');
  if (!fs.existsSync(file)) return { unavailable: 'bench/collector-ingest.ts (runCollectorBench) is not built yet' };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file);
  if (typeof mod.runCollectorBench !== 'function') return { unavailable: 'bench/collector-ingest.ts does not export runCollectorBench yet' };
  opts.log('collector ingest benchmark');
  try {
    return await mod.runCollectorBench({ quick: opts.quick });
  } catch (err) {
    return { unavailable: `runCollectorBench failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
