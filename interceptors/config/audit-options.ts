import type { TracerProvider } from '@opentelemetry/api';
import type { Masker } from '../mask/masker';
import type { SchemaRegistry } from '../decode/schema-registry';
import type { RecordGate } from '../capture/record-gate';
import type { ConsentGuard } from '../consent/consent-guard';
import type { PurposeRegistry, PurposeRegistryOptions } from '../consent/purpose-registry';
import { ConfigError } from './config-error';
import { compilePatterns, isValidMethodPattern, matchesMethod, matchingValues, type MethodPattern } from './method-pattern';

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
  /**
   * Refuses calls about a subject whose consent for the method's purpose is withdrawn (methods
   * whose lawful basis is `consent`), following the collector's consent registry. See
   * interceptors/consent/consent-guard.ts.
   */
  consentGuard?: ConsentGuard;
  /**
   * Purpose limitation on the server: which caller identities are registered for which purposes;
   * a call of a method with purpose P by an identity not registered for P is flagged on its
   * record (`grpcaudit.purpose.unregistered`) or, with mode 'enforce', refused with
   * PERMISSION_DENIED. See interceptors/consent/purpose-registry.ts.
   */
  purposes?: PurposeRegistryOptions | PurposeRegistry;
  /** true: every method is fail-closed; or a list of method patterns. */
  failClosed?: boolean | string[];
  /** Where recording failures are reported (never with payloads). Default: OpenTelemetry diag. */
  logger?: AuditLogger;
  /**
   * At most this many `rpc.message` events per span (default 64). The call span keeps the first
   * ones; each further batch goes into a continuation span, so no message depends on the tracer's
   * event limit (OpenTelemetry SDK default: 128). Keep it ≤ your `spanLimits.eventCountLimit`;
   * a lower limit is detected and honoured (see docs/interceptors.md "Long streams").
   */
  messageEventsPerSpan?: number;
  /**
   * Render and mask the messages a side sends after they went out rather than before (default
   * true): the call path takes a snapshot of the message's wire bytes (the method's own
   * serializer) and the record is made once the frames are on their way, so the peer works while
   * this side records. Events and the span end keep the times the message and status happened.
   * A client's record is complete before its application sees the status; a server's a moment
   * after its status went out. `false` records each message before it is sent.
   */
  recordOffCallPath?: boolean;
  /**
   * Services that share a recording domain — one collector (or collectors that share a store),
   * one masking policy — record each payload once: the side that sends a message records its
   * payload; the side that receives it records the message event (type, id) without the payload,
   * marked `grpcaudit.payload.recorded_by: 'peer'`. The two sides agree per call through a
   * metadata header that carries a digest of the domain and the policy version; a peer in another
   * domain, with another policy, or not instrumented, gets its messages recorded in full on
   * receipt as before. Unset (the default): every side records every payload it sees.
   * See docs/interceptors.md "Each payload recorded once".
   */
  recordingDomain?: string;
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
  /** The global `record` was given (so it overrides method annotations). */
  explicitRecord: boolean;
  patterns: MethodPattern<MethodOptions>[];
  failClosedPatterns: string[] | boolean;
  messageEventsPerSpan: number;
  recordOffCallPath: boolean;
  recordingDomain: string | undefined;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
/** Half the OpenTelemetry SDK's default event limit (128): room for other instrumentations' events on an enriched span. */
export const DEFAULT_MESSAGE_EVENTS_PER_SPAN = 64;
export const MAX_MESSAGE_EVENTS_PER_SPAN = 100_000;
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

const OPTION_KEYS: ReadonlySet<string> = new Set([
  'registry', 'masker', 'tracerProvider', 'mode', 'record', 'maxPayloadBytes', 'sampleRate', 'methods',
  'metadataAllowlist', 'gate', 'failClosed', 'logger', 'messageEventsPerSpan', 'consentGuard', 'purposes',
  'recordingDomain', 'recordOffCallPath',
]);
const METHOD_KEYS: ReadonlySet<string> = new Set(['record', 'maxPayloadBytes', 'sampleRate', 'failClosed', 'purpose', 'lawfulBasis', 'retentionClass']);
/** HTTP/2 header names as gRPC allows them in metadata. */
const METADATA_KEY = /^[0-9a-z_.-]+$/;

function checkKeys(prefix: string, obj: object, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) throw new ConfigError(prefix + key, `unknown option (known: ${[...allowed].join(', ')})`);
  }
}

function checkMethods(key: string, obj: unknown, methods: string[]): void {
  if (obj === undefined) return;
  const o = obj as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || methods.some((m) => typeof o[m] !== 'function')) {
    throw new ConfigError(key, `must be an object with ${methods.map((m) => m + '()').join(', ')}`);
  }
}

function checkText(key: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'string' || v.length === 0)) throw new ConfigError(key, 'must be a non-empty string');
}

