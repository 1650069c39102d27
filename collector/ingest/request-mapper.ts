import type { AuditRecord } from '../store/record';
import { cutForDecode, type RequestParts } from './fair-decode';
import { decodeExportRequest } from './otlp-codec';
import { MalformedSpanError, RequestLimitError } from './ingest-errors';
import type { OtlpExportRequest, OtlpSpan } from './otlp-types';
import { UnmaskedDataError, type GuardScan, type PayloadGuard } from './payload-guard';
import { draftSpan, finishRecord, resourceContext } from './span-to-record';

/**
 * The CPU-heavy half of an Export call, as one pure step from the request's bytes to records:
 * decode, bound-check, map each span, run the payload guard and render each body. What it cannot
 * know — the identity policy (hot-reloaded), emitter ownership, quotas — stays with the receiver,
 * which applies them to the result (trace-receiver.ts). Being a function of (bytes, identity,
 * settings) only, it runs the same in the receiving thread (InProcessRequestMapper) or in the
 * ingest worker thread (ingest-worker-pool.ts), where decoding a large request and collecting its
 * garbage never hold the thread that serves every other caller.
 */

/** Limits checked while mapping; a request or span beyond one gets INVALID_ARGUMENT naming it. */
export interface MapperLimits {
  /** limits.maxAttributesPerSpan */
  maxAttributesPerSpan: number;
  /** Spans one request may carry (undefined: unbounded). */
  maxSpansPerRequest?: number;
}

/** Span-level rejection reasons found while mapping (the receiver adds the authorisation ones). */
export type MapRejectReason = 'missing_service_name' | 'malformed_resource' | 'malformed_span' | 'limit_exceeded';

/** What the payload guard said about one span; the receiver counts it only if the span is authorised. */
export type SpanGuardResult =
  | { ok: true; scan: GuardScan; masked: number; policyVersion?: string }
  /** Unmasked data in 'reject' mode. */
  | { ok: false; unmasked: number; scan?: GuardScan; policyVersion?: string; message: string }
  /** The payload is nested beyond limits.maxPayloadDepth. */
  | { ok: false; limit: string };

export interface MappedSpan {
  /** The finished record (identity and arrival time attached, body rendered after guarding). */
  record: AuditRecord;
  guard: SpanGuardResult;
}

export type MappedRequest =
  /** Not a valid ExportTraceServiceRequest; `message` is the whole status detail. */
  | { kind: 'undecodable'; message: string }
  /** A request-level limit; `spans` is set when the whole request's spans are refused (spans per request). */
  | { kind: 'over_limit'; message: string; spans?: number }
  | { kind: 'mapped'; rejected: Array<{ reason: MapRejectReason; count: number; example: string }>; spans: MappedSpan[] };

/** The role: turns one request's bytes into a MappedRequest. */
export interface RequestMapper {
  /**
   * Maps `bytes` sent by `identity`, received at `receivedAtMs`. Never rejects for bad input (that
   * is a MappedRequest); rejects only when the mapper itself failed (a bug, or its thread died).
   * The caller must not use `bytes` afterwards: a worker mapper may take (transfer) its memory.
   */
  map(bytes: Buffer, identity: string, receivedAtMs: number): Promise<MappedRequest>;
  /** Stops any thread it runs. Idempotent. */
  close(): Promise<void>;
}

/**
 * Work mapped between two yields to the event loop, in attribute-sized units (a span counts its
 * attributes and events): requests smaller than this never yield; a large one is mapped in slices
 * of a few ms so that other calls (in the same thread) are served in between.
 */
const YIELD_EVERY_UNITS = 1024;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Attributes a decoded span carries (own, events', links'): the per-span limit on small requests, checked on the wire for large ones. */
function spanAttributeCount(span: OtlpSpan): number {
  let n = span.attributes?.length ?? 0;
  for (const e of span.events ?? []) n += e.attributes?.length ?? 0;
  for (const l of span.links ?? []) n += l.attributes?.length ?? 0;
  return n;
}

