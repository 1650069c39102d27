import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { SchemaRegistry, SchemaError, getRenderer } from '../../interceptors/decode';
import {
  ECHO,
  INCLUDE_DIRS,
  KITCHEN_SINK,
  RecordingMasker,
  tempProtoTree,
  kitchenSinkDescriptorSet,
  loadPackageDefinition,
  newScope,
} from './decode-fixtures';

const EXPECTED_METHOD = { purpose: 'customer-support', lawfulBasis: 'contract', record: 'full' };

/** The annotated kitchen-sink fields, as every source must report them. */
const EXPECTED_FIELDS: Record<string, object> = {
  'customer.customerId': { sensitivity: 'public', subjectId: true },
  'customer.fullName': { sensitivity: 'personal', action: 'hash' },
  'customer.email': { sensitivity: 'contact', action: 'encrypt' },
  'customer.addresses[].street': { sensitivity: 'personal', action: 'redact' },
  'customer.card.number': { sensitivity: 'financial', action: 'mask' },
  'customer.iban': { sensitivity: 'financial', action: 'mask' },
};

/** Compiles the Echo request plan with a recording masker and returns the annotations it was given. */
function annotationsSeen(registry: SchemaRegistry): Record<string, object | undefined> {
  const schema = registry.lookupMethod(ECHO);
  assert.ok(schema, 'Echo is registered');
  const masker = new RecordingMasker();
  // Nested plans compile lazily: render a message that reaches every annotated field.
  getRenderer(schema.requestType, masker, ECHO).render(
    { customer: { customerId: 'c', fullName: 'n', email: 'e', addresses: [{ street: 's' }], card: { number: '4' } } },
    newScope(),
    1 << 16,
  );
  getRenderer(schema.requestType, masker, ECHO).render({ customer: { iban: 'DE' } }, newScope(), 1 << 16);
  const out: Record<string, object | undefined> = {};
  for (const p of Object.keys(EXPECTED_FIELDS)) out[p] = masker.site(p)?.annotation;
  // An unannotated field carries none.
  out['customer.addresses[].city'] = masker.site('customer.addresses[].city')?.annotation;
  return out;
}

function expectAllAnnotations(registry: SchemaRegistry): void {
  assert.deepEqual(registry.lookupMethod(ECHO)?.annotation, EXPECTED_METHOD);
  assert.deepEqual(annotationsSeen(registry), { ...EXPECTED_FIELDS, 'customer.addresses[].city': undefined });
}

