import type { RecordFilter } from './record-store';
import type { SqlParam } from './record-sql';

/** A WHERE clause (empty, or starting with `WHERE`) with `?` placeholders and its parameters in order. */
export interface FilterSql {
  where: string;
  params: SqlParam[];
}

/** RecordFilter keys compared for equality, with their column. */
const EQUALITY: ReadonlyArray<readonly [keyof RecordFilter, string]> = [
  ['service', 'service'],
  ['method', 'method'],
  ['grpcStatusCode', 'grpc_status_code'],
  ['recordType', 'record_type'],
  ['emitterId', 'emitter_id'],
];

/**
 * The one translation of a RecordFilter into SQL, shared by both stores (and the report
 * builders) so a filter selects the same records whatever the store. Written with `?`
 * placeholders; PostgreSQL numbers them (see numberedPlaceholders). `alias` qualifies the
 * columns when the records table is aliased in a join.
 */
export function recordFilterSql(f: RecordFilter, alias = '', dialect: 'sqlite' | 'postgres' = 'postgres'): FilterSql {
  const col = alias ? (c: string): string => `${alias}.${c}` : (c: string): string => c;
  const terms: string[] = [];
  const params: SqlParam[] = [];
  if (f.fromUnixNano !== undefined) {
    terms.push(`${col('start_time_ns')} >= ?`);
    params.push(f.fromUnixNano);
  }
  if (f.toUnixNano !== undefined) {
    terms.push(`${col('start_time_ns')} < ?`);
    params.push(f.toUnixNano);
  }
  for (const [key, column] of EQUALITY) {
    const v = f[key];
    if (v !== undefined) {
      terms.push(`${col(column)} = ?`);
      params.push(v as SqlParam);
    }
  }
  if (f.traceId !== undefined) {
    if (dialect === 'sqlite') {
      // the SQLite store indexes 'x' || hex(trace_id) in FTS5 (sqlite-migrations.ts v2): the term finds
      // the rows, the column comparison keeps equality exact
      terms.push(`${col('leaf_index')} IN (SELECT rowid FROM trace_index WHERE trace_index MATCH ?)`);
      params.push(`"${traceToken(f.traceId)}"`);
    }
    terms.push(`${col('trace_id')} = ?`);
    params.push(f.traceId);
  }
  if (f.subjectRef !== undefined) {
    if (dialect === 'sqlite') {
      // the SQLite store indexes each record's references in FTS5 (sqlite-migrations.ts v2): the
      // term finds the rows, the record's own list confirms the reference exactly
      terms.push(`${col('leaf_index')} IN (SELECT rowid FROM subject_index WHERE subject_index MATCH ?)`);
      params.push(`"${indexTerm(f.subjectRef)}"`);
      terms.push(`EXISTS (SELECT 1 FROM json_each(${col('subject_refs')}) WHERE value = ?)`);
    } else terms.push(`${col('leaf_index')} IN (SELECT leaf_index FROM record_subjects WHERE subject_ref = ?)`);
    params.push(f.subjectRef);
  }
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** The SQLite indexes' term for a value: `'x' || hex(value)` in SQL (one FTS5 token, whatever the value holds, even ''). */
export function indexTerm(value: string): string {
  return 'x' + Buffer.from(value, 'utf8').toString('hex').toUpperCase();
}

/** The SQLite trace index's term for a trace id. */
export const traceToken = indexTerm;

/** The SQLite subject index's text for a record's references: their terms, space-separated. */
export function subjectTerms(refs: readonly string[]): string {
  return refs.map(indexTerm).join(' ');
}
