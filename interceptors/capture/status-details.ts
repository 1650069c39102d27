import * as protobuf from 'protobufjs';
import type { Metadata } from '@grpc/grpc-js';
import type { Masker, MaskScope } from '../mask/masker';
import { getRenderer } from '../decode/renderer-cache';
import type { SchemaRegistry } from '../decode/schema-registry';
import { renderWire } from '../decode/wire-decoder';

/**
 * Renders `grpc-status-details-bin` (a google.rpc.Status) as masked JSON: code, masked message,
 * and each detail as `{"@type": url, "value": …}` — decoded with the registry's type when it knows
 * the type URL's message (so its field annotations apply), wire-decoded otherwise. Never throws.
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

interface DecodedStatus {
  code: number;
  message: string;
  details: Array<{ type_url: string; value: Uint8Array }>;
}

export const UNDECODABLE_STATUS_DETAILS = '{"error":"grpc-status-details-bin is not a google.rpc.Status"}';

function renderDetail(
  typeUrl: string,
  value: Uint8Array,
  masker: Masker,
  scope: MaskScope,
  maxBytes: number,
  registry: SchemaRegistry | undefined,
  methodPath: string,
): unknown {
  const type = registry?.lookupType(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (type) {
    try {
      const result = getRenderer(type, masker, methodPath, registry).render(type.decode(value), scope, maxBytes);
      if (!result.truncated) return JSON.parse(result.json || '{}') as unknown;
    } catch {
      // not that type after all: fall through to the wire decode
    }
  }
  const wire = renderWire(value, masker, scope, maxBytes, methodPath);
  return wire.truncated ? {} : (JSON.parse(wire.json || '{}') as unknown);
}

export function renderStatusDetails(
  trailers: Metadata | undefined,
  masker: Masker,
  scope: MaskScope,
  maxBytes: number,
  registry?: SchemaRegistry,
  methodPath = '',
): string | undefined {
  const raw = trailers?.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return undefined;
  let status: DecodedStatus;
  try {
    status = StatusType.decode(raw) as unknown as DecodedStatus;
  } catch {
    return UNDECODABLE_STATUS_DETAILS;
  }
  const details = (status.details ?? []).map((d) => ({
    '@type': d.type_url,
    value: renderDetail(d.type_url ?? '', d.value ?? new Uint8Array(), masker, scope, maxBytes, registry, methodPath),
  }));
  const out = JSON.stringify({ code: status.code, message: masker.maskText(status.message ?? '', scope, { kind: 'error-details' }), details });
  return Buffer.byteLength(out) > maxBytes ? Buffer.from(out).subarray(0, maxBytes).toString('utf8') : out;
}
