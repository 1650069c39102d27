import type { Command } from 'commander';
import { completenessReport, type CompletenessReport } from '../../delivery/completeness';
import { findSequenceGaps, type GapReport } from '../../delivery/sequence-gaps';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore, type LedgerRecordStore } from '../../store/open-record-store';

/** Exit codes: 0 nothing open/unmatched, 1 open gaps (or unmatched call sides), 2 cannot run. */
export const EXIT_COMPLETE = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_CANNOT_RUN = 2;

export interface GapsFlags {
  db: string;
  pgUrl?: string;
  format: string;
  emitter?: string;
  all?: boolean;
  completeness?: boolean;
  from?: string;
  to?: string;
  limit: string;
}

class GapsFlagError extends Error {}

/**
 * `grpc-audit gaps`: per emitter, the sequence numbers missing from the store (open gaps) and the
 * ranges the emitter reported lost itself (gap records); with --completeness, calls whose client
 * or server side is missing in a time range.
 */
export function register(program: Command): void {
  program
    .command('gaps')
    .description('list missing sequence ranges per emitter and the explicit gap records; --completeness: client vs server sides of calls in a time range')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db (password via PGPASSWORD or ~/.pgpass)')
    .option('--format <format>', 'table | json', 'table')
    .option('--emitter <id>', 'only this emitter id')
    .option('--all', 'also list emitters without any gap')
    .option('--completeness', 'report client/server completeness instead of sequence gaps')
    .option('--from <time>', 'with --completeness: calls started at or after (ISO 8601 or Unix ms)')
    .option('--to <time>', 'with --completeness: calls started before (ISO 8601 or Unix ms; default now)')
    .option('--limit <n>', 'with --completeness: examples listed per kind', '20')
    .action(async (flags: GapsFlags) => {
      process.exitCode = await runGaps(flags);
    });
}

/** Where the command writes (process streams by default; tests pass collectors). */
export interface GapsOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: GapsOutput = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Runs `grpc-audit gaps` with parsed flags on the SQLite file or the PostgreSQL store; resolves to the exit code. */
export async function runGaps(flags: GapsFlags, out: GapsOutput = processOutput): Promise<number> {
  let store: LedgerRecordStore;
  const where = flags.pgUrl ? describeStoreLocation({ type: 'postgres', url: flags.pgUrl }) : flags.db;
  try {
    if (flags.format !== 'table' && flags.format !== 'json') throw new GapsFlagError(`--format must be table or json, got "${flags.format}"`);
    if (!flags.completeness && (flags.from !== undefined || flags.to !== undefined)) throw new GapsFlagError('--from/--to need --completeness');
    if (!/^\d+$/.test(flags.limit)) throw new GapsFlagError(`--limit must be a non-negative integer, got "${flags.limit}"`);
    store = await openRecordStore(flags.pgUrl ? { type: 'postgres', url: flags.pgUrl, readonly: true, maxConnections: 1 } : { type: 'sqlite', path: flags.db, readonly: true });
  } catch (err) {
    out.stderr(`grpc-audit gaps: ${err instanceof GapsFlagError ? '' : `cannot open ${where}: `}${(err as Error).message}\n`);
    return EXIT_CANNOT_RUN;
  }
  try {
    if (flags.completeness) {
      const from = parseTime('--from', flags.from ?? '0');
      const to = flags.to === undefined ? BigInt(Date.now()) * 1_000_000n : parseTime('--to', flags.to);
      const r = await completenessReport(store, { fromUnixNano: from, toUnixNano: to, limit: Number(flags.limit) });
      out.stdout(flags.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : completenessTable(r));
      return r.clientOnly + r.serverOnly > 0 ? EXIT_INCOMPLETE : EXIT_COMPLETE;
    }
    const r = await findSequenceGaps(store, { emitterId: flags.emitter });
    if (!flags.all) r.emitters = r.emitters.filter((e) => e.open.length > 0 || e.declared.length > 0 || e.reusedSeqs > 0);
    out.stdout(flags.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : gapsTable(r));
    return r.openRanges > 0 ? EXIT_INCOMPLETE : EXIT_COMPLETE;
  } catch (err) {
    out.stderr(`grpc-audit gaps: ${(err as Error).message}\n`);
    return EXIT_CANNOT_RUN;
  } finally {
    await store.close().catch(() => undefined);
  }
}

function parseTime(flag: string, text: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text) * 1_000_000n;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new GapsFlagError(`${flag} must be ISO 8601 (2024-06-01T00:00:00Z) or Unix milliseconds, got "${text}"`);
  return BigInt(ms) * 1_000_000n;
}

function ranges(list: Array<{ from: number; to: number }>): string {
  return list.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

function gapsTable(r: GapReport): string {
  const lines: string[] = [];
  if (r.emitters.length === 0) lines.push('no gaps: every emitter’s sequence is contiguous up to its highest stored number');
  for (const e of r.emitters) {
    lines.push(`emitter ${e.emitterId}  service=${e.service}  identity=${e.identity}  records=${e.records}  seq=${e.firstSeq}..${e.lastSeq}`);
    lines.push(`  open gaps:     ${e.open.length ? `${ranges(e.open)}  (${e.openCount} missing)` : 'none'}`);
    if (e.declared.length) {
      for (const d of e.declared) lines.push(`  reported lost: ${ranges([d])}  (${d.count}, ${d.reason}; gap record seq ${d.seq})`);
    }
    if (e.reusedSeqs) lines.push(`  reused sequence numbers: ${e.reusedSeqs}`);
    if (e.unreadableGapRecords) lines.push(`  gap records with unreadable range: ${e.unreadableGapRecords}`);
  }
  lines.push(`total: ${r.openRanges} open range(s), ${r.openRecords} missing record(s); ${r.declaredRecords} reported lost`);
  return `${lines.join('\n')}\n`;
}

function completenessTable(r: CompletenessReport): string {
  const iso = (ns: string): string => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();
  const lines = [
    `calls started ${iso(r.fromUnixNano)} .. ${iso(r.toUnixNano)}`,
    `client spans: ${r.clientSpans}   server spans: ${r.serverSpans}   matched: ${r.matched}`,
    `client side only: ${r.clientOnly}   server side only: ${r.serverOnly}   server without caller context: ${r.serverWithoutParent}`,
  ];
  if (r.payloadsHeldByMissingPeer > 0) {
    lines.push(`  of which ${r.payloadsHeldByMissingPeer} left received payloads to their peer (recording domain), whose record is missing: those payloads are not stored`);
  }
  for (const i of r.byIdentity) lines.push(`  ${i.identity}: client ${i.clientSpans} (${i.clientOnly} unmatched)  server ${i.serverSpans} (${i.serverOnly} unmatched)`);
  for (const [title, list] of [['client side only', r.clientOnlyExamples], ['server side only', r.serverOnlyExamples]] as const) {
    if (!list.length) continue;
    lines.push(`${title}:`);
    for (const s of list) lines.push(`  ${iso(s.startTimeUnixNano)}  ${s.service}  ${s.method || '-'}  trace=${s.traceId} span=${s.spanId}  status=${s.grpcStatusCode ?? '-'}`);
  }
  return `${lines.join('\n')}\n`;
}
