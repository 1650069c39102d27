import type { RecordSql } from '../store/record-sql';

/** One side of a call whose other side is not in the store. */
export interface UnmatchedSide {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  method: string;
  startTimeUnixNano: string;
  grpcStatusCode?: number;
  leafIndex: number;
}

export interface CompletenessReport {
  fromUnixNano: string;
  toUnixNano: string;
  clientSpans: number;
  serverSpans: number;
  /** Client spans with their server span stored. */
  matched: number;
  /** Client spans whose server side is missing (not audited, rejected before the handler, or lost). */
  clientOnly: number;
  /** Server spans whose parent span id names no stored client span (client not audited, or lost). */
  serverOnly: number;
  /** Server spans with no parent at all: the caller propagated no trace context. */
  serverWithoutParent: number;
  /**
   * Unmatched sides (of clientOnly + serverOnly) that recorded received messages as held by the
   * peer (`grpcaudit.messages.peer_recorded`, a recording domain): those payloads are in no stored
   * record. Counted from stored bodies; a pruned body is not counted.
   */
  payloadsHeldByMissingPeer: number;
  /** Up to `limit` examples of each unmatched kind, oldest first. */
  clientOnlyExamples: UnmatchedSide[];
  serverOnlyExamples: UnmatchedSide[];
  /**
   * The same counts per reporting identity (the partner side may come from any identity: the two
   * sides of a call are normally reported by different workloads).
   */
  byIdentity: IdentityCompleteness[];
}

export interface IdentityCompleteness {
  identity: string;
  clientSpans: number;
  serverSpans: number;
  clientOnly: number;
  serverOnly: number;
}

export interface CompletenessOptions {
  /** Start time ≥ this (Unix ns). */
  fromUnixNano: bigint;
  /** Start time < this (Unix ns). */
  toUnixNano: bigint;
  /** Examples listed per kind (default 100). */
  limit?: number;
}

/** Unqualified: the one `records` in each examples query is the aliased one. */
const SIDE_COLUMNS = 'trace_id, span_id, parent_span_id, service, method, start_time_unix_nano, grpc_status_code, leaf_index';

function toSide(r: Record<string, unknown>): UnmatchedSide {
  return {
    traceId: r.trace_id as string,
    spanId: r.span_id as string,
    parentSpanId: (r.parent_span_id as string | null) ?? undefined,
    service: r.service as string,
    method: r.method as string,
    startTimeUnixNano: r.start_time_unix_nano as string,
    grpcStatusCode: (r.grpc_status_code as number | null) ?? undefined,
    leafIndex: r.leaf_index as number,
  };
}

/**
 * For calls that started in [from, to): the client side and the server side of one call are the
 * client span and the server span whose parent is that client span, in the same trace (the
 * interceptors propagate W3C trace context). Sides are selected by time, but their partners are
 * looked up at any time, so a call straddling the boundary is still matched. The same statements
 * run on every store (RecordSql).
 */
