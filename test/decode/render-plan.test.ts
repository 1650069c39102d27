import * as assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import * as loader from '@grpc/proto-loader';
import { DROP, type FieldSite, type Masker, type ValueMasker } from '../../interceptors/mask/masker';
import { BasicMasker } from '../../interceptors/mask/basic-masker';
import { SchemaRegistry, getRenderer, MAP_KEY_SUFFIX, type MessageRenderer } from '../../interceptors/decode';
import {
  DropMasker,
  ECHO,
  INCLUDE_DIRS,
  KITCHEN_SINK,
  Long,
  PathMasker,
  RecordingMasker,
  UpperMasker,
  echoDefinition,
  loadPackageDefinition,
  newScope,
} from './decode-fixtures';

const registry = new SchemaRegistry().addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS);
const schema = registry.lookupMethod(ECHO)!;
const Card = registry.lookupType('demo.v1.Card')!;
const pkg = loadPackageDefinition();
const echo = echoDefinition(pkg);
const MAX = 1 << 20;

function renderer(masker: Masker = new BasicMasker()): MessageRenderer {
  return getRenderer(schema.requestType, masker, ECHO);
}

/** A request exercising every field kind and well-known type, as a caller passes it to grpc-js. */
function rawRequest(): Record<string, unknown> {
  return {
    requestId: 'req-1',
    customer: {
      customerId: 'c-42',
      fullName: 'Ann "Q" Lee\n',
      email: 'ann@example.com',
      tier: 'TIER_GOLD',
      addresses: [{ street: '1 Main St', city: 'Zürich', postalCode: '8000' }, { city: 'Bern' }],
      labels: { vip: 'yes', 'a"b': 'c' },
      card: { number: '4111111111111111', expMonth: 12, expYear: 2030 },
    },
    note: 'call me 😀',
    orderNumber: Long.fromString('-9007199254740993'),
    bigCounter: '18446744073709551615',
    delta: -5,
    checksum: 7,
    blob: Buffer.from([0, 1, 2, 250]),
    ratio: 0.5,
    score: 0.1,
    urgent: true,
    codes: [1, -2, 300],
    tags: ['x', ''],
    bySlot: { 3: { customerId: 'c-3' } },
    createdAt: { seconds: 1700000000, nanos: 5_000_000 },
    ttl: { seconds: -1, nanos: -500_000_000 },
    attributes: { fields: { plan: { stringValue: 'gold' }, n: { numberValue: 2 }, ok: { boolValue: true }, none: { nullValue: 0 } } },
    // proto-loader keeps the bundled well-known types' field names: Any's is `type_url` even without keepCase.
    extra: { type_url: 'type.googleapis.com/demo.v1.Card', value: Card.encode({ number: '5555', exp_month: 3 }).finish() },
    nickname: { value: 'annie' },
    limit: { value: '9' },
    dynamic: { listValue: { values: [{ numberValue: 1 }, { stringValue: 's' }] } },
    list: { values: [{ boolValue: false }, { structValue: { fields: { k: { stringValue: 'v' } } } }] },
  };
}

const EXPECTED =
  '{"requestId":"req-1",' +
  '"customer":{"customerId":"c-42","fullName":"Ann \\"Q\\" Lee\\n","email":"ann@example.com","tier":"TIER_GOLD",' +
  '"addresses":[{"street":"1 Main St","city":"Zürich","postalCode":"8000"},{"city":"Bern"}],' +
  '"labels":{"vip":"yes","a\\"b":"c"},"card":{"number":"4111111111111111","expMonth":12,"expYear":2030}},' +
  '"note":"call me 😀","orderNumber":"-9007199254740993","bigCounter":"18446744073709551615","delta":"-5","checksum":"7",' +
  '"blob":"AAEC+g==","ratio":0.5,"score":0.1,"urgent":true,"codes":[1,-2,300],"tags":["x",""],' +
  '"bySlot":{"3":{"customerId":"c-3"}},"createdAt":"2023-11-14T22:13:20.005Z","ttl":"-1.500s",' +
  '"attributes":{"plan":"gold","n":2,"ok":true,"none":null},' +
  '"extra":{"@type":"type.googleapis.com/demo.v1.Card","number":"5555","expMonth":3},' +
  '"nickname":"annie","limit":"9","dynamic":[1,"s"],"list":[false,{"k":"v"}]}';

