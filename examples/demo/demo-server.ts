import * as grpc from '@grpc/grpc-js';
import type { GrpcAudit } from '../../interceptors';
import { shopServiceDefinition } from './shop-schema';

export interface DemoServer {
  /** 'host:port' the server listens on. */
  address: string;
  port: number;
  server: grpc.Server;
  close(): Promise<void>;
}

/** The shop's handlers: plain grpc-js code, unaware of grpc-audit. */
const handlers: grpc.UntypedServiceImplementation = {
  PlaceOrder(call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) {
    const items: Array<{ quantity?: number; priceCents?: string }> = call.request.items ?? [];
    if (items.length === 0) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: `order for ${call.request.customer?.email ?? 'unknown'} has no items` });
      return;
    }
    const total = items.reduce((sum, i) => sum + (i.quantity ?? 0) * Number(i.priceCents ?? 0), 0);
    callback(null, { orderId: 'ord-1001', totalCents: String(total), placedAt: { seconds: '1767225600', nanos: 0 } });
  },
  UploadReceipts(call: grpc.ServerReadableStream<any, any>, callback: grpc.sendUnaryData<any>) {
    let receipts = 0;
    let bytes = 0;
    call.on('data', (r: { scan?: Buffer }) => {
      receipts++;
      bytes += r.scan?.length ?? 0;
    });
    call.on('end', () => callback(null, { receipts, bytes: String(bytes) }));
  },
  TrackOrder(call: grpc.ServerWritableStream<any, any>) {
    const steps = [
      ['packed', 'Warehouse 3'],
      ['shipped', 'Lyon hub'],
      ['delivered', '12 Rue de la Paix, Paris'],
    ];
    for (const [status, location] of steps) call.write({ orderId: call.request.orderId, status, location });
    call.end();
  },
  SupportChat(call: grpc.ServerDuplexStream<any, any>) {
    call.on('data', (m: { customerId?: string; text?: string }) => {
      call.write({ customerId: m.customerId, text: `Thanks, we will call you back (re: "${m.text ?? ''}")` });
    });
    call.on('end', () => call.end());
  },
};

/** Starts the shop on `host:port` (default 127.0.0.1:0) with the audit's server interceptor. */
export async function startDemoServer(audit: GrpcAudit, options: { host?: string; port?: number } = {}): Promise<DemoServer> {
  const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
  server.addService(shopServiceDefinition(), handlers);
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 2000).unref();
      }),
  };
}
