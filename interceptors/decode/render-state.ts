import { DROP, type Drop, type MaskScope, type ValueMasker } from '../mask/masker';
import { ValueShapeError } from './scalars';

/**
 * The state of one render walk and the primitives every renderer shares (typed plans, well-known
 * types, the wire fallback, untyped values): the output budget, the unwinding signal, the masker
 * guard and the final cut. Kept apart from render-plan.ts so the renderers that render-plan
 * dispatches to can use them without importing render-plan back (no import cycle).
 */

export interface RenderResult {
  /** Masked canonical JSON; cut at `maxBytes` UTF-8 bytes (possibly mid-token) when `truncated`. */
  json: string;
  truncated: boolean;
  /**
   * Encoded protobuf size of the message as protobufjs would serialize it (what grpc-js sends).
   * From a render plan: absent when the render was truncated (the walk stopped early) or hit an
   * error — `MessageRenderer.encodedSize` computes it alone. From `renderWire`: always the input
   * length. From `renderUntyped`: absent.
   */
  size?: number;
  /** Names the field path and the expected shape when part of the message could not be rendered; never a value. */
  error?: string;
}

/** Mutable state of one render walk. */
export interface RenderState {
  s: string;
  /** Output budget; the walk stops (throws STOP) once `s.length` passes it. */
  max: number;
  /** False for a size-only walk: nothing is written and no masker is called. */
  writing: boolean;
  truncated: boolean;
  error: string | undefined;
  errors: number;
  depth: number;
  /** Message objects on the current path, for cycle detection. */
  ancestors: unknown[];
  scope: MaskScope;
  /** Method of a wire-decoded payload (no schema): the masker's unknown-schema treatment is per method. */
  methodPath?: string;
  /**
   * Set by `leafValue` when it cut a string/bytes value to the budget; reset before each leaf by
   * the caller that reads it. Kept per render (not per module) so a masker that renders inside a
   * render, or two renderers, never see each other's flag.
   */
  cut: boolean;
  /** With `cut` on a string: the room the masked value is cut to (`leafValue` returned a mask window), and the whole string. */
  cutRoom: number;
  cutOriginal: string;
}

/** Thrown to unwind the walk once the output is over budget; never escapes `render`. */
export const STOP: unique symbol = Symbol('grpcaudit.render.stop');

/** A masker that threw or returned something that is not a JSON leaf. */
export class MaskerFailure extends Error {}

/** Error text for the marker: the expected shape, never the value. */
export function describeError(err: unknown): string {
  if (err instanceof ValueShapeError) return 'expected ' + err.message;
  if (err instanceof MaskerFailure) return 'the masker failed on this field';
  if (err instanceof RangeError) return 'expected an acyclic, finitely nested value';
  return 'expected a value of the schema type';
}

export function checkBudget(state: RenderState): void {
  if (state.writing && state.s.length > state.max) {
    state.truncated = true;
    throw STOP;
  }
}

export function applyMask(mask: ValueMasker, value: string | number | boolean, scope: MaskScope): string | number | boolean | Drop {
  let out: unknown;
  try {
    out = mask(value, scope);
  } catch {
    throw new MaskerFailure();
  }
  // A masker bug (undefined, an object) must not turn into a plausible-looking value.
  const t = typeof out;
  if (t !== 'string' && t !== 'number' && t !== 'boolean' && out !== DROP) throw new MaskerFailure();
  return out as string | number | boolean | Drop;
}

export function newState(scope: MaskScope, maxBytes: number, writing: boolean): RenderState {
  return { s: '', max: budgetOf(maxBytes), writing, truncated: false, error: undefined, errors: 0, depth: 0, ancestors: [], scope, cut: false, cutRoom: -1, cutOriginal: '' };
}

/** A budget that is not a number (NaN, undefined from a config slip) records nothing rather than everything. */
export function budgetOf(maxBytes: number): number {
  return typeof maxBytes === 'number' && maxBytes >= 0 ? maxBytes : 0;
}

/** Applies the byte budget exactly (UTF-8), never splitting a character or a surrogate pair. */
export function finish(state: RenderState, size: number | undefined): RenderResult {
  let json = state.s;
  let truncated = state.truncated;
  if (json.length * 3 > state.max && Buffer.byteLength(json) > state.max) {
    truncated = true;
    const buf = Buffer.from(json);
    let cut = state.max;
    while (cut > 0 && (buf[cut] & 0xc0) === 0x80) cut--; // back to the start of a UTF-8 sequence
    json = buf.subarray(0, cut).toString('utf8');
  }
  // The walk built a rope of many small strings; the record keeps the JSON until the span is
  // exported, long enough for the garbage collector to copy (and promote) every node of it.
  // Flattened now, the rope's nodes die young and the record holds one string.
  if (json.length > 0) json.charCodeAt(json.length >> 1);
  const result: RenderResult = { json, truncated };
  if (state.error) result.error = state.errors > 1 ? `${state.error} (and ${state.errors - 1} more)` : state.error;
  else if (!truncated && size !== undefined) result.size = size;
  return result;
}
