import type * as protobuf from 'protobufjs';
import { fieldAnnotationOf } from '../decode/annotations';

/** A path to a subject-id field: each step as [json name, proto name] (an object may use either). */
export type SubjectFieldPath = ReadonlyArray<readonly [string, string]>;

const MAX_DEPTH = 4;

/**
 * Fields of a request type annotated `(grpcaudit.v1.field).subject_id`, found once per method:
 * singular fields, nested through singular message fields (repeated ones are not followed — a
 * list of subjects in one call is rare and each would need its own decision).
 */
export function subjectFieldPaths(type: protobuf.Type): SubjectFieldPath[] {
  const out: SubjectFieldPath[] = [];
  const walk = (t: protobuf.Type, prefix: Array<readonly [string, string]>, depth: number, seen: Set<protobuf.Type>): void => {
    for (const f of t.fieldsArray) {
      const step = [f.name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()), f.name] as const;
      if (fieldAnnotationOf(f)?.subjectId === true && !f.repeated && !f.map) out.push([...prefix, step]);
      else if (!f.repeated && !f.map && depth < MAX_DEPTH) {
        const rt = f.resolve().resolvedType;
        if (rt && (rt as protobuf.Type).fieldsArray && !seen.has(rt as protobuf.Type)) {
          walk(rt as protobuf.Type, [...prefix, step], depth + 1, new Set([...seen, rt as protobuf.Type]));
        }
      }
    }
  };
  walk(type, [], 0, new Set([type]));
  return out;
}

/** Parses dotted paths given in configuration ('customer.id') into field paths. */
export function parseFieldPaths(paths: readonly string[]): SubjectFieldPath[] {
  return paths.map((p) => p.split('.').map((s) => [s, s.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`)] as const));
}

/** Reads one subject-id field from a message object; compiled once per method and path. */
export type SubjectGetter = (message: unknown) => unknown;

/**
 * A getter for a path: plain indexed property reads (no iterator, no destructuring — this runs on
 * every guarded call). An object may carry a field under its JSON name (the caller's object,
 * proto-loader with keepCase false) or its proto name (keepCase true).
 */
export function compileGetter(path: SubjectFieldPath): SubjectGetter {
  const json = path.map((s) => s[0]);
  const proto = path.map((s) => s[1]);
  const n = path.length;
  return (message) => {
    let v = message;
    for (let i = 0; i < n; i++) {
      if (v === null || typeof v !== 'object') return undefined;
      const o = v as Record<string, unknown>;
      const x = o[json[i]];
      v = x !== undefined ? x : o[proto[i]];
    }
    return v;
  };
}

/**
 * The subject id values in a message object (the caller's object on the client, proto-loader's on
 * the server), as the masker sees them: strings as they are, numbers and 64-bit values as decimal
 * text. Empty values are skipped.
 */
export function subjectValues(message: unknown, getters: readonly SubjectGetter[], into: string[]): void {
  for (let i = 0; i < getters.length; i++) {
    const v = getters[i](message);
    if (v === undefined || v === null || v === '') continue;
    into.push(typeof v === 'string' ? v : String(v));
  }
}
