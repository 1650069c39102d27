import { propagation, trace, TraceFlags, type Context, type SpanContext, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { Metadata } from '@grpc/grpc-js';

/**
 * W3C trace context in gRPC metadata. The globally registered propagator is used first (so an
 * app's B3 or baggage setup keeps working); when none is registered we still write and read
 * `traceparent` ourselves, so client and server spans always join one trace.
 */
export const metadataSetter: TextMapSetter<Metadata> = {
  set(carrier, key, value) {
    carrier.set(key, value);
  },
};

export const metadataGetter: TextMapGetter<Metadata> = {
  keys(carrier) {
    return Object.keys(carrier.getMap());
  },
  get(carrier, key) {
    const values = carrier.get(key);
    if (values.length === 0) return undefined;
    return values.length === 1 ? String(values[0]) : values.map(String);
  },
};

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Writes the trace context of `ctx` into `metadata` (which the caller must own: the client
 * interceptor passes a copy of the application's Metadata). A `traceparent` already present is
 * replaced, never kept: it belongs to some other call, and the server must see this call's span.
 */
export function inject(ctx: Context, metadata: Metadata): void {
  metadata.remove('traceparent');
  propagation.inject(ctx, metadata, metadataSetter);
  if (metadata.get('traceparent').length === 0) {
    const sc = trace.getSpanContext(ctx);
    if (sc && trace.isSpanContextValid(sc)) {
      const flags = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? '01' : '00';
      metadata.set('traceparent', `00-${sc.traceId}-${sc.spanId}-${flags}`);
    }
  }
}

export function extract(parent: Context, metadata: Metadata): Context {
  const ctx = propagation.extract(parent, metadata, metadataGetter);
  if (trace.getSpanContext(ctx)) return ctx;
  const header = metadata.get('traceparent')[0];
  if (typeof header !== 'string') return ctx;
  const m = TRACEPARENT.exec(header);
  if (!m) return ctx;
  const sc: SpanContext = { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true };
  return trace.isSpanContextValid(sc) ? trace.setSpanContext(ctx, sc) : ctx;
}

/** Deterministic sampling from a trace id, so both sides of a call decide alike. */
export function sampledByTraceId(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  // The last 8 hex digits of a random trace id are uniformly distributed.
  const n = parseInt(traceId.slice(-8), 16);
  return n / 0x100000000 < rate;
}
