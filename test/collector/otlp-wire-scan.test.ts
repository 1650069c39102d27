import { strict as assert } from 'node:assert';
import { cutForDecode } from '../../collector/ingest/fair-decode';
import { RequestLimitError } from '../../collector/ingest/ingest-errors';
import { decodeExportRequest, encodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpExportRequest } from '../../collector/ingest/otlp-types';
import { splitExportRequest, WireFormatError } from '../../collector/ingest/otlp-wire-scan';
import { kv, span } from './support/otlp';

/** Every span with its resource and scope, in order: what the receiver maps. */
function flatten(req: OtlpExportRequest): unknown[] {
  const out: unknown[] = [];
  for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push({ resource: rs.resource, rsSchema: rs.schemaUrl, scope: ss.scope, ssSchema: ss.schemaUrl, span: s });
  return out;
}

describe('collector: large requests checked on the wire and decoded in parts', () => {
  const request: OtlpExportRequest = {
    resourceSpans: [1, 2, 3].map((r) => ({
      resource: { attributes: [kv('service.name', `svc-${r}`), kv('host', `h${r}`)] },
      schemaUrl: `https://schema/${r}`,
      scopeSpans: [1, 2].map((s) => ({
        scope: { name: `scope-${s}`, version: '1' },
        schemaUrl: `https://scope/${s}`,
        spans: Array.from({ length: 40 }, (_, i) =>
          span({ rpc: ['demo.v1.Shop', 'Buy'], attrs: [kv('i', i), kv('blob', 'x'.repeat(200 + i))], events: [{ name: 'rpc.message', timeUnixNano: '1', attributes: [kv('grpcaudit.payload', `{"i":${i}}`)] }] }),
        ),
      })),
    })),
  };
  const bytes = encodeExportRequest(request);

  it('parts of a few KiB decode to exactly the spans, resources and scopes of the whole request, in order', async () => {
    const { parts, spans } = splitExportRequest(bytes, 4096, { maxAttributesPerSpan: 100 });
    assert.equal(spans, 240);
    assert.ok(parts.length > 20, `${parts.length} parts`);
    for (const p of parts) assert.ok(p.length < 4096 + 2048, `part of ${p.length} bytes`);
    const whole = decodeExportRequest(bytes);
    const cut = cutForDecode(bytes, 100, 4096);
    assert.equal(cut.spans, 240);
    assert.deepEqual(flatten({ resourceSpans: cut.parts.flatMap((p) => decodeExportRequest(p).resourceSpans ?? []) }), flatten(whole));
    assert.deepEqual(cutForDecode(bytes, 100, bytes.length), { parts: [bytes], spans: undefined });
  });

  it('counts a large span\'s own, event and link attributes and refuses it over the limit, naming the limit', () => {
    const big = span({ attrs: Array.from({ length: 30 }, (_, i) => kv(`a${i}`, 'y'.repeat(100))), events: [{ name: 'e', timeUnixNano: '1', attributes: [kv('b', 1), kv('c', 2)] }] });
    big.links = [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), attributes: [kv('d', 3)] }];
    const b = encodeExportRequest({ resourceSpans: [{ resource: { attributes: [kv('service.name', 's')] }, scopeSpans: [{ spans: [span(), big] }] }] });
    assert.doesNotThrow(() => splitExportRequest(b, 1024, { maxAttributesPerSpan: 33, countAttributesAboveBytes: 512 }));
    assert.throws(() => splitExportRequest(b, 1024, { maxAttributesPerSpan: 32, countAttributesAboveBytes: 512 }), (err: unknown) => err instanceof RequestLimitError && /span #2 carries more than limits\.maxAttributesPerSpan \(32\)/.test(err.message));
  });

  it('bytes that are not a message are a WireFormatError, not a crash', () => {
    assert.throws(() => splitExportRequest(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), 16, { maxAttributesPerSpan: 10 }), WireFormatError);
    assert.throws(() => splitExportRequest(Buffer.from([0x0b, 0x00]), 16, { maxAttributesPerSpan: 10 }), WireFormatError);
    assert.throws(() => splitExportRequest(Buffer.from([0x0a, 0x03, 0x12, 0x05, 0x00]), 16, { maxAttributesPerSpan: 10 }), WireFormatError);
  });
});
