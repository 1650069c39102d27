import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Command } from 'commander';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import type { QueryOptions, RecordFilter, StoredRecord } from '../../store/record-store';
import { openRecordStore } from '../../store/open-record-store';

interface QueryFlags {
  db: string;
  pgUrl?: string;
  from?: string;
  to?: string;
  service?: string;
  method?: string;
  traceId?: string;
  subject?: string;
  status?: string;
  type?: string;
  limit: string;
  offset: string;
  order: string;
  format: string;
}

/** A flag with a bad value; the message names the flag. */
export class QueryFlagError extends Error {
  override readonly name = 'QueryFlagError';
}

/** `grpc-audit query`: select stored records by time, service, method, trace, subject, status. */
export function register(program: Command): void {
  program
    .command('query')
    .description('list stored audit records (masked) matching every given filter')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db (password via PGPASSWORD or ~/.pgpass)')
    .option('--from <iso>', 'start time >= this (ISO 8601, e.g. 2024-06-01T00:00:00Z)')
    .option('--to <iso>', 'start time < this (ISO 8601)')
    .option('--service <name>', 'service.name of the emitting workload')
    .option('--method <path>', "full method path, '/pkg.Service/Method'")
    .option('--trace-id <hex>', 'trace id (32 hex)')
    .option('--subject <ref>', 'records whose subject references contain this one')
    .option('--status <code>', 'gRPC status code: number (5) or name (NOT_FOUND)')
    .option('--type <type>', 'record type: span (one side of a call) | gap | continuation (further messages of a long call)')
    .option('--limit <n>', 'at most this many records', '100')
    .option('--offset <n>', 'skip this many matches', '0')
    .option('--order <order>', 'by start time: asc | desc', 'asc')
    .option('--format <format>', 'json | jsonl | table', 'table')
    .action(async (flags: QueryFlags) => {
      const { filter, options } = parseQueryFlags(flags);
      if (!['json', 'jsonl', 'table'].includes(flags.format)) throw new QueryFlagError(`--format must be json, jsonl or table, got "${flags.format}"`);
      const store = await openRecordStore(flags.pgUrl ? { type: 'postgres', url: flags.pgUrl, readonly: true, maxConnections: 1 } : { type: 'sqlite', path: flags.db, readonly: true });
      try {
        const records = await store.query(filter, options);
        process.stdout.write(render(records, flags.format));
      } finally {
        await store.close();
      }
    });
}

/** Turns CLI flags into a RecordFilter and paging options; throws QueryFlagError naming the flag. */
export function parseQueryFlags(flags: Partial<QueryFlags>): { filter: RecordFilter; options: QueryOptions } {
  const filter: RecordFilter = {};
  if (flags.from !== undefined) filter.fromUnixNano = isoToNanos('--from', flags.from);
  if (flags.to !== undefined) filter.toUnixNano = isoToNanos('--to', flags.to);
  if (flags.service !== undefined) filter.service = flags.service;
  if (flags.method !== undefined) filter.method = flags.method;
  if (flags.traceId !== undefined) {
    if (!/^[0-9a-fA-F]{32}$/.test(flags.traceId)) throw new QueryFlagError(`--trace-id must be 32 hex digits, got "${flags.traceId}"`);
    filter.traceId = flags.traceId.toLowerCase();
  }
  if (flags.subject !== undefined) filter.subjectRef = flags.subject;
  if (flags.status !== undefined) filter.grpcStatusCode = parseStatus(flags.status);
  if (flags.type !== undefined) {
    if (flags.type !== 'span' && flags.type !== 'gap' && flags.type !== 'continuation' && flags.type !== 'admin') {
      throw new QueryFlagError(`--type must be span, gap, continuation or admin, got "${flags.type}"`);
    }
    filter.recordType = flags.type;
  }
  const options: QueryOptions = {
    limit: nonNegativeInt('--limit', flags.limit ?? '100'),
    offset: nonNegativeInt('--offset', flags.offset ?? '0'),
  };
  if (flags.order !== undefined) {
    if (flags.order !== 'asc' && flags.order !== 'desc') throw new QueryFlagError(`--order must be asc or desc, got "${flags.order}"`);
    options.order = flags.order;
  }
  return { filter, options };
}

function isoToNanos(flag: string, text: string): bigint {
  // Require a date at least; Date.parse alone accepts odd forms like "1".
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new QueryFlagError(`${flag} must be an ISO 8601 time like 2024-06-01T00:00:00Z, got "${text}"`);
  return BigInt(ms) * 1_000_000n;
}

function parseStatus(text: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n <= 16) return n;
  }
  const byName = (GrpcStatus as unknown as Record<string, number>)[text.toUpperCase()];
  if (typeof byName === 'number') return byName;
  throw new QueryFlagError(`--status must be a gRPC status code 0..16 or its name (e.g. NOT_FOUND), got "${text}"`);
}

function nonNegativeInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new QueryFlagError(`${flag} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function toOutput(r: StoredRecord): Record<string, unknown> {
  let body: unknown = r.body;
  if (r.body !== null) {
    try {
      body = JSON.parse(r.body);
    } catch {
      // keep the text: the store does not require JSON bodies
    }
  }
  return { ...r, leafHash: r.leafHash?.toString('hex') ?? null, body };
}

function render(records: StoredRecord[], format: string): string {
  if (format === 'json') return `${JSON.stringify(records.map(toOutput), null, 2)}\n`;
  if (format === 'jsonl') return records.map((r) => `${JSON.stringify(toOutput(r))}\n`).join('');
  const header = ['LEAF', 'START (UTC)', 'SERVICE', 'METHOD', 'KIND', 'STATUS', 'TRACE ID', 'RECORD ID'];
  const rows = records.map((r) => [
    String(r.leafIndex),
    new Date(Number(BigInt(r.startTimeUnixNano) / 1_000_000n)).toISOString(),
    r.service,
    r.method,
    r.recordType === 'span' ? r.kind : r.recordType,
    r.grpcStatusCode === undefined ? '-' : String(r.grpcStatusCode),
    r.traceId,
    r.recordId,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `${cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}\n`;
  return line(header) + rows.map(line).join('') + `(${records.length} record${records.length === 1 ? '' : 's'})\n`;
}
