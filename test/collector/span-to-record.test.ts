import { strict as assert } from 'node:assert';
import { canonicalJson } from '../../collector/ingest/canonical-json';
import { MalformedSpanError } from '../../collector/ingest/ingest-errors';
import { decodeExportRequest, encodeExportRequest } from '../../collector/ingest/otlp-codec';
import type { OtlpResourceSpans } from '../../collector/ingest/otlp-types';
import { draftSpan, finishRecord, resourceContext } from '../../collector/ingest/span-to-record';
import { kv, request, span } from './support/otlp';

/** Round-trips through the real protobuf encoding, as the receiver sees it. */
function decoded(rs: OtlpResourceSpans[]): OtlpResourceSpans[] {
  return decodeExportRequest(encodeExportRequest({ resourceSpans: rs })).resourceSpans!;
}

function mapOne(rs: OtlpResourceSpans) {
  const res = resourceContext(rs);
  const ss = rs.scopeSpans![0];
  return finishRecord(draftSpan(ss.spans![0], res, ss), res.service!, 'spiffe://td/x', 1234);
}

describe('span → AuditRecord mapping', function () {
  it('maps ids, method, status, seq, subject refs and kind', () => {
    const s = span({
      rpc: ['demo.v1.Shop', 'Buy'],
      kind: 3,
      attrs: [kv('grpcaudit.emitter.id', 'em'), kv('grpcaudit.seq', 41), kv('grpcaudit.subject_refs', ['h:1', 'h:2'])],
    });
    s.parentSpanId = Buffer.from('0102030405060708', 'hex');
    const [rs] = decoded(request([{ service: 'shop', spans: [s] }]).resourceSpans!);
    const r = mapOne(rs);
    assert.equal(r.traceId, Buffer.from(s.traceId!).toString('hex'));
    assert.equal(r.spanId, Buffer.from(s.spanId!).toString('hex'));
    assert.equal(r.recordId, `${r.traceId}:${r.spanId}`);
    assert.equal(r.parentSpanId, '0102030405060708');
    assert.equal(r.method, '/demo.v1.Shop/Buy');
    assert.equal(r.kind, 'client');
    assert.equal(r.grpcStatusCode, 0);
    assert.equal(r.seq, 41);
    assert.equal(r.emitterId, 'em');
    assert.deepEqual(r.subjectRefs, ['h:1', 'h:2']);
    assert.equal(r.identity, 'spiffe://td/x');
    assert.equal(r.service, 'shop');
    assert.equal(r.receivedAtMs, 1234);
    assert.equal(r.startTimeUnixNano, '1700000000000000000');
    assert.equal(r.recordType, 'span');
  });

  it('takes grpcaudit.record.id when present and marks grpcaudit.gap spans as gaps', () => {
    const [rs] = decoded(request([{ service: 'shop', spans: [span({ name: 'grpcaudit.gap', attrs: [kv('grpcaudit.record.id', 'em:gap:3')] })] }]).resourceSpans!);
    const r = mapOne(rs);
    assert.equal(r.recordId, 'em:gap:3');
    assert.equal(r.recordType, 'gap');
    assert.equal(r.method, '');
  });

  it('renders typed values so int, double, string, bool, bytes, arrays and maps stay distinct', () => {
    const s = span({ attrs: [kv('i', 1), kv('d', 1.5), kv('s', '1'), kv('b', true), kv('big', '0')] });
    s.attributes!.push(
      { key: 'i64', value: { intValue: '9007199254740993' } },
      { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 255]) } },
      { key: 'kv', value: { kvlistValue: { values: [kv('z', 'last'), kv('a', 'first')] } } },
      { key: 'empty', value: {} },
    );
    const [rs] = decoded(request([{ service: 'shop', spans: [s] }]).resourceSpans!);
    const attrs = JSON.parse(mapOne(rs).body).attributes;
    assert.deepEqual(attrs.i, { intValue: '1' });
    assert.deepEqual(attrs.d, { doubleValue: 1.5 });
    assert.deepEqual(attrs.s, { stringValue: '1' });
    assert.deepEqual(attrs.b, { boolValue: true });
    assert.deepEqual(attrs.i64, { intValue: '9007199254740993' }, '64-bit ints stay exact');
    assert.deepEqual(attrs.bytes, { bytesValue: 'AQL/' });
    assert.deepEqual(attrs.kv, { kvlistValue: { a: { stringValue: 'first' }, z: { stringValue: 'last' } } });
    assert.equal(attrs.empty, null);
  });

  it('produces the same body bytes whatever the attribute order (stable ledger hash)', () => {
    const a = span({ attrs: [kv('x', '1'), kv('y', 2), kv('z', true)] });
    const b = { ...a, attributes: [...a.attributes!].reverse() };
    const [ra] = decoded(request([{ service: 'shop', resourceAttrs: [kv('host', 'h'), kv('env', 'e')], spans: [a] }]).resourceSpans!);
    const [rb] = decoded([{ ...request([{ service: 'shop', resourceAttrs: [kv('env', 'e'), kv('host', 'h')], spans: [b] }]).resourceSpans![0] }]);
    // Put service.name last in the second resource too.
    rb.resource!.attributes = [...rb.resource!.attributes!].reverse();
    assert.equal(mapOne(ra).body, mapOne(rb).body);
  });

  it('rejects malformed spans with a reason naming the field, never a value', () => {
    const cases: Array<[string, Parameters<typeof span>[0], (s: ReturnType<typeof span>) => void, RegExp]> = [
      ['short trace id', {}, (s) => (s.traceId = Buffer.alloc(4, 1)), /trace_id must be 16 bytes/],
      ['zero span id', {}, (s) => (s.spanId = Buffer.alloc(8)), /span_id must not be all zero/],
      ['unknown kind', {}, (s) => (s.kind = 9), /unknown span kind/],
      ['duplicate keys', { attrs: [kv('k', 'secret-1'), kv('k', 'secret-2')] }, () => undefined, /duplicate attribute key/],
      ['negative seq', { attrs: [kv('grpcaudit.seq', -1)] }, () => undefined, /grpcaudit.seq/],
      ['time past 2262', {}, (s) => (s.endTimeUnixNano = '18446744073709551615'), /beyond the year 2262/],
      ['empty record id', { attrs: [kv('grpcaudit.record.id', '')] }, () => undefined, /grpcaudit.record.id/],
    ];
    for (const [what, opts, mutate, re] of cases) {
      const s = span(opts);
      mutate(s);
      const [rs] = decoded(request([{ service: 'shop', spans: [s] }]).resourceSpans!);
      assert.throws(() => mapOne(rs), (e: unknown) => e instanceof MalformedSpanError && re.test(e.message) && !/secret/.test(e.message), what);
    }
  });

  it('refuses values nested deeper than the limit', () => {
    let v: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) v = { arrayValue: { values: [v] } };
    const s = span();
    s.attributes!.push({ key: 'deep', value: v as never });
    const [rs] = decoded(request([{ service: 'shop', spans: [s] }]).resourceSpans!);
    assert.throws(() => mapOne(rs), /nested deeper/);
  });

  it('canonicalJson sorts keys recursively and refuses non-finite numbers', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }], u: undefined }), '{"a":[{"c":2,"d":1}],"b":1}');
    assert.throws(() => canonicalJson({ x: NaN }));
  });
});