describe('decode/SchemaRegistry', () => {
  let fds: Buffer;
  before(function () {
    this.timeout(60_000);
    fds = kitchenSinkDescriptorSet();
  });

  it('registers all four call kinds from .proto files with method and field annotations', () => {
    const registry = new SchemaRegistry().addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS);
    const kinds = ['Echo', 'Upload', 'Download', 'Chat'].map((m) => {
      const s = registry.lookupMethod(`/demo.v1.KitchenSinkService/${m}`);
      assert.ok(s);
      return [s.requestType.fullName, s.responseType.fullName, s.requestStream, s.responseStream];
    });
    assert.deepEqual(kinds, [
      ['.demo.v1.EchoRequest', '.demo.v1.EchoResponse', false, false],
      ['.demo.v1.Chunk', '.demo.v1.Summary', true, false],
      ['.demo.v1.EchoRequest', '.demo.v1.Chunk', false, true],
      ['.demo.v1.Chunk', '.demo.v1.Chunk', true, true],
    ]);
    expectAllAnnotations(registry);
    assert.equal(registry.lookupMethod('/demo.v1.KitchenSinkService/Upload')?.annotation, undefined);
  });

  it('reads annotations from a serialized FileDescriptorSet (extension bytes recovered)', () => {
    // Sanity: protobufjs's own descriptor decoding drops the extension, which is why we read raw bytes.
    const set = descriptor.FileDescriptorSet.decode(fds) as unknown as { file: Array<{ name: string; messageType: Array<{ name: string; field: Array<{ options?: object }> }> }> };
    const ks = set.file.find((f) => f.name === KITCHEN_SINK);
    const street = ks?.messageType.find((m) => m.name === 'Address')?.field[0];
    assert.equal(JSON.stringify(street?.options ?? {}).includes('51234'), false);
    expectAllAnnotations(new SchemaRegistry().addFileDescriptorSet(fds));
  });

  it('accepts an already decoded FileDescriptorSet and a bare Root', () => {
    const decoded = descriptor.FileDescriptorSet.decode(fds) as unknown as { file: unknown[] };
    const fromDecoded = new SchemaRegistry().addFileDescriptorSet(decoded);
    assert.ok(fromDecoded.lookupMethod(ECHO));
    const root = new protobuf.Root();
    root.resolvePath = (_o, t) => INCLUDE_DIRS.map((d) => path.join(d, t)).find((p) => fs.existsSync(p)) ?? t;
    root.loadSync(KITCHEN_SINK, { keepCase: true });
    const fromRoot = new SchemaRegistry().addRoot(root);
    expectAllAnnotations(fromRoot);
  });

  it('reads method annotations from a proto-loader package definition and builds one Root per descriptor array', () => {
    const def = loadPackageDefinition();
    const registry = new SchemaRegistry().addPackageDefinition(def);
    assert.deepEqual(registry.lookupMethod(ECHO)?.annotation, EXPECTED_METHOD);
    const echo = registry.lookupMethod(ECHO);
    const chat = registry.lookupMethod('/demo.v1.KitchenSinkService/Chat');
    assert.equal(echo?.requestType.root, chat?.requestType.root, 'one Root for the shared descriptor array');
    const generation = registry.generation;
    registry.addPackageDefinition(def); // same array: cached, nothing rebuilt
    assert.equal(registry.generation, generation);
    // proto-loader's descriptors lost the field options: none are invented.
    assert.equal(annotationsSeen(registry)['customer.fullName'], undefined);
    // Adding the .proto files (either order) restores field annotations for the same types by name.
    registry.addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS);
    const both = new SchemaRegistry().addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS).addPackageDefinition(loadPackageDefinition());
    assert.equal(both.lookupMethod(ECHO)?.requestType.fullName, '.demo.v1.EchoRequest');
    expectAllAnnotations(both);
  });

  it('honours json_name from .proto text and from descriptors (which protobufjs drops)', function () {
    this.timeout(60_000);
    const tree = tempProtoTree(
      'jn/v1/jn.proto',
      `syntax = "proto3";
package jn.v1;
import "grpcaudit/v1/annotations.proto";
message Thing {
  string user_name = 1 [json_name = "login", (grpcaudit.v1.field) = { sensitivity: SENSITIVITY_PERSONAL }];
  int32 field_1 = 2;
}
service ThingService {
  rpc Get(Thing) returns (Thing) { option (grpcaudit.v1.method) = { purpose: "p", retention_class: "short" }; }
}
`,
    );
    const fromText = new SchemaRegistry().addProtoFiles('jn/v1/jn.proto', tree.includeDirs);
    const fromSet = new SchemaRegistry().addFileDescriptorSet(tree.descriptorSet());
    for (const registry of [fromText, fromSet]) {
      const schema = registry.lookupMethod('/jn.v1.ThingService/Get');
      assert.deepEqual(schema?.annotation, { purpose: 'p', retentionClass: 'short' });
      const masker = new RecordingMasker();
      const r = getRenderer(schema!.requestType, masker, schema!.path).render({ user_name: 'ann', field_1: 3 }, newScope(), 1000);
      // protoc's json name of field_1 is field1; protobufjs's camelCase would keep field_1.
      assert.equal(r.json, '{"login":"ann","field1":3}');
      assert.deepEqual(masker.site('login')?.annotation, { sensitivity: 'personal' });
    }
  });

  it('throws SchemaError naming the problem for a missing file and malformed descriptor bytes', () => {
    assert.throws(() => new SchemaRegistry().addProtoFiles('nope/missing.proto', INCLUDE_DIRS), (e: unknown) => e instanceof SchemaError && /nope\/missing\.proto/.test(e.message));
    assert.throws(() => new SchemaRegistry().addFileDescriptorSet(Buffer.from([0x0a, 0x05, 0x01])), SchemaError);
    assert.throws(() => new SchemaRegistry().addFileDescriptorSet({} as never), SchemaError);
  });

  it('throws SchemaError for a malformed annotation instead of silently dropping it', () => {
    // A FieldOptions whose (grpcaudit.v1.field) bytes are a truncated varint.
    const fdp = descriptor.FileDescriptorProto.fromObject({
      name: 'bad.proto',
      package: 'bad',
      syntax: 'proto3',
      messageType: [{ name: 'M', field: [{ name: 'f', number: 1, label: 1, type: 9 }] }],
    });
    const bytes = Buffer.from(descriptor.FileDescriptorProto.encode(fdp).finish());
    // Re-encode with raw option bytes appended to the field: FieldDescriptorProto.options = 8.
    const fieldOptions = Buffer.from([0x92, 0x82, 0x19, 0x02, 0x08, 0xff]); // tag (51234<<3|2), len 2, {1: truncated varint}
    const withOption = patchFirstFieldOptions(bytes, fieldOptions);
    const set = Buffer.concat([Buffer.from([0x0a]), varint(withOption.length), withOption]);
    assert.throws(() => new SchemaRegistry().addFileDescriptorSet(set), (e: unknown) => e instanceof SchemaError && /bad\.M\.f/.test(e.message));
  });

  it('refuses an unknown annotation action at load, naming the field and the value', () => {
    const unknownAction = (e: unknown): boolean =>
      e instanceof SchemaError && /field ua\.v1\.M\.secret/.test(e.message) && /action 9 is not an action this build knows/.test(e.message) && /MASK_ACTION_REDACT/.test(e.message);
    // From .proto text (a number a newer annotations.proto might define).
    const tree = tempProtoTree(
      'ua/v1/ua.proto',
      `syntax = "proto3";
package ua.v1;
import "grpcaudit/v1/annotations.proto";
message M {
  string secret = 1 [(grpcaudit.v1.field).action = 9];
  string fine = 2 [(grpcaudit.v1.field) = { action: MASK_ACTION_HASH }];
}
service S { rpc Get(M) returns (M); }
`,
    );
    assert.throws(() => new SchemaRegistry().addProtoFiles('ua/v1/ua.proto', tree.includeDirs), unknownAction);
    // From descriptor bytes: FieldPolicy { action (2) = 9 }.
    const fdp = descriptor.FileDescriptorProto.fromObject({ name: 'bad.proto', package: 'bad', syntax: 'proto3', messageType: [{ name: 'M', field: [{ name: 'f', number: 1, label: 1, type: 9 }] }] });
    const withOption = patchFirstFieldOptions(Buffer.from(descriptor.FileDescriptorProto.encode(fdp).finish()), Buffer.from([0x92, 0x82, 0x19, 0x02, 0x10, 0x09]));
    const set = Buffer.concat([Buffer.from([0x0a]), varint(withOption.length), withOption]);
    assert.throws(() => new SchemaRegistry().addFileDescriptorSet(set), (e: unknown) => e instanceof SchemaError && /field bad\.M\.f/.test(e.message) && /action 9 is not/.test(e.message));
    // A known action in the same position loads.
    const ok = patchFirstFieldOptions(Buffer.from(descriptor.FileDescriptorProto.encode(fdp).finish()), Buffer.from([0x92, 0x82, 0x19, 0x02, 0x10, 0x04]));
    new SchemaRegistry().addFileDescriptorSet(Buffer.concat([Buffer.from([0x0a]), varint(ok.length), ok]));
  });

  it('looks up types for Any by full name, with or without a leading dot', () => {
    const registry = new SchemaRegistry().addProtoFiles(KITCHEN_SINK, INCLUDE_DIRS);
    assert.equal(registry.lookupType('demo.v1.Card')?.fullName, '.demo.v1.Card');
    assert.equal(registry.lookupType('.demo.v1.Card')?.fullName, '.demo.v1.Card');
    assert.equal(registry.lookupType('demo.v1.Nope'), undefined);
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** Appends `options` (FieldOptions bytes) to the first field of the first message of a FileDescriptorProto. */
function patchFirstFieldOptions(fdp: Buffer, options: Buffer): Buffer {
  const decoded = descriptor.FileDescriptorProto.decode(fdp) as unknown as { messageType: Array<{ field: unknown[] }> };
  const fieldBytes = Buffer.from(descriptor.FieldDescriptorProto.encode(decoded.messageType[0].field[0] as descriptor.IFieldDescriptorProto).finish());
  const field = Buffer.concat([fieldBytes, Buffer.from([0x42]), varint(options.length), options]);
  const msg = Buffer.concat([Buffer.from([0x0a, 0x01, 0x4d]), Buffer.from([0x12]), varint(field.length), field]); // name "M", field
  return Buffer.concat([Buffer.from([0x0a, 0x09]), Buffer.from('bad.proto'), Buffer.from([0x12, 0x03]), Buffer.from('bad'), Buffer.from([0x22]), varint(msg.length), msg, Buffer.from([0x62, 0x06]), Buffer.from('proto3')]);
}
