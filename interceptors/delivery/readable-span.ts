import type { Attributes, Context, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';

/**
 * The parts of an SDK `ReadableSpan` the exporter reads, declared structurally so that the
 * interceptors never depend on an SDK package (DESIGN.md "Packaging"): spans from SDK 2.x
 * (`parentSpanContext`) and 1.x (`parentSpanId`, `instrumentationLibrary`) both fit.
 */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: Array<{ name: string; time: HrTime; attributes?: Attributes; droppedAttributesCount?: number }>;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope?: { name: string; version?: string; schemaUrl?: string };
  readonly instrumentationLibrary?: { name: string; version?: string; schemaUrl?: string };
  readonly droppedAttributesCount?: number;
  readonly droppedEventsCount?: number;
  readonly droppedLinksCount?: number;
}

/** The SDK's SpanProcessor contract, structurally (so apps add us to their own provider). */
export interface SpanProcessorLike {
  onStart(span: unknown, parentContext: Context): void;
  onEnd(span: ReadableSpanLike): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
