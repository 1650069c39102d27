import * as protobuf from 'protobufjs';
import type { SchemaRegistry } from '../interceptors/decode';

/**
 * protobufjs 7's `Root.fromDescriptor` turns a proto3 `map<K, V>` into a repeated field of its
 * synthetic `XEntry` message, so bytes decoded with such a type hold maps as arrays of
 * `{key, value}` — which the render plans (built for `.proto`-loaded types, where maps are
 * MapFields) refuse. Schemas from descriptor sets and reflection are put right here, once, at
 * load: every field whose type is a map-entry message becomes the MapField it declares.
 * (Types loaded from .proto files are already right and are left alone.)
 */
export function restoreMapFields(registry: SchemaRegistry): number {
  const roots = new Set<protobuf.Root>();
  for (const path of registry.methodPaths) {
    const schema = registry.lookupMethod(path);
    if (schema) roots.add(schema.requestType.root);
  }
  let changed = 0;
  for (const root of roots) changed += restoreInNamespace(root);
  return changed;
}

function isMapEntry(t: protobuf.ReflectionObject | null | undefined): t is protobuf.Type {
  return t instanceof protobuf.Type && t.options?.map_entry === true;
}

/** Replaces the type's map-entry fields, keeping declaration order (the render order) and rebuilding its message class. */
function restoreInType(type: protobuf.Type): number {
  const fields = [...type.fieldsArray];
  const replaced = fields.map((field) => {
    if (field instanceof protobuf.MapField || !field.repeated) return field;
    field.resolve();
    const entry = field.resolvedType;
    if (!isMapEntry(entry) || !entry.fields.key || !entry.fields.value) return field;
    return new protobuf.MapField(field.name, field.id, entry.fields.key.type, entry.fields.value.type, field.options);
  });
  const changed = replaced.filter((f, i) => f !== fields[i]).length;
  if (changed === 0) return 0;
  for (const f of fields) type.remove(f);
  // Removing and re-adding keeps oneof membership (Type.remove leaves `partOf`; maps are never in a oneof).
  for (const f of replaced) type.add(f);
  // The message class caches per-field defaults on its prototype (a map's is {} , a list's []): rebuild it.
  (type as unknown as { _ctor: unknown })._ctor = null;
  return changed;
}

function restoreInNamespace(ns: protobuf.NamespaceBase): number {
  let changed = 0;
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) changed += restoreInType(obj);
    if (obj instanceof protobuf.Namespace || obj instanceof protobuf.Type) changed += restoreInNamespace(obj as protobuf.NamespaceBase);
  }
  if (changed > 0 && ns instanceof protobuf.Root) ns.resolveAll();
  return changed;
}
