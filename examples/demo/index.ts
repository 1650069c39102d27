/** The demo's pieces, importable one by one (the CLI's `grpc-audit demo` runs `runDemo`). */
export { runDemo } from './run-demo';
export type { DemoOptions, DemoResult } from './run-demo';
export { startDemoServer } from './demo-server';
export type { DemoServer } from './demo-server';
export { runDemoClient, createShopClient } from './demo-client';
export type { DemoOutcome } from './demo-client';
export { DemoSpanPrinter, formatSpan } from './span-printer';
export { shopRegistry, shopServiceDefinition, DEMO_PROTO_DIR, SHOP_PROTO, SHOP_SERVICE } from './shop-schema';
