import { strict as assert } from 'node:assert';
import { SpanKind, type Span, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit } from '../../interceptors';
import { resolveOptions, type GrpcAuditOptions } from '../../interceptors/config/audit-options';
import { ConfigError } from '../../interceptors/config/config-error';
import { AuditRuntime } from '../../interceptors/capture/audit-runtime';
import { CallRecorder } from '../../interceptors/capture/call-recorder';
import { createMasker } from '../../interceptors/mask';
import { bidi, createKitchenSinkClient, kitchenSinkRegistry, METHODS, startKitchenSinkServer } from '../helpers/kitchen-sink';
import { ensureContextManager } from '../helpers/tracing';

const CONTINUATION = 'grpcaudit.continuation';

/** Message ids per direction over a call span and its continuation records; and those records. */
export function callMessages(spans: readonly ReadableSpan[], call: ReadableSpan): { SENT: number[]; RECEIVED: number[]; continuations: ReadableSpan[]; dropped: number } {
  const id = call.spanContext().spanId;
  const continuations = spans
    .filter((s) => s.name === CONTINUATION && s.attributes['grpcaudit.continuation.of'] === id)
    .sort((a, b) => Number(a.attributes['grpcaudit.continuation.index']) - Number(b.attributes['grpcaudit.continuation.index']));
  const out = { SENT: [] as number[], RECEIVED: [] as number[] };
  let dropped = call.droppedEventsCount;
  for (const s of [call, ...continuations]) {
    for (const e of s.events) {
      if (e.name !== 'rpc.message') continue;
      out[e.attributes!['message.type'] as 'SENT' | 'RECEIVED'].push(e.attributes!['message.id'] as number);
    }
    if (s !== call) dropped += s.droppedEventsCount;
  }
  return { ...out, continuations, dropped };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function sorted(ids: number[]): number[] {
  return [...ids].sort((a, b) => a - b);
}

/**
 * A tracer whose spans hide the SDK's span limits (as another SDK or a wrapper would): only
 * droppedEventsCount tells. With `failEvery`, every n-th addEvent throws (a failing span API).
 */
function limitHidingTracer(tracer: Tracer, failEvery?: number): Tracer {
  let added = 0;
  const hide = (span: Span): Span =>
    new Proxy(span, {
      get(target, p) {
        if (p === '_spanLimits') return undefined;
        if (p === 'addEvent' && failEvery !== undefined) {
          return (...args: Parameters<Span['addEvent']>) => {
            if (++added % failEvery === 0) throw new Error('span API failure');
            return target.addEvent(...args);
          };
        }
        const v = Reflect.get(target, p, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  return {
    startSpan: (name, options, ctx) => hide(tracer.startSpan(name, options, ctx)),
    startActiveSpan: tracer.startActiveSpan.bind(tracer),
  } as Tracer;
}

interface Harness {
  exporter: InMemorySpanExporter;
  runtime: AuditRuntime;
  warnings: Array<{ message: string; fields?: Record<string, string | number> }>;
  /** One side of one Chat call: `n` messages sent and `n` received, interleaved; returns its call span. */
  chat(side: 'client' | 'server', n: number, opts?: { failEvery?: number }): ReadableSpan;
  spans(): ReadableSpan[];
}

/** A CallRecorder over the real OpenTelemetry SDK (SimpleSpanProcessor into memory), kitchen-sink Chat plan. */
function harness(sdk: { eventCountLimit?: number; hideLimits?: boolean; failAddEventEvery?: number }, options: GrpcAuditOptions = {}): Harness {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    ...(sdk.eventCountLimit !== undefined ? { spanLimits: { eventCountLimit: sdk.eventCountLimit } } : {}),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const warnings: Harness['warnings'] = [];
  const logger = { warn: (message: string, fields?: Record<string, string | number>) => void warnings.push({ message, fields }) };
  let tracer = provider.getTracer('grpc-audit', '0.1.0');
  if (sdk.hideLimits || sdk.failAddEventEvery) tracer = limitHidingTracer(tracer, sdk.failAddEventEvery);
  const runtime = new AuditRuntime(resolveOptions({ ...options, logger }), createMasker(), kitchenSinkRegistry(), undefined, tracer, logger);
  const plan = runtime.planFor(METHODS.chat, true, true);
  return {
    exporter,
    runtime,
    warnings,
    spans: () => exporter.getFinishedSpans(),
    chat(side, n, opts = {}) {
      const span = runtime.tracer.startSpan(plan.spanName, { kind: side === 'client' ? SpanKind.CLIENT : SpanKind.SERVER, attributes: plan.baseAttributes });
      const serialize = (): Buffer => {
        throw new TypeError('cannot serialize');
      };
      const rec = new CallRecorder(span, side, plan, runtime, true, serialize);
      for (let i = 0; i < n; i++) {
        const bad = opts.failEvery !== undefined && (i + 1) % opts.failEvery === 0;
        // A bytes message that is not a Chunk and whose wire fallback fails cannot be rendered at all.
        rec.message('SENT', bad ? poisoned() : { index: i, text: `question ${i} from alice@example.com` });
        rec.message('RECEIVED', { index: i, text: `answer ${i}` });
      }
      rec.status({ code: 0 });
      const id = span.spanContext().spanId;
      return exporter.getFinishedSpans().find((s) => s.spanContext().spanId === id)!;
    },
  };
}

/** A message whose rendering throws: a getter that throws on every read, including the renderer's. */
function poisoned(): unknown {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('unreadable');
      },
      ownKeys() {
        throw new Error('unreadable');
      },
      getPrototypeOf() {
        throw new Error('unreadable');
      },
    },
  );
}

describe('capture: long streams — every message recorded, independent of the tracer’s event limit', () => {
  it('default SDK span limits (128 events): a 1,000-message stream each way drops no event, every index once', () => {
    const h = harness({});
    for (const side of ['client', 'server'] as const) {
      const call = h.chat(side, 1000);
      const m = callMessages(h.spans(), call);
      assert.equal(m.dropped, 0, 'droppedEventsCount 0 on the call span and every continuation');
      assert.deepEqual(sorted(m.SENT), range(1000));
      assert.deepEqual(sorted(m.RECEIVED), range(1000));
      assert.equal(call.events.length, 64, 'the call span keeps the default batch of 64');
      assert.equal(call.attributes['grpcaudit.messages.sent'], 1000);
      assert.equal(call.attributes['grpcaudit.messages.received'], 1000);
      assert.equal(call.attributes['grpcaudit.continuation.count'], m.continuations.length);
      assert.equal(m.continuations.length, Math.ceil((2000 - 64) / 64));
      assert.equal(call.attributes['grpcaudit.messages.dropped'], undefined);
      assert.equal(call.attributes['grpcaudit.recording.error'], undefined);
      // Continuation records: bounded, contiguous, linked to the call, recognisable, method attributes, same policy.
      let next = 65;
      for (const [i, c] of m.continuations.entries()) {
        assert.ok(c.events.length <= 64 && c.events.length > 0);
        assert.equal(c.kind, SpanKind.INTERNAL);
        assert.equal(c.instrumentationScope.name, 'grpc-audit');
        assert.equal(c.spanContext().traceId, call.spanContext().traceId);
        assert.equal(c.parentSpanContext?.spanId, call.spanContext().spanId, 'child of the call span');
        assert.equal(c.attributes['grpcaudit.continuation.index'], i + 1);
        assert.equal(c.attributes['grpcaudit.continuation.first'], next);
        assert.equal(c.attributes['grpcaudit.continuation.last'], next + c.events.length - 1);
        next += c.events.length;
        assert.equal(c.attributes['rpc.system'], 'grpc');
        assert.equal(c.attributes['rpc.service'], 'demo.v1.KitchenSinkService');
        assert.equal(c.attributes['rpc.method'], 'Chat');
        assert.equal(c.attributes['grpcaudit.policy.version'], call.attributes['grpcaudit.policy.version']);
        assert.equal(typeof c.attributes['grpcaudit.masked.count'], 'number');
        assert.ok(h.spans().indexOf(c) < h.spans().indexOf(call), 'ends before the call span');
      }
      assert.equal(next, 2001, 'ordinals cover every message of the call');
      // Masked like the call span: the e-mail in the requests never appears in clear.
      for (const s of [call, ...m.continuations]) for (const e of s.events) assert.doesNotMatch(String(e.attributes!['grpcaudit.payload'] ?? ''), /alice@example\.com/);
      const maskedInConts = m.continuations.reduce((n, c) => n + Number(c.attributes['grpcaudit.masked.count']), 0);
      assert.ok(maskedInConts > 0 && maskedInConts < Number(call.attributes['grpcaudit.masked.count']), 'per-batch masked counts; the call span holds the call total');
      h.exporter.reset();
    }
    assert.equal(h.runtime.stats.droppedMessageEvents, 0);
    assert.equal(h.runtime.stats.recordingErrors, 0);
  });

  it('a unary-sized call makes no continuation and carries its totals', () => {
    const h = harness({});
    const call = h.chat('client', 1);
    assert.equal(h.spans().length, 1);
    assert.equal(call.events.length, 2);
    assert.equal(call.attributes['grpcaudit.messages.sent'], 1);
    assert.equal(call.attributes['grpcaudit.messages.received'], 1);
    assert.equal(call.attributes['grpcaudit.continuation.count'], undefined);
  });

  it('user eventCountLimit 10 and messageEventsPerSpan 8: nothing lost', () => {
    const h = harness({ eventCountLimit: 10 }, { messageEventsPerSpan: 8 });
    const call = h.chat('server', 300);
    const m = callMessages(h.spans(), call);
    assert.equal(m.dropped, 0);
    assert.deepEqual(sorted(m.SENT), range(300));
    assert.deepEqual(sorted(m.RECEIVED), range(300));
    assert.equal(call.events.length, 8);
    assert.equal(m.continuations.length, Math.ceil((600 - 8) / 8));
    for (const c of m.continuations) assert.ok(c.events.length <= 8);
    assert.equal(h.warnings.length, 0, 'a batch within the limit is not worth a warning');
  });

  it('user eventCountLimit 10 below the batch (64): the SDK limit is read and honoured — nothing lost, one warning', () => {
    const h = harness({ eventCountLimit: 10 });
    for (let k = 0; k < 3; k++) {
      const call = h.chat('client', 200);
      const m = callMessages(h.spans(), call);
      assert.equal(m.dropped, 0);
      assert.deepEqual(sorted(m.SENT), range(200));
      assert.deepEqual(sorted(m.RECEIVED), range(200));
      assert.equal(call.events.length, 10);
      for (const c of m.continuations) assert.ok(c.events.length <= 10);
      assert.equal(call.attributes['grpcaudit.recording.error'], undefined);
      h.exporter.reset();
    }
    assert.equal(h.warnings.length, 1);
    assert.match(h.warnings[0].message, /fewer events per span than messageEventsPerSpan/);
    assert.deepEqual(h.warnings[0].fields, { eventCountLimit: 10, messageEventsPerSpan: 64 });
  });

  it('a limit that cannot be read (spans hide it): the first losses are detected from droppedEventsCount, marked on the record, and later batches fit', () => {
    const h = harness({ eventCountLimit: 10, hideLimits: true });
    const first = h.chat('client', 100);
    const m1 = callMessages(h.spans(), first);
    const present = m1.SENT.length + m1.RECEIVED.length;
    assert.ok(m1.dropped > 0, 'the tracer dropped events before the limit was known');
    assert.equal(present + m1.dropped, 200, 'every missing event is accounted for');
    assert.equal(first.attributes['grpcaudit.messages.dropped'], m1.dropped, 'the call span says how many are missing');
    assert.equal(first.attributes['grpcaudit.recording.error'], true);
    assert.equal(first.attributes['grpcaudit.messages.sent'], 100);
    const lossy = m1.continuations.filter((c) => c.droppedEventsCount > 0);
    for (const c of lossy) {
      assert.equal(c.attributes['grpcaudit.messages.dropped'], c.droppedEventsCount);
      assert.equal(c.attributes['grpcaudit.recording.error'], true);
    }
    assert.equal(h.runtime.stats.droppedMessageEvents, m1.dropped);
    assert.ok(h.warnings.some((w) => /dropped message events/.test(w.message) && w.fields?.eventCountLimit === 10));
    h.exporter.reset();

    const second = h.chat('client', 100);
    const m2 = callMessages(h.spans(), second);
    assert.equal(m2.dropped, 0, 'the learned limit holds for later calls');
    assert.deepEqual(sorted(m2.SENT), range(100));
    assert.deepEqual(sorted(m2.RECEIVED), range(100));
    assert.equal(second.attributes['grpcaudit.recording.error'], undefined);
  });

  it('a message that cannot be rendered keeps its event and index, marked; the span says recording.error', () => {
    const h = harness({});
    const call = h.chat('client', 150, { failEvery: 50 });
    const m = callMessages(h.spans(), call);
    assert.deepEqual(sorted(m.SENT), range(150), 'no index is missing');
    const marked = [call, ...m.continuations].flatMap((s) => s.events.filter((e) => e.attributes!['grpcaudit.message.error'] !== undefined));
    assert.deepEqual(marked.map((e) => e.attributes!['message.id']), [50, 100, 150]);
    for (const e of marked) {
      assert.match(String(e.attributes!['grpcaudit.message.error']), /^not rendered: \w+$/);
      assert.equal(e.attributes!['grpcaudit.payload'], undefined);
    }
    assert.equal(call.attributes['grpcaudit.recording.error'], true);
    const withMarked = m.continuations.filter((c) => c.events.some((e) => e.attributes!['grpcaudit.message.error'] !== undefined));
    for (const c of withMarked) assert.equal(c.attributes['grpcaudit.recording.error'], true);
    assert.ok(h.runtime.stats.recordingErrors >= 3);
  });

  it('a span API that refuses events: the call proceeds, the record counts the missing ones', () => {
    const h = harness({ failAddEventEvery: 25 });
    const call = h.chat('client', 100);
    const m = callMessages(h.spans(), call);
    const present = m.SENT.length + m.RECEIVED.length;
    assert.equal(present, 200 - 8);
    assert.equal(call.attributes['grpcaudit.messages.dropped'], 8);
    assert.equal(call.attributes['grpcaudit.recording.error'], true);
    assert.equal(call.attributes['grpcaudit.messages.sent'], 100);
    assert.equal(h.runtime.stats.droppedMessageEvents, 8);
  });

  it('continuations carry the subject references known so far, so a subject query finds them', () => {
    const h = harness({});
    const plan = h.runtime.planFor(METHODS.download, false, true);
    const span = h.runtime.tracer.startSpan(plan.spanName, { kind: SpanKind.CLIENT, attributes: plan.baseAttributes });
    const rec = new CallRecorder(span, 'client', plan, h.runtime, true, undefined);
    rec.message('SENT', { requestId: 'r1', customer: { customerId: 'c-42' } });
    for (let i = 0; i < 200; i++) rec.message('RECEIVED', { index: i, text: `chunk ${i}` });
    rec.status({ code: 0 });
    const call = h.spans().find((s) => s.kind === SpanKind.CLIENT)!;
    const refs = call.attributes['grpcaudit.subject_refs'] as string[];
    assert.equal(refs.length, 1, 'the subject id field gives one reference');
    const m = callMessages(h.spans(), call);
    assert.equal(m.continuations.length, 3);
    for (const c of m.continuations) assert.deepEqual(c.attributes['grpcaudit.subject_refs'], refs);
  });

  it('messageEventsPerSpan is validated', () => {
    for (const bad of [0, -1, 1.5, '8', 1e9]) {
      assert.throws(() => resolveOptions({ messageEventsPerSpan: bad as never }), (e: unknown) => e instanceof ConfigError && e.key === 'messageEventsPerSpan');
    }
    assert.equal(resolveOptions({}).messageEventsPerSpan, 64);
  });

  it('over real gRPC: a 300-message bidi stream, both sides complete with continuation records (default SDK limits)', async () => {
    ensureContextManager();
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: provider, messageEventsPerSpan: 32 });
    const server = await startKitchenSinkServer({ interceptors: [audit.serverInterceptor] });
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const requests = Array.from({ length: 300 }, (_, i) => ({ index: i, text: `q${i}` }));
      const out = await bidi(client, 'Chat', requests);
      assert.ifError(out.error);
      assert.equal(out.messages.length, 300);
      const deadline = Date.now() + 5000;
      while (exporter.getFinishedSpans().filter((s) => s.kind !== SpanKind.INTERNAL).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const spans = exporter.getFinishedSpans();
      for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
        const calls = spans.filter((s) => s.kind === kind);
        assert.equal(calls.length, 1, 'one call span per side; continuations are INTERNAL');
        const m = callMessages(spans, calls[0]);
        assert.equal(m.dropped, 0);
        assert.deepEqual(sorted(m.SENT), range(300));
        assert.deepEqual(sorted(m.RECEIVED), range(300));
        assert.equal(calls[0].events.length, 32);
        assert.equal(calls[0].attributes['grpcaudit.continuation.count'], m.continuations.length);
      }
      assert.equal(audit.stats.calls, 2, 'continuations are not calls');
      assert.equal(audit.stats.recordingErrors, 0);
    } finally {
      client.close();
      await server.close();
      await provider.shutdown();
    }
  });
});
