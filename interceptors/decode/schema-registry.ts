import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { FieldAnnotation, MethodAnnotation } from '../mask/masker';
import {
  annotationsFromFileDescriptors,
  fieldAnnotationOf,
  fieldKey,
  methodAnnotationOf,
  normaliseMethodPolicy,
  type DescriptorAnnotations,
} from './annotations';
import { SchemaError } from './schema-error';

/** Everything the recorder needs to know about one RPC method. */
export interface MethodSchema {
  /** '/pkg.Service/Method'. */
  path: string;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  requestStream: boolean;
  responseStream: boolean;
  annotation?: MethodAnnotation;
}

/** A `google.protobuf.FileDescriptorSet`: its serialized bytes, or an already decoded object. */
export type FileDescriptorSetInput = Uint8Array | { file: unknown[] };

let commonProtosRegistered = false;
/** protobufjs bundles the well-known types but not descriptor.proto, which annotations.proto imports. */
function registerCommonProtos(): void {
  if (commonProtosRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require('protobufjs/google/protobuf/descriptor.json');
  (protobuf as unknown as { common(name: string, json: unknown): void }).common('descriptor', json.nested.google.nested.protobuf.nested);
  commonProtosRegistered = true;
}

/** The directory holding our own schemas (grpcaudit/v1/annotations.proto), always searched last. */
export const OWN_PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');

/** Which registry loaded a Root: lets `getRenderer(type, …)` find annotations and Any types from the type alone. */
const registries = new WeakMap<protobuf.Root, SchemaRegistry>();
export function registryOfRoot(root: protobuf.Root): SchemaRegistry | undefined {
  return registries.get(root);
}

let nextId = 1;

/**
 * Maps gRPC method paths to protobufjs types. Fed from .proto files, a proto-loader package
 * definition, a FileDescriptorSet or a ready Root; lookups are Map reads on the hot path.
 * Annotations are indexed by fully qualified field name across all sources, so annotations read
 * from .proto files also apply to the same types loaded from a package definition (whose
 * descriptors have lost field options).
 * Registration errors (missing files, unresolvable types, malformed descriptors) throw SchemaError.
 */
export class SchemaRegistry {
  /** Distinguishes registries in caches. */
  readonly id = nextId++;
  private readonly methods = new Map<string, MethodSchema>();
  private readonly roots: protobuf.Root[] = [];
  private readonly annotations: DescriptorAnnotations = { fields: new Map(), methods: new Map(), jsonNames: new Map() };
  private readonly rootsByDescriptorArray = new WeakMap<object, protobuf.Root>();
  private version = 0;

  /** Bumped on every addition; render caches keyed on the registry compare it. */
  get generation(): number {
    return this.version;
  }

  /** Loads .proto source files, resolving imports against `includeDirs` (then our own proto/ and protobufjs's bundled google/protobuf). */
  addProtoFiles(files: string | string[], includeDirs: string[] = []): this {
    registerCommonProtos();
    const dirs = [...includeDirs, OWN_PROTO_DIR];
    const root = new protobuf.Root();
    root.resolvePath = (_origin: string, target: string): string => {
      if (path.isAbsolute(target) && fs.existsSync(target)) return target;
      for (const dir of dirs) {
        const candidate = path.resolve(dir, target);
        if (fs.existsSync(candidate)) return candidate;
      }
      return target; // google/protobuf/* falls through to protobufjs's bundled definitions
    };
    const list = Array.isArray(files) ? files : [files];
    try {
      root.loadSync(list, { keepCase: true });
    } catch (err) {
      throw new SchemaError(`cannot load ${list.join(', ')} (include dirs: ${dirs.join(', ')}): ${(err as Error).message}`);
    }
    return this.addRoot(root);
  }

  /** Registers every service (and message type) found in a protobufjs Root. */
  addRoot(root: protobuf.Root): this {
    if (this.roots.includes(root)) return this;
    try {
      root.resolveAll();
    } catch (err) {
      throw new SchemaError(`cannot resolve the types of a schema root: ${(err as Error).message}`);
    }
    this.roots.push(root);
    if (!registries.has(root)) registries.set(root, this);
    const services: protobuf.Service[] = [];
    const visit = (ns: protobuf.NamespaceBase): void => {
      for (const obj of ns.nestedArray) {
        if (obj instanceof protobuf.Type) {
          this.indexFields(obj);
          visit(obj);
        } else if (obj instanceof protobuf.Service) services.push(obj);
        else if (obj instanceof protobuf.Namespace) visit(obj);
      }
    };
    visit(root);
    for (const service of services) {
      const serviceName = service.fullName.replace(/^\./, '');
      for (const method of service.methodsArray) {
        method.resolve();
        const methodPath = `/${serviceName}/${method.name}`;
        const fromOptions = methodAnnotationOf(method);
        if (fromOptions) this.annotations.methods.set(methodPath, fromOptions);
        const annotation = fromOptions ?? this.annotations.methods.get(methodPath);
        const schema: MethodSchema = {
          path: methodPath,
          requestType: method.resolvedRequestType as protobuf.Type,
          responseType: method.resolvedResponseType as protobuf.Type,
          requestStream: Boolean(method.requestStream),
          responseStream: Boolean(method.responseStream),
        };
        if (annotation) schema.annotation = annotation;
        this.methods.set(methodPath, schema);
      }
    }
    this.version++;
    return this;
  }

  /** Indexes annotations parsed from .proto text, and restores json_name recovered from descriptors. */
  private indexFields(type: protobuf.Type): void {
    for (const field of type.fieldsArray) {
      const key = fieldKey(type.fullName, field.name);
      const ann = fieldAnnotationOf(field);
      if (ann) this.annotations.fields.set(key, ann);
      const jsonName = this.annotations.jsonNames.get(key);
      if (jsonName && field.options?.json_name === undefined) field.setOption('json_name', jsonName);
    }
  }

  /**
   * Registers the methods of a `@grpc/proto-loader` package definition. Its descriptors keep
   * method options (read here) but not field options: load the same .proto files with
   * `addProtoFiles` too (either order) to get field annotations.
   */
  addPackageDefinition(definition: PackageDefinition): this {
    const methods: Array<{ path: string; options?: unknown; requestType: unknown }> = [];
    for (const entry of Object.values(definition)) {
      if (!entry || typeof entry !== 'object' || 'format' in entry) continue; // message/enum entries
      for (const method of Object.values(entry as Record<string, { path: string; options?: unknown; requestType: unknown }>)) {
        if (method && typeof method.path === 'string') methods.push(method);
      }
    }
    for (const method of methods) {
      const raw = (method.options as Record<string, unknown> | undefined)?.['(grpcaudit.v1.method)'];
      const ann = normaliseMethodPolicy(raw as Record<string, unknown> | undefined);
      if (ann) this.annotations.methods.set(method.path, ann);
    }
    for (const method of methods) {
      const fdps = (method.requestType as { fileDescriptorProtos?: Buffer[] } | undefined)?.fileDescriptorProtos;
      if (!Array.isArray(fdps) || this.rootsByDescriptorArray.has(fdps)) continue;
      // One Root per array: proto-loader shares the array between every method of one load.
      this.rootsByDescriptorArray.set(fdps, this.addFileDescriptorProtos(fdps));
    }
    return this;
  }

  /** Registers a `google.protobuf.FileDescriptorSet` (e.g. from `buf build -o set.binpb` or `protoc --descriptor_set_out`). */
  addFileDescriptorSet(set: FileDescriptorSetInput): this {
    let files: Uint8Array[];
    if (set instanceof Uint8Array) files = splitFileDescriptorSet(set);
    else if (set && Array.isArray(set.file)) {
      files = set.file.map((f, i) => {
        try {
          const msg = f instanceof protobuf.Message ? f : descriptor.FileDescriptorProto.fromObject(f as Record<string, unknown>);
          return descriptor.FileDescriptorProto.encode(msg as descriptor.IFileDescriptorProto).finish();
        } catch (err) {
          throw new SchemaError(`FileDescriptorSet file #${i} is not a FileDescriptorProto: ${(err as Error).message}`);
        }
      });
    } else throw new SchemaError('addFileDescriptorSet expects serialized bytes or an object with a `file` array');
    this.addFileDescriptorProtos(files);
    return this;
  }

  private addFileDescriptorProtos(files: Uint8Array[]): protobuf.Root {
    let root: protobuf.Root;
    try {
      annotationsFromFileDescriptors(files, this.annotations);
      const decoded = files.map((b) => descriptor.FileDescriptorProto.decode(b));
      root = (protobuf.Root as unknown as { fromDescriptor(d: unknown): protobuf.Root }).fromDescriptor({ file: decoded });
    } catch (err) {
      if (err instanceof SchemaError) throw err;
      throw new SchemaError(`malformed file descriptors: ${(err as Error).message}`);
    }
    this.addRoot(root);
    return root;
  }

  lookupMethod(methodPath: string): MethodSchema | undefined {
    return this.methods.get(methodPath);
  }

  /** Finds a message type by fully qualified name ('pkg.Msg' or '.pkg.Msg'), e.g. for `Any`. */
  lookupType(fullName: string): protobuf.Type | undefined {
    const name = fullName.startsWith('.') ? fullName : '.' + fullName;
    for (let i = this.roots.length - 1; i >= 0; i--) {
      try {
        const found = this.roots[i].lookup(name, [protobuf.Type]);
        if (found) return found as protobuf.Type;
      } catch {
        // lookup throws on malformed names: treated as unknown
      }
    }
    return undefined;
  }

  /** The `(grpcaudit.v1.field)` annotation of a field, from any source that declared the field. */
  fieldAnnotation(field: protobuf.Field): FieldAnnotation | undefined {
    const fromOptions = fieldAnnotationOf(field);
    if (fromOptions) return fromOptions;
    return field.parent ? this.annotations.fields.get(fieldKey(field.parent.fullName, field.name)) : undefined;
  }

  /** The `(grpcaudit.v1.method)` annotation of a method path. */
  methodAnnotation(methodPath: string): MethodAnnotation | undefined {
    return this.methods.get(methodPath)?.annotation ?? this.annotations.methods.get(methodPath);
  }

  get methodPaths(): string[] {
    return [...this.methods.keys()];
  }
}

/**
 * Splits a serialized FileDescriptorSet into the original bytes of each FileDescriptorProto
 * (field 1): decoding the set with protobufjs and re-encoding would drop our extension options.
 */
function splitFileDescriptorSet(bytes: Uint8Array): Uint8Array[] {
  const files: Uint8Array[] = [];
  const reader = protobuf.Reader.create(bytes);
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === 2) files.push(reader.bytes());
      else reader.skipType(tag & 7);
    }
  } catch (err) {
    throw new SchemaError(`malformed FileDescriptorSet at byte ${reader.pos}: ${(err as Error).message}`);
  }
  return files;
}
