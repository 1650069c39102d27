import * as protobuf from 'protobufjs';
import type { FieldAnnotation, MethodAnnotation } from '../mask/masker';
import { SchemaError } from './schema-error';

/**
 * Reads `(grpcaudit.v1.field)` / `(grpcaudit.v1.method)` options (extension 51234, see
 * proto/grpcaudit/v1/annotations.proto) into the normalised shapes the masker understands.
 * Two sources: protobufjs reflection parsed from .proto text (options already parsed into
 * objects), and raw descriptor bytes, where protobufjs's descriptor conversion would drop the
 * unknown extension — there we decode the option bytes ourselves.
 */
export const ANNOTATION_EXTENSION_NUMBER = 51234;

const SENSITIVITY = ['unspecified', 'public', 'personal', 'contact', 'financial', 'government_id', 'health', 'credential', 'location', 'biometric'];
const ACTION = ['unspecified', 'keep', 'redact', 'mask', 'hash', 'encrypt', 'drop'];
const LAWFUL_BASIS = ['unspecified', 'consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'];
const RECORD = ['unspecified', 'none', 'metadata', 'full'];

function enumName(value: unknown, prefix: string, names: string[]): string | undefined {
  let name: string | undefined;
  // A number this build does not know (a newer annotations.proto) is kept visible, not dropped:
  // the masker must see that the field is annotated. (Actions are stricter: see actionName.)
  if (typeof value === 'number') name = names[value] ?? `unknown_${value}`;
  else if (typeof value === 'string') name = value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase() : value.toLowerCase();
  return name && name !== 'unspecified' ? name : undefined;
}

type RawPolicy = Record<string, unknown>;

function pick(raw: RawPolicy, snake: string, camel: string): unknown {
  return raw[snake] ?? raw[camel];
}

/**
 * The action of a field annotation. Unlike a sensitivity level (an unknown one still marks the
 * field as annotated, and the masker protects it), an action is an instruction this build must
 * carry out: one it does not know cannot be honoured, so the schema is refused at load with an
 * error naming the field and the value, rather than failing on every call later.
 */
function actionName(value: unknown, where: string): string | undefined {
  const name = enumName(value, 'MASK_ACTION_', ACTION);
  if (name === undefined || ACTION.includes(name)) return name;
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new SchemaError(
    `${where}: (grpcaudit.v1.field).action ${shown} is not an action this build knows (${ACTION.slice(1).map((a) => `MASK_ACTION_${a.toUpperCase()}`).join(', ')}); upgrade grpc-audit or fix the annotation`,
  );
}

/** Normalises a raw `(grpcaudit.v1.field)` option; `where` names the field in errors (SchemaError on an unknown action). */
export function normaliseFieldPolicy(raw: RawPolicy | undefined, where = 'field'): FieldAnnotation | undefined {
  if (!raw) return undefined;
  const out: FieldAnnotation = {};
  const sensitivity = enumName(raw.sensitivity, 'SENSITIVITY_', SENSITIVITY);
  const action = actionName(raw.action, where);
  const subjectId = pick(raw, 'subject_id', 'subjectId');
  if (sensitivity) out.sensitivity = sensitivity;
  if (action) out.action = action;
  if (subjectId === true) out.subjectId = true;
  return Object.keys(out).length ? out : undefined;
}

export function normaliseMethodPolicy(raw: RawPolicy | undefined): MethodAnnotation | undefined {
  if (!raw) return undefined;
  const out: MethodAnnotation = {};
  const purpose = raw.purpose;
  const lawfulBasis = enumName(pick(raw, 'lawful_basis', 'lawfulBasis'), 'LAWFUL_BASIS_', LAWFUL_BASIS);
  const record = enumName(raw.record, 'RECORD_LEVEL_', RECORD);
  const retention = pick(raw, 'retention_class', 'retentionClass');
  if (typeof purpose === 'string' && purpose) out.purpose = purpose;
  if (lawfulBasis) out.lawfulBasis = lawfulBasis;
  if (record) out.record = record;
  if (typeof retention === 'string' && retention) out.retentionClass = retention;
  return Object.keys(out).length ? out : undefined;
}

/** Collects an option given either as one parsed object or as flattened '(ext).key' entries. */
function optionFromReflection(obj: protobuf.ReflectionObject, extName: string): RawPolicy | undefined {
  const parsed = (obj as unknown as { parsedOptions?: Array<Record<string, unknown>> }).parsedOptions;
  if (Array.isArray(parsed)) {
    for (const entry of parsed) {
      const value = entry[extName];
      if (value && typeof value === 'object') return value as RawPolicy;
    }
  }
  const options = obj.options as Record<string, unknown> | undefined;
  if (!options) return undefined;
  const direct = options[extName];
  if (direct && typeof direct === 'object') return direct as RawPolicy;
  const flat: RawPolicy = {};
  const prefix = extName + '.';
  for (const key of Object.keys(options)) if (key.startsWith(prefix)) flat[key.slice(prefix.length)] = options[key];
  return Object.keys(flat).length ? flat : undefined;
}

export function fieldAnnotationOf(field: protobuf.Field): FieldAnnotation | undefined {
  const raw = optionFromReflection(field, '(grpcaudit.v1.field)');
  return raw && normaliseFieldPolicy(raw, `field ${field.fullName.replace(/^\./, '')}`);
}

export function methodAnnotationOf(method: protobuf.Method): MethodAnnotation | undefined {
  return normaliseMethodPolicy(optionFromReflection(method, '(grpcaudit.v1.method)'));
}

