import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { createGrpcAudit, FAIL_CLOSED_MESSAGE, type RecordGate } from '../../interceptors';
import { createKitchenSinkClient, defaultHandlers, kitchenSinkRegistry, METHODS, serverStream, startKitchenSinkServer, unary } from '../helpers/kitchen-sink';
import { createTestTracing } from '../helpers/tracing';

/** Our own seam: a gate whose answer the test sets. */
class SwitchGate implements RecordGate {
  open = false;
  asked: string[] = [];
  canRecord(methodPath: string): boolean {
    this.asked.push(methodPath);
    return this.open;
  }
}

/** A server that counts calls reaching its interceptor chain and its Echo handler. */
async function countingServer(extra: grpc.ServerInterceptor[] = []) {
  const counts = { calls: 0, echo: 0 };
  const counter: grpc.ServerInterceptor = (_d, call) => {
    counts.calls++;
    return new grpc.ServerInterceptingCall(call);
  };
  const server = await startKitchenSinkServer({
    interceptors: [...extra, counter],
    handlers: {
      Echo: ((call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
        counts.echo++;
        (defaultHandlers.Echo as Function)(call, cb);
      }) as grpc.UntypedHandleCall,
    },
  });
  return { server, counts };
}

describe('capture: fail-closed (record gate)', () => {
  it('client side: a fail-closed method fails with UNAVAILABLE without reaching the network; others proceed', async () => {
    const tracing = createTestTracing();
    const gate = new SwitchGate();
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, gate, failClosed: [METHODS.echo] });
    const { server, counts } = await countingServer();
    const client = createKitchenSinkClient(server.address, audit.clientOptions());
    try {
      const out = await unary(client, 'Echo', { requestId: 'blocked' });
      assert.equal(out.error?.code, grpc.status.UNAVAILABLE);
      assert.equal(out.error?.details, FAIL_CLOSED_MESSAGE);
      assert.equal(counts.calls, 0, 'the server never saw the call');
      assert.equal(counts.echo, 0);
      assert.equal(audit.stats.failClosedRejections, 1);
      assert.deepEqual(gate.asked, [METHODS.echo]);

      const stream = await serverStream(client, 'Download', { requestId: 'free' });
      assert.ifError(stream.error);
      assert.equal(stream.messages.length, 3, 'a method that is not fail-closed is not gated');
      assert.deepEqual(gate.asked, [METHODS.echo], 'the gate is asked only for fail-closed methods');

      gate.open = true;
      const ok = await unary(client, 'Echo', { requestId: 'allowed' });
      assert.ifError(ok.error);
      assert.equal(counts.echo, 1);
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });

  it('server side: UNAVAILABLE from the start, the handler never runs; a gate that throws counts as closed', async () => {
    const tracing = createTestTracing();
    let throws = false;
    const gate: RecordGate = {
      canRecord: () => {
        if (throws) throw new Error('spool unreadable');
        return false;
      },
    };
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), tracerProvider: tracing.provider, gate, failClosed: true, logger: { warn: () => undefined } });
    const { server, counts } = await countingServer([audit.serverInterceptor]);
    const client = createKitchenSinkClient(server.address); // a client without grpc-audit
    try {
      const out = await unary(client, 'Echo', { requestId: 'x' });
      assert.equal(out.error?.code, grpc.status.UNAVAILABLE);
      assert.equal(out.error?.details, FAIL_CLOSED_MESSAGE);
      assert.equal(counts.echo, 0, 'the handler never ran');
      throws = true;
      const again = await serverStream(client, 'Download', { requestId: 'y' });
      assert.equal(again.error?.code, grpc.status.UNAVAILABLE);
      assert.equal(again.messages.length, 0);
      assert.equal(audit.stats.failClosedRejections, 2);
      assert.ok(audit.stats.recordingErrors >= 1, 'the throwing gate is counted');
    } finally {
      client.close();
      await server.close();
      await tracing.shutdown();
    }
  });
});
