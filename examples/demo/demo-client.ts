import * as grpc from '@grpc/grpc-js';
import type { GrpcAudit } from '../../interceptors';
import { SHOP_SERVICE, shopServiceDefinition } from './shop-schema';

type ShopClient = grpc.Client & Record<string, (...args: any[]) => any>;

/** What each demo call returned (what the application saw, unmasked). */
export interface DemoOutcome {
  call: string;
  ok: boolean;
  code: number;
  summary: string;
}

export function createShopClient(address: string, audit: GrpcAudit): ShopClient {
  const Ctor = grpc.makeGenericClientConstructor(shopServiceDefinition(), SHOP_SERVICE);
  return new Ctor(address, grpc.credentials.createInsecure(), audit.clientOptions()) as unknown as ShopClient;
}

function settle(call: string, resolve: (o: DemoOutcome) => void) {
  return (err: grpc.ServiceError | null, summary: string): void =>
    resolve(err ? { call, ok: false, code: err.code, summary: err.details } : { call, ok: true, code: 0, summary });
}

/** Runs the four call kinds (and one failing call) against the shop at `address`. */
export async function runDemoClient(address: string, audit: GrpcAudit): Promise<DemoOutcome[]> {
  const client = createShopClient(address, audit);
  const metadata = (): grpc.Metadata => {
    const md = new grpc.Metadata();
    md.set('x-request-id', 'demo-' + Math.random().toString(16).slice(2, 10));
    md.set('authorization', 'Bearer demo-secret-token-123456');
    return md;
  };
  const customer = { customerId: 'cus-4711', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' };
  try {
    const outcomes: DemoOutcome[] = [];
    outcomes.push(
      await new Promise<DemoOutcome>((resolve) =>
        client.PlaceOrder(
          { customer, items: [{ sku: 'BOOK-1', quantity: 2, priceCents: '1999' }], cardNumber: '4111 1111 1111 1111', deliveryNote: 'leave at door, call ada@example.com' },
          metadata(),
          (err: grpc.ServiceError | null, res: { orderId: string; totalCents: string }) => settle('unary PlaceOrder', resolve)(err, res ? `order ${res.orderId}, total ${res.totalCents}` : ''),
        ),
      ),
    );
    outcomes.push(
      await new Promise<DemoOutcome>((resolve) =>
        client.PlaceOrder({ customer, items: [] }, metadata(), (err: grpc.ServiceError | null) => settle('unary PlaceOrder (rejected)', resolve)(err, '')),
      ),
    );
    outcomes.push(
      await new Promise<DemoOutcome>((resolve) => {
        const call = client.UploadReceipts(metadata(), (err: grpc.ServiceError | null, res: { receipts: number; bytes: string }) =>
          settle('client-streaming UploadReceipts', resolve)(err, res ? `${res.receipts} receipts, ${res.bytes} bytes` : ''),
        );
        call.write({ orderId: 'ord-1001', scan: Buffer.from('%PDF-receipt-1') });
        call.write({ orderId: 'ord-1001', scan: Buffer.from('%PDF-receipt-2') });
        call.end();
      }),
    );
    outcomes.push(
      await new Promise<DemoOutcome>((resolve) => {
        const call = client.TrackOrder({ orderId: 'ord-1001' }, metadata());
        const seen: string[] = [];
        call.on('data', (e: { status: string }) => seen.push(e.status));
        call.on('error', (err: grpc.ServiceError) => settle('server-streaming TrackOrder', resolve)(err, ''));
        call.on('end', () => settle('server-streaming TrackOrder', resolve)(null, seen.join(' → ')));
      }),
    );
    outcomes.push(
      await new Promise<DemoOutcome>((resolve) => {
        const call = client.SupportChat(metadata());
        let replies = 0;
        call.on('data', () => replies++);
        call.on('error', (err: grpc.ServiceError) => settle('bidi SupportChat', resolve)(err, ''));
        call.on('end', () => settle('bidi SupportChat', resolve)(null, `${replies} replies`));
        call.write({ customerId: 'cus-4711', text: 'My card 4111 1111 1111 1111 was charged twice' });
        call.write({ customerId: 'cus-4711', text: 'Call me on +44 20 7946 0958' });
        call.end();
      }),
    );
    return outcomes;
  } finally {
    client.close();
  }
}
