import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * An in-memory tracer provider for tests: spans end up in `exporter` synchronously on end
 * (SimpleSpanProcessor), nothing is registered globally except a context manager (so an active
 * parent span reaches interceptors across async hops, as it does in an app with an SDK).
 */
export interface TestTracing {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** Finished spans so far. */
  spans(): ReadableSpan[];
  /** Resolves once at least `count` spans have finished (or rejects after `timeoutMs`). */
  waitForSpans(count: number, timeoutMs?: number): Promise<ReadableSpan[]>;
  reset(): void;
  shutdown(): Promise<void>;
}

let contextManagerInstalled = false;

/** Registers an AsyncLocalStorage context manager once per test process (idempotent). */
export function ensureContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export function createTestTracing(): TestTracing {
  ensureContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    provider,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    async waitForSpans(count, timeoutMs = 5000) {
      const start = Date.now();
      while (exporter.getFinishedSpans().length < count) {
        if (Date.now() - start > timeoutMs) {
          throw new Error(`expected ${count} finished spans, got ${exporter.getFinishedSpans().length} after ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return exporter.getFinishedSpans();
    },
    reset: () => exporter.reset(),
    shutdown: () => provider.shutdown(),
  };
}

/** Every string reachable from a span (name, attributes, events, status, links): for leak scans. */
export function spanStrings(span: ReadableSpan): string[] {
  const out: string[] = [span.name];
  if (span.status.message) out.push(span.status.message);
  const push = (attrs: Record<string, unknown> | undefined): void => {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      out.push(k);
      if (Array.isArray(v)) for (const x of v) out.push(String(x));
      else if (v !== undefined && v !== null) out.push(String(v));
    }
  };
  push(span.attributes);
  for (const e of span.events) {
    out.push(e.name);
    push(e.attributes);
  }
  for (const l of span.links) push(l.attributes);
  return out;
}