describe('decode/render plan: canonical JSON', () => {
  it('renders every field kind and well-known type of a raw caller object exactly', () => {
    const msg = rawRequest();
    const r = renderer().render(msg, newScope(), MAX);
    assert.equal(r.error, undefined);
    assert.equal(r.json, EXPECTED);
    assert.equal(r.truncated, false);
    // The size is what grpc-js really sends: proto-loader's serializer.
    assert.equal(r.size, echo.requestSerialize(msg).length);
  });

  it('renders proto-loader toObject output (longs/enums as String, oneofs) to the same JSON and size', () => {
    const bytes = echo.requestSerialize(rawRequest());
    const inbound = echo.requestDeserialize(bytes) as Record<string, unknown>;
    assert.equal(typeof inbound.orderNumber, 'string'); // the shape really is toObject's
    assert.equal((inbound.customer as Record<string, unknown>).payment, 'card');
    const r = renderer().render(inbound, newScope(), MAX);
    assert.equal(r.error, undefined);
    assert.equal(r.json, EXPECTED);
    assert.equal(r.size, bytes.length);
  });

  it('renders toObject output of other loader options (keepCase, defaults, numeric enums, Buffers, Longs) to the same JSON', () => {
    const bytes = echo.requestSerialize(rawRequest());
    for (const options of [
      { keepCase: true, longs: String, defaults: true, arrays: true, objects: true },
      { keepCase: false, defaults: false }, // Long objects, enum numbers, Buffers
    ]) {
      const other = echoDefinition(loader.loadSync(KITCHEN_SINK, { ...options, includeDirs: INCLUDE_DIRS }));
      const inbound = other.requestDeserialize(bytes);
      const r = renderer().render(inbound, newScope(), MAX);
      assert.equal(r.error, undefined);
      assert.equal(r.json, EXPECTED, JSON.stringify(options));
    }
  });

  it('renders the same from snake_case keys and through a registry built from the package definition', () => {
    const snake = {
      request_id: 'r', order_number: 12, big_counter: 3, customer: { customer_id: 'c', full_name: 'n', postal_code: 'ignored' },
      created_at: { seconds: '0', nanos: 0 },
    };
    const expected = '{"requestId":"r","customer":{"customerId":"c","fullName":"n"},"orderNumber":"12","bigCounter":"3","createdAt":"1970-01-01T00:00:00Z"}';
    assert.equal(renderer().render(snake, newScope(), MAX).json, expected);
    const fromPkg = new SchemaRegistry().addPackageDefinition(pkg).lookupMethod(ECHO)!;
    const r = getRenderer(fromPkg.requestType, new BasicMasker(), ECHO).render(rawRequest(), newScope(), MAX);
    assert.equal(r.json, EXPECTED);
    assert.equal(r.size, echo.requestSerialize(rawRequest()).length);
  });

  it('omits proto3 defaults but keeps oneof members, present messages and wrapper values at their defaults', () => {
    const msg = {
      requestId: '', orderNumber: '0', ratio: 0, urgent: false, codes: [], tags: [], blob: Buffer.alloc(0),
      customer: { tier: 'TIER_UNSPECIFIED', iban: '', labels: {} }, nickname: {}, limit: { value: 0 },
      createdAt: {}, ttl: { seconds: 0 },
    };
    const r = renderer().render(msg, newScope(), MAX);
    assert.equal(r.json, '{"customer":{"iban":""},"createdAt":"1970-01-01T00:00:00Z","ttl":"0s","nickname":"","limit":"0"}');
    assert.equal(r.size, echo.requestSerialize(msg).length); // protobufjs encodes present defaults: the size counts them
  });

  it('renders protobufjs Message instances, counting only own fields in the size as the encoder does', () => {
    const T = schema.requestType;
    const msg = T.create({ note: 'n', codes: [1, 2] });
    const r = renderer().render(msg, newScope(), MAX);
    assert.equal(r.json, '{"note":"n","codes":[1,2]}');
    assert.equal(r.size, T.encode(msg).finish().length);
    const decoded = T.decode(echo.requestSerialize(rawRequest()));
    const d = renderer().render(decoded, newScope(), MAX);
    assert.equal(d.json, EXPECTED);
    assert.equal(d.size, T.encode(decoded).finish().length);
  });

  it('renders 64-bit integers from Long, number, bigint and string identically, wrapped to the field sign', () => {
    const values = [Long.fromString('123'), 123, 123n, '123'];
    for (const v of values) assert.equal(renderer().render({ orderNumber: v, checksum: v }, newScope(), MAX).json, '{"orderNumber":"123","checksum":"123"}');
    assert.equal(renderer().render({ orderNumber: '007' }, newScope(), MAX).json, '{"orderNumber":"7"}');
    // Out-of-range input: numbers saturate and strings wrap, exactly as grpc-js's serializer sends them.
    const odd: unknown[] = [-1, '-1', 2 ** 63, -(2 ** 70), 2 ** 64, '18446744073709551617', '-9223372036854775809', Long.fromString('-5'), 1.9, -1.9];
    for (const v of odd) {
      const sent = echo.requestDeserialize(echo.requestSerialize({ orderNumber: v, bigCounter: v, checksum: v })) as Record<string, string>;
      const expected: Record<string, string> = {};
      for (const k of ['orderNumber', 'bigCounter', 'checksum']) if (sent[k] !== undefined && sent[k] !== '0') expected[k] = sent[k];
      const r = renderer().render({ orderNumber: v, bigCounter: v, checksum: v }, newScope(), MAX);
      assert.deepEqual(JSON.parse(r.json), expected, `input ${String(v)}`);
      assert.equal(r.size, echo.requestSerialize({ orderNumber: v, bigCounter: v, checksum: v }).length, `size for ${String(v)}`);
    }
  });

  it('renders enums from numbers or names, unknown numbers as numbers, NaN/Infinity as strings, float32 shortest', () => {
    const r = renderer().render({ customer: { tier: 2 }, ratio: NaN, score: Infinity }, newScope(), MAX);
    assert.equal(r.json, '{"customer":{"tier":"TIER_GOLD"},"ratio":"NaN","score":"Infinity"}');
    assert.equal(renderer().render({ customer: { tier: 7 }, ratio: -Infinity }, newScope(), MAX).json, '{"customer":{"tier":7},"ratio":"-Infinity"}');
    // What the server decodes for 0.1f renders like the sender's 0.1.
    assert.equal(renderer().render({ score: Math.fround(0.1) }, newScope(), MAX).json, '{"score":0.1}');
  });

  it('renders bytes from Buffer, Uint8Array, number[] and base64 strings', () => {
    for (const blob of [Buffer.from('hi'), new Uint8Array([104, 105]), [104, 105], 'aGk=']) {
      const r = renderer().render({ blob }, newScope(), MAX);
      assert.equal(r.json, '{"blob":"aGk="}');
      assert.equal(r.size, 4);
    }
  });

  it('renders Timestamp with 0/3/6/9 fractional digits and Duration canonically', () => {
    const cases: Array<[object, string]> = [
      [{ seconds: 0 }, '1970-01-01T00:00:00Z'],
      [{ seconds: 1, nanos: 10_000_000 }, '1970-01-01T00:00:01.010Z'],
      [{ seconds: 1, nanos: 1_000 }, '1970-01-01T00:00:01.000001Z'],
      [{ seconds: '253402300799', nanos: 999_999_999 }, '9999-12-31T23:59:59.999999999Z'],
      [{ seconds: -62135596800 }, '0001-01-01T00:00:00Z'],
    ];
    for (const [createdAt, text] of cases) assert.equal(renderer().render({ createdAt }, newScope(), MAX).json, `{"createdAt":"${text}"}`);
    // The calendar arithmetic agrees with Date across the range (leap days, century years, negatives).
    const r = renderer();
    for (let seconds = -62135596800; seconds <= 253402300799; seconds += 86400 * 37 + 3601) {
      const expected = new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';
      assert.equal(r.render({ createdAt: { seconds } }, newScope(), MAX).json, `{"createdAt":"${expected}"}`);
    }
    for (const day of ['2000-02-29', '1900-03-01', '1600-02-29', '1969-12-31']) {
      const seconds = Date.parse(day + 'T23:59:59Z') / 1000;
      assert.equal(r.render({ createdAt: { seconds } }, newScope(), MAX).json, `{"createdAt":"${day}T23:59:59Z"}`);
    }
    const durations: Array<[object, string]> = [
      [{ seconds: 1, nanos: 500_000_000 }, '1.500s'],
      [{ nanos: -1 }, '-0.000000001s'],
      [{ seconds: '315576000000' }, '315576000000s'],
    ];
    for (const [ttl, text] of durations) assert.equal(renderer().render({ ttl }, newScope(), MAX).json, `{"ttl":"${text}"}`);
  });

  it('renders Any of an unknown type by field number with its strings masked, never as raw base64', () => {
    const value = Card.encode({ number: 'Bearer abc.def' }).finish();
    const r = renderer().render({ extra: { typeUrl: 'type.googleapis.com/x.Unknown', value } }, newScope(), MAX);
    assert.equal(r.json, '{"extra":{"@type":"type.googleapis.com/x.Unknown","@wire":{"1":"[REDACTED:credential]"}}}');
    assert.equal(r.json.includes(Buffer.from(value).toString('base64')), false);
  });

  it('renders Any whose bytes do not decode as its type by field number, with a marker', () => {
    const r = renderer().render({ extra: { typeUrl: 'type.googleapis.com/demo.v1.Card', value: Buffer.from([0x08, 0x96]) } }, newScope(), MAX);
    // Two markers: the Any that does not decode, then the wire fallback's own (truncated varint).
    assert.equal(r.error, "cannot render field 'extra': expected Any bytes that decode as the type its URL names (and 1 more)");
    assert.match(r.json, /^\{"extra":\{"@type":"type\.googleapis\.com\/demo\.v1\.Card","@wire":\{\}\}\}$/);
  });
});

