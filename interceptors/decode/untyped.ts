import type { Masker, MaskScope } from '../mask/masker';
import { binarySummary, bytesAsText } from '../mask/binary-summary';
import { finish, newState, type RenderResult } from './render-state';

/**
 * JSON of an object received without a schema (e.g. a message object whose method is not in
 * the registry): the masker treats every string as free text and uses key names as hints.
 * Never throws: a value that cannot be turned into JSON yields '{}' and an error marker.
 */
export function renderUntyped(value: unknown, masker: Masker, scope: MaskScope, maxBytes: number, methodPath?: string): RenderResult {
  const state = newState(scope, maxBytes, true);
  let normalised: unknown;
  try {
    normalised = normalise(value, new Set(), 0);
  } catch (err) {
    state.error = `cannot render untyped message: ${err instanceof UntypedShapeError ? err.message : 'expected a JSON-compatible object'}`;
    state.s = '{}';
    return finish(state, undefined);
  }
  try {
    // an object of a method without a schema: the policy's unknown-schema treatment applies (fail-closed by default)
    state.s = JSON.stringify(masker.maskUntyped(normalised, scope, methodPath, { unknownSchema: true })) ?? 'null';
  } catch {
    state.error = 'cannot render untyped message: the masker failed';
    state.s = '{}';
  }
  return finish(state, undefined);
}

class UntypedShapeError extends Error {}

const MAX_DEPTH = 64;

/**
 * Buffers that are text to that text (scanned like any string), other bytes to their length and
 * digest (never shown); Longs and bigints to decimal strings, Maps to objects; cycles and getters
 * that throw are errors.
 */
function normalise(v: unknown, seen: Set<object>, depth: number): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
  if (depth > MAX_DEPTH) throw new UntypedShapeError(`expected nesting under ${MAX_DEPTH} levels`);
  if (v instanceof Uint8Array) return bytesAsText(v) ?? binarySummary(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (seen.has(v)) throw new UntypedShapeError('expected an acyclic object');
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => normalise(x, seen, depth + 1) ?? null);
    const o = v as Record<string, unknown>;
    if (typeof o.low === 'number' && typeof o.high === 'number' && typeof o.unsigned === 'boolean') return String(o.toString());
    const entries: Array<[unknown, unknown]> = v instanceof Map ? [...v.entries()] : Object.entries(o);
    const out: Record<string, unknown> = {};
    for (const [k, x] of entries) {
      const n = normalise(x, seen, depth + 1);
      if (n !== undefined) out[String(k)] = n;
    }
    return out;
  } finally {
    seen.delete(v);
  }
}
