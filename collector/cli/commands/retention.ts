import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as zlib from 'node:zlib';
import YAML from 'yaml';
import { loadCollectorConfig } from '../../config/load-config';
import { loadVerifierKey } from '../../ledger/signing-key';
import { verifyArchive } from '../../retention/retention-archive';
import { retentionPolicySchema, type RetentionPolicy } from '../../retention/retention-policy';
import { runRetention, type RetentionReport } from '../../retention/retention-run';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { openRecordStore, type RecordStoreConfig } from '../../store/open-record-store';
import type { HoldScope, LegalHold, NewLegalHold } from '../../store/retention-store';
import type { RetentionStore } from '../../store/retention-store';

/**
 * `grpc-audit retention run|verify-archive` and `grpc-audit hold place|release|list`: retention
 * classes and legal holds over the store directly (the collector also runs retention on its own
 * schedule, `retention.intervalMinutes`). Exit codes: 0 done, 1 a check failed, 2 cannot run.
 */
interface StoreFlags {
  config?: string;
  db: string;
  pgUrl?: string;
}

function storeAndPolicy(flags: StoreFlags & { policy?: string }): { store: RecordStoreConfig; policy: RetentionPolicy } {
  if (flags.config) {
    const cfg = loadCollectorConfig({ flags: { config: flags.config } });
    const store: RecordStoreConfig = cfg.store.type === 'postgres' ? { type: 'postgres', url: cfg.store.url, maxConnections: 2 } : { type: 'sqlite', path: cfg.store.path };
    return { store, policy: flags.policy ? readPolicy(flags.policy) : cfg.retention };
  }
  if (!flags.policy) throw new CliError('give --config (collector config with a retention section) or --policy FILE');
  return { store: storeOf(flags), policy: readPolicy(flags.policy) };
}

function storeOf(flags: StoreFlags): RecordStoreConfig {
  if (flags.config) {
    const cfg = loadCollectorConfig({ flags: { config: flags.config } });
    return cfg.store.type === 'postgres' ? { type: 'postgres', url: cfg.store.url, maxConnections: 2 } : { type: 'sqlite', path: cfg.store.path };
  }
  return flags.pgUrl ? { type: 'postgres', url: flags.pgUrl, maxConnections: 2 } : { type: 'sqlite', path: flags.db };
}

/** A policy file is YAML or JSON: the policy itself, or a collector config with a `retention` key. */
function readPolicy(file: string): RetentionPolicy {
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read retention policy ${file}: ${(err as Error).message}`);
  }
  const tree = raw && typeof raw === 'object' && 'retention' in raw ? (raw as { retention: unknown }).retention : raw;
  const parsed = retentionPolicySchema.safeParse(tree);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CliError(`retention policy ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}

class CliError extends Error {}

async function withRetention<T>(flags: StoreFlags, fn: (rs: RetentionStore) => Promise<T>): Promise<T> {
  const store = await openRecordStore(storeOf(flags));
  try {
    return await fn((store as unknown as { retention(): RetentionStore }).retention());
  } finally {
    await store.close();
  }
}

