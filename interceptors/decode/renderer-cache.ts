import type * as protobuf from 'protobufjs';
import type { Masker } from '../mask/masker';
import { compilePlan, PlanRenderer, renderNestedMessage, type CompileContext, type MessageRenderer } from './render-plan';
import { registryOfRoot, type SchemaRegistry } from './schema-registry';

/**
 * Render plans are compiled once per (masker, method, message type) and kept here. The first
 * call for a method pays the compile; every later message is two Map lookups and a walk.
 * Keyed weakly by masker: a replaced policy (new masker) compiles fresh plans, and the old
 * ones are collected with it.
 */
const contexts = new WeakMap<Masker, Map<string, CompileContext>>();
const renderers = new WeakMap<CompileContext, Map<protobuf.Type, MessageRenderer>>();

/**
 * The renderer for messages of `type` sent or received on `methodPath`. `registry` (defaults to
 * the registry that loaded the type, if any) supplies annotations and resolves `Any` type URLs.
 */
export function getRenderer(type: protobuf.Type, masker: Masker, methodPath: string, registry?: SchemaRegistry): MessageRenderer {
  const reg = registry ?? registryOfRoot(type.root);
  let byMethod = contexts.get(masker);
  if (!byMethod) contexts.set(masker, (byMethod = new Map()));
  const ctxKey = methodPath + '|' + (reg ? reg.id : 0);
  const generation = reg ? reg.generation : 0;
  let ctx = byMethod.get(ctxKey);
  // A registry that gained schemas since (new Any types, new annotations) gets fresh plans.
  if (!ctx || ctx.generation !== generation) {
    ctx = { masker, methodPath, registry: reg, root: type.root, plans: new Map(), generation, renderNested: renderNestedMessage };
    byMethod.set(ctxKey, ctx);
  }
  let byType = renderers.get(ctx);
  if (!byType) renderers.set(ctx, (byType = new Map()));
  let renderer = byType.get(type);
  if (!renderer) {
    renderer = new PlanRenderer(compilePlan(ctx, type, ''));
    byType.set(type, renderer);
  }
  return renderer;
}
