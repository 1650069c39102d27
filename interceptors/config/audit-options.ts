import type { TracerProvider } from '@opentelemetry/api';
import type { Masker } from '../mask/masker';
import type { SchemaRegistry } from '../decode/schema-registry';
import type { RecordGate } from '../capture/record-gate';
import { ConfigError } from './config-error';
import { compilePatterns, isValidMethodPattern, matchingValues, type MethodPattern } from './method-pattern';

export type RecordLevel = 'none' | 'metadata' | 'full';

/** Per-method settings; any subset, applied most-specific-last over the global ones. */
export interface MethodOptions {
  record?: RecordLevel;
  maxPayloadBytes?: number;
  /** Fraction of calls recorded, 0..1. */
  sampleRate?: number;
  failClosed?: boolean;
  purpose?: string;
  lawfulBasis?: string;
  retentionClass?: string;
}

export interface GrpcAuditOptions {
  /** Schemas for decoding; without one, payloads fall back to wire/untyped rendering. */
  registry?: SchemaRegistry;
  /** The masking engine; default: the default masking policy. */
  masker?: Masker;
  /** Default: the global tracer provider. */
  tracerProvider?: TracerProvider;
  /**
   * 'standalone' (default): grpc-audit makes its own spans — do not also enable
   * @opentelemetry/instrumentation-grpc. 'enrich': on the client, the instrumentation's active
   * span is enriched instead of creating a second one (see docs/interceptors.md).
   */
  mode?: 'standalone' | 'enrich';
  record?: RecordLevel;
  maxPayloadBytes?: number;
  sampleRate?: number;
  /** Per-method overrides keyed by '*', '/pkg.Service/*' or '/pkg.Service/Method'. */
  methods?: Record<string, MethodOptions>;
  /** Metadata keys recorded as attributes (lower-case). Credential-like keys are always redacted. */
  metadataAllowlist?: string[];
  /** Fail-closed seam (see RecordGate). */
  gate?: RecordGate;
  /** true: every method is fail-closed; or a list of method patterns. */
  failClosed?: boolean | string[];
  /** Where recording failures are reported (never with payloads). Default: OpenTelemetry diag. */
  logger?: AuditLogger;
}

export interface AuditLogger {
  warn(message: string, fields?: Record<string, string | number>): void;
}

export interface ResolvedMethodConfig {
  record: RecordLevel;
  maxPayloadBytes: number;
  sampleRate: number;
  failClosed: boolean;
  purpose?: string;
  lawfulBasis?: string;
  retentionClass?: string;
}

export interface ResolvedOptions {
  mode: 'standalone' | 'enrich';
  metadataAllowlist: ReadonlySet<string>;
  defaults: ResolvedMethodConfig;
  patterns: MethodPattern<MethodOptions>[];
  failClosedPatterns: string[] | boolean;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
export const DEFAULT_METADATA_ALLOWLIST = ['user-agent', 'content-type', 'grpc-accept-encoding', 'x-request-id', 'x-correlation-id'];
const LEVELS: RecordLevel[] = ['none', 'metadata', 'full'];

function checkLevel(key: string, v: unknown): void {
  if (v !== undefined && !LEVELS.includes(v as RecordLevel)) throw new ConfigError(key, `must be one of ${LEVELS.join(', ')}`);
}
function checkBytes(key: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 64)) throw new ConfigError(key, 'must be an integer ≥ 64 (bytes)');
}
function checkRate(key: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) throw new ConfigError(key, 'must be a number between 0 and 1');
}

/** Validates options once, at construction; a bad value throws ConfigError naming the key. */
export function resolveOptions(options: GrpcAuditOptions): ResolvedOptions {
  if (options.mode !== undefined && options.mode !== 'standalone' && options.mode !== 'enrich') {
    throw new ConfigError('mode', "must be 'standalone' or 'enrich'");
  }
  checkLevel('record', options.record);
  checkBytes('maxPayloadBytes', options.maxPayloadBytes);
  checkRate('sampleRate', options.sampleRate);
  const methods = options.methods ?? {};
  for (const [pattern, m] of Object.entries(methods)) {
    if (!isValidMethodPattern(pattern)) throw new ConfigError(`methods['${pattern}']`, "pattern must be '*', '/pkg.Service/*' or '/pkg.Service/Method'");
    checkLevel(`methods['${pattern}'].record`, m.record);
    checkBytes(`methods['${pattern}'].maxPayloadBytes`, m.maxPayloadBytes);
    checkRate(`methods['${pattern}'].sampleRate`, m.sampleRate);
  }
  if (Array.isArray(options.failClosed)) {
    for (const p of options.failClosed) if (!isValidMethodPattern(p)) throw new ConfigError('failClosed', `'${p}' is not a method pattern`);
  }
  if (options.failClosed && !options.gate) {
    throw new ConfigError('failClosed', 'needs a gate (the durable exporter) that can tell whether a record can be kept');
  }
  if (options.metadataAllowlist && !options.metadataAllowlist.every((k) => typeof k === 'string')) {
    throw new ConfigError('metadataAllowlist', 'must be a list of metadata key names');
  }
  return {
    mode: options.mode ?? 'standalone',
    metadataAllowlist: new Set((options.metadataAllowlist ?? DEFAULT_METADATA_ALLOWLIST).map((k) => k.toLowerCase())),
    defaults: {
      record: options.record ?? 'full',
      maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
      sampleRate: options.sampleRate ?? 1,
      failClosed: options.failClosed === true,
    },
    patterns: compilePatterns(Object.entries(methods)),
    failClosedPatterns: options.failClosed ?? false,
  };
}

/** Effective configuration of one method: globals, then matching patterns from least to most specific. */
export function configForMethod(resolved: ResolvedOptions, methodPath: string): ResolvedMethodConfig {
  const out: ResolvedMethodConfig = { ...resolved.defaults };
  if (Array.isArray(resolved.failClosedPatterns)) {
    out.failClosed = resolved.failClosedPatterns.some((p) => p === '*' || (p.endsWith('/*') ? methodPath.startsWith(p.slice(0, -1)) : p === methodPath));
  }
  for (const m of matchingValues(resolved.patterns, methodPath)) {
    if (m.record !== undefined) out.record = m.record;
    if (m.maxPayloadBytes !== undefined) out.maxPayloadBytes = m.maxPayloadBytes;
    if (m.sampleRate !== undefined) out.sampleRate = m.sampleRate;
    if (m.failClosed !== undefined) out.failClosed = m.failClosed;
    if (m.purpose !== undefined) out.purpose = m.purpose;
    if (m.lawfulBasis !== undefined) out.lawfulBasis = m.lawfulBasis;
    if (m.retentionClass !== undefined) out.retentionClass = m.retentionClass;
  }
  return out;
}