describe('decode/render plan: masking', () => {
  it('gives the masker each field once at compile time with path, kind, repetition and annotation', () => {
    const masker = new RecordingMasker();
    const r = renderer(masker);
    r.render(rawRequest(), newScope(), MAX);
    const compiled = masker.sites.length;
    r.render(rawRequest(), newScope(), MAX);
    assert.equal(masker.sites.length, compiled, 'no compile on the second message');
    const pick = (p: string): Partial<FieldSite> | undefined => {
      const s = masker.site(p);
      return s && { kind: s.kind, repeated: s.repeated, annotation: s.annotation, typeName: s.typeName, fieldName: s.fieldName, methodPath: s.methodPath };
    };
    assert.deepEqual(pick('customer.addresses[].street'), {
      kind: 'string', repeated: undefined, annotation: { sensitivity: 'personal', action: 'redact' }, typeName: 'demo.v1.Address', fieldName: 'street', methodPath: ECHO,
    });
    assert.deepEqual(pick('customer.addresses[]'), { kind: 'message', repeated: true, annotation: undefined, typeName: 'demo.v1.Customer', fieldName: 'addresses', methodPath: ECHO });
    assert.equal(masker.site('orderNumber')?.kind, 'int64');
    assert.equal(masker.site('customer.tier')?.kind, 'enum');
    assert.equal(masker.site('customer.labels[]')?.kind, 'string');
    assert.equal(masker.site('customer.labels[]' + MAP_KEY_SUFFIX)?.kind, 'string');
    assert.equal(masker.site('bySlot[].customerId')?.annotation?.subjectId, true);
    assert.equal(masker.site('nickname')?.kind, 'string'); // StringValue: free text
    assert.equal(masker.site('limit')?.kind, 'int64');
    assert.equal(masker.site('createdAt')?.kind, 'message'); // Timestamp text is not free text
    assert.equal(masker.site('extra.number')?.typeName, 'demo.v1.Card'); // inside Any
  });

  it('applies string maskers to string fields, wrappers, map values and keys, but not to int64/enum/bytes', () => {
    const masker = new UpperMasker();
    const r = renderer(masker).render(
      { note: 'abc', orderNumber: '1', customer: { tier: 'TIER_FREE', labels: { k: 'v' } }, blob: 'YWJj', nickname: { value: 'nick' }, tags: ['t'] },
      newScope(),
      MAX,
    );
    assert.equal(r.json, '{"customer":{"tier":"TIER_FREE","labels":{"K":"V"}},"note":"ABC","orderNumber":"1","blob":"YWJj","tags":["T"],"nickname":"NICK"}');
  });

  it('removes DROPped leaves, list elements, map entries and whole messages, keeping the JSON valid', () => {
    const some = getRenderer(schema.requestType, new PathMasker({ 'tags[]': (v) => (v === 'secret' ? DROP : v) }), ECHO);
    assert.equal(some.render({ tags: ['a', 'secret', 'b'] }, newScope(), MAX).json, '{"tags":["a","b"]}');
    const masker = new DropMasker(['note', 'tags[]', 'customer.card', 'customer.labels[]' + MAP_KEY_SUFFIX, 'customer.addresses[]', 'requestId']);
    const r = renderer(masker).render(
      { requestId: 'r', note: 'n', tags: ['a', 'b'], urgent: true, customer: { customerId: 'c', card: { number: '4111' }, labels: { k: 'v' }, addresses: [{ city: 'x' }] } },
      newScope(),
      MAX,
    );
    // A list or map whose every element was dropped disappears with its key.
    assert.equal(r.json, '{"customer":{"customerId":"c"},"urgent":true}');
    assert.doesNotThrow(() => JSON.parse(r.json));
  });

  it('lets a message-level masker replace a sub-message with a leaf and sees the inner masked JSON', () => {
    const seen: unknown[] = [];
    const masker = new PathMasker({
      'customer.card': (v) => {
        seen.push(v);
        return '[REDACTED:card]';
      },
      'customer.card.number': (v) => String(v).slice(-4),
      attributes: (v) => v, // same value: kept as rendered
    });
    const r = renderer(masker).render({ customer: { card: { number: '4111111111111111', expMonth: 1 } }, attributes: { fields: { a: { stringValue: 'b' } } } }, newScope(), MAX);
    assert.deepEqual(seen, ['{"number":"1111","expMonth":1}']);
    assert.equal(r.json, '{"customer":{"card":"[REDACTED:card]"},"attributes":{"a":"b"}}');
  });

  it('passes Struct contents through maskUntyped and counts masked values in the scope', () => {
    const scope = newScope();
    const r = renderer().render({ attributes: { fields: { auth: { stringValue: 'Bearer abcdef' } } }, note: 'x' }, scope, MAX);
    assert.equal(r.json, '{"note":"x","attributes":{"auth":"[REDACTED:credential]"}}');
    assert.equal(scope.count, 1);
  });

  it('caches one plan per (masker, method, type) and compiles anew for another masker or method', () => {
    const a = new BasicMasker();
    assert.equal(getRenderer(schema.requestType, a, ECHO), getRenderer(schema.requestType, a, ECHO));
    assert.notEqual(getRenderer(schema.requestType, a, ECHO), getRenderer(schema.requestType, new BasicMasker(), ECHO));
    assert.notEqual(getRenderer(schema.requestType, a, ECHO), getRenderer(schema.requestType, a, '/demo.v1.KitchenSinkService/Download'));
  });
});

