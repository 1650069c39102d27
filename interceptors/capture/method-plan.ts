import type { Attributes } from '@opentelemetry/api';
import type { Masker } from '../mask/masker';
import type { SchemaRegistry, MethodSchema } from '../decode/schema-registry';
import { getRenderer } from '../decode/renderer-cache';
import type { MessageRenderer } from '../decode/render-plan';
import { matchesMethod } from '../config/method-pattern';
import { configForMethod, type ResolvedMethodConfig, type ResolvedOptions } from '../config/audit-options';
import {
  ATTR_CALL_TYPE,
  ATTR_LAWFUL_BASIS,
  ATTR_PURPOSE,
  ATTR_RECORD_LEVEL,
  ATTR_RETENTION_CLASS,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
  ATTR_SCHEMA,
} from '../delivery/attributes';

const RECORD_LEVELS: ReadonlySet<string> = new Set(['none', 'metadata', 'full']);

export type CallType = 'unary' | 'client_stream' | 'server_stream' | 'bidi';

/**
 * Everything about a method that does not change per call, computed at its first call:
 * span name, constant attributes, configuration, renderers. Calls only read it.
 */
export interface MethodPlan {
  path: string;
  spanName: string;
  callType: CallType;
  config: ResolvedMethodConfig;
  /** Attributes every span of this method starts with (the SDK copies them per span; frozen). */
  baseAttributes: Attributes;
  schema: MethodSchema | undefined;
  requestRenderer: MessageRenderer | undefined;
  responseRenderer: MessageRenderer | undefined;
  /** Our attributes for enriching another instrumentation's span (mode 'enrich'). */
  enrichAttributes: Attributes;
  /** A recording failure of this method was already logged (log once per method). */
  errorLogged: boolean;
  /** Client spans' start attributes for the last channel target seen (base + server.address/port), frozen. */
  clientTarget?: object;
  clientAttributes?: Attributes;
  /** Server spans' start attributes for the last peer seen (base + network.peer.address/port), frozen. */
  serverPeer?: { host: string; port: number | undefined; attributes: Attributes };
}

export function callTypeOf(requestStream: boolean, responseStream: boolean): CallType {
  if (requestStream) return responseStream ? 'bidi' : 'client_stream';
  return responseStream ? 'server_stream' : 'unary';
}

function splitPath(path: string): { service: string; method: string } {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? { service: m[1], method: m[2] } : { service: '', method: path };
}

export function buildMethodPlan(
  path: string,
  requestStream: boolean,
  responseStream: boolean,
  resolved: ResolvedOptions,
  masker: Masker,
  registry: SchemaRegistry | undefined,
): MethodPlan {
  const { service, method } = splitPath(path);
  const schema = registry?.lookupMethod(path);
  const config = configForMethod(resolved, path);
  const ann = schema?.annotation;
  // Explicit configuration overrides the proto annotation.
  if (ann?.record && RECORD_LEVELS.has(ann.record) && !hasExplicitRecord(resolved, path)) config.record = ann.record as ResolvedMethodConfig['record'];
  const purpose = config.purpose ?? ann?.purpose;
  const lawfulBasis = config.lawfulBasis ?? ann?.lawfulBasis;
  const retentionClass = config.retentionClass ?? ann?.retentionClass;
  const callType = callTypeOf(requestStream, responseStream);
  const baseAttributes: Attributes = {
    [ATTR_RPC_SYSTEM]: 'grpc',
    [ATTR_RPC_SERVICE]: service,
    [ATTR_RPC_METHOD]: method,
    [ATTR_CALL_TYPE]: callType,
    [ATTR_RECORD_LEVEL]: config.record,
  };
  // Without a schema the recorder says which fallback rendered the messages ('wire' | 'untyped').
  if (schema) baseAttributes[ATTR_SCHEMA] = 'registry';
  if (purpose) baseAttributes[ATTR_PURPOSE] = purpose;
  if (lawfulBasis) baseAttributes[ATTR_LAWFUL_BASIS] = lawfulBasis;
  if (retentionClass) baseAttributes[ATTR_RETENTION_CLASS] = retentionClass;
  const enrichAttributes: Attributes = { ...baseAttributes };
  delete enrichAttributes[ATTR_RPC_SYSTEM];
  delete enrichAttributes[ATTR_RPC_SERVICE];
  delete enrichAttributes[ATTR_RPC_METHOD];
  const full = config.record === 'full';
  return {
    path,
    spanName: `grpc.${service}/${method}`,
    callType,
    config,
    // Shared by every span of the method (the SDK copies attributes it is given): frozen.
    baseAttributes: Object.freeze(baseAttributes),
    enrichAttributes: Object.freeze(enrichAttributes),
    schema,
    requestRenderer: full && schema ? getRenderer(schema.requestType, masker, path, registry) : undefined,
    responseRenderer: full && schema ? getRenderer(schema.responseType, masker, path, registry) : undefined,
    errorLogged: false,
  };
}

function hasExplicitRecord(resolved: ResolvedOptions, path: string): boolean {
  if (resolved.explicitRecord) return true;
  return resolved.patterns.some((p) => p.value.record !== undefined && matchesMethod(p.pattern, path));
}