export async function mapExportRequest(bytes: Uint8Array, identity: string, receivedAtMs: number, limits: MapperLimits, guard: PayloadGuard): Promise<MappedRequest> {
  const maxAttributes = limits.maxAttributesPerSpan;
  let cut: RequestParts;
  try {
    cut = cutForDecode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxAttributes);
  } catch (err) {
    return decodeFailure(err);
  }
  const tooMany = (spans: number): MappedRequest | undefined => {
    if (limits.maxSpansPerRequest === undefined || spans <= limits.maxSpansPerRequest) return undefined;
    // Never RESOURCE_EXHAUSTED: it could not succeed on any retry.
    const message = `request carries ${spans} spans, more than the ${limits.maxSpansPerRequest} records the collector holds pending for one identity (limits.perIdentity.maxPendingRecords / batching.maxPendingRecords): split it into requests of at most ${limits.maxSpansPerRequest} spans`;
    return { kind: 'over_limit', message, spans };
  };
  if (cut.spans !== undefined) {
    const over = tooMany(cut.spans);
    if (over) return over;
  }

  const state: MapState = { identity, receivedAtMs, maxAttributes, guard, rejected: new Map(), spans: [], work: 0 };
  // Decoded and mapped one part at a time: a part's decoded tree is garbage before the next is decoded.
  for (let p = 0; p < cut.parts.length; p++) {
    if (p > 0) await yieldToEventLoop();
    let request: OtlpExportRequest;
    try {
      request = decodeExportRequest(cut.parts[p]);
    } catch (err) {
      return decodeFailure(err);
    }
    if (cut.spans === undefined) {
      let spans = 0;
      for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += ss.spans?.length ?? 0;
      const over = tooMany(spans);
      if (over) return over;
    }
    await mapSpans(request, state);
  }
  return { kind: 'mapped', rejected: [...state.rejected].map(([reason, { count, example }]) => ({ reason, count, example })), spans: state.spans };
}

function decodeFailure(err: unknown): MappedRequest {
  if (err instanceof RequestLimitError) return { kind: 'over_limit', message: err.message };
  // A decoder that recurses may overflow its stack on absurd nesting.
  const why = err instanceof RangeError ? 'values nested too deeply to decode' : (err as Error).message;
  return { kind: 'undecodable', message: `request is not a valid OTLP ExportTraceServiceRequest: ${why}` };
}

interface MapState {
  identity: string;
  receivedAtMs: number;
  maxAttributes: number;
  guard: PayloadGuard;
  rejected: Map<MapRejectReason, { count: number; example: string }>;
  spans: MappedSpan[];
  /** Work since the last yield, in attribute-sized units. */
  work: number;
}

function reject(state: MapState, reason: MapRejectReason, n: number, example: string): void {
  if (n === 0) return;
  const e = state.rejected.get(reason);
  if (e) e.count += n;
  else state.rejected.set(reason, { count: n, example });
}

async function mapSpans(request: OtlpExportRequest, state: MapState): Promise<void> {
  const { identity, receivedAtMs, maxAttributes, guard } = state;
  for (const rs of request.resourceSpans ?? []) {
    const spanCount = (rs.scopeSpans ?? []).reduce((n, ss) => n + (ss.spans?.length ?? 0), 0);
    const res = resourceContext(rs);
    if (!res.attributes) {
      reject(state, 'malformed_resource', spanCount, res.error ?? 'malformed resource');
      continue;
    }
    if (!res.service) {
      reject(state, 'missing_service_name', spanCount, 'resource has no service.name string attribute');
      continue;
    }
    const service = res.service;
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const attributes = spanAttributeCount(span);
        state.work += 1 + attributes;
        if (state.work >= YIELD_EVERY_UNITS) {
          state.work = 0;
          await yieldToEventLoop();
        }
        if (attributes > maxAttributes) {
          reject(state, 'limit_exceeded', 1, `span carries ${attributes} attributes, more than limits.maxAttributesPerSpan (${maxAttributes})`);
          continue;
        }
        let draft;
        try {
          draft = draftSpan(span, res, ss);
        } catch (err) {
          if (!(err instanceof MalformedSpanError)) throw err;
          reject(state, 'malformed_span', 1, err.message);
          continue;
        }
        let result: SpanGuardResult;
        try {
          const g = guard.inspect(draft.body, identity);
          result = { ok: true, scan: g.scan, masked: g.masked, policyVersion: g.policyVersion };
        } catch (err) {
          if (err instanceof RequestLimitError) result = { ok: false, limit: err.message };
          else if (err instanceof UnmaskedDataError) result = { ok: false, unmasked: err.count, scan: err.scan, policyVersion: err.policyVersion, message: err.message };
          else throw err;
        }
        // A refused span's body is never rendered: nothing of it is kept.
        const record = result.ok ? finishRecord(draft, service, identity, receivedAtMs) : { ...draft.fields, service, identity, receivedAtMs, body: '' };
        state.spans.push({ record, guard: result });
      }
    }
  }
}

/** Maps in the calling thread, with the collector's own guard (injected maskers, tests, tiny deployments). */
export class InProcessRequestMapper implements RequestMapper {
  constructor(
    private readonly guard: PayloadGuard,
    private readonly limits: MapperLimits,
  ) {}

  map(bytes: Buffer, identity: string, receivedAtMs: number): Promise<MappedRequest> {
    return mapExportRequest(bytes, identity, receivedAtMs, this.limits, this.guard);
  }

  async close(): Promise<void> {}
}
