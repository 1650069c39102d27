import { SpanKind, SpanStatusCode, TraceFlags, type Attributes } from '@opentelemetry/api';
import { randomFillSync } from 'node:crypto';
import { ATTR_GAP_COUNT, ATTR_GAP_FROM, ATTR_GAP_REASON, ATTR_GAP_TO, SPAN_NAME_GAP } from './attributes';
import type { GapReason } from './gap-reason';
import type { ReadableSpanLike } from './readable-span';

export const GAP_SCOPE = { name: 'grpc-audit', version: '0.1.0' };

/** A closed range of sequence numbers that will never arrive, and why. */
export interface SeqGap {
  from: number;
  to: number;
  reason: GapReason;
}

function randomHex(bytes: number): string {
  const b = Buffer.alloc(bytes);
  do randomFillSync(b);
  while (b.every((x) => x === 0));
  return b.toString('hex');
}

/**
 * The explicit loss report: an INTERNAL span named `grpcaudit.gap` in its own trace, carrying the
 * range, the count and the reason, under the same resource (service.name) as the emitter's
 * records so the collector authorises it like them. It gets its own record id and sequence
 * number when it is encoded.
 */
export function gapSpan(gap: SeqGap, resource: { attributes: Attributes }, nowMs: number): ReadableSpanLike {
  const traceId = randomHex(16);
  const spanId = randomHex(8);
  const t: [number, number] = [Math.floor(nowMs / 1000), (nowMs % 1000) * 1_000_000];
  return {
    name: SPAN_NAME_GAP,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
    startTime: t,
    endTime: t,
    status: { code: SpanStatusCode.ERROR, message: `${gap.to - gap.from + 1} record(s) not delivered: ${gap.reason}` },
    attributes: {
      [ATTR_GAP_FROM]: gap.from,
      [ATTR_GAP_TO]: gap.to,
      [ATTR_GAP_COUNT]: gap.to - gap.from + 1,
      [ATTR_GAP_REASON]: gap.reason,
    },
    links: [],
    events: [],
    resource,
    instrumentationScope: GAP_SCOPE,
  };
}
