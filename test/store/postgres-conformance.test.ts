import { Client } from 'pg';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import { usePostgresServer } from '../helpers/postgres-server';
import { describeRecordStoreConformance } from './record-store-conformance';

/**
 * The shared RecordStore conformance suite against the cluster store, on a real throwaway
 * PostgreSQL server (one per run of this file, a fresh database per test).
 */
describe('PostgreSQL store (real server)', () => {
  const server = usePostgresServer();
  describeRecordStoreConformance('PostgresRecordStore', () => ({
    sharedLedgerWriters: true,
    async create() {
      const url = await server().createDatabase('conf');
      return {
        open: () => PostgresRecordStore.open({ url, maxConnections: 2 }),
        async exec(sql: string) {
          const client = new Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(sql);
          } finally {
            await client.end();
          }
        },
        cliFlags: () => ({ pgUrl: url }),
        async destroy() {
          // The whole server and its data directory go at the end of the run.
        },
      };
    },
  }));
});
