import * as fs from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_DB_PATH } from '../../store/default-paths';
import { describeStoreLocation, openRecordStore } from '../../store/open-record-store';
import type { StoredRecord } from '../../store/record-store';
import { buildRopa, ropaHtml } from '../../rights/ropa';

interface RopaFlags {
  db: string;
  pgUrl?: string;
  format: string;
  out?: string;
}

const PAGE = 2000;

/** `grpc-audit ropa`: records of processing (Art. 30) from the observed flows. */
export function register(program: Command): void {
  program
    .command('ropa')
    .description('records of processing (GDPR Art. 30): per flow caller → callee, method, purposes, lawful bases, data categories seen, retention, recipients')
    .option('--db <file>', 'SQLite store', DEFAULT_DB_PATH)
    .option('--pg-url <url>', 'PostgreSQL cluster store instead of --db')
    .option('--format <format>', 'json | html', 'json')
    .option('--out <file>', 'write here (default: stdout)')
    .action(async (flags: RopaFlags) => {
      if (flags.format !== 'json' && flags.format !== 'html') throw new Error(`--format must be json or html, got "${flags.format}"`);
      const config = flags.pgUrl ? { type: 'postgres' as const, url: flags.pgUrl, readonly: true, maxConnections: 2 } : { type: 'sqlite' as const, path: flags.db, readonly: true };
      const store = await openRecordStore(config).catch((err: Error) => {
        throw new Error(`cannot open ${describeStoreLocation(config)}: ${err.message}`);
      });
      try {
        const records: StoredRecord[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await store.query({ recordType: 'span' }, { limit: PAGE, offset });
          records.push(...page);
          if (page.length < PAGE) break;
        }
        const report = buildRopa(records);
        const text = flags.format === 'html' ? ropaHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
        if (flags.out) fs.writeFileSync(flags.out, text);
        else process.stdout.write(text);
      } finally {
        await store.close();
      }
    });
}
