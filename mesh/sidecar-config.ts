import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../interceptors/config/config-error';
import type { MethodOptions, RecordLevel } from '../interceptors/config/audit-options';

/**
 * The sidecar's configuration: a YAML file (`--config`), overridden by flags, validated once
 * into a typed object. Every error is a ConfigError naming the key (e.g. 'collector.certFile').
 */

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "expected 'host:port'");
const file = z.string().min(1);

const schema = z
  .object({
    listen: hostPort.default('127.0.0.1:15001'),
    upstream: hostPort.optional(),
    /** inbound: callers → sidecar → local application (server); outbound: local application (client) → sidecar → remote service. */
    direction: z.enum(['inbound', 'outbound']).default('inbound'),
    schemas: z
      .object({
        descriptors: z.union([file, z.array(file)]).optional(),
        reflection: z.boolean().default(false),
        reflectionTimeoutMs: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({}),
    listenerTls: z
      .object({ certFile: file, keyFile: file, caFile: file.optional(), requireClientCert: z.boolean().default(true) })
      .strict()
      .optional(),
    upstreamTls: z
      .object({ caFile: file, certFile: file.optional(), keyFile: file.optional(), servername: z.string().optional() })
      .strict()
      .optional(),
    /** Allow a plaintext upstream that is not on loopback (by default only a local upstream may be plaintext). */
    allowPlaintextRemoteUpstream: z.boolean().default(false),
    application: z
      .object({
        /** service.name of the records: the application's name, which the collector's identity policy must allow for the sidecar's identity. */
        serviceName: z.string().min(1),
        /** The application's SPIFFE ID, when the local leg carries no certificate. */
        identity: z.string().regex(/^spiffe:\/\/[^/]+\/.+/, 'expected a SPIFFE ID').optional(),
      })
      .strict(),
    collector: z
      .object({
        address: hostPort,
        caFile: file,
        /** The sidecar's own X509-SVID. */
        certFile: file,
        keyFile: file,
        spoolDir: file.optional(),
        persistence: z.enum(['write-ahead', 'overflow', 'memory']).default('write-ahead'),
      })
      .strict()
      .optional(),
    audit: z
      .object({
        record: z.enum(['none', 'metadata', 'full']).optional(),
        maxPayloadBytes: z.number().int().positive().optional(),
        sampleRate: z.number().min(0).max(1).optional(),
        metadataAllowlist: z.array(z.string()).optional(),
        failClosed: z.union([z.boolean(), z.array(z.string())]).optional(),
        methods: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      })
      .strict()
      .default({}),
    masking: z.object({ policyFile: file.optional(), keyringFile: file.optional() }).strict().default({}),
    maxMessageBytes: z.number().int().positive().default(4 * 1024 * 1024),
  })
  .strict();

export type SidecarConfigInput = z.input<typeof schema>;

export interface SidecarConfig {
  listen: string;
  /** '' for the external processor. */
  upstream: string;
  direction: 'inbound' | 'outbound';
  schemas: { descriptors: string[]; reflection: boolean; reflectionTimeoutMs: number };
  listenerTls?: { certFile: string; keyFile: string; caFile?: string; requireClientCert: boolean };
  upstreamTls?: { caFile: string; certFile?: string; keyFile?: string; servername?: string };
  application: { serviceName: string; identity?: string };
  collector?: { address: string; caFile: string; certFile: string; keyFile: string; spoolDir?: string; persistence: 'write-ahead' | 'overflow' | 'memory' };
  audit: { record?: RecordLevel; maxPayloadBytes?: number; sampleRate?: number; metadataAllowlist?: string[]; failClosed?: boolean | string[]; methods?: Record<string, MethodOptions> };
  masking: { policyFile?: string; keyringFile?: string };
  maxMessageBytes: number;
}

/** Command-line flags; each overrides its key in the file. */
export interface SidecarFlags {
  listen?: string;
  upstream?: string;
  descriptors?: string;
  reflection?: boolean;
  direction?: string;
}

function isLoopback(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** 'sidecar' needs an upstream; 'ext-proc' has none (Envoy is the proxy), so no reflection either. */
export type MeshComponent = 'sidecar' | 'ext-proc';

export function parseSidecarConfig(input: unknown, component: MeshComponent = 'sidecar'): SidecarConfig {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issue.path.join('.') || 'config', issue.message);
  }
  const c = parsed.data;
  if (component === 'sidecar' && !c.upstream) throw new ConfigError('upstream', "is required ('host:port' of the application or remote service)");
  if (component === 'ext-proc' && c.schemas.reflection) throw new ConfigError('schemas.reflection', 'is not available to the external processor (it has no upstream): give descriptors');
  const upstream = c.upstream ?? '';
  const descriptors = c.schemas.descriptors === undefined ? [] : Array.isArray(c.schemas.descriptors) ? c.schemas.descriptors : [c.schemas.descriptors];
  if (descriptors.length > 0 && c.schemas.reflection) throw new ConfigError('schemas', 'give descriptors or reflection, not both');
  if (upstream && !c.upstreamTls && !isLoopback(upstream) && !c.allowPlaintextRemoteUpstream) {
    throw new ConfigError('upstreamTls', `is required for a non-local upstream (${upstream}); set allowPlaintextRemoteUpstream only inside a trusted network namespace`);
  }
  if (c.upstreamTls && (c.upstreamTls.certFile === undefined) !== (c.upstreamTls.keyFile === undefined)) {
    throw new ConfigError('upstreamTls', 'certFile and keyFile go together');
  }
  if (c.collector && c.collector.persistence !== 'memory' && !c.collector.spoolDir) throw new ConfigError('collector.spoolDir', `is required with persistence '${c.collector.persistence}'`);
  return {
    listen: c.listen,
    upstream,
    direction: c.direction,
    schemas: { descriptors, reflection: c.schemas.reflection, reflectionTimeoutMs: c.schemas.reflectionTimeoutMs },
    listenerTls: c.listenerTls,
    upstreamTls: c.upstreamTls,
    application: c.application,
    collector: c.collector,
    audit: c.audit as SidecarConfig['audit'],
    masking: c.masking,
    maxMessageBytes: c.maxMessageBytes,
  };
}

/** Reads `--config FILE` (YAML) and applies the flags over it. */
export function loadSidecarConfig(configFile: string | undefined, flags: SidecarFlags, component: MeshComponent = 'sidecar'): SidecarConfig {
  let raw: Record<string, unknown> = {};
  if (configFile) {
    let text: string;
    try {
      text = fs.readFileSync(configFile, 'utf8');
    } catch (err) {
      throw new ConfigError('config', `cannot read ${configFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      throw new ConfigError('config', `${configFile} is not valid YAML`);
    }
    if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) throw new ConfigError('config', `${configFile} must hold a mapping`);
    raw = (doc ?? {}) as Record<string, unknown>;
  }
  const merged: Record<string, unknown> = { ...raw };
  if (flags.listen !== undefined) merged.listen = flags.listen;
  if (flags.upstream !== undefined) merged.upstream = flags.upstream;
  if (flags.direction !== undefined) merged.direction = flags.direction;
  if (flags.descriptors !== undefined || flags.reflection !== undefined) {
    const schemas = { ...((raw.schemas as Record<string, unknown> | undefined) ?? {}) };
    if (flags.descriptors !== undefined) {
      schemas.descriptors = flags.descriptors;
      schemas.reflection = false;
    }
    if (flags.reflection) {
      schemas.reflection = true;
      delete schemas.descriptors;
    }
    merged.schemas = schemas;
  }
  return parseSidecarConfig(merged, component);
}
