import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as protobuf from 'protobufjs';
import { BasicMasker } from '../../interceptors/mask/basic-masker';
import { SchemaRegistry, getRenderer } from '../../interceptors/decode';
import { ECHO, INCLUDE_DIRS, KITCHEN_SINK, Long, echoDefinition, loadPackageDefinition, newScope } from './decode-fixtures';

/**
 * Property test: for random messages, the render plan's JSON equals a reference built the slow
 * way — grpc-js's own serializer, protobufjs decode + toObject({longs, enums, bytes: String,
 * json}), then the canonical proto3 JSON fix-ups protobufjs does not do (json names, dropping
 * proto3 defaults, well-known types) — and its size equals the serialized length.
 */

const registry = new SchemaRegistry().addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS);
const schema = registry.lookupMethod(ECHO)!;
const pkg = loadPackageDefinition();
const echo = echoDefinition(pkg);
const fromPkg = new SchemaRegistry().addPackageDefinition(pkg).lookupMethod(ECHO)!;
const Card = registry.lookupType('demo.v1.Card')!;

// --- reference -----------------------------------------------------------------------------

function jsonNameOf(f: protobuf.Field): string {
  return (f.options?.json_name as string | undefined) ?? f.name.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
}

function isDefaultScalar(f: protobuf.Field, v: unknown): boolean {
  if (f.resolvedType instanceof protobuf.Enum) return f.resolvedType.values[v as string] === 0 || v === 0;
  switch (f.type) {
    case 'string':
    case 'bytes':
      return v === '';
    case 'bool':
      return v === false;
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return v === '0';
    default:
      return Object.is(v, 0);
  }
}

function fraction(nanos: number): string {
  let digits = String(nanos).padStart(9, '0');
  while (digits.length > 0 && digits.endsWith('000')) digits = digits.slice(0, -3);
  return digits ? '.' + digits : '';
}

function refWellKnown(name: string, v: Record<string, unknown>): unknown {
  const seconds = Number(v.seconds ?? 0);
  const nanos = Number(v.nanos ?? 0);
  switch (name) {
    case 'Timestamp':
      return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, '') + fraction(nanos) + 'Z';
    case 'Duration':
      return (seconds < 0 || nanos < 0 ? '-' : '') + Math.abs(seconds) + fraction(Math.abs(nanos)) + 's';
    case 'Struct':
      return Object.fromEntries(Object.entries((v.fields ?? {}) as Record<string, Record<string, unknown>>).map(([k, x]) => [k, refWellKnown('Value', x)]));
    case 'ListValue':
      return ((v.values ?? []) as Array<Record<string, unknown>>).map((x) => refWellKnown('Value', x));
    case 'Value': {
      // protobufjs's bundled struct.proto names these fields in camelCase whatever keepCase says.
      const structValue = v.structValue ?? v.struct_value;
      const listValue = v.listValue ?? v.list_value;
      if (structValue) return refWellKnown('Struct', structValue as Record<string, unknown>);
      if (listValue) return refWellKnown('ListValue', listValue as Record<string, unknown>);
      for (const k of ['numberValue', 'number_value', 'stringValue', 'string_value', 'boolValue', 'bool_value']) if (v[k] !== undefined) return v[k];
      return null;
    }
    default: // wrappers
      return v.value ?? { StringValue: '', Int64Value: '0' }[name];
  }
}

function refMessage(type: protobuf.Type, o: Record<string, unknown>): Record<string, unknown> {
  if (type.fullName === '.google.protobuf.Any') {
    // protobufjs's Any wrapper expands a non-empty value: '@type' plus the packed message's fields.
    const { '@type': url, ...rest } = o;
    if (typeof url !== 'string') return { '@type': o.type_url };
    return { '@type': url, ...refMessage(registry.lookupType(url.split('/').pop()!)!, rest) };
  }
  const out: Record<string, unknown> = {};
  for (const f of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
    const v = o[f.name];
    if (v === undefined || v === null) continue;
    const value = (x: unknown): unknown => {
      const rt = f.resolvedType;
      if (!(rt instanceof protobuf.Type)) return x;
      return rt.fullName.startsWith('.google.protobuf.') && rt.name !== 'Any'
        ? refWellKnown(rt.name, x as Record<string, unknown>)
        : refMessage(rt, x as Record<string, unknown>);
    };
    if (f.map) {
      if (Object.keys(v as object).length) out[jsonNameOf(f)] = Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, value(x)]));
    } else if (f.repeated) {
      if ((v as unknown[]).length) out[jsonNameOf(f)] = (v as unknown[]).map(value);
    } else if (f.resolvedType instanceof protobuf.Type || f.partOf || !isDefaultScalar(f, v)) {
      out[jsonNameOf(f)] = value(v);
    }
  }
  return out;
}

function reference(bytes: Uint8Array): string {
  const T = schema.requestType;
  const o = T.toObject(T.decode(bytes), { longs: String, enums: String, bytes: String, json: true });
  return JSON.stringify(refMessage(T, o as Record<string, unknown>));
}

