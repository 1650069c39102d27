import { decodeExportRequest } from './otlp-codec';
import type { OtlpExportRequest } from './otlp-types';
import { splitExportRequest } from './otlp-wire-scan';

/** Requests up to this size (32 KiB) are decoded in one piece; larger ones in parts of about this size (a few ms each). */
export const DECODE_PART_BYTES = 32 * 1024;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Decodes an Export request without holding the event loop for long: a small request (the common
 * case) is decoded as before, at no extra cost; a large one is checked on the wire
 * (otlp-wire-scan.ts), cut into parts of ~32 KiB of spans and decoded part by part with a yield
 * in between, and the parts' ResourceSpans are joined. Throws RequestLimitError for a span over
 * `maxAttributesPerSpan`, anything else for bytes that are not a valid request.
 */
export async function decodeExportRequestFairly(bytes: Buffer, maxAttributesPerSpan: number, partBytes = DECODE_PART_BYTES): Promise<OtlpExportRequest> {
  if (bytes.length <= partBytes) return decodeExportRequest(bytes);
  const { parts } = splitExportRequest(bytes, partBytes, { maxAttributesPerSpan });
  const resourceSpans: NonNullable<OtlpExportRequest['resourceSpans']> = [];
  for (const part of parts) {
    await yieldToEventLoop();
    for (const rs of decodeExportRequest(part).resourceSpans ?? []) resourceSpans.push(rs);
  }
  return { resourceSpans };
}
