import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as loader from '@grpc/proto-loader';
import { SchemaRegistry } from '../../interceptors';

/** Where the demo's schema lives, and how the app and grpc-audit load it. */
export const DEMO_PROTO_DIR = path.join(__dirname, 'proto');
export const OWN_PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');
export const SHOP_PROTO = 'shop/v1/shop.proto';
export const SHOP_SERVICE = 'shop.v1.ShopService';

let definition: loader.PackageDefinition | undefined;

/** The service as the application loads it (proto-loader), the way most grpc-js apps do. */
export function shopServiceDefinition(): grpc.ServiceDefinition {
  definition ??= loader.loadSync(SHOP_PROTO, { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: [DEMO_PROTO_DIR, OWN_PROTO_DIR] });
  return definition[SHOP_SERVICE] as unknown as grpc.ServiceDefinition;
}

/** grpc-audit's schema registry, from the same .proto (keeps the field annotations proto-loader drops). */
export function shopRegistry(): SchemaRegistry {
  return new SchemaRegistry().addProtoFiles(SHOP_PROTO, [DEMO_PROTO_DIR]);
}
