/** Small, pure statistics over the rounds of a cell. */

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function max(values: readonly number[]): number {
  return values.reduce((m, x) => (x > m ? x : m), -Infinity);
}

/** Rounds to `digits` significant decimals for the report (NaN → null so JSON stays valid). */
export function round(x: number, digits = 3): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Rotates a list left by `k` — the order configurations run in, round after round. */
export function rotate<T>(list: readonly T[], k: number): T[] {
  if (list.length === 0) return [];
  const s = ((k % list.length) + list.length) % list.length;
  return [...list.slice(s), ...list.slice(0, s)];
}
