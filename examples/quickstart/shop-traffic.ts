import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import { OWN_PROTO_DIR } from '../../interceptors/decode/schema-registry';

/**
 * The quickstart's sample checkout service and the traffic it receives: one call of each kind,
 * plus one failing call, each carrying personal data the masking must catch.
 */
export const SHOP_PROTO = path.join(__dirname, 'shop.proto');

/** Values planted in the traffic; none of them may reach a span or the collector in clear. */
export const SEEDED_PII = {
  fullName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  noteEmail: 'ada.l@example.org',
  notePhone: '+1 415 555 0100',
  iban: 'DE89370400440532013000',
  courierPhone: '+49 30 12345678',
  receiptCard: '5555 5555 5555 4444',
  ssn: '123-45-6789',
  bearer: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjdXNfMTg0MiJ9.c2lnbmF0dXJlLWRlbW8tb25seQ',
} as const;

export function loadShopPackage(): { definition: protoLoader.PackageDefinition; service: grpc.ServiceDefinition; Client: grpc.ServiceClientConstructor } {
  const definition = protoLoader.loadSync(SHOP_PROTO, {
    includeDirs: [OWN_PROTO_DIR],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { shop: { v1: { CheckoutService: grpc.ServiceClientConstructor } } };
  const Client = pkg.shop.v1.CheckoutService;
  return { definition, service: Client.service, Client };
}

type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;

/** Handlers of the sample service; deliberately echo personal data back so both directions carry it. */
export function shopHandlers(): grpc.UntypedServiceImplementation {
  return {
    placeOrder(call: Call, callback: grpc.sendUnaryData<unknown>) {
      const req = call.request as { orderId?: string; customer?: { email?: string } };
      if (!req.customer) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: `order ${req.orderId}: customer ${SEEDED_PII.email} is not verified` });
        return;
      }
      callback(null, { orderId: req.orderId, status: 'ACCEPTED', message: `confirmation sent to ${req.customer.email}` });
    },
    trackOrder(call: grpc.ServerWritableStream<{ orderId: string }, unknown>) {
      const id = call.request.orderId;
      call.write({ orderId: id, stage: 'PACKED', detail: 'packed at warehouse 7' });
      call.write({ orderId: id, stage: 'SHIPPED', detail: `courier will call ${SEEDED_PII.courierPhone}` });
      call.write({ orderId: id, stage: 'DELIVERED', detail: 'left with neighbour' });
      call.end();
    },
    uploadReceipts(call: grpc.ServerReadableStream<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      let count = 0;
      call.on('data', () => count++);
      call.on('end', () => callback(null, { count }));
    },
    supportChat(call: grpc.ServerDuplexStream<{ from: string; text: string }, unknown>) {
      call.on('data', (m: { text: string }) => call.write({ from: 'agent', text: `noted: ${m.text.length} characters` }));
      call.on('end', () => call.end());
    },
  };
}

function unary(client: grpc.Client, method: string, request: unknown, metadata: grpc.Metadata): Promise<{ error?: grpc.ServiceError }> {
  return new Promise((resolve) => {
    (client as unknown as Record<string, (r: unknown, m: grpc.Metadata, cb: (e: grpc.ServiceError | null) => void) => void>)[method](request, metadata, (err) =>
      resolve(err ? { error: err } : {}),
    );
  });
}

/** Makes one call of each kind (and one failing call) and resolves when all have completed. */
export async function runShopTraffic(client: grpc.Client): Promise<string[]> {
  const log: string[] = [];
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${SEEDED_PII.bearer}`);
  md.set('x-request-id', 'req-7f3a');
  const order = {
    orderId: 'ord-1001',
    customer: { customerId: 'cus_1842', fullName: SEEDED_PII.fullName, email: SEEDED_PII.email, phone: SEEDED_PII.phone },
    card: { number: SEEDED_PII.card, expMonth: 12, expYear: 2029 },
    skus: ['SKU-RED-42', 'SKU-BLU-07'],
    amountCents: '129900',
    note: `Call me at ${SEEDED_PII.notePhone} or mail ${SEEDED_PII.noteEmail}; refund to ${SEEDED_PII.iban}`,
    placedAt: { seconds: 1764000000, nanos: 0 },
  };
  const ok = await unary(client, 'placeOrder', order, md);
  log.push(`PlaceOrder (unary)            → ${ok.error ? ok.error.code : 'OK'}`);
  const bad = await unary(client, 'placeOrder', { orderId: 'ord-1002' }, new grpc.Metadata());
  log.push(`PlaceOrder (unary, rejected)  → ${bad.error ? grpc.status[bad.error.code] : 'OK'}`);

  await new Promise<void>((resolve, reject) => {
    const stream = (client as unknown as { trackOrder(r: unknown): grpc.ClientReadableStream<unknown> }).trackOrder({ orderId: 'ord-1001' });
    let n = 0;
    stream.on('data', () => n++);
    stream.on('error', reject);
    stream.on('end', () => {
      log.push(`TrackOrder (server stream)    → ${n} events`);
      resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const call = (client as unknown as { uploadReceipts(cb: (e: Error | null, r?: { count: number }) => void): grpc.ClientWritableStream<unknown> }).uploadReceipts(
      (err, res) => {
        if (err) return reject(err);
        log.push(`UploadReceipts (client stream) → ${res?.count} receipts`);
        resolve();
      },
    );
    call.write({ orderId: 'ord-1001', text: `paid with ${SEEDED_PII.receiptCard}` });
    call.write({ orderId: 'ord-1001', text: 'gift wrap: 2.50 EUR' });
    call.end();
  });

  await new Promise<void>((resolve, reject) => {
    const chat = (client as unknown as { supportChat(): grpc.ClientDuplexStream<unknown, unknown> }).supportChat();
    let replies = 0;
    chat.on('data', () => replies++);
    chat.on('error', reject);
    chat.on('end', () => {
      log.push(`SupportChat (bidi)            → ${replies} replies`);
      resolve();
    });
    chat.write({ from: 'customer', text: `my SSN is ${SEEDED_PII.ssn}, please update my file` });
    chat.write({ from: 'customer', text: `or email ${SEEDED_PII.email}` });
    chat.end();
  });
  return log;
}
