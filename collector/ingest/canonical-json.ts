/**
 * Deterministic JSON: object keys sorted (UTF-16 code unit order), no whitespace, arrays in order.
 * The ledger hashes record bodies, so the same span must always render to the same bytes.
 * Values must be JSON-safe already (no undefined inside arrays, no NaN/Infinity, no bigint).
 *
 * One string built by appending (no per-level arrays, `map` or `join`): this runs once per
 * stored span over every attribute and event, and was the collector's largest self-time item.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === null || typeof v !== 'object' ? scalar(v) : canonicalJson(v);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key);
    out += ':';
    out += v === null || typeof v !== 'object' ? scalar(v) : canonicalJson(v);
  }
  return out + '}';
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
  return JSON.stringify(value) ?? 'null';
}
