import { strict as assert } from 'node:assert';
import { parseQueryFlags, QueryFlagError } from '../../collector/cli/commands/query';
import { MalformedSpanError } from '../../collector/ingest/ingest-errors';
import { decodeExportRequest, encodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpResourceSpans } from '../../collector/ingest/otlp-types';
import { draftSpan, finishRecord, resourceContext } from '../../collector/ingest/span-to-record';
import { kv, request, span } from './support/otlp';

function mapOne(rs: OtlpResourceSpans) {
  const [decoded] = decodeExportRequest(encodeExportRequest({ resourceSpans: [rs] })).resourceSpans!;
  const res = resourceContext(decoded);
  const ss = decoded.scopeSpans![0];
  return finishRecord(draftSpan(ss.spans![0], res, ss), res.service!, 'spiffe://td/x', 1234);
}

describe('span → AuditRecord: continuation records of long calls', () => {
  it("a grpcaudit.continuation span is recordType 'continuation', with the call's method (authorised like the call)", () => {
    const s = span({ name: 'grpcaudit.continuation', kind: 1, rpc: ['demo.v1.Shop', 'Chat'], attrs: [kv('grpcaudit.continuation.of', '0102030405060708'), kv('grpcaudit.continuation.index', 1)] });
    s.parentSpanId = Buffer.from('0102030405060708', 'hex');
    const r = mapOne(request([{ service: 'shop', spans: [s] }]).resourceSpans![0]);
    assert.equal(r.recordType, 'continuation');
    assert.equal(r.kind, 'internal');
    assert.equal(r.method, '/demo.v1.Shop/Chat');
    assert.equal(r.parentSpanId, '0102030405060708');
  });

  it('a continuation without the call it continues is malformed', () => {
    for (const attrs of [[], [kv('grpcaudit.continuation.of', 'nothex')], [kv('grpcaudit.continuation.of', 7)]]) {
      const s = span({ name: 'grpcaudit.continuation', kind: 1, attrs });
      assert.throws(() => mapOne(request([{ service: 'shop', spans: [s] }]).resourceSpans![0]), MalformedSpanError);
    }
  });

  it('query --type accepts continuation', () => {
    assert.equal(parseQueryFlags({ type: 'continuation' }).filter.recordType, 'continuation');
    assert.throws(() => parseQueryFlags({ type: 'call' }), QueryFlagError);
  });
});
