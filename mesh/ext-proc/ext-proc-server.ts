import * as grpc from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { FAIL_CLOSED_MESSAGE } from '../../interceptors/capture/protocol';
import type { MeshRecorder } from '../mesh-recorder';
import { ExtProcCall } from './ext-proc-call';
import { CONTINUE, decodeProcessingRequest, encodeProcessingResponse, PROCESS_PATH, type ProcessingRequest } from './ext-proc-protocol';

export interface ExtProcOptions {
  recorder: MeshRecorder;
  /** Largest gRPC message reassembled for recording (default 4 MiB); a larger one is marked, not recorded. */
  maxMessageBytes?: number;
  /** The application's SPIFFE ID when Envoy sends no 'connection.uri_san_local_certificate' attribute. */
  applicationIdentity?: string;
}

/** Counters of the processor. */
export interface ExtProcStats {
  streams: number;
  messages: number;
  /** Calls refused because their record could not be kept (fail-closed methods only). */
  refused: number;
  /** ProcessingRequests that could not be decoded (answered with CONTINUE all the same). */
  undecodable: number;
}

const identity = (b: Buffer): Buffer => b;

/** The fail-closed refusal: gRPC UNAVAILABLE as a local reply (HTTP 200 with grpc-status, as gRPC expects). */
const REFUSAL = encodeProcessingResponse({
  immediate_response: { status: { code: 'OK' }, grpc_status: { status: GrpcStatus.UNAVAILABLE }, body: Buffer.from(FAIL_CLOSED_MESSAGE), details: 'grpc-audit fail-closed' },
});

/**
 * `envoy.service.ext_proc.v3.ExternalProcessor`: Envoy streams each HTTP exchange's headers,
 * body chunks and trailers; every message is answered with CONTINUE and no mutation (the
 * pre-encoded bytes), so traffic passes unaltered, and the gRPC call inside is recorded. In
 * observability mode nothing is answered, as the protocol asks. The one exception is a
 * fail-closed method whose record cannot be kept: refused with UNAVAILABLE at its headers.
 */
export function createExtProcService(options: ExtProcOptions): { definition: grpc.ServiceDefinition; handlers: grpc.UntypedServiceImplementation; stats: ExtProcStats } {
  const stats: ExtProcStats = { streams: 0, messages: 0, refused: 0, undecodable: 0 };
  const max = options.maxMessageBytes ?? 4 * 1024 * 1024;
  const definition: grpc.ServiceDefinition = {
    Process: { path: PROCESS_PATH, requestStream: true, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity, originalName: 'Process' } as grpc.MethodDefinition<Buffer, Buffer>,
  };
  const process = (stream: grpc.ServerDuplexStream<Buffer, Buffer>): void => {
    stats.streams++;
    const call = new ExtProcCall(options.recorder, max, options.applicationIdentity);
    let refused = false;
    stream.on('data', (bytes: Buffer) => {
      stats.messages++;
      let req: ProcessingRequest;
      try {
        req = decodeProcessingRequest(bytes);
      } catch {
        stats.undecodable++;
        return; // no answer we could match to it; Envoy's message timeout applies its failure mode
      }
      const answer = handle(call, req);
      if (answer === 'refuse') {
        refused = true;
        stats.refused++;
        if (!req.observability_mode) stream.write(REFUSAL);
        stream.end();
        return;
      }
      if (!req.observability_mode && answer && !refused) stream.write(answer);
    });
    stream.on('end', () => {
      call.closed();
      if (!refused) stream.end();
    });
    stream.on('error', () => call.closed());
    stream.on('cancelled', () => call.closed());
  };
  return { definition, handlers: { Process: process as grpc.handleBidiStreamingCall<Buffer, Buffer> }, stats };
}

/** Records one ProcessingRequest and picks its CONTINUE answer. */
function handle(call: ExtProcCall, req: ProcessingRequest): Buffer | 'refuse' | undefined {
  if (req.request_headers) return call.requestHeaders(req, req.request_headers.headers) ? CONTINUE.request_headers : 'refuse';
  if (req.request_body) {
    call.requestBody(req.request_body);
    return CONTINUE.request_body;
  }
  if (req.response_headers) {
    call.responseHeaders(req.response_headers.headers, req.response_headers.end_of_stream === true);
    return CONTINUE.response_headers;
  }
  if (req.response_body) {
    call.responseBody(req.response_body);
    return CONTINUE.response_body;
  }
  if (req.request_trailers) return CONTINUE.request_trailers;
  if (req.response_trailers) {
    call.responseTrailers(req.response_trailers.trailers);
    return CONTINUE.response_trailers;
  }
  return undefined;
}