// --- generators ----------------------------------------------------------------------------

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'binary-ascii', maxLength: 10 }));
const key = fc.string({ unit: fc.constantFrom(...'abcXYZ09_-é'), minLength: 1, maxLength: 6 });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).chain((b) => fc.constantFrom<unknown>(b.toString(), Long.fromString(b.toString()), Number(b)));
const uint64 = fc.bigInt(0n, 2n ** 64n - 1n).chain((b) => fc.constantFrom<unknown>(b.toString(), Long.fromString(b.toString(), true)));
const bytes = fc.uint8Array({ maxLength: 8 }).chain((u) => fc.constantFrom<unknown>(Buffer.from(u), Buffer.from(u).toString('base64')));

const address = fc.record({ street: text, city: text, postalCode: text }, { requiredKeys: [] });
const card = fc.record({ number: text, expMonth: int32, expYear: int32 }, { requiredKeys: [] });
const payment = fc.oneof(fc.constant({}), card.map((c) => ({ card: c })), text.map((iban) => ({ iban })));
const customer = fc
  .tuple(
    fc.record(
      {
        customerId: text,
        fullName: text,
        email: text,
        tier: fc.constantFrom<unknown>('TIER_UNSPECIFIED', 'TIER_FREE', 'TIER_GOLD', 0, 1, 2),
        addresses: fc.array(address, { maxLength: 3 }),
        labels: fc.dictionary(key, text, { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
    payment,
  )
  .map(([c, p]) => ({ ...c, ...p }));

const { value } = fc.letrec<{ value: unknown; struct: unknown; list: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({ nullValue: 0 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((numberValue) => ({ numberValue })),
    text.map((stringValue) => ({ stringValue })),
    fc.boolean().map((boolValue) => ({ boolValue })),
    tie('struct').map((structValue) => ({ structValue })),
    tie('list').map((listValue) => ({ listValue })),
  ),
  struct: fc.dictionary(key, tie('value'), { maxKeys: 3 }).map((fields) => ({ fields })),
  list: fc.array(tie('value'), { maxLength: 3 }).map((values) => ({ values })),
}));
const struct = fc.dictionary(key, value, { maxKeys: 3 }).map((fields) => ({ fields }));
const list = fc.array(value, { maxLength: 3 }).map((values) => ({ values }));

const timestamp = fc.record({ seconds: fc.integer({ min: -62135596800, max: 253402300799 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) }, { requiredKeys: [] });
const duration = fc
  .tuple(fc.integer({ min: 0, max: 315576000000 }), fc.integer({ min: 0, max: 999_999_999 }), fc.boolean())
  .map(([s, n, neg]) => ({ seconds: neg ? -s : s, nanos: neg ? -n : n }));

const request = fc.record(
  {
    requestId: text,
    customer,
    note: text,
    orderNumber: int64,
    bigCounter: uint64,
    delta: int64,
    checksum: uint64,
    blob: bytes,
    ratio: fc.double(),
    score: fc.integer({ min: -4096, max: 4096 }).map((i) => i / 16), // exactly representable in float32
    urgent: fc.boolean(),
    codes: fc.array(int32, { maxLength: 4 }),
    tags: fc.array(text, { maxLength: 3 }),
    bySlot: fc.dictionary(int32.map(String), customer, { maxKeys: 2 }),
    createdAt: timestamp,
    ttl: duration,
    attributes: struct,
    extra: card.map((c) => ({ type_url: 'type.googleapis.com/demo.v1.Card', value: Card.encode(Card.fromObject({ number: c.number, exp_month: c.expMonth, exp_year: c.expYear })).finish() })),
    nickname: text.map((v) => ({ value: v })),
    limit: int64.map((v) => ({ value: v })),
    dynamic: value,
    list,
  },
  { requiredKeys: [] },
);

describe('decode/render plan: cross-check against protobufjs', () => {
  it('matches serialize → decode → toObject → canonical fix-ups, and the serialized size, for random messages', () => {
    const fromFiles = getRenderer(schema.requestType, new BasicMasker(), ECHO);
    const fromDescriptors = getRenderer(fromPkg.requestType, new BasicMasker(), ECHO);
    fc.assert(
      fc.property(request, (msg) => {
        const wire = echo.requestSerialize(msg);
        const expected = reference(wire);
        const inbound = echo.requestDeserialize(wire); // what a server interceptor sees
        for (const [label, renderer, input] of [
          ['raw/proto files', fromFiles, msg],
          ['raw/package definition', fromDescriptors, msg],
          ['toObject/proto files', fromFiles, inbound],
          ['decoded Message instance', fromFiles, schema.requestType.decode(wire)],
        ] as const) {
          const r = renderer.render(input, newScope(), 1 << 20);
          assert.equal(r.error, undefined, label);
          assert.equal(r.json, expected, label);
          assert.equal(r.size, wire.length, label);
        }
      }),
      { numRuns: 300 },
    );
  });
});
