import type { Command } from 'commander';
import * as fs from 'node:fs';
import { loadCollectorConfig } from '../../config/load-config';
import { buildRopa, renderRopaHtml } from '../../ropa/ropa-report';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { openRecordStore, type RecordStoreConfig } from '../../store/open-record-store';

/** `grpc-audit ropa`: records of processing (GDPR Art. 30) from the flows the ledger observed. */
export function register(program: Command): void {
  program
    .command('ropa')
    .description('records of processing (GDPR Art. 30): per flow caller → service/method, purposes, lawful bases, data categories, retention, recipients')
    .option('--config <file>', 'collector config (its store)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--from <time>', 'calls started at or after (ISO 8601 or Unix ms)')
    .option('--to <time>', 'calls started before (ISO 8601 or Unix ms)')
    .option('--format <format>', 'json | html', 'json')
    .option('--out <file>', 'write the report here instead of stdout')
    .action(async (flags: { config?: string; db: string; pgUrl?: string; from?: string; to?: string; format: string; out?: string }) => {
      try {
        if (flags.format !== 'json' && flags.format !== 'html') throw new Error(`--format must be json or html, got ${flags.format}`);
        let storeConfig: RecordStoreConfig;
        if (flags.config) {
          const cfg = loadCollectorConfig({ flags: { config: flags.config } });
          storeConfig = cfg.store.type === 'postgres' ? { type: 'postgres', url: cfg.store.url, readonly: true, maxConnections: 1 } : { type: 'sqlite', path: cfg.store.path, readonly: true };
        } else storeConfig = flags.pgUrl ? { type: 'postgres', url: flags.pgUrl, readonly: true, maxConnections: 1 } : { type: 'sqlite', path: flags.db, readonly: true };
        const store = await openRecordStore(storeConfig);
        try {
          const report = await buildRopa(store, { fromUnixNano: flags.from ? time('--from', flags.from) : undefined, toUnixNano: flags.to ? time('--to', flags.to) : undefined });
          const text = flags.format === 'html' ? renderRopaHtml(report) : JSON.stringify(report, null, 2) + '\n';
          if (flags.out) fs.writeFileSync(flags.out, text);
          else process.stdout.write(text);
        } finally {
          await store.close();
        }
      } catch (err) {
        process.stderr.write(`grpc-audit: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
      }
    });
}

function time(flag: string, text: string): bigint {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`${flag}: not an ISO 8601 time or Unix milliseconds: ${text}`);
  return BigInt(ms) * 1_000_000n;
}
