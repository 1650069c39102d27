/** Which SQL the store speaks; the shared builders write one text and the store adapts placeholders. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A bound parameter: 64-bit values (start times in ns) as bigint, the store binds them exactly. */
export type SqlParam = string | number | bigint | null;

/**
 * Read-only SQL over the schema both stores share (`records` has the same columns in SQLite and
 * PostgreSQL; lookups by trace id or subject go through recordFilterSql, whose SQL differs: the
 * SQLite store indexes them in FTS5, PostgreSQL in B-trees and `record_subjects`), for reports
 * a RecordFilter cannot express — sequence gaps need a window function, completeness a correlated
 * anti-join. The report builders in collector/delivery write each statement once, in the SQL both
 * dialects accept, with `?` placeholders (a lookup by trace id branches on `dialect`); every store
 * runs them the same way, so reports never depend on the store type.
 */
export interface RecordSql {
  readonly dialect: SqlDialect;
  /**
   * Runs one SELECT with `?` placeholders (never inside string literals) bound in order; rows as
   * objects keyed by column name, 64-bit integers as numbers (all within the safe range by the
   * AuditRecord contract). Statements that write are refused by the store.
   */
  select(sql: string, params?: readonly SqlParam[]): Promise<Array<Record<string, unknown>>>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the shared builders never put `?` in literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Whether a store offers RecordSql (the in-memory and test stores need not). */
export function isRecordSql(v: unknown): v is RecordSql {
  const r = v as Partial<RecordSql> | null | undefined;
  return !!r && (r.dialect === 'sqlite' || r.dialect === 'postgres') && typeof r.select === 'function';
}
