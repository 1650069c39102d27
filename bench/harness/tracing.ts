/**
 * The one tracer-provider setup every traced configuration uses, in both processes:
 * BasicTracerProvider + BatchSpanProcessor (default settings) over an exporter that discards,
 * AsyncLocalStorage context manager, W3C trace-context propagator. Only the instrumentation
 * differs between configurations.
 *
 * The exporter counts what it is handed, so the orchestrator can check that each configuration
 * really produced spans (and payload events) and that no raw PII marker reached an attribute.
 * The leak scan reads ~1% of spans, to keep its own cost out of the measurement.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PiiMarker } from './payloads';
import type { SpanTally } from './protocol';

const PAYLOAD_ATTR = 'grpcaudit.payload';
const RECORDED_BY_ATTR = 'grpcaudit.payload.recorded_by';
const SCAN_EVERY = 97;

export class CountingDiscardExporter implements SpanExporter {
  readonly tally: SpanTally = { exported: 0, messageEvents: 0, payloadEvents: 0, peerEvents: 0, leaks: 0 };
  constructor(private readonly markers: readonly PiiMarker[]) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const t = this.tally;
    for (const span of spans) {
      t.exported++;
      for (const ev of span.events) {
        if (ev.name !== 'rpc.message') continue;
        t.messageEvents++;
        const a = ev.attributes;
        if (a === undefined) continue;
        if (a[PAYLOAD_ATTR] !== undefined) t.payloadEvents++;
        else if (a[RECORDED_BY_ATTR] === 'peer') t.peerEvents!++;
      }
      if (t.exported % SCAN_EVERY === 1) this.scan(span);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  /** Looks for raw PII markers in every string attribute of the span and its events. */
  private scan(span: ReadableSpan): void {
    const strings: string[] = [];
    let payload: string | undefined;
    for (const v of Object.values(span.attributes)) if (typeof v === 'string') strings.push(v);
    for (const ev of span.events) {
      for (const [k, v] of Object.entries(ev.attributes ?? {})) {
        if (typeof v !== 'string') continue;
        strings.push(v);
        if (k === PAYLOAD_ATTR && payload === undefined) payload = v;
      }
    }
    const all = strings.join('\n');
    for (const m of this.markers) {
      if (all.includes(m.value)) {
        this.tally.leaks++;
        const kinds = (this.tally.leakKinds ??= {});
        kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
      }
    }
    this.tally.sample ??= {
      name: span.name,
      attributes: Object.keys(span.attributes).sort(),
      events: span.events.length,
      payload: payload?.slice(0, 400),
    };
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Tracing {
  provider: BasicTracerProvider;
  exporter: CountingDiscardExporter;
}

/**
 * Installs the shared setup globally; `extra` processors (the durable exporter) are added after
 * the batch one. `serviceName` is the resource's service.name (the collector authorises on it).
 */
export function setupTracing(markers: readonly PiiMarker[], serviceName: string, extra: SpanProcessor[] = []): Tracing {
  const exporter = new CountingDiscardExporter(markers);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter), ...extra],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return { provider, exporter };
}
