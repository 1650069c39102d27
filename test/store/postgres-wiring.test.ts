import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { describeStoreLocation, openRecordStore } from '../../collector/store/open-record-store';
import { PostgresRecordStore } from '../../collector/store/postgres-record-store';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import {
  findPostgresBinaries,
  PostgresUnavailableError,
  startPostgresServer,
  usePostgresServer,
} from '../helpers/postgres-server';
import { makeRecords } from './make-records';

describe('store: openRecordStore and the throwaway PostgreSQL server', () => {
  const server = usePostgresServer();

  it('openRecordStore opens the configured store type', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-open-'));
    const stores = [
      await openRecordStore({ type: 'sqlite', path: path.join(dir, 'a.db') }),
      await openRecordStore({ type: 'postgres', url: await server().createDatabase('open'), maxConnections: 1 }),
    ];
    try {
      assert.ok(stores[0] instanceof SqliteRecordStore);
      assert.ok(stores[1] instanceof PostgresRecordStore);
      for (const s of stores) {
        assert.deepEqual(await s.append(makeRecords(0, 3)), { accepted: 3, duplicates: 0, firstLeafIndex: 0 });
        assert.equal(await s.count(), 3);
      }
      await assert.rejects(openRecordStore({ type: 'mongo' } as never), /unknown store type "mongo"/);
    } finally {
      for (const s of stores) await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describeStoreLocation never shows a password', () => {
    assert.equal(
      describeStoreLocation({ type: 'postgres', url: 'postgresql://audit:s3cret@db.internal:5432/audit?sslmode=require' }),
      'postgresql://audit:***@db.internal:5432/audit?sslmode=require',
    );
    assert.doesNotMatch(describeStoreLocation({ type: 'postgres', url: 'postgresql://db/x?password=s3cret' }), /s3cret/);
    assert.equal(describeStoreLocation({ type: 'postgres', url: 'not a url s3cret' }), '<unparsable postgres url>');
    assert.equal(describeStoreLocation({ type: 'sqlite', path: '/var/lib/a.db' }), '/var/lib/a.db');
  });

  it('the test server listens on 127.0.0.1 only, with its socket in its own temp folder', async () => {
    const c = new Client({ connectionString: server().url() });
    await c.connect();
    try {
      const get = async (name: string): Promise<string> => (await c.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
      assert.equal(await get('listen_addresses'), '127.0.0.1');
      assert.equal(await get('unix_socket_directories'), server().dir);
      assert.equal(await get('port'), String(server().port));
    } finally {
      await c.end();
    }
    assert.ok(fs.existsSync(path.join(server().dir, `.s.PGSQL.${server().port}`)), 'unix socket in the temp folder');
  });

  it('stop() shuts the server down and removes its folder; twice is safe', async function () {
    this.timeout(90_000);
    const s = await startPostgresServer();
    assert.ok(fs.existsSync(s.dir));
    await s.stop();
    await s.stop();
    assert.equal(fs.existsSync(s.dir), false);
    const c = new Client({ connectionString: s.url(), connectionTimeoutMillis: 2000 });
    await assert.rejects(c.connect(), /ECONNREFUSED/);
  });

  it('missing server binaries fail loudly with what to install', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-nopg-'));
    const saved = process.env.GRPC_AUDIT_PG_BIN;
    process.env.GRPC_AUDIT_PG_BIN = empty;
    try {
      assert.throws(findPostgresBinaries, (e: unknown) => e instanceof PostgresUnavailableError && /install Debian's "postgresql" package/.test(e.message));
      await assert.rejects(startPostgresServer(), PostgresUnavailableError);
    } finally {
      if (saved === undefined) delete process.env.GRPC_AUDIT_PG_BIN;
      else process.env.GRPC_AUDIT_PG_BIN = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
