import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import type { PackageDefinition, MethodDefinition } from '@grpc/proto-loader';
import type { FieldAnnotation, MethodAnnotation } from '../mask/masker';
import {
  annotationsFromFileDescriptors,
  fieldAnnotationOf,
  methodAnnotationOf,
  normaliseMethodPolicy,
  type DescriptorAnnotations,
} from './annotations';

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

let commonProtosRegistered = false;
/** protobufjs knows the well-known types but not descriptor.proto, which annotations import. */
function registerCommonProtos(): void {
  if (commonProtosRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require('protobufjs/google/protobuf/descriptor.json');
  (protobuf as unknown as { common(name: string, json: unknown): void }).common(
    'descriptor',
    json.nested.google.nested.protobuf.nested,
  );
  commonProtosRegistered = true;
}

/** The directory holding our own schemas (grpcaudit/v1/annotations.proto), always searched. */
export const OWN_PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');

/**
 * Maps gRPC method paths to protobufjs types. Fed from .proto files, a proto-loader package
 * definition, a FileDescriptorSet or a ready Root; lookups are Map reads on the hot path.
 */
export class SchemaRegistry {
  private readonly methods = new Map<string, MethodSchema>();
  private readonly roots: protobuf.Root[] = [];
  private readonly descriptorAnnotations: DescriptorAnnotations = { fields: new Map(), methods: new Map() };
  private readonly rootsByDescriptorArray = new WeakMap<object, protobuf.Root>();
  private version = 0;

  /** Bumped on every addition; render caches keyed on the registry compare it. */
  get generation(): number {
    return this.version;
  }

  /** Loads .proto source files, resolving imports against `includeDirs` (and our own proto/). */
  addProtoFiles(files: string | string[], includeDirs: string[] = []): this {
    registerCommonProtos();
    const dirs = [...includeDirs, OWN_PROTO_DIR];
    const root = new protobuf.Root();
    root.resolvePath = (origin: string, target: string): string => {
      if (path.isAbsolute(target) && fs.existsSync(target)) return target;
      for (const dir of dirs) {
        const candidate = path.resolve(dir, target);
        if (fs.existsSync(candidate)) return candidate;
      }
      // Unresolved google/protobuf/* imports fall through to protobufjs's bundled definitions.
      return target;
    };
    root.loadSync(Array.isArray(files) ? files : [files], { keepCase: true });
    root.resolveAll();
    return this.addRoot(root);
  }

  /** Registers every service found in a protobufjs Root. */
  addRoot(root: protobuf.Root): this {
    root.resolveAll();
    this.roots.push(root);
    const visit = (ns: protobuf.NamespaceBase): void => {
      for (const obj of ns.nestedArray) {
        if (obj instanceof protobuf.Service) {
          const serviceName = obj.fullName.replace(/^\./, '');
          for (const method of obj.methodsArray) {
            method.resolve();
            const methodPath = `/${serviceName}/${method.name}`;
            this.methods.set(methodPath, {
              path: methodPath,
              requestType: method.resolvedRequestType as protobuf.Type,
              responseType: method.resolvedResponseType as protobuf.Type,
              requestStream: Boolean(method.requestStream),
              responseStream: Boolean(method.responseStream),
              annotation: methodAnnotationOf(method) ?? this.descriptorAnnotations.methods.get(methodPath),
            });
          }
        } else if (obj instanceof protobuf.Namespace) {
          visit(obj);
        }
      }
    };
    visit(root);
    this.version++;
    return this;
  }

  /** Registers the methods of a `@grpc/proto-loader` package definition. */
  addPackageDefinition(definition: PackageDefinition): this {
    // proto-loader keeps method options (ours included) but its descriptors drop field options:
    // field annotations need .proto files (addProtoFiles) or a FileDescriptorSet built by protoc/buf.
    for (const entry of Object.values(definition)) {
      if (!entry || typeof entry !== 'object' || 'format' in entry) continue;
      for (const method of Object.values(entry as Record<string, MethodDefinition<unknown, unknown>>)) {
        const raw = (method.options as Record<string, unknown> | undefined)?.['(grpcaudit.v1.method)'];
        const ann = normaliseMethodPolicy(raw as Record<string, unknown> | undefined);
        if (ann) this.descriptorAnnotations.methods.set(method.path, ann);
      }
    }
    for (const entry of Object.values(definition)) {
      if (!entry || typeof entry !== 'object' || 'format' in entry) continue; // message/enum entries
      for (const method of Object.values(entry as Record<string, MethodDefinition<unknown, unknown>>)) {
        const fdps = (method.requestType as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos;
        if (!Array.isArray(fdps) || this.rootsByDescriptorArray.has(fdps)) continue;
        this.rootsByDescriptorArray.set(fdps, this.addFileDescriptorProtos(fdps));
      }
    }
    return this;
  }

  /** Registers a serialized `google.protobuf.FileDescriptorSet`. */
  addFileDescriptorSet(bytes: Uint8Array): this {
    const set = descriptor.FileDescriptorSet.decode(bytes) as unknown as { file: unknown[] };
    const files = set.file.map((f) => descriptor.FileDescriptorProto.encode(f as descriptor.IFileDescriptorProto).finish());
    this.addFileDescriptorProtos(files);
    return this;
  }

  private addFileDescriptorProtos(files: Uint8Array[]): protobuf.Root {
    annotationsFromFileDescriptors(files, this.descriptorAnnotations);
    const decoded = files.map((b) => descriptor.FileDescriptorProto.decode(b));
    const root = (protobuf.Root as unknown as { fromDescriptor(d: unknown): protobuf.Root }).fromDescriptor({ file: decoded });
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
      const found = this.roots[i].lookup(name, [protobuf.Type]);
      if (found) return found as protobuf.Type;
    }
    return undefined;
  }

  /** The `(grpcaudit.v1.field)` annotation of a field, from .proto options or descriptor bytes. */
  fieldAnnotation(field: protobuf.Field): FieldAnnotation | undefined {
    const fromOptions = fieldAnnotationOf(field);
    if (fromOptions) return fromOptions;
    const owner = field.parent ? field.parent.fullName.replace(/^\./, '') : '';
    return this.descriptorAnnotations.fields.get(`${owner}.${field.name}`);
  }

  get methodPaths(): string[] {
    return [...this.methods.keys()];
  }
}