/** Validates options once, at construction; a bad value throws ConfigError naming the key. */
export function resolveOptions(options: GrpcAuditOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new ConfigError('options', 'must be an object');
  checkKeys('', options, OPTION_KEYS);
  if (options.mode !== undefined && options.mode !== 'standalone' && options.mode !== 'enrich') {
    throw new ConfigError('mode', "must be 'standalone' or 'enrich'");
  }
  checkMethods('registry', options.registry, ['lookupMethod']);
  checkMethods('masker', options.masker, ['compileField', 'maskText', 'maskUntyped']);
  checkMethods('tracerProvider', options.tracerProvider, ['getTracer']);
  checkMethods('gate', options.gate, ['canRecord']);
  checkMethods('consentGuard', options.consentGuard, ['planFor', 'check', 'start', 'stop']);
  checkMethods('logger', options.logger, ['warn']);
  checkLevel('record', options.record);
  checkBytes('maxPayloadBytes', options.maxPayloadBytes);
  checkRate('sampleRate', options.sampleRate);
  const perSpan = options.messageEventsPerSpan;
  if (perSpan !== undefined && (typeof perSpan !== 'number' || !Number.isInteger(perSpan) || perSpan < 1 || perSpan > MAX_MESSAGE_EVENTS_PER_SPAN)) {
    throw new ConfigError('messageEventsPerSpan', `must be an integer from 1 to ${MAX_MESSAGE_EVENTS_PER_SPAN}`);
  }
  checkText('recordingDomain', options.recordingDomain);
  if (options.recordOffCallPath !== undefined && typeof options.recordOffCallPath !== 'boolean') throw new ConfigError('recordOffCallPath', 'must be true or false');
  const methods = options.methods ?? {};
  if (typeof methods !== 'object' || methods === null || Array.isArray(methods)) throw new ConfigError('methods', 'must be an object keyed by method pattern');
  for (const [pattern, m] of Object.entries(methods)) {
    const key = `methods['${pattern}']`;
    if (!isValidMethodPattern(pattern)) throw new ConfigError(key, "pattern must be '*', '/pkg.Service/*' or '/pkg.Service/Method'");
    if (m === null || typeof m !== 'object') throw new ConfigError(key, 'must be an object of method options');
    checkKeys(key + '.', m, METHOD_KEYS);
    checkLevel(`${key}.record`, m.record);
    checkBytes(`${key}.maxPayloadBytes`, m.maxPayloadBytes);
    checkRate(`${key}.sampleRate`, m.sampleRate);
    checkText(`${key}.purpose`, m.purpose);
    checkText(`${key}.lawfulBasis`, m.lawfulBasis);
    checkText(`${key}.retentionClass`, m.retentionClass);
    if (m.failClosed !== undefined && typeof m.failClosed !== 'boolean') throw new ConfigError(`${key}.failClosed`, 'must be true or false');
    if (m.failClosed && !options.gate) throw new ConfigError(`${key}.failClosed`, 'needs a gate (the durable exporter) that can tell whether a record can be kept');
  }
  if (options.failClosed !== undefined && typeof options.failClosed !== 'boolean' && !Array.isArray(options.failClosed)) {
    throw new ConfigError('failClosed', 'must be true, false or a list of method patterns');
  }
  if (Array.isArray(options.failClosed)) {
    for (const p of options.failClosed) if (typeof p !== 'string' || !isValidMethodPattern(p)) throw new ConfigError('failClosed', `'${String(p)}' is not a method pattern`);
  }
  if ((options.failClosed === true || (Array.isArray(options.failClosed) && options.failClosed.length > 0)) && !options.gate) {
    throw new ConfigError('failClosed', 'needs a gate (the durable exporter) that can tell whether a record can be kept');
  }
  if (options.metadataAllowlist !== undefined) {
    if (!Array.isArray(options.metadataAllowlist)) throw new ConfigError('metadataAllowlist', 'must be a list of metadata key names');
    for (const k of options.metadataAllowlist) {
      if (typeof k !== 'string' || !METADATA_KEY.test(k.toLowerCase())) throw new ConfigError('metadataAllowlist', `'${String(k)}' is not a metadata key name`);
    }
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
    explicitRecord: options.record !== undefined,
    patterns: compilePatterns(Object.entries(methods)),
    failClosedPatterns: options.failClosed ?? false,
    messageEventsPerSpan: perSpan ?? DEFAULT_MESSAGE_EVENTS_PER_SPAN,
    recordOffCallPath: options.recordOffCallPath ?? true,
    recordingDomain: options.recordingDomain,
  };
}

/** Effective configuration of one method: globals, then matching patterns from least to most specific. */
export function configForMethod(resolved: ResolvedOptions, methodPath: string): ResolvedMethodConfig {
  const out: ResolvedMethodConfig = { ...resolved.defaults };
  if (Array.isArray(resolved.failClosedPatterns)) {
    out.failClosed = resolved.failClosedPatterns.some((p) => matchesMethod(p, methodPath));
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
