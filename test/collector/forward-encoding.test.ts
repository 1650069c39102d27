import { strict as assert } from 'node:assert';
import { encodeForwardRequest } from '../../collector/forward/record-to-otlp';
import { canonicalJson } from '../../collector/ingest/canonical-json';
import { decodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpAnyValue } from '../../collector/ingest/otlp-types';
import type { SpanBody } from '../../collector/ingest/span-to-record';
import type { AuditRecord } from '../../collector/store/record';

const T = '0af7651916cd43dd8448eb211c80319c';

function rec(body: unknown, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    recordId: 'rid-1', identity: 'spiffe://td/app', service: 'checkout', method: '/demo.v1.Shop/Buy', kind: 'client', traceId: T, spanId: 'b7ad6b7169203331',
    recordType: 'span', startTimeUnixNano: '1', endTimeUnixNano: '2', subjectRefs: [], receivedAtMs: 1, body: typeof body === 'string' ? body : canonicalJson(body), ...over,
  };
}

/** The hand-written OTLP writer, read back by protobufjs from the schema in proto/opentelemetry. */
describe('collector/forward: OTLP encoding of stored records', () => {
  const body: SpanBody = {
    name: 'grpc.demo.v1.Shop/Buy', kind: 'client', traceId: T, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', traceState: 'k=v', flags: 257,
    startTimeUnixNano: '18446744073709551615', endTimeUnixNano: '1700000000005000000',
    attributes: {
      s: { stringValue: '' }, b: { boolValue: false }, i: { intValue: '-9223372036854775808' }, d: { doubleValue: 'NaN' }, inf: { doubleValue: '-Infinity' }, z: { doubleValue: 0 },
      bytes: { bytesValue: Buffer.from([0, 1, 255]).toString('base64') }, arr: { arrayValue: [{ stringValue: 'a' }, null, { intValue: '7' }] },
      kv: { kvlistValue: { nested: { kvlistValue: { deep: { boolValue: true } } } } }, nil: null,
      'grpcaudit.record.id': { stringValue: 'spoofed-by-emitter' },
    },
    droppedAttributesCount: 3,
    events: [{ name: 'rpc.message', timeUnixNano: '5', attributes: { 'grpcaudit.payload': { stringValue: '{"a":"[REDACTED:email]"}' } }, droppedAttributesCount: 1 }],
    droppedEventsCount: 2,
    links: [{ traceId: T, spanId: '00f067aa0ba902b7', traceState: 'x=y', flags: 1, attributes: { l: { intValue: '1' } }, droppedAttributesCount: 4 }],
    droppedLinksCount: 5,
    status: { code: 'error', message: 'boom' },
    resource: { attributes: { 'service.name': { stringValue: 'checkout' } }, droppedAttributesCount: 6, schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' },
    scope: { name: 'grpc-audit', version: '1.2.3', attributes: { sa: { stringValue: 'v' } }, droppedAttributesCount: 7, schemaUrl: 'https://scope' },
  };

  it('writes every field of a stored span as OTLP, with record id, identity and ledger index', () => {
    const bytes = encodeForwardRequest([{ record: rec(body), leafIndex: 42 }], () => assert.fail('not skipped'))!;
    const req = decodeExportRequest(bytes);
    assert.equal(req.resourceSpans!.length, 1);
    const rs = req.resourceSpans![0];
    assert.deepEqual(rs.resource, { attributes: [{ key: 'service.name', value: { stringValue: 'checkout', value: 'stringValue' } }], droppedAttributesCount: 6 });
    assert.equal(rs.schemaUrl, 'https://opentelemetry.io/schemas/1.21.0');
    const ss = rs.scopeSpans![0];
    assert.deepEqual(ss.scope, { name: 'grpc-audit', version: '1.2.3', attributes: [{ key: 'sa', value: { stringValue: 'v', value: 'stringValue' } }], droppedAttributesCount: 7 });
    assert.equal(ss.schemaUrl, 'https://scope');
    const s = ss.spans![0];
    assert.equal(Buffer.from(s.traceId!).toString('hex'), T);
    assert.equal(Buffer.from(s.spanId!).toString('hex'), 'b7ad6b7169203331');
    assert.equal(Buffer.from(s.parentSpanId!).toString('hex'), '00f067aa0ba902b7');
    assert.deepEqual([s.traceState, s.flags, s.name, s.kind, s.startTimeUnixNano, s.endTimeUnixNano], ['k=v', 257, 'grpc.demo.v1.Shop/Buy', 3, '18446744073709551615', '1700000000005000000']);
    const a = Object.fromEntries(s.attributes!.map((kv) => [kv.key, kv.value]));
    assert.deepEqual(a.s, { stringValue: '', value: 'stringValue' }, 'a default value inside the oneof is still written');
    assert.deepEqual(a.b, { boolValue: false, value: 'boolValue' });
    assert.deepEqual(a.i, { intValue: '-9223372036854775808', value: 'intValue' });
    assert.ok(Number.isNaN(a.d!.doubleValue));
    assert.equal(a.inf!.doubleValue, -Infinity);
    assert.deepEqual(a.z, { doubleValue: 0, value: 'doubleValue' });
    assert.deepEqual(Buffer.from(a.bytes!.bytesValue!), Buffer.from([0, 1, 255]));
    assert.deepEqual(a.arr!.arrayValue!.values!.map((v: OtlpAnyValue) => v.value), ['stringValue', undefined, 'intValue']);
    assert.equal(a.kv!.kvlistValue!.values![0].value!.kvlistValue!.values![0].value!.boolValue, true);
    assert.deepEqual(a.nil, {});
    assert.equal(a['grpcaudit.record.id']!.stringValue, 'rid-1', 'the stored record id wins over what the emitter sent');
    assert.equal(s.attributes!.filter((kv) => kv.key === 'grpcaudit.record.id').length, 1);
    assert.equal(a['grpcaudit.identity']!.stringValue, 'spiffe://td/app');
    assert.equal(a['grpcaudit.ledger.index']!.intValue, '42');
    assert.deepEqual([s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount], [3, 2, 5]);
    assert.deepEqual(s.events, [{ timeUnixNano: '5', name: 'rpc.message', attributes: [{ key: 'grpcaudit.payload', value: { stringValue: '{"a":"[REDACTED:email]"}', value: 'stringValue' } }], droppedAttributesCount: 1 }]);
    const l = s.links![0];
    assert.deepEqual([Buffer.from(l.traceId!).toString('hex'), Buffer.from(l.spanId!).toString('hex'), l.traceState, l.flags, l.droppedAttributesCount], [T, '00f067aa0ba902b7', 'x=y', 1, 4]);
    assert.deepEqual(s.status, { code: 2, message: 'boom' });
  });

  it('groups records by resource and scope, omits the ledger index when unknown, skips unreadable bodies', () => {
    const other = { ...body, spanId: '1111111111111111', resource: { attributes: { 'service.name': { stringValue: 'cart' } } } };
    const skipped: string[] = [];
    const bytes = encodeForwardRequest(
      [
        { record: rec(body), leafIndex: 0 },
        { record: rec({ ...body, spanId: '2222222222222222' }, { recordId: 'rid-2' }), leafIndex: undefined },
        { record: rec(other, { recordId: 'rid-3' }), leafIndex: 2 },
        { record: rec('{"truncated', { recordId: 'rid-4' }), leafIndex: 3 },
        { record: rec('{"name":"no ids"}', { recordId: 'rid-5' }), leafIndex: 4 },
      ],
      (item) => skipped.push(item.record.recordId),
    )!;
    assert.deepEqual(skipped, ['rid-4', 'rid-5']);
    const req = decodeExportRequest(bytes);
    assert.deepEqual(req.resourceSpans!.map((rs) => rs.scopeSpans![0].spans!.length), [2, 1]);
    const second = req.resourceSpans![0].scopeSpans![0].spans![1];
    assert.equal(second.attributes!.some((kv) => kv.key === 'grpcaudit.ledger.index'), false);
    assert.equal(encodeForwardRequest([{ record: rec('not json'), leafIndex: 0 }], () => undefined), undefined);
  });
});
