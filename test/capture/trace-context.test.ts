import { strict as assert } from 'node:assert';
import { Metadata } from '@grpc/grpc-js';
import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { extract, inject, sampledByTraceId } from '../../interceptors/capture/trace-context';
import { parseTarget, splitHostPort } from '../../interceptors/capture/peer-address';

const SC = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

describe('capture: trace context in metadata, peer addresses', () => {
  it('writes W3C traceparent when no propagator is registered, and reads it back', () => {
    const md = new Metadata();
    inject(trace.setSpanContext(ROOT_CONTEXT, SC), md);
    assert.deepEqual(md.get('traceparent'), [`00-${SC.traceId}-${SC.spanId}-01`]);
    const sc = trace.getSpanContext(extract(ROOT_CONTEXT, md));
    assert.deepEqual({ ...sc }, { ...SC, isRemote: true });
  });

  it('uses the registered global propagator', () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const md = new Metadata();
      inject(trace.setSpanContext(ROOT_CONTEXT, { ...SC, traceState: undefined }), md);
      assert.equal(md.get('traceparent')[0], `00-${SC.traceId}-${SC.spanId}-01`);
      const sc = trace.getSpanContext(extract(ROOT_CONTEXT, md));
      assert.equal(sc?.traceId, SC.traceId);
      assert.equal(sc?.isRemote, true);
    } finally {
      propagation.disable();
    }
  });

  it('ignores a malformed or all-zero traceparent (the server span becomes a root)', () => {
    for (const bad of ['garbage', `00-${'0'.repeat(32)}-${SC.spanId}-01`, `00-${SC.traceId}-${'0'.repeat(16)}-01`, `00-${SC.traceId.toUpperCase()}-${SC.spanId}-01`]) {
      const md = new Metadata();
      md.set('traceparent', bad);
      assert.equal(trace.getSpanContext(extract(ROOT_CONTEXT, md)), undefined, bad);
    }
  });

  it('samples by trace id: stable, bounded, roughly proportional', () => {
    assert.equal(sampledByTraceId(SC.traceId, 1), true);
    assert.equal(sampledByTraceId(SC.traceId, 0), false);
    assert.equal(sampledByTraceId(SC.traceId, 0.3), sampledByTraceId(SC.traceId, 0.3));
    let hits = 0;
    for (let i = 0; i < 2000; i++) if (sampledByTraceId(i.toString(16).padStart(8, '0').repeat(4).slice(0, 24) + (i * 2654435761 >>> 0).toString(16).padStart(8, '0'), 0.25)) hits++;
    assert.ok(hits > 400 && hits < 600, `about a quarter (${hits}/2000)`);
  });

  it('splits peers and channel targets as the semantic conventions want them', () => {
    assert.deepEqual(splitHostPort('127.0.0.1:50051'), { host: '127.0.0.1', port: 50051 });
    assert.deepEqual(splitHostPort('ipv4:10.0.0.1:443'), { host: '10.0.0.1', port: 443 });
    assert.deepEqual(splitHostPort('[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(splitHostPort('ipv6:[2001:db8::1]:9'), { host: '2001:db8::1', port: 9 });
    assert.deepEqual(splitHostPort('localhost'), { host: 'localhost' });
    assert.deepEqual(parseTarget('dns:localhost:50051'), { host: 'localhost', port: 50051 });
    assert.deepEqual(parseTarget('dns:///orders.internal:443'), { host: 'orders.internal', port: 443 });
    assert.deepEqual(parseTarget('dns://8.8.8.8/orders.internal:443'), { host: 'orders.internal', port: 443 });
    assert.deepEqual(parseTarget('dns:[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(parseTarget('ipv4:127.0.0.1:9,127.0.0.2:9'), { host: '127.0.0.1', port: 9 });
    assert.deepEqual(parseTarget('dns:myhost'), { host: 'myhost' });
    assert.equal(parseTarget('unix:/tmp/sock'), null);
  });
});
