/**
 * The decode stage: schema registry, per-type render plans to masked canonical proto3 JSON
 * (with the encoded size from the same walk), raw wire fallback, and untyped objects.
 *
 * Contract with the masker (interceptors/mask/masker.ts):
 * - `compileField(site)` is called once per field when a plan is compiled (per masker, method
 *   path and type): scalars with their kind; wrappers with the wrapped kind; Timestamp, Duration
 *   and FieldMask with kind 'message' (their value is a string but not free text); every other
 *   message field (Struct, Any, nested messages) with kind 'message' — that function receives
 *   the rendered JSON text of the sub-message and may return DROP (field removed), the same
 *   string (kept) or a replacement value (rendered as a JSON leaf).
 * - Field paths: 'customer.addresses[].street'; list and map values add '[]'; string map keys
 *   are compiled as a separate 'string' site at '<map path>[]' + MAP_KEY_SUFFIX, e.g.
 *   'customer.labels[]{key}'.
 * - Struct/Value/ListValue contents go through `maskUntyped`; guessed strings of the wire
 *   fallback (and of an Any whose type is unknown) through `maskText` with
 *   `{ kind: 'unknown-field', fieldPath: '1.2' }`.
 *
 * Calls on the hot path (`render`, `encodedSize`, `renderWire`, `renderUntyped`) never throw:
 * problems come back as `RenderResult.error` (field path and expected shape, never a value).
 * Over `maxBytes` the walk stops, `json` is cut at a UTF-8 boundary, `truncated` is set and a
 * plan's `size` is omitted (`encodedSize(message)` computes it alone). Registration methods of
 * SchemaRegistry throw SchemaError. See README.md for the decisions.
 */
export { SchemaRegistry, OWN_PROTO_DIR } from './schema-registry';
export type { MethodSchema, FileDescriptorSetInput } from './schema-registry';
export { SchemaError } from './schema-error';
export { MAP_KEY_SUFFIX } from './render-plan';
export type { MessageRenderer, RenderResult } from './render-plan';
export { getRenderer } from './renderer-cache';
export { renderWire } from './wire-decoder';
export { renderUntyped } from './untyped';
