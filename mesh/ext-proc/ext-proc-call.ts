import type { IncomingHttpHeaders } from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { GrpcFrameReader, type GrpcFrameError } from '../grpc-frame-reader';
import type { ProxyFault } from '../mesh-attributes';
import type { CallPeer, MeshCall, MeshRecorder } from '../mesh-recorder';
import type { HeaderMap, HttpBody, ProcessingRequest, StructValue } from './ext-proc-protocol';

/** Envoy's attribute names (request_attributes in the filter config) we read for the record's peer facts. */
const ATTR_SOURCE_ADDRESS = 'source.address';
const ATTR_SOURCE_PORT = 'source.port';
const ATTR_PEER_SAN = 'connection.uri_san_peer_certificate';
const ATTR_LOCAL_SAN = 'connection.uri_san_local_certificate';

/** Envoy's HeaderMap as node's header object (lower-case keys; repeated keys as arrays). Values come in `raw_value` (current Envoy) or `value`. */
export function headersOf(map: HeaderMap | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const h of map?.headers ?? []) {
    const key = h.key.toLowerCase();
    const value = h.raw_value && h.raw_value.length > 0 ? Buffer.from(h.raw_value.buffer, h.raw_value.byteOffset, h.raw_value.byteLength).toString('latin1') : (h.value ?? '');
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev as string, value];
  }
  return out;
}

function attribute(attrs: Record<string, StructValue> | undefined, name: string): string | number | undefined {
  if (!attrs) return undefined;
  for (const ns in attrs) {
    const v = attrs[ns]?.fields?.[name];
    if (v?.stringValue !== undefined) return v.stringValue;
    if (v?.numberValue !== undefined) return v.numberValue;
  }
  return undefined;
}

function isGrpc(headers: IncomingHttpHeaders): boolean {
  const ct = headers['content-type'];
  return typeof ct === 'string' && ct.startsWith('application/grpc');
}

/** Why the processor stopped reading a body; recorded on the call (traffic is never altered). */
function faultOf(err: GrpcFrameError): ProxyFault {
  return err.kind === 'too-large' ? 'message-too-large' : 'malformed-frame';
}

/**
 * The record of one HTTP stream as Envoy reports it on one ext_proc stream: request headers,
 * body chunks (streamed: cut anywhere, even inside a 5-byte message header; buffered: whole),
 * response headers, body chunks and trailers. Messages are reassembled from the chunks and
 * recorded as they complete. Never throws; what cannot be understood is marked on the record.
 */
export class ExtProcCall {
  private call: MeshCall | undefined;
  private readonly requests: GrpcFrameReader;
  private readonly responses: GrpcFrameReader;
  private ended = false;
  /** The body readers stopped (framing error): later chunks are ignored. */
  private requestFault: ProxyFault | undefined;
  private responseFault: ProxyFault | undefined;
  /** Not a gRPC exchange: nothing recorded. */
  private ignored = false;
  private responded = false;
  path = '';

  constructor(
    private readonly recorder: MeshRecorder,
    maxMessageBytes: number,
    private readonly applicationIdentity: string | undefined,
  ) {
    this.requests = new GrpcFrameReader(maxMessageBytes);
    this.responses = new GrpcFrameReader(maxMessageBytes);
  }

  /** Request headers: starts the record. Returns false when the call must be refused (fail-closed). */
  requestHeaders(req: ProcessingRequest, map: HeaderMap | undefined): boolean {
    const headers = headersOf(map);
    if (!isGrpc(headers)) {
      this.ignored = true;
      return true;
    }
    this.path = String(headers[':path'] ?? '');
    if (!this.recorder.admits(this.path)) return false;
    const attrs = req.attributes;
    const address = attribute(attrs, ATTR_SOURCE_ADDRESS);
    const port = attribute(attrs, ATTR_SOURCE_PORT);
    const remote = attribute(attrs, ATTR_PEER_SAN);
    const local = attribute(attrs, ATTR_LOCAL_SAN);
    const peer: CallPeer = {
      // 'source.address' is 'ip:port'
      address: typeof address === 'string' ? address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') : undefined,
      port: typeof port === 'number' ? port : typeof address === 'string' && /:\d+$/.test(address) ? Number(address.slice(address.lastIndexOf(':') + 1)) : undefined,
      applicationIdentity: typeof local === 'string' && local.startsWith('spiffe://') ? local : this.applicationIdentity,
      remoteIdentity: typeof remote === 'string' && remote.startsWith('spiffe://') ? remote : undefined,
    };
    this.call = this.recorder.start(this.path, headers, peer);
    return true;
  }

  requestBody(body: HttpBody): void {
    if (this.ignored || this.requestFault || !this.call) return;
    const call = this.call;
    const err = this.requests.push(body.body ? Buffer.from(body.body.buffer, body.body.byteOffset, body.body.byteLength) : EMPTY, (f) => call.request(f)) ?? (body.end_of_stream ? this.requests.end() : undefined);
    if (err) this.requestFault = faultOf(err);
  }

  responseHeaders(map: HeaderMap | undefined, endOfStream: boolean): void {
    if (this.ignored || !this.call) return;
    this.responded = true;
    const headers = headersOf(map);
    if (endOfStream || headers['grpc-status'] !== undefined) {
      // Trailers-only: the status is in these headers.
      this.finish(headers);
      return;
    }
    this.call.responseHeaders(headers);
  }

  responseBody(body: HttpBody): void {
    if (this.ignored || this.responseFault || !this.call) return;
    const call = this.call;
    const err = this.responses.push(body.body ? Buffer.from(body.body.buffer, body.body.byteOffset, body.body.byteLength) : EMPTY, (f) => call.response(f)) ?? (body.end_of_stream ? this.responses.end() : undefined);
    if (err) this.responseFault = faultOf(err);
    // A response body that ends the stream carries no trailers: the status never came.
    if (body.end_of_stream && !this.ended) this.finish(undefined);
  }

  responseTrailers(map: HeaderMap | undefined): void {
    if (this.ignored || !this.call) return;
    this.finish(headersOf(map));
  }

  /**
   * Envoy closed the ext_proc stream before the call's status reached us: before any response,
   * the HTTP stream was reset or cancelled; after response headers, either that or the filter
   * does not send trailers (response_trailer_mode must be SEND — see docs/mesh.md).
   */
  closed(): void {
    if (this.ignored || this.ended || !this.call) return;
    this.ended = true;
    if (!this.responded) {
      this.call.cancelled(GrpcStatus.CANCELLED, 'the stream ended before any response (reset or cancelled)');
      return;
    }
    this.call.end(GrpcStatus.UNKNOWN, 'the status was not reported (stream reset, or response trailers not sent to the processor)', undefined, 'upstream-reset');
  }

  private finish(trailers: IncomingHttpHeaders | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const call = this.call!;
    const fault = this.requestFault ?? this.responseFault;
    if (fault) call.annotate('grpcaudit.proxy.fault', fault);
    call.endWithTrailers(trailers);
  }
}

const EMPTY = Buffer.alloc(0);
