/**
 * Micro-benchmark of the decode stage: the per-type render plan (reads the application's object,
 * masks and writes canonical JSON plus the encoded size in one walk) against the naive round
 * trip (serialize → decode → toObject → JSON.stringify), for a ~1 KiB EchoRequest.
 *
 *   node --import tsx bench/decode-micro.ts [iterations]
 *
 * Rounds are interleaved and the median per configuration is reported (µs per message).
 * A benchmark, not a test: nothing here asserts on time.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as loader from '@grpc/proto-loader';
import { SchemaRegistry, getRenderer } from '../interceptors/decode';
import { BasicMasker } from '../interceptors/mask/basic-masker';

const REPO = path.resolve(__dirname, '..');
const INCLUDE = [path.join(REPO, 'proto'), path.join(REPO, 'test/fixtures/proto')];
const ECHO = '/demo.v1.KitchenSinkService/Echo';

const def = loader.loadSync('demo/v1/kitchen_sink.proto', { includeDirs: INCLUDE, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
const echo = (def['demo.v1.KitchenSinkService'] as loader.ServiceDefinition).Echo as loader.MethodDefinition<object, object>;
const registry = new SchemaRegistry().addProtoFiles('demo/v1/kitchen_sink.proto', INCLUDE);
const schema = registry.lookupMethod(ECHO)!;
const Type = schema.requestType;
const masker = new BasicMasker();
const renderer = getRenderer(Type, masker, ECHO);

/** A realistic ~1 KiB request: nested customer, addresses, labels, 64-bit ints, a timestamp, free text. */
const message = {
  requestId: 'req-0b7c6f2e-8d7a-4a8f-9a51-2f5d0c1e9b33',
  customer: {
    customerId: 'cust-00042917',
    fullName: 'Ann Marie Lee-Okafor',
    email: 'ann.lee@example.com',
    tier: 'TIER_GOLD',
    addresses: [
      { street: '1 Main Street, Apt 4B', city: 'Zürich', postalCode: '8001' },
      { street: '221B Baker Street', city: 'London', postalCode: 'NW1 6XE' },
    ],
    labels: { segment: 'enterprise', region: 'emea', channel: 'partner-portal' },
    card: { number: '4111111111111111', expMonth: 12, expYear: 2030 },
  },
  note: 'Customer called about the delayed shipment of order 7731; asked for a callback tomorrow morning between 9 and 11. Prefers email. '.repeat(3),
  orderNumber: '9007199254740993',
  bigCounter: '18446744073709551615',
  delta: -42,
  checksum: '1234567890123',
  blob: Buffer.alloc(48, 7),
  ratio: 0.731,
  score: 0.5,
  urgent: true,
  codes: [200, 404, 500, 301, 302],
  tags: ['priority', 'shipping', 'callback', 'emea'],
  createdAt: { seconds: 1700000000, nanos: 123000000 },
  ttl: { seconds: 3600 },
  nickname: { value: 'annie' },
};

const wire = echo.requestSerialize(message);
const inbound = echo.requestDeserialize(wire);

function naive(msg: object): string {
  const bytes = Type.encode(Type.fromObject(msg)).finish();
  return JSON.stringify(Type.toObject(Type.decode(bytes), { longs: String, enums: String, bytes: String, json: true }));
}

function naiveMasked(msg: object): string {
  const bytes = Type.encode(Type.fromObject(msg)).finish();
  const obj = Type.toObject(Type.decode(bytes), { longs: String, enums: String, bytes: String, json: true });
  return JSON.stringify(masker.maskUntyped(obj, { count: 0 }));
}

const configs: Array<[string, () => unknown]> = [
  ['plan (raw caller object)', () => renderer.render(message, { count: 0 }, 64 * 1024)],
  ['plan (toObject output, inbound)', () => renderer.render(inbound, { count: 0 }, 64 * 1024)],
  ['plan encodedSize only', () => renderer.encodedSize(message)],
  ['naive serialize→decode→toObject→stringify', () => naive(message)],
  ['naive + maskUntyped(BasicMasker)', () => naiveMasked(message)],
];

const iterations = Number(process.argv[2] ?? 20_000);
const rounds = 7;
let sink = 0;
function time(fn: () => unknown, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += (fn() as { json?: string })?.json?.length ?? 1;
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const first = renderer.render(message, { count: 0 }, 64 * 1024);
if (first.size !== wire.length) throw new Error(`plan size ${first.size} != serialized ${wire.length}`);
console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes skew absolute figures; ratios are from interleaved rounds)`);
console.log(`message: ${wire.length} bytes encoded, ${Buffer.byteLength(first.json)} bytes of JSON; ${iterations} iterations × ${rounds} rounds`);
for (const [, fn] of configs) time(fn, Math.min(5000, iterations)); // warm-up
const samples = new Map<string, number[]>(configs.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) for (const [name, fn] of configs) samples.get(name)!.push(time(fn, iterations));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples.get(configs[3][0])!);
for (const [name] of configs) {
  const m = median(samples.get(name)!);
  console.log(`${name.padEnd(44)} ${m.toFixed(2).padStart(7)} µs/msg   ${(base / m).toFixed(2)}× vs naive`);
}
if (sink === 0) console.log('');
