import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { decodeExportRequest } from '../../collector/ingest/otlp-codec';
import { draftSpan, resourceContext } from '../../collector/ingest/span-to-record';
import { decodePartialSuccess } from '../../interceptors/delivery/otlp-grpc-transport';
import { encodeSpanRecord, frameExportRequest } from '../../interceptors/delivery/otlp-span-encoder';
import { gapSpan } from '../../interceptors/delivery/gap-record';
import type { ReadableSpanLike } from '../../interceptors/delivery/readable-span';
import { encodeSpanRecordWithProtobufjs } from './support/protobufjs-span-encoder';
import { encodeExportResponse } from '../../collector/ingest/otlp-codec';

function spans(): ReadableSpan[] {
  const mem = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'i-1' }),
    spanProcessors: [new SimpleSpanProcessor(mem)],
  });
  const tracer = provider.getTracer('grpc-audit', '0.1.0');
  const client = tracer.startSpan('grpc.demo.v1.Shop/Buy', {
    kind: SpanKind.CLIENT,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      'rpc.system': 'grpc',
      'rpc.service': 'demo.v1.Shop',
      'rpc.method': 'Buy',
      'rpc.grpc.status_code': 0,
      'grpcaudit.subject_refs': ['h:abc', 'h:def'],
      'grpcaudit.masked.count': 3,
      ratio: 0.25,
      big: 2 ** 53 + 10, // not a safe integer: sent as a double
      neg: -7,
      ok: true,
    },
  });
  client.addEvent('rpc.message', { 'message.type': 'SENT', 'message.id': 1, 'grpcaudit.payload': '{"card":"****1111"}' }, [1_700_000_000, 200_000_000]);
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  const ctx = trace.setSpan(context.active(), client);
  const server = tracer.startSpan('grpc.demo.v1.Shop/Buy', { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc' } }, ctx);
  server.end([1_700_000_001, 5]);
  client.end([1_700_000_001, 999_999_999]);
  return mem.getFinishedSpans();
}

describe('delivery: OTLP encoding of spans', () => {
  it('decodes with the collector’s own OTLP schema into the same record fields, exact to the nanosecond', () => {
    const [server, client] = spans();
    const req = frameExportRequest([
      encodeSpanRecord(client, { emitterId: 'e'.repeat(32), seq: 7, recordId: 'a'.repeat(32) }),
      encodeSpanRecord(server, { emitterId: 'e'.repeat(32), seq: 8, recordId: 'b'.repeat(32) }),
    ]);
    const decoded = decodeExportRequest(req);
    assert.equal(decoded.resourceSpans!.length, 2);
    const rs = decoded.resourceSpans![0];
    const res = resourceContext(rs);
    assert.equal(res.service, 'checkout');
    const d = draftSpan(rs.scopeSpans![0].spans![0], res, rs.scopeSpans![0]);
    assert.equal(d.fields.recordId, 'a'.repeat(32));
    assert.equal(d.fields.emitterId, 'e'.repeat(32));
    assert.equal(d.fields.seq, 7);
    assert.equal(d.fields.kind, 'client');
    assert.equal(d.fields.method, '/demo.v1.Shop/Buy');
    assert.equal(d.fields.startTimeUnixNano, '1700000000123456789');
    assert.equal(d.fields.endTimeUnixNano, '1700000001999999999');
    assert.deepEqual(d.fields.subjectRefs, ['h:abc', 'h:def']);
    assert.equal(d.fields.traceId, client.spanContext().traceId);
    assert.equal(d.body.scope.name, 'grpc-audit');
    assert.equal(d.body.scope.version, '0.1.0');
    assert.deepEqual(d.body.status, { code: 'error', message: 'boom' });
    assert.deepEqual(d.body.attributes['grpcaudit.masked.count'], { intValue: '3' });
    assert.deepEqual(d.body.attributes['ratio'], { doubleValue: 0.25 });
    assert.deepEqual(d.body.attributes['big'], { doubleValue: 2 ** 53 + 10 });
    assert.deepEqual(d.body.attributes['neg'], { intValue: '-7' });
    assert.deepEqual(d.body.attributes['ok'], { boolValue: true });
    assert.equal(d.body.events.length, 1);
    assert.equal(d.body.events[0].timeUnixNano, '1700000000200000000');
    assert.deepEqual(d.body.events[0].attributes['grpcaudit.payload'], { stringValue: '{"card":"****1111"}' });
    assert.equal(d.body.resource.attributes['service.instance.id'] !== undefined, true);

    const rs2 = decoded.resourceSpans![1];
    const s = draftSpan(rs2.scopeSpans![0].spans![0], resourceContext(rs2), rs2.scopeSpans![0]);
    assert.equal(s.fields.kind, 'server');
    assert.equal(s.fields.parentSpanId, client.spanContext().spanId, 'server span points at the client span');
    assert.equal(s.fields.seq, 8);
    assert.equal(s.body.flags, TraceFlags.SAMPLED);
  });

  it('gap records decode as recordType gap with range, count and reason', () => {
    const resource = resourceFromAttributes({ 'service.name': 'checkout' });
    const bytes = encodeSpanRecord(gapSpan({ from: 10, to: 14, reason: 'spool_full' }, resource, 1_700_000_000_000), { emitterId: 'f'.repeat(32), seq: 15, recordId: 'c'.repeat(32) });
    const rs = decodeExportRequest(frameExportRequest([bytes])).resourceSpans![0];
    const d = draftSpan(rs.scopeSpans![0].spans![0], resourceContext(rs), rs.scopeSpans![0]);
    assert.equal(d.fields.recordType, 'gap');
    assert.equal(d.fields.seq, 15);
    assert.deepEqual(d.body.attributes['grpcaudit.gap.from'], { intValue: '10' });
    assert.deepEqual(d.body.attributes['grpcaudit.gap.to'], { intValue: '14' });
    assert.deepEqual(d.body.attributes['grpcaudit.gap.count'], { intValue: '5' });
    assert.deepEqual(d.body.attributes['grpcaudit.gap.reason'], { stringValue: 'spool_full' });
  });

  it('times are exact to the nanosecond for any HrTime up to the int64 limit (fast path and BigInt path)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_223_372_035 }), fc.integer({ min: 0, max: 999_999_999 }), (sec, ns) => {
        const span = {
          name: 't',
          kind: SpanKind.INTERNAL,
          spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }),
          startTime: [sec, ns] as [number, number],
          endTime: [sec, ns] as [number, number],
          status: { code: SpanStatusCode.UNSET },
          attributes: {},
          links: [],
          events: [],
          resource: { attributes: { 'service.name': 'x' } },
        };
        const req = decodeExportRequest(frameExportRequest([encodeSpanRecord(span, { emitterId: 'e', seq: 1, recordId: 'r' })]));
        assert.equal(req.resourceSpans![0].scopeSpans![0].spans![0].startTimeUnixNano, (BigInt(sec) * 1_000_000_000n + BigInt(ns)).toString());
      }),
      { numRuns: 3000, examples: [[4_611_686_018, 999_999_999], [4_611_686_019, 0], [0, 0]] },
    );
  });

  it('writes the same bytes as the protobufjs Writer it replaced, for generated spans', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.boolean(),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.integer({ min: -(2 ** 31), max: -1 }),
      fc.double({ noNaN: false }),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.array(fc.array(fc.string(), { maxLength: 2 }), { maxLength: 2 }));
    const attrs = fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), value, { maxKeys: 6 });
    const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
    const time = fc.tuple(fc.integer({ min: 0, max: 9_223_372_035 }), fc.integer({ min: 0, max: 999_999_999 }));
    const count = fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined });
    const spanArb = fc.record({
      name: fc.string({ unit: 'binary', maxLength: 30 }),
      kind: fc.integer({ min: 0, max: 4 }),
      traceId: fc.oneof(hex(32), fc.constant('')),
      spanId: hex(16),
      parent: fc.option(hex(16), { nil: undefined }),
      flags: fc.integer({ min: 0, max: 255 }),
      start: time,
      end: time,
      status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.option(fc.string(), { nil: undefined }) }),
      attributes: attrs,
      events: fc.array(fc.record({ name: fc.string(), time, attributes: fc.option(attrs, { nil: undefined }), droppedAttributesCount: count }), { maxLength: 4 }),
      links: fc.array(fc.record({ traceId: hex(32), spanId: hex(16), attributes: fc.option(attrs, { nil: undefined }), droppedAttributesCount: count }), { maxLength: 2 }),
      droppedAttributesCount: count,
      droppedEventsCount: count,
      droppedLinksCount: count,
      resource: attrs,
      scope: fc.record({ name: fc.string(), version: fc.option(fc.string(), { nil: undefined }), schemaUrl: fc.option(fc.string(), { nil: undefined }) }),
      seq: fc.maxSafeNat(),
      recordId: fc.string({ minLength: 1 }),
    });
    fc.assert(
      fc.property(spanArb, (g) => {
        const span: ReadableSpanLike = {
          name: g.name,
          kind: g.kind,
          spanContext: () => ({ traceId: g.traceId, spanId: g.spanId, traceFlags: g.flags }),
          parentSpanId: g.parent,
          startTime: g.start,
          endTime: g.end,
          status: g.status,
          attributes: g.attributes as never,
          links: g.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1 }, attributes: l.attributes as never, droppedAttributesCount: l.droppedAttributesCount })),
          events: g.events.map((e) => ({ name: e.name, time: e.time, attributes: e.attributes as never, droppedAttributesCount: e.droppedAttributesCount })),
          resource: { attributes: g.resource as never },
          instrumentationScope: g.scope,
          droppedAttributesCount: g.droppedAttributesCount,
          droppedEventsCount: g.droppedEventsCount,
          droppedLinksCount: g.droppedLinksCount,
        };
        const stamp = { emitterId: 'e'.repeat(32), seq: g.seq, recordId: g.recordId };
        assert.deepEqual(encodeSpanRecord(span, stamp), encodeSpanRecordWithProtobufjs(span, stamp));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads partial success from an ExportTraceServiceResponse', () => {
    assert.deepEqual(decodePartialSuccess(encodeExportResponse({ partialSuccess: { rejectedSpans: '3', errorMessage: 'bad' } } as never)), { rejectedSpans: 3, errorMessage: 'bad' });
    assert.deepEqual(decodePartialSuccess(encodeExportResponse({})), { rejectedSpans: 0, errorMessage: '' });
  });
});