describe('decode/render plan: bad input never throws and never leaks values', () => {
  const SECRET = 'SECRET-4111111111111111';

  function expectMarker(msg: unknown, pattern: RegExp, json?: string): void {
    const r = renderer().render(msg, newScope(), MAX);
    assert.match(r.error ?? '', pattern);
    assert.equal(r.error?.includes('SECRET'), false, 'the marker names no value');
    assert.equal(r.size, undefined);
    assert.doesNotThrow(() => JSON.parse(r.json), 'valid JSON');
    if (json !== undefined) assert.equal(r.json, json);
  }

  it('marks wrong scalar types by field path and expected kind, keeping the other fields', () => {
    expectMarker({ requestId: 42, note: 'ok' }, /'requestId': expected a string$/, '{"note":"ok"}');
    expectMarker({ orderNumber: SECRET, note: 'ok' }, /'orderNumber': expected a decimal 64-bit integer$/, '{"note":"ok"}');
    expectMarker({ urgent: SECRET }, /'urgent': expected a boolean/, '{}');
    expectMarker({ customer: { tier: SECRET } }, /'customer.tier': expected a known enum name/, '{"customer":{}}');
    expectMarker({ blob: { SECRET } }, /'blob': expected bytes/, '{}');
  });

  it('marks a string where a message should be, an array where a map should be, and bad list elements', () => {
    expectMarker({ customer: SECRET, note: 'n' }, /'customer': expected a message object/, '{"note":"n"}');
    expectMarker({ bySlot: [SECRET] }, /'bySlot\[\]': expected a map object/, '{}');
    expectMarker({ codes: [1, SECRET, 3] }, /'codes\[\]': expected a number$/, '{"codes":[1,3]}');
    expectMarker({ createdAt: new Date() }, /'createdAt': expected a Timestamp .*Date/, '{}');
    expectMarker({ createdAt: { seconds: 1e13 } }, /'createdAt': expected a Timestamp between/, '{}');
  });

  it('survives a cyclic object, a throwing getter and a throwing masker', () => {
    const root = protobuf.parse('syntax = "proto3"; package t; message Node { string name = 1; Node next = 2; repeated Node kids = 3; }').root;
    const node: Record<string, unknown> = { name: 'a', kids: [{ name: 'b' }] };
    node.next = { name: 'n', next: node };
    const nodeRenderer = getRenderer(root.lookupType('t.Node'), new BasicMasker(), '/t.S/M');
    const r1 = nodeRenderer.render(node, newScope(), MAX);
    assert.equal(r1.error, "cannot render field 'next.next': expected an acyclic message (the object contains itself)");
    assert.equal(r1.json, '{"name":"a","next":{"name":"n"},"kids":[{"name":"b"}]}');
    assert.equal(nodeRenderer.encodedSize(node), undefined);
    // Sharing one object twice (not a cycle) is fine.
    const shared = { name: 's' };
    assert.equal(nodeRenderer.render({ kids: [shared, shared] }, newScope(), MAX).json, '{"kids":[{"name":"s"},{"name":"s"}]}');
    const evil = Object.defineProperty({ note: 'n' }, 'requestId', { enumerable: true, get: () => { throw new Error(SECRET); } });
    expectMarker(evil, /'requestId': expected a readable property/, '{"note":"n"}');
    const buggy = new PathMasker({ note: (() => undefined) as unknown as ValueMasker });
    const r2 = getRenderer(schema.requestType, buggy, ECHO).render({ note: SECRET, requestId: 'r' }, newScope(), MAX);
    assert.equal(r2.json, '{"requestId":"r"}');
    assert.match(r2.error ?? '', /'note': the masker failed/);
    const throwing = new PathMasker({ note: () => { throw new Error(SECRET); } });
    const r3 = getRenderer(schema.requestType, throwing, ECHO).render({ note: SECRET, requestId: 'r' }, newScope(), MAX);
    assert.equal(r3.json, '{"requestId":"r"}');
    assert.match(r3.error ?? '', /'note': the masker failed/);
    assert.equal(r3.error?.includes('SECRET'), false);
  });

  it('returns {} with a marker for a root that is not an object, and never throws', () => {
    for (const bad of [null, undefined, 'str', 42, [1], Buffer.from('x')]) {
      const r = renderer().render(bad, newScope(), MAX);
      assert.equal(r.json, '{}');
      assert.match(r.error ?? '', /'\$': expected a message object/);
    }
    // A proxy whose every read throws.
    const proxy = new Proxy({}, { get() { throw new Error(SECRET); } });
    const r = renderer().render(proxy, newScope(), MAX);
    assert.equal(r.json, '{}');
    assert.equal(r.error?.includes('SECRET'), false);
  });

  it('offers the encoded size alone, undefined when the object does not fit the schema', () => {
    const r = renderer();
    assert.equal(r.encodedSize(rawRequest()), echo.requestSerialize(rawRequest()).length);
    assert.equal(r.encodedSize({ requestId: 5 }), undefined);
  });
});

