import type * as grpc from '@grpc/grpc-js';

/**
 * HTTP/2 flow-control window the collector advertises for each Export stream: 4 MiB (the default
 * largest request, limits.maxReceiveMessageBytes) instead of HTTP/2's 64 KiB.
 *
 * Why: an emitter's request of a few hundred spans is ~0.5–1.5 MB. With a 64 KiB window the
 * sender stops every 64 KiB until the collector's event loop has read the data and sent a
 * WINDOW_UPDATE — a dozen round trips through a thread that is also answering other calls — so
 * requests arrived late, and two requests in flight on one connection shared the window and
 * arrived later still (docs/delivery.md). Measured with `bench/delivery.ts --quick` (one emitter
 * into the collector CLI on the same two cores): at 8,000 offered spans/s, 5,355 / 5,612 delivered
 * with 64 KiB against 6,882 / 6,653 with 4 MiB; with 4 MiB and two requests in flight, 8,184 /
 * 9,269 at 10,000 offered and 9,439 / 9,707 at 12,000, the spool not growing.
 * The window bounds what a sender may push before the collector reads it, not what the collector
 * keeps: grpc-js buffers a whole message anyway, up to limits.maxReceiveMessageBytes.
 *
 * grpc-js (1.14) has no public server option for it — only `grpc.max_concurrent_streams` reaches
 * the HTTP/2 settings — so this sets the settings object its server passes to
 * `http2.createSecureServer` when it binds. Must run before `bindAsync`. Returns false when the
 * grpc-js in use keeps its options elsewhere (test/collector/receive-window.test.ts checks the
 * window a real client is offered, so an upgrade that breaks this fails a test, not production).
 */
export const RECEIVE_WINDOW_BYTES = 4 * 1024 * 1024;

export function setReceiveWindow(server: grpc.Server, bytes: number = RECEIVE_WINDOW_BYTES): boolean {
  const internals = server as unknown as { commonServerOptions?: { settings?: Record<string, unknown> } };
  const options = internals.commonServerOptions;
  if (options === null || typeof options !== 'object') return false;
  options.settings = { ...(options.settings ?? {}), initialWindowSize: bytes };
  return true;
}
