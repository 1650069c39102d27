import type { OtlpAnyValue, OtlpKeyValue } from './otlp-types';
import { MalformedSpanError } from './ingest-errors';

/**
 * An attribute value as it is kept in a record body: the OTLP/JSON member name says the type, so
 * `1` (int) and `1.0` (double) and `"1"` (string) stay distinct, and 64-bit ints stay exact.
 */
export type TypedValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | 'NaN' | 'Infinity' | '-Infinity' }
  | { bytesValue: string }
  | { arrayValue: TypedValue[] }
  | { kvlistValue: TypedAttributes }
  | null;

export type TypedAttributes = Record<string, TypedValue>;

/** Nesting deeper than this is refused: bodies are walked recursively downstream. */
export const MAX_VALUE_DEPTH = 32;

export function toTypedValue(v: OtlpAnyValue | undefined, where: string, depth = 0): TypedValue {
  if (depth > MAX_VALUE_DEPTH) throw new MalformedSpanError(`${where}: value nested deeper than ${MAX_VALUE_DEPTH}`);
  if (!v || !v.value) return null;
  switch (v.value) {
    case 'stringValue':
      return { stringValue: v.stringValue ?? '' };
    case 'boolValue':
      return { boolValue: v.boolValue ?? false };
    case 'intValue':
      return { intValue: String(v.intValue ?? '0') };
    case 'doubleValue': {
      const d = v.doubleValue ?? 0;
      if (Number.isNaN(d)) return { doubleValue: 'NaN' };
      if (!Number.isFinite(d)) return { doubleValue: d > 0 ? 'Infinity' : '-Infinity' };
      return { doubleValue: d };
    }
    case 'bytesValue':
      return { bytesValue: Buffer.from(v.bytesValue ?? []).toString('base64') };
    case 'arrayValue':
      return { arrayValue: (v.arrayValue?.values ?? []).map((x, i) => toTypedValue(x, `${where}[${i}]`, depth + 1)) };
    case 'kvlistValue':
      return { kvlistValue: toTypedAttributes(v.kvlistValue?.values, where, depth + 1) };
    default:
      throw new MalformedSpanError(`${where}: unknown value type`);
  }
}

/**
 * OTLP requires unique keys; a duplicate makes the record ambiguous, so the span is refused.
 * `where` ends up in status details, partial-success messages and logs: it names top-level
 * attribute keys (vocabulary such as `grpcaudit.payload`) but only the position of keys inside a
 * kvlist, which are application map keys and can be personal data (an email used as a key).
 */
export function toTypedAttributes(kvs: OtlpKeyValue[] | undefined, where: string, depth = 0): TypedAttributes {
  const out: TypedAttributes = {};
  (kvs ?? []).forEach((kv, i) => {
    const key = kv.key ?? '';
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new MalformedSpanError(`${where}: duplicate attribute key`);
    out[key] = toTypedValue(kv.value, depth === 0 ? `${where}.${key}` : `${where}{#${i}}`, depth);
  });
  return out;
}

export function stringAttr(attrs: TypedAttributes, key: string): string | undefined {
  const v = attrs[key];
  return v && 'stringValue' in v ? v.stringValue : undefined;
}

export function intAttr(attrs: TypedAttributes, key: string): string | undefined {
  const v = attrs[key];
  return v && 'intValue' in v ? v.intValue : undefined;
}
