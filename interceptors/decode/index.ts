export { SchemaRegistry, OWN_PROTO_DIR } from './schema-registry';
export type { MethodSchema } from './schema-registry';
export type { MessageRenderer, RenderResult } from './render-plan';
export { getRenderer } from './renderer-cache';
export { renderWire } from './wire-decoder';
export { renderUntyped } from './untyped';