function fail(err: unknown): void {
  process.stderr.write(`grpc-audit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}

function parseTime(flag: string, text: string): bigint {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new CliError(`${flag}: not an ISO 8601 time or Unix milliseconds: ${text}`);
  return BigInt(ms) * 1_000_000n;
}

function who(by: string | undefined): string {
  return by ?? `local:${os.userInfo().username}`;
}

export function renderRetentionReport(r: RetentionReport): string {
  const lines = [`retention ${r.dryRun ? 'dry run' : 'run'} at ${new Date(r.nowMs).toISOString()}: ${r.examined} records examined`];
  for (const [name, c] of Object.entries(r.byClass)) {
    lines.push(`  class ${name} (${c.action}): ${c.expired} expired, ${c.pruned} pruned${c.archiveFile ? `, archived to ${c.archiveFile}` : ''}`);
  }
  lines.push(`  kept: ${r.held} under legal hold, ${r.unclassified} without a class, ${r.awaitingCheckpoint} awaiting a checkpoint`);
  for (const [name, n] of Object.entries(r.unknownClass)) lines.push(`  kept: ${n} naming unknown class "${name}"`);
  return lines.join('\n') + '\n';
}

function renderHold(h: LegalHold): string {
  const what = h.scope === 'time'
    ? `time [${h.fromUnixNano !== undefined ? new Date(Number(h.fromUnixNano / 1_000_000n)).toISOString() : '-∞'}, ${h.toUnixNano !== undefined ? new Date(Number(h.toUnixNano / 1_000_000n)).toISOString() : '∞'})`
    : `${h.scope} ${h.value}`;
  const released = h.releasedAtMs !== undefined ? ` — released ${new Date(h.releasedAtMs).toISOString()} by ${h.releasedBy}: ${h.releaseReason}` : '';
  return `hold ${h.id}: ${what} — placed ${new Date(h.placedAtMs).toISOString()} by ${h.placedBy}: ${h.reason}${released}`;
}

function holdJson(h: LegalHold): Record<string, unknown> {
  return { ...h, fromUnixNano: h.fromUnixNano?.toString(), toUnixNano: h.toUnixNano?.toString() };
}

export function register(program: Command): void {
  const retention = program.command('retention').description('retention classes: prune (and archive) record bodies past their age; proofs keep verifying');
  retention
    .command('run')
    .description('one retention pass over the store (expired bodies archived with proofs and/or pruned; legal holds respected)')
    .option('--config <file>', 'collector config: its store and retention section')
    .option('--policy <file>', 'retention policy (YAML/JSON) instead of the config\'s retention section')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--dry-run', 'report what would be archived and pruned; change nothing')
    .option('--now <time>', 'run as of this time (ISO 8601 or Unix ms; default now)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: StoreFlags & { policy?: string; dryRun?: boolean; now?: string; format: string }) => {
      try {
        const { store: storeConfig, policy } = storeAndPolicy(flags);
        const nowMs = flags.now ? Number(parseTime('--now', flags.now) / 1_000_000n) : Date.now();
        const store = await openRecordStore(storeConfig);
        try {
          const report = await runRetention(store as never, { policy, nowMs, dryRun: flags.dryRun === true });
          process.stdout.write(flags.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderRetentionReport(report));
        } finally {
          await store.close();
        }
      } catch (err) {
        fail(err);
      }
    });
  retention
    .command('verify-archive <file>')
    .description('check a retention archive offline: checkpoint signature, body digests, inclusion proofs')
    .requiredOption('--key <pubkey>', 'trusted public key of the collector: PEM file or verifier key line (kept outside the store)')
    .action((file: string, flags: { key: string }) => {
      try {
        const origin = originOfArchive(file);
        const check = verifyArchive(file, loadVerifierKey(origin, flags.key));
        process.stdout.write(`OK: ${check.records} records of class ${check.retentionClass} proven against the signed checkpoint of size ${check.treeSize}\n`);
      } catch (err) {
        process.stdout.write(`FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });

  const hold = program.command('hold').description('legal holds: records they cover keep their bodies whatever their retention class');
  hold
    .command('place')
    .description('place a legal hold on a trace, a service, a subject reference or a time range')
    .option('--config <file>', 'collector config (its store)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--trace <id>', 'trace id (32 hex)')
    .option('--service <name>', 'service name')
    .option('--subject-ref <ref>', 'pseudonymous subject reference as stored (hmac:…)')
    .option('--from <time>', 'time hold: start times at or after (ISO 8601 or Unix ms)')
    .option('--to <time>', 'time hold: start times before')
    .requiredOption('--reason <text>', 'why (recorded with the hold)')
    .option('--by <who>', 'who places it (default local:<user>)')
    .action(async (flags: StoreFlags & { trace?: string; service?: string; subjectRef?: string; from?: string; to?: string; reason: string; by?: string }) => {
      try {
        const given = [flags.trace, flags.service, flags.subjectRef, flags.from ?? flags.to].filter((v) => v !== undefined);
        if (given.length !== 1) throw new CliError('give exactly one of --trace, --service, --subject-ref, or --from/--to');
        const scope: HoldScope = flags.trace ? 'trace' : flags.service ? 'service' : flags.subjectRef ? 'subject' : 'time';
        const h: NewLegalHold = { scope, reason: flags.reason, placedBy: who(flags.by), placedAtMs: Date.now() };
        if (scope === 'time') {
          if (flags.from) h.fromUnixNano = parseTime('--from', flags.from);
          if (flags.to) h.toUnixNano = parseTime('--to', flags.to);
        } else h.value = flags.trace ?? flags.service ?? flags.subjectRef;
        const placed = await withRetention(flags, (rs) => rs.placeLegalHold(h));
        process.stdout.write(renderHold(placed) + '\n');
      } catch (err) {
        fail(err);
      }
    });
  hold
    .command('release <id>')
    .description('release a legal hold (kept in the list with who released it and why)')
    .option('--config <file>', 'collector config (its store)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .requiredOption('--reason <text>', 'why')
    .option('--by <who>', 'who releases it (default local:<user>)')
    .action(async (id: string, flags: StoreFlags & { reason: string; by?: string }) => {
      try {
        if (!/^\d+$/.test(id)) throw new CliError(`hold id must be a number, got ${id}`);
        const released = await withRetention(flags, (rs) => rs.releaseLegalHold(Number(id), who(flags.by), flags.reason, Date.now()));
        process.stdout.write(renderHold(released) + '\n');
      } catch (err) {
        fail(err);
      }
    });
  hold
    .command('list')
    .description('active legal holds (--all: released ones too)')
    .option('--config <file>', 'collector config (its store)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--all', 'include released holds')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: StoreFlags & { all?: boolean; format: string }) => {
      try {
        const holds = await withRetention(flags, (rs) => rs.listLegalHolds({ includeReleased: flags.all === true }));
        process.stdout.write(flags.format === 'json' ? JSON.stringify(holds.map(holdJson), null, 2) + '\n' : holds.map(renderHold).join('\n') + (holds.length ? '\n' : 'no legal holds\n'));
      } catch (err) {
        fail(err);
      }
    });
}

/** The origin named by an archive's checkpoint (the verifier key is looked up under it). */
function originOfArchive(file: string): string {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { checkpoint?: string };
  return String(header.checkpoint ?? '').split('\n')[0];
}
