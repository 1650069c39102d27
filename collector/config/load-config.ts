import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import YAML from 'yaml';
import type { ZodIssue } from 'zod';
import { ConfigError } from './config-error';
import { collectorConfigSchema, type CollectorConfig } from './collector-config';

/** Values given on the command line; each wins over environment, file and default. */
export interface CollectorFlags {
  config?: string;
  insecure?: boolean;
  listen?: string;
  metricsListen?: string | false;
  storePath?: string;
  policyFile?: string;
  logLevel?: string;
}

export interface LoadOptions {
  flags?: CollectorFlags;
  /** Defaults to process.env; passed in so tests never mutate the real environment. */
  env?: NodeJS.ProcessEnv;
}

type Parse = (raw: string) => unknown;
const asString: Parse = (raw) => raw;
const asBool: Parse = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error('must be true or false');
};
const asInt: Parse = (raw) => {
  if (!/^\d+$/.test(raw.trim())) throw new Error('must be a whole number');
  return Number(raw);
};
const asListenOrOff: Parse = (raw) => (/^(off|false|disabled?)$/i.test(raw) ? false : raw);

/** Environment variable → dotted config key. Documented in docs/collector.md. */
export const ENV_KEYS: ReadonlyArray<readonly [string, string, Parse]> = [
  ['GRPC_AUDIT_LISTEN', 'listen', asString],
  ['GRPC_AUDIT_INSECURE', 'insecure', asBool],
  ['GRPC_AUDIT_TLS_CERT_FILE', 'tls.certFile', asString],
  ['GRPC_AUDIT_TLS_KEY_FILE', 'tls.keyFile', asString],
  ['GRPC_AUDIT_TLS_CA_FILE', 'tls.caFile', asString],
  ['GRPC_AUDIT_POLICY_FILE', 'identity.policyFile', asString],
  ['GRPC_AUDIT_STORE_PATH', 'store.path', asString],
  ['GRPC_AUDIT_METRICS_LISTEN', 'metrics.listen', asListenOrOff],
  ['GRPC_AUDIT_LOG_LEVEL', 'log.level', asString],
  ['GRPC_AUDIT_MAX_RECEIVE_MESSAGE_BYTES', 'limits.maxReceiveMessageBytes', asInt],
];

const FLAG_KEYS: ReadonlyArray<readonly [keyof CollectorFlags, string, string]> = [
  ['insecure', 'insecure', '--insecure'],
  ['listen', 'listen', '--listen'],
  ['metricsListen', 'metrics.listen', '--metrics-listen'],
  ['storePath', 'store.path', '--store-path'],
  ['policyFile', 'identity.policyFile', '--policy-file'],
  ['logLevel', 'log.level', '--log-level'],
];

/** Keys holding file paths: relative values in a config file are resolved against its directory. */
const PATH_KEYS = ['tls.certFile', 'tls.keyFile', 'tls.caFile', 'identity.policyFile', 'store.path', 'store.signingKeyFile', 'retention.archiveDir'];

type Tree = Record<string, unknown>;

/** `forward.exporters[].tls.*File`: relative to the config file too (a list, so not in PATH_KEYS). */
function resolveForwardPaths(tree: Tree, dir: string): void {
  const exporters = getKey(tree, 'forward.exporters');
  if (!Array.isArray(exporters)) return;
  for (const e of exporters) {
    const t = (e as Tree | null)?.tls;
    if (!t || typeof t !== 'object') continue;
    for (const k of ['caFile', 'certFile', 'keyFile']) {
      const v = (t as Tree)[k];
      if (typeof v === 'string' && v !== '' && !path.isAbsolute(v)) (t as Tree)[k] = path.resolve(dir, v);
    }
  }
}

function setKey(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = tree;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (next === undefined || next === null) node[p] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) throw new ConfigError(p, 'must be a mapping');
    node = node[p] as Tree;
  }
  node[parts[parts.length - 1]] = value;
}

function getKey(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const p of key.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Tree)[p];
  }
  return node;
}

