/**
 * Deterministic JSON: object keys sorted (UTF-16 code unit order), no whitespace, arrays in order.
 * The ledger hashes record bodies, so the same span must always render to the same bytes.
 * Values must be JSON-safe already (no undefined inside arrays, no NaN/Infinity, no bigint).
 *
 * Fast path: one native `JSON.stringify` (which keeps insertion order and returns one flat string)
 * over a view of the value in which every object's keys are in sorted order. The view is built copy
 * on write: a plain object whose keys are already sorted and whose children need no copy is used
 * as it is, so a producer that builds its objects in key order (span-to-record does) pays for a
 * walk, not for a copy of the tree. Other objects are copied with sorted keys. V8
 * orders integer-like keys ("7", "10") numerically ahead of the others whatever the insertion
 * order, so a value holding such a key anywhere is rendered by the piecewise reference instead.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sortedView(value)) ?? 'null';
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

/**
 * `value` itself when JSON.stringify already renders it canonically, else a copy that does. A
 * non-plain object (Date, Map, class instance) is always copied from its own enumerable keys, as
 * the reference renders it (no toJSON). Undefined array items are left: stringify renders null.
 */
function sortedView(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return value;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const c = v === undefined ? null : sortedView(v);
      if (out === undefined) {
        if (c === v || v === undefined) continue;
        out = value.slice(0, i);
        for (let j = 0; j < i; j++) if (out[j] === undefined) out[j] = null;
      }
      out.push(c);
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const proto = Object.getPrototypeOf(obj);
  let copy = proto !== Object.prototype && proto !== null;
  let views: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const c0 = key.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && INDEX_LIKE.test(key) && Number(key) < 4294967295) throw INDEX_KEY;
    if (i > 0 && !(keys[i - 1] < key)) copy = true;
    const v = obj[key];
    if (v === undefined) continue;
    const c = sortedView(v);
    if (c !== v) {
      views ??= new Array<unknown>(keys.length);
      views[i] = c;
      copy = true;
    }
  }
  if (!copy) return obj;
  const order = keys.map((_, i) => i);
  order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const i of order) {
    const v = obj[keys[i]];
    if (v === undefined) continue;
    out[keys[i]] = views !== undefined && views[i] !== undefined ? views[i] : v;
  }
  return out;
}
