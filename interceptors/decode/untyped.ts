import type { Masker, MaskScope } from '../mask/masker';
import { finish, type RenderResult, type RenderState } from './render-plan';

/**
 * JSON of an object received without a schema (e.g. a message object whose method is not in
 * the registry): the masker treats every string as free text and uses key names as hints.
 */
export function renderUntyped(value: unknown, masker: Masker, scope: MaskScope, maxBytes: number): RenderResult {
  const state: RenderState = { s: '', max: maxBytes, writing: true, truncated: false, depth: 0, scope };
  try {
    const masked = masker.maskUntyped(normalise(value, 0), scope);
    state.s = JSON.stringify(masked) ?? 'null';
  } catch {
    state.error = 'cannot render untyped message: expected a JSON-compatible object';
    state.s = '{}';
  }
  return finish(state, 0);
}

/** Buffers to base64, Longs and bigints to decimal strings, cycles cut. */
function normalise(v: unknown, depth: number): unknown {
  if (depth > 64) throw new Error('too deep');
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : v;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map((x) => normalise(x, depth + 1));
  const o = v as Record<string, unknown>;
  if (typeof o.low === 'number' && typeof o.high === 'number' && typeof o.toString === 'function' && 'unsigned' in o) {
    return String(o.toString());
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = normalise(x, depth + 1);
  return out;
}