/**
 * Resolves configuration once: flag > environment > file > default. Throws ConfigError naming
 * the key, the reason and where the bad value came from.
 */
export function loadCollectorConfig(opts: LoadOptions = {}): CollectorConfig {
  const flags = opts.flags ?? {};
  const env = opts.env ?? process.env;
  const sources = new Map<string, string>();
  let tree: Tree = {};

  if (flags.config) {
    const file = path.resolve(flags.config);
    tree = readConfigFile(file);
    const dir = path.dirname(file);
    for (const key of PATH_KEYS) {
      const v = getKey(tree, key);
      if (typeof v === 'string' && v !== '' && !path.isAbsolute(v)) setKey(tree, key, path.resolve(dir, v));
    }
    resolveForwardPaths(tree, dir);
    markSources(tree, '', `file ${file}`, sources);
  }
  for (const [name, key, parse] of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown;
    try {
      value = parse(raw);
    } catch (err) {
      throw new ConfigError(key, (err as Error).message, `env ${name}`);
    }
    setKey(tree, key, value);
    sources.set(key, `env ${name}`);
  }
  for (const [flag, key, label] of FLAG_KEYS) {
    const value = flags[flag];
    if (value === undefined) continue;
    setKey(tree, key, value);
    sources.set(key, `flag ${label}`);
  }
  return validate(tree, (key) => sourceOf(key, sources));
}

/** Validates an in-memory configuration (tests, embedding); same rules and errors as files. */
export function parseCollectorConfig(raw: unknown, source = 'options'): CollectorConfig {
  return validate(raw, () => source);
}

function readConfigFile(file: string): Tree {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('--config', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new ConfigError('(root)', `invalid YAML${where}: ${e.message.split('\n')[0]}`, `file ${file}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('(root)', 'the file must hold a mapping of settings', `file ${file}`);
  }
  return value as Tree;
}

function markSources(value: unknown, prefix: string, source: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) markSources(v, prefix ? `${prefix}.${k}` : k, source, out);
  } else if (prefix) {
    out.set(prefix, source);
  }
}

function sourceOf(key: string, sources: Map<string, string>): string {
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const s = sources.get(k);
    if (s) return s;
  }
  const anyFile = [...sources.values()].find((s) => s.startsWith('file '));
  return anyFile ?? 'default';
}

function issueMessage(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown setting(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  if (issue.code === 'invalid_type') return `must be ${issue.expected}, got ${issue.received}`;
  if (issue.code === 'invalid_enum_value') return `must be one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}`;
  return issue.message;
}

function validate(raw: unknown, sourceFor: (key: string) => string): CollectorConfig {
  const parsed = collectorConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join('.') || '(root)';
    throw new ConfigError(key, issueMessage(issue), sourceFor(key));
  }
  const cfg = parsed.data;
  if (cfg.insecure && cfg.tls) {
    throw new ConfigError('insecure', 'conflicts with tls.*: choose mTLS (remove insecure) or plaintext (remove tls)', sourceFor('insecure'));
  }
  if (!cfg.insecure && !cfg.tls) {
    throw new ConfigError(
      'tls',
      'is required: the collector only accepts mTLS (set tls.certFile, tls.keyFile, tls.caFile) unless insecure: true / --insecure is given explicitly',
      sourceFor('tls'),
    );
  }
  if (!cfg.insecure && !cfg.identity.policyFile) {
    throw new ConfigError('identity.policyFile', 'is required with mTLS: without a policy no identity may report any service', sourceFor('identity.policyFile'));
  }
  // TLS 1.2 is Node's default floor; refuse to run if the process was started with a lower one.
  if (!cfg.insecure && (tls.DEFAULT_MIN_VERSION === 'TLSv1' || tls.DEFAULT_MIN_VERSION === 'TLSv1.1')) {
    throw new ConfigError('tls', `the process allows ${tls.DEFAULT_MIN_VERSION}; the collector requires TLS 1.2 or newer (remove --tls-min-v1.x)`, 'node options');
  }
  return cfg;
}