export async function completenessReport(sql: RecordSql, options: CompletenessOptions): Promise<CompletenessReport> {
  const from = options.fromUnixNano;
  const to = options.toUnixNano;
  const limit = options.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const inRange = 'start_time_ns >= ? AND start_time_ns < ?';
  const sameTrace = sameTraceAs(sql.dialect);
  const clientOnlyWhere = `c.kind = 'client' AND c.record_type = 'span' AND c.${inRange}
      AND NOT EXISTS (SELECT 1 FROM records s WHERE ${sameTrace('s', 'c')} AND s.kind = 'server' AND s.parent_span_id = c.span_id)`;
  const serverOnlyWhere = `s.kind = 'server' AND s.record_type = 'span' AND s.${inRange} AND s.parent_span_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM records c WHERE ${sameTrace('c', 's')} AND c.kind = 'client' AND c.span_id = s.parent_span_id)`;
  const one = async (text: string): Promise<number> => Number((await sql.select(text, [from, to]))[0].n);
  // The attribute name is looked for in the body only on sides already found unmatched (few).
  const peerHeld = `body LIKE '%"grpcaudit.messages.peer_recorded"%'`;

  const [clientSpans, serverSpans, clientOnly, serverOnly, serverWithoutParent, clientPeerHeld, serverPeerHeld] = await Promise.all([
    one(`SELECT count(*) AS n FROM records WHERE kind = 'client' AND record_type = 'span' AND ${inRange}`),
    one(`SELECT count(*) AS n FROM records WHERE kind = 'server' AND record_type = 'span' AND ${inRange}`),
    one(`SELECT count(*) AS n FROM records c WHERE ${clientOnlyWhere}`),
    one(`SELECT count(*) AS n FROM records s WHERE ${serverOnlyWhere}`),
    one(`SELECT count(*) AS n FROM records WHERE kind = 'server' AND record_type = 'span' AND ${inRange} AND parent_span_id IS NULL`),
    one(`SELECT count(*) AS n FROM records c WHERE ${clientOnlyWhere} AND c.${peerHeld}`),
    one(`SELECT count(*) AS n FROM records s WHERE ${serverOnlyWhere} AND s.${peerHeld}`),
  ]);
  const examples = async (alias: string, where: string): Promise<UnmatchedSide[]> =>
    (await sql.select(`SELECT ${SIDE_COLUMNS} FROM records ${alias} WHERE ${where} ORDER BY ${alias}.start_time_ns, ${alias}.leaf_index LIMIT ?`, [from, to, limit])).map(toSide);

  return {
    fromUnixNano: from.toString(),
    toUnixNano: to.toString(),
    clientSpans,
    serverSpans,
    matched: clientSpans - clientOnly,
    clientOnly,
    serverOnly,
    serverWithoutParent,
    payloadsHeldByMissingPeer: clientPeerHeld + serverPeerHeld,
    clientOnlyExamples: await examples('c', clientOnlyWhere),
    serverOnlyExamples: await examples('s', serverOnlyWhere),
    byIdentity: await perIdentity(sql, from, to),
  };
}

/** Per sending identity: its client and server spans in the range and how many lack their other side. */
async function perIdentity(sql: RecordSql, from: bigint, to: bigint): Promise<IdentityCompleteness[]> {
  const sameTrace = sameTraceAs(sql.dialect);
  const rows = await sql.select(
    `SELECT identity,
            sum(CASE WHEN kind = 'client' THEN 1 ELSE 0 END) AS client_spans,
            sum(CASE WHEN kind = 'server' THEN 1 ELSE 0 END) AS server_spans,
            sum(CASE WHEN kind = 'client' AND NOT EXISTS (SELECT 1 FROM records s WHERE ${sameTrace('s', 'r')} AND s.kind = 'server' AND s.parent_span_id = r.span_id) THEN 1 ELSE 0 END) AS client_only,
            sum(CASE WHEN kind = 'server' AND parent_span_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM records c WHERE ${sameTrace('c', 'r')} AND c.kind = 'client' AND c.span_id = r.parent_span_id) THEN 1 ELSE 0 END) AS server_only
       FROM records r
      WHERE record_type = 'span' AND kind IN ('client', 'server') AND start_time_ns >= ? AND start_time_ns < ?
      GROUP BY identity ORDER BY identity`,
    [from, to],
  );
  return rows.map((r) => ({ identity: r.identity as string, clientSpans: Number(r.client_spans), serverSpans: Number(r.server_spans), clientOnly: Number(r.client_only), serverOnly: Number(r.server_only) }));
}

/**
 * `partner` is in the trace of `row`. PostgreSQL compares the column through its B-tree; the
 * SQLite store indexes trace ids in FTS5 (sqlite-migrations.ts v2), so the partner's rows come
 * from the index by the term 'x' || hex(trace_id) (store/record-filter-sql.ts traceToken) and the column
 * comparison keeps it exact.
 */
function sameTraceAs(dialect: RecordSql['dialect']): (partner: string, row: string) => string {
  if (dialect === 'postgres') return (partner, row) => `${partner}.trace_id = ${row}.trace_id`;
  return (partner, row) =>
    `${partner}.leaf_index IN (SELECT rowid FROM trace_index WHERE trace_index MATCH '"x' || hex(${row}.trace_id) || '"') AND ${partner}.trace_id = ${row}.trace_id`;
}
