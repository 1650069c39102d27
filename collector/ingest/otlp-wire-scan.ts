import { RequestLimitError } from './ingest-errors';

/**
 * Reads the span-level layout of an encoded ExportTraceServiceRequest straight from the protobuf
 * wire format — tags and lengths only, nothing allocated per attribute, no recursion — so that a
 * large request can be checked against the limits and cut into small parts *before* protobufjs
 * decodes it. Decoding is the one step of ingest that cannot be sliced (a 4 MiB request takes
 * hundreds of ms in one piece); decoding parts of ~32 KiB with a yield between them keeps every
 * other caller served (issue 15, fairness).
 *
 * Field numbers (opentelemetry-proto v1): ExportTraceServiceRequest.resource_spans = 1;
 * ResourceSpans.scope_spans = 2 (resource 1, schema_url 3); ScopeSpans.spans = 2 (scope 1,
 * schema_url 3); Span.attributes = 9, events = 11 (Event.attributes = 3), links = 13 (Link.attributes = 4).
 */

const WT_VARINT = 0;
const WT_I64 = 1;
const WT_LEN = 2;
const WT_I32 = 5;

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

interface Cursor {
  buf: Uint8Array;
  pos: number;
}

function readVarint(c: Cursor): number {
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (c.pos >= c.buf.length) throw new WireFormatError('truncated varint');
    const b = c.buf[c.pos++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return value;
  }
  throw new WireFormatError('varint longer than 10 bytes');
}

/**
 * Calls `onField` for each field in buf[start, end): field number, wire type, the field's first
 * byte (tag) and its value's [start, end) (for LEN fields the payload; otherwise the encoded value).
 */
function forEachField(buf: Uint8Array, start: number, end: number, onField: (field: number, wireType: number, fieldStart: number, valueStart: number, valueEnd: number) => void): void {
  const c: Cursor = { buf, pos: start };
  while (c.pos < end) {
    const fieldStart = c.pos;
    const tag = readVarint(c);
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    let valueStart = c.pos;
    switch (wt) {
      case WT_VARINT:
        readVarint(c);
        break;
      case WT_I64:
        c.pos += 8;
        break;
      case WT_I32:
        c.pos += 4;
        break;
      case WT_LEN: {
        const len = readVarint(c);
        valueStart = c.pos;
        c.pos += len;
        break;
      }
      default:
        throw new WireFormatError(`unsupported wire type ${wt}`);
    }
    if (field === 0 || c.pos > end) throw new WireFormatError('field runs past the end of its message');
    onField(field, wt, fieldStart, valueStart, c.pos);
  }
}

/**
 * Attributes of one span (its own, plus those of its events and links). Stops reading with
 * RequestLimitError as soon as `max` is exceeded, so an oversized span costs little to refuse.
 */
export function checkSpanAttributesOnWire(buf: Uint8Array, start: number, end: number, max: number, spanNumber: number): number {
  let n = 0;
  const count = (): void => {
    if (++n > max) throw new RequestLimitError(`span #${spanNumber} carries more than limits.maxAttributesPerSpan (${max}) attributes`);
  };
  forEachField(buf, start, end, (f, wt, _fs, s, e) => {
    if (wt !== WT_LEN) return;
    if (f === 9) count();
    else if (f === 11) forEachField(buf, s, e, (f2, wt2) => void (f2 === 3 && wt2 === WT_LEN && count()));
    else if (f === 13) forEachField(buf, s, e, (f2, wt2) => void (f2 === 4 && wt2 === WT_LEN && count()));
  });
  return n;
}

interface ScopeLayout {
  /** Encoded fields other than spans (scope, schema_url), copied into every part. */
  other: Array<[number, number]>;
  /** Each span field, tag included. */
  spans: Array<[number, number]>;
}

interface ResourceLayout {
  other: Array<[number, number]>;
  scopes: ScopeLayout[];
}

export interface WireLimits {
  maxAttributesPerSpan: number;
  /** Spans larger than this (bytes) have their attributes counted on the wire; smaller ones cannot hold many. */
  countAttributesAboveBytes?: number;
}

/**
 * Splits a request into requests of at most about `partBytes` of spans each (every part one
 * ResourceSpans with one ScopeSpans, resource and scope fields copied as they are), after checking
 * each large span against `maxAttributesPerSpan`. Throws RequestLimitError naming the limit, or
 * WireFormatError when the bytes are not a well-formed message.
 */
export function splitExportRequest(buf: Uint8Array, partBytes: number, limits: WireLimits): { parts: Buffer[]; spans: number } {
  const countAbove = limits.countAttributesAboveBytes ?? 16 * 1024;
  const resources: ResourceLayout[] = [];
  let spans = 0;
  forEachField(buf, 0, buf.length, (f, wt, _fs, s, e) => {
    if (f !== 1 || wt !== WT_LEN) return;
    const rs: ResourceLayout = { other: [], scopes: [] };
    resources.push(rs);
    forEachField(buf, s, e, (f2, wt2, fs2, s2, e2) => {
      if (f2 !== 2 || wt2 !== WT_LEN) return void rs.other.push([fs2, e2]);
      const scope: ScopeLayout = { other: [], spans: [] };
      rs.scopes.push(scope);
      forEachField(buf, s2, e2, (f3, wt3, fs3, s3, e3) => {
        if (f3 !== 2 || wt3 !== WT_LEN) return void scope.other.push([fs3, e3]);
        spans++;
        if (e3 - s3 > countAbove) checkSpanAttributesOnWire(buf, s3, e3, limits.maxAttributesPerSpan, spans);
        scope.spans.push([fs3, e3]);
      });
    });
  });

  const parts: Buffer[] = [];
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const slices = (ranges: Array<[number, number]>): Buffer[] => ranges.map(([from, to]) => b.subarray(from, to));
  for (const rs of resources) {
    for (const scope of rs.scopes) {
      for (let i = 0; i < scope.spans.length; ) {
        let size = 0;
        let j = i;
        while (j < scope.spans.length && (j === i || size + (scope.spans[j][1] - scope.spans[j][0]) <= partBytes)) {
          size += scope.spans[j][1] - scope.spans[j][0];
          j++;
        }
        const scopeSpans = Buffer.concat([...slices(scope.other), ...slices(scope.spans.slice(i, j))]);
        const resourceSpans = Buffer.concat([...slices(rs.other), lenField(2, scopeSpans)]);
        parts.push(lenField(1, resourceSpans));
        i = j;
      }
    }
  }
  return { parts, spans };
}

function lenField(field: number, payload: Buffer): Buffer {
  const head: number[] = [field * 8 + WT_LEN];
  let n = payload.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  head.push(n);
  return Buffer.concat([Buffer.from(head), payload]);
}
