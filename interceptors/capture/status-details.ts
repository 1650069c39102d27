import * as protobuf from 'protobufjs';
import type { Metadata } from '@grpc/grpc-js';
import type { Masker, MaskScope } from '../mask/masker';
import { renderWire } from '../decode/wire-decoder';

/**
 * Renders `grpc-status-details-bin` (a google.rpc.Status) as masked JSON: code, message and
 * each detail as its type URL plus a wire-decoded, masked body.
 */
const statusRoot = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: {
      fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } },
    },
  },
});
const StatusType = statusRoot.lookupType('Status');

export function renderStatusDetails(trailers: Metadata | undefined, masker: Masker, scope: MaskScope, maxBytes: number): string | undefined {
  const raw = trailers?.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return undefined;
  try {
    const status = StatusType.decode(raw) as unknown as { code: number; message: string; details: Array<{ type_url: string; value: Uint8Array }> };
    const details = (status.details ?? []).map((d) => ({
      '@type': d.type_url,
      value: JSON.parse(renderWire(d.value, masker, scope, maxBytes).json || '{}') as unknown,
    }));
    const out = JSON.stringify({
      code: status.code,
      message: masker.maskText(status.message ?? '', scope, { kind: 'error-details' }),
      details,
    });
    return out.length > maxBytes ? out.slice(0, maxBytes) : out;
  } catch {
    return '{"error":"grpc-status-details-bin is not a google.rpc.Status"}';
  }
}
