import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { describeRecordStoreConformance } from './record-store-conformance';

/** The shared RecordStore conformance suite against the embedded SQLite store (a fresh file per test). */
describeRecordStoreConformance('SqliteRecordStore', () => ({
  sharedLedgerWriters: false,
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-conf-sqlite-'));
    const file = path.join(dir, 'records.db');
    return {
      open: async () => new SqliteRecordStore({ path: file, synchronous: 'normal' }),
      async exec(sql: string) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      cliFlags: () => ({ db: file }),
      async destroy() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
}));
