import type * as protobuf from 'protobufjs';
import type { Masker } from '../mask/masker';
import { compilePlan, PlanRenderer, type CompileContext, type MessageRenderer } from './render-plan';
import type { SchemaRegistry } from './schema-registry';

/**
 * Render plans are compiled once per (masker, method, message type) and kept here. The first
 * call for a method pays the compile; every later message is a Map lookup and a walk.
 */
const contexts = new WeakMap<Masker, Map<string, CompileContext>>();

export function getRenderer(type: protobuf.Type, masker: Masker, methodPath: string, registry?: SchemaRegistry): MessageRenderer {
  let byMethod = contexts.get(masker);
  if (!byMethod) contexts.set(masker, (byMethod = new Map()));
  let ctx = byMethod.get(methodPath);
  if (!ctx || ctx.registry !== registry) {
    ctx = { masker, methodPath, registry, plans: new Map() };
    byMethod.set(methodPath, ctx);
  }
  const key = type.fullName + '|<root>';
  const existing = ctx.plans.get(key) as (ReturnType<typeof compilePlan> & { renderer?: MessageRenderer }) | undefined;
  if (existing?.renderer) return existing.renderer;
  const plan = compilePlan(ctx, type, '') as ReturnType<typeof compilePlan> & { renderer?: MessageRenderer };
  plan.renderer = new PlanRenderer(plan);
  ctx.plans.set(key, plan);
  return plan.renderer;
}