describe('decode/render plan: truncation', () => {
  /** Counts every masker call, to prove the walk stops early. */
  class CountingMasker implements Masker {
    readonly policyVersion = 'count';
    calls = 0;
    chars = 0;
    compileField(site: FieldSite): ValueMasker | undefined {
      if (site.kind !== 'string') return undefined;
      return (v) => {
        this.calls++;
        this.chars += String(v).length;
        return v;
      };
    }
    maskText(v: string): string {
      return v;
    }
    maskUntyped(v: unknown): unknown {
      return v;
    }
  }

  it('cuts at maxBytes, flags it, omits the size, and stops walking a huge message early', () => {
    const masker = new CountingMasker();
    const tags = Array.from({ length: 200_000 }, (_, i) => `tag-${i}`); // ~2 MB of JSON
    const r = getRenderer(schema.requestType, masker, ECHO).render({ tags, note: 'after' }, newScope(), 4096);
    assert.equal(r.truncated, true);
    assert.equal(r.size, undefined);
    assert.ok(Buffer.byteLength(r.json) <= 4096);
    assert.ok(r.json.startsWith('{"note":"after","tags":["tag-0","tag-1",'));
    assert.ok(masker.calls < 600, `walk stopped early (${masker.calls} masker calls for 200000 values)`);
  });

  it('masks only a bounded prefix of one huge string, and cuts bytes before base64-encoding all of them', () => {
    const masker = new CountingMasker();
    const r = getRenderer(schema.requestType, masker, ECHO).render({ note: 'xx '.repeat(17_000_000) }, newScope(), 4096);
    assert.equal(r.truncated, true);
    assert.equal(Buffer.byteLength(r.json), 4096);
    assert.ok(masker.chars <= 4096 + 2 * 1024, `masker saw ${masker.chars} chars`);
    // one token running past the budget and the masking margin is dropped, not shown in part
    const t = getRenderer(schema.requestType, masker, ECHO).render({ note: 'x'.repeat(50_000_000) }, newScope(), 4096);
    assert.equal(t.truncated, true);
    assert.ok(!t.json.includes('xxxx'), t.json.slice(0, 80));
    const b = renderer().render({ blob: Buffer.alloc(50_000_000, 7) }, newScope(), 4096);
    assert.equal(b.truncated, true);
    assert.ok(b.json.startsWith('{"blob":"BwcH'));
  });

  it('treats a budget that is not a number as zero (records nothing rather than everything)', () => {
    const r = renderer().render({ note: 'n' }, newScope(), NaN);
    assert.deepEqual([r.json, r.truncated], ['', true]);
    assert.equal(renderer().render({ note: 'n' }, newScope(), Infinity).json, '{"note":"n"}');
  });

  it('never splits a multi-byte character or a surrogate pair when cutting', () => {
    for (let max = 10; max < 40; max++) {
      const r = renderer().render({ note: '😀é😀é😀é😀é😀é😀é😀é' }, newScope(), max);
      assert.equal(r.truncated, true);
      assert.ok(Buffer.byteLength(r.json) <= max);
      assert.equal(r.json.includes('\ufffd'), false);
      const last = r.json.charCodeAt(r.json.length - 1);
      assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'no dangling high surrogate');
      assert.ok(Buffer.byteLength(r.json) > max - 4, 'cut at the last whole character');
    }
  });

  it('a masker that renders while masking a cut list element does not hide the cut (no module-level flag)', () => {
    // The masker of `tags` renders another message (as a masker for an embedded document may)
    // and shortens the value: the cut seen before masking must still end the walk.
    const inner = renderer();
    const masker = new PathMasker({
      'tags[]': (v, scope) => {
        inner.render({ note: 'short' }, scope, 4096);
        return typeof v === 'string' && v.length > 10 ? 'R' : v;
      },
    });
    const r = getRenderer(schema.requestType, masker, ECHO).render({ tags: ['x'.repeat(5000), 'y'] }, newScope(), 100);
    assert.equal(r.truncated, true);
    assert.equal(r.json.includes('"y"'), false, 'nothing after the cut element is rendered');
  });

  it('does not show a partly rendered sub-message whose message-level masker could not judge it', () => {
    const masker = new PathMasker({ customer: () => DROP });
    const r = getRenderer(schema.requestType, masker, ECHO).render(
      { requestId: 'r', customer: { customerId: 'c', labels: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'])) } },
      newScope(),
      200,
    );
    assert.equal(r.truncated, true);
    assert.equal(r.json.includes('customer'), false);
  });
});