// --- descriptor bytes -------------------------------------------------------------------------

/** Policy messages, declared in code so decoding descriptors needs no .proto file at run time. */
const policyRoot = protobuf.Root.fromJSON({
  nested: {
    FieldPolicy: {
      fields: { sensitivity: { type: 'int32', id: 1 }, action: { type: 'int32', id: 2 }, subject_id: { type: 'bool', id: 3 } },
    },
    MethodPolicy: {
      fields: {
        purpose: { type: 'string', id: 1 },
        lawful_basis: { type: 'int32', id: 2 },
        record: { type: 'int32', id: 3 },
        retention_class: { type: 'string', id: 4 },
      },
    },
  },
});
const FieldPolicyType = policyRoot.lookupType('FieldPolicy');
const MethodPolicyType = policyRoot.lookupType('MethodPolicy');

/**
 * A private copy of descriptor.proto whose FieldOptions and MethodOptions also know extension
 * 51234 as raw bytes, so decoding a FileDescriptorProto keeps our annotations.
 */
let descriptorTypes: { file: protobuf.Type } | undefined;
function descriptorWithExtensions(): { file: protobuf.Type } {
  if (descriptorTypes) return descriptorTypes;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require('protobufjs/google/protobuf/descriptor.json');
  const root = protobuf.Root.fromJSON(json);
  for (const name of ['google.protobuf.FieldOptions', 'google.protobuf.MethodOptions']) {
    root.lookupType(name).add(new protobuf.Field('grpcauditPolicy', ANNOTATION_EXTENSION_NUMBER, 'bytes'));
  }
  root.resolveAll();
  descriptorTypes = { file: root.lookupType('google.protobuf.FileDescriptorProto') };
  return descriptorTypes;
}

export interface DescriptorAnnotations {
  /** Keyed by owner type and normalised field name: 'pkg.Message.fieldName' (see `fieldKey`). */
  fields: Map<string, FieldAnnotation>;
  /** Keyed by '/pkg.Service/Method'. */
  methods: Map<string, MethodAnnotation>;
  /** `json_name` from descriptors (protobufjs's descriptor conversion drops it), keyed like `fields`. */
  jsonNames: Map<string, string>;
}

/**
 * One key for a field whatever the loader did to its name: 'customer_id' (keepCase) and
 * 'customerId' (proto-loader's default) both become 'customerId'.
 */
export function fieldKey(ownerFullName: string, fieldName: string): string {
  let out = ownerFullName.replace(/^\./, '') + '.';
  let upper = false;
  for (const ch of fieldName) {
    if (ch === '_') upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

interface RawFieldDescriptor {
  name?: string;
  jsonName?: string;
  options?: { grpcauditPolicy?: Uint8Array };
}

interface RawMessageDescriptor {
  name?: string;
  field?: RawFieldDescriptor[];
  nestedType?: RawMessageDescriptor[];
}

/**
 * Extracts annotations and json names from serialized FileDescriptorProtos. The bytes must be
 * the originals (e.g. split from a FileDescriptorSet): re-encoding through protobufjs's
 * descriptor types would already have dropped the extension.
 */
export function annotationsFromFileDescriptors(files: Uint8Array[], into: DescriptorAnnotations): void {
  const { file: fileType } = descriptorWithExtensions();
  for (const bytes of files) {
    const fdp = fileType.toObject(fileType.decode(bytes), { bytes: Buffer as unknown as typeof String }) as {
      package?: string;
      messageType?: RawMessageDescriptor[];
      service?: Array<{ name?: string; method?: Array<{ name?: string; options?: { grpcauditPolicy?: Uint8Array } }> }>;
    };
    const pkg = fdp.package ? fdp.package + '.' : '';
    const walk = (msg: RawMessageDescriptor, scope: string): void => {
      const full = scope + msg.name;
      for (const f of msg.field ?? []) {
        const key = fieldKey(full, f.name ?? '');
        if (f.jsonName) into.jsonNames.set(key, f.jsonName);
        const raw = f.options?.grpcauditPolicy;
        if (raw && raw.length) {
          const ann = decodePolicy(FieldPolicyType, raw, normaliseFieldPolicy, `field ${key}`);
          if (ann) into.fields.set(key, ann);
        }
      }
      for (const nested of msg.nestedType ?? []) walk(nested, full + '.');
    };
    for (const msg of fdp.messageType ?? []) walk(msg, pkg);
    for (const svc of fdp.service ?? []) {
      for (const m of svc.method ?? []) {
        const raw = m.options?.grpcauditPolicy;
        if (raw && raw.length) {
          const ann = decodePolicy(MethodPolicyType, raw, normaliseMethodPolicy, `method /${pkg}${svc.name}/${m.name}`);
          if (ann) into.methods.set(`/${pkg}${svc.name}/${m.name}`, ann);
        }
      }
    }
  }
}

/** A malformed annotation fails the load: silently ignoring it could un-protect a sensitive field. */
function decodePolicy<T>(type: protobuf.Type, raw: Uint8Array, normalise: (r: RawPolicy | undefined, where: string) => T | undefined, where: string): T | undefined {
  let decoded: RawPolicy;
  try {
    decoded = type.toObject(type.decode(raw)) as RawPolicy;
  } catch (err) {
    throw new SchemaError(`malformed (grpcaudit.v1.*) option bytes on ${where}: ${(err as Error).message}`);
  }
  return normalise(decoded, where);
}
