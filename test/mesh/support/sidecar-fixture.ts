import type { TracerProvider } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parseSidecarConfig, type SidecarConfigInput } from '../../../mesh/sidecar-config';
import { startSidecar, type SidecarHandle } from '../../../mesh/sidecar';
import type { Masker } from '../../../interceptors/mask/masker';

/** A sidecar on 127.0.0.1:0 whose records go to the given tracer provider (in-memory in most tests). */
export async function runSidecar(upstream: string, tracerProvider: TracerProvider, extra: Partial<SidecarConfigInput> = {}, masker?: Masker): Promise<SidecarHandle> {
  const config = parseSidecarConfig({ listen: '127.0.0.1:0', upstream, application: { serviceName: 'kitchen-sink', identity: 'spiffe://example.org/ns/demo/kitchen-sink' }, ...extra });
  return startSidecar(config, { tracerProvider, masker, logger: { warn: () => undefined } });
}

/** Events of a span as plain objects. */
export function events(span: ReadableSpan): Array<Record<string, unknown>> {
  return span.events.map((e) => ({ name: e.name, ...e.attributes }));
}

/** Polls until `test` holds (or fails after `timeoutMs`). */
export async function until(test: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
