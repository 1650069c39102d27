/**
 * Records still waiting to be made off the call path, across every grpc-audit instance of the
 * process (AuditRuntime.deferDrain adds its drain here, the drain removes it). A span processor
 * that is flushed or shut down (DurableSpanProcessor) makes them first, so a flush right after a
 * call — a server span still one turn of the event loop from its end — includes that call.
 */
const waiting = new Set<() => void>();

export function addWaiting(drain: () => void): void {
  waiting.add(drain);
}

export function removeWaiting(drain: () => void): void {
  waiting.delete(drain);
}

/** Makes every waiting record now (synchronously). */
export function recordWaiting(): void {
  if (waiting.size === 0) return;
  for (const drain of [...waiting]) drain();
}
