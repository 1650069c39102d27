import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import * as loader from '@grpc/proto-loader';
import { DROP, type FieldSite, type Masker, type MaskScope, type TextSite, type ValueMasker } from '../../interceptors/mask/masker';
import { BasicMasker } from '../../interceptors/mask/basic-masker';

/** Shared set-up for the decode tests: the kitchen-sink schema from every source, and small test maskers. */

export const REPO = path.resolve(__dirname, '..', '..');
export const INCLUDE_DIRS = [path.join(REPO, 'proto'), path.join(REPO, 'test/fixtures/proto')];
export const KITCHEN_SINK = 'demo/v1/kitchen_sink.proto';
export const ECHO = '/demo.v1.KitchenSinkService/Echo';

/** proto-loader options the capture side uses for inbound messages (toObject output shape). */
export const LOADER_OPTIONS: loader.Options = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: INCLUDE_DIRS };

export function loadPackageDefinition(): loader.PackageDefinition {
  return loader.loadSync(KITCHEN_SINK, LOADER_OPTIONS);
}

/** The method definition grpc-js uses: its serializer is what really goes on the wire. */
export function echoDefinition(def: loader.PackageDefinition): loader.MethodDefinition<object, object> {
  return (def['demo.v1.KitchenSinkService'] as loader.ServiceDefinition).Echo as loader.MethodDefinition<object, object>;
}

/**
 * Builds a serialized FileDescriptorSet with buf (as a user would with `buf build`), so the
 * descriptor bytes carry our extension options exactly as protoc/buf emit them.
 */
export function buildDescriptorSet(cwd: string, modules: Array<{ path: string; excludes?: string[] }>, target: string): Buffer {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'decode-fds-')), 'set.binpb');
  const config = JSON.stringify({ version: 'v2', modules });
  execFileSync(path.join(REPO, 'node_modules/.bin/buf'), ['build', '-o', out, '--config', config, '--path', target], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return fs.readFileSync(out);
}

/** The kitchen-sink schema (with its imports) as buf builds it. */
export function kitchenSinkDescriptorSet(): Buffer {
  return buildDescriptorSet(
    REPO,
    [{ path: 'proto', excludes: ['proto/opentelemetry'] }, { path: 'test/fixtures/proto' }],
    path.join('test/fixtures/proto', KITCHEN_SINK),
  );
}

/**
 * A temporary proto tree: `src/<file>` with `text`, and `deps/grpcaudit` linked to our own
 * annotations, so both protobufjs (include dirs) and buf (modules) can compile it.
 */
export function tempProtoTree(file: string, text: string): { dir: string; includeDirs: string[]; descriptorSet(): Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decode-proto-'));
  fs.mkdirSync(path.join(dir, 'src', path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', file), text);
  fs.mkdirSync(path.join(dir, 'deps'));
  fs.symlinkSync(path.join(REPO, 'proto/grpcaudit'), path.join(dir, 'deps/grpcaudit'));
  return {
    dir,
    includeDirs: [path.join(dir, 'src'), path.join(dir, 'deps')],
    descriptorSet: () => buildDescriptorSet(dir, [{ path: 'src' }, { path: 'deps' }], path.join('src', file)),
  };
}

export function newScope(): MaskScope {
  return { count: 0 };
}

/** Records every site it is asked about; masks nothing. */
export class RecordingMasker implements Masker {
  readonly policyVersion = 'recording';
  readonly sites: FieldSite[] = [];
  readonly texts: Array<{ value: string; site: TextSite }> = [];
  compileField(site: FieldSite): ValueMasker | undefined {
    this.sites.push(site);
    return undefined;
  }
  maskText(value: string, _scope: MaskScope, site: TextSite): string {
    this.texts.push({ value, site });
    return value;
  }
  maskUntyped(value: unknown): unknown {
    return value;
  }
  site(fieldPath: string): FieldSite | undefined {
    return this.sites.find((s) => s.fieldPath === fieldPath);
  }
}

/** Upper-cases every value of a 'string' site and counts the calls. */
export class UpperMasker implements Masker {
  readonly policyVersion = 'upper';
  calls = 0;
  compileField(site: FieldSite): ValueMasker | undefined {
    if (site.kind !== 'string') return undefined;
    return (v, scope) => {
      this.calls++;
      scope.count++;
      return typeof v === 'string' ? v.toUpperCase() : v;
    };
  }
  maskText(value: string): string {
    this.calls++;
    return value.toUpperCase();
  }
  maskUntyped(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? v.toUpperCase() : v));
  }
}

/** DROPs the given field paths, keeps everything else. */
export class DropMasker extends BasicMasker {
  constructor(private readonly paths: string[]) {
    super();
  }
  override compileField(site: FieldSite): ValueMasker | undefined {
    return this.paths.includes(site.fieldPath) ? () => DROP : undefined;
  }
}

/** Applies a function per field path (for message-level and replacement tests). */
export class PathMasker extends BasicMasker {
  constructor(private readonly byPath: Record<string, ValueMasker>) {
    super();
  }
  override compileField(site: FieldSite): ValueMasker | undefined {
    return this.byPath[site.fieldPath];
  }
}

export const Long = protobuf.util.Long as unknown as { fromString(s: string, unsigned?: boolean): object; fromNumber(n: number, unsigned?: boolean): object };
