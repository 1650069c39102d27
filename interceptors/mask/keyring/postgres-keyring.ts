import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { KeyMaterial } from './keyring';
import { MemoryKeyring, type KeyringState } from './memory-keyring';

/** Schema of the shared keyring; created on open when absent (idempotent). */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS grpcaudit_keyring_hmac (
  id         TEXT PRIMARY KEY,
  key        BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS grpcaudit_keyring_data (
  id         TEXT PRIMARY KEY,
  subject    TEXT NOT NULL,
  key        BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS grpcaudit_keyring_data_by_subject ON grpcaudit_keyring_data(subject);
CREATE TABLE IF NOT EXISTS grpcaudit_keyring_erasures (
  subject   TEXT PRIMARY KEY,
  erased_at TIMESTAMPTZ NOT NULL
);`;

/** NOTIFY channel on which an erasure is announced (payload: the subject reference). */
export const KEYRING_ERASED_CHANNEL = 'grpcaudit_keyring_erased';

export interface PostgresKeyringOptions {
  /** postgresql:// URL; the password belongs in PGPASSWORD or ~/.pgpass. */
  url: string;
  /** Listen for erasures made elsewhere and drop those subjects' keys from memory (default true). */
  listen?: boolean;
}

/**
 * A keyring held in PostgreSQL, shared by every emitting process and the collector — the cluster
 * counterpart of FileKeyring. The Keyring interface is synchronous (it runs inside masking), so:
 * - pseudonymisation keys are loaded at open (a first one is created when the table is empty; when
 *   two processes race, both adopt the lowest id stored);
 * - a subject's data key is created in memory on first use and written in the background
 *   (`flush()` waits for the writes). Each process makes its own keys for a subject; erasure
 *   deletes them all. A key whose write failed leaves its values unreadable, like an erasure —
 *   `flush()` rejects with the error so an operator sees it.
 * - `eraseSubject` deletes every data key of the subject, records a tombstone and NOTIFYs the
 *   other processes, which drop the subject's keys from memory: what they encrypt afterwards uses
 *   a new key. A key created before the erasure but written after it is refused by the tombstone
 *   (compared on created_at, i.e. on the clocks of the two hosts).
 */
export class PostgresKeyring extends MemoryKeyring {
  private writes: Promise<void> = Promise.resolve();
  private writeError: Error | undefined;
  private listener: Client | undefined;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    state: KeyringState,
  ) {
    super(state);
  }

  static async open(options: PostgresKeyringOptions): Promise<PostgresKeyring> {
    const pool = new Pool({ connectionString: options.url, max: 2 });
    try {
      await pool.query(SCHEMA);
      let rows = (await pool.query<{ id: string; key: Buffer }>('SELECT id, key FROM grpcaudit_keyring_hmac ORDER BY created_at, id')).rows;
      if (rows.length === 0) {
        await pool.query('INSERT INTO grpcaudit_keyring_hmac (id, key) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', ['k1', randomBytes(32)]);
        rows = (await pool.query<{ id: string; key: Buffer }>('SELECT id, key FROM grpcaudit_keyring_hmac ORDER BY created_at, id')).rows;
      }
      const hmacKeys: Record<string, string> = {};
      for (const r of rows) hmacKeys[r.id] = r.key.toString('base64');
      const ring = new PostgresKeyring(pool, { version: 1, current: rows[rows.length - 1].id, hmacKeys, dataKeys: {}, subjects: {} });
      if (options.listen !== false) await ring.listen(options.url);
      return ring;
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  override subjectKey(subjectRef: string): KeyMaterial {
    const known = this.state.subjects[subjectRef];
    const km = super.subjectKey(subjectRef);
    if (known !== km.id) {
      const entry = this.state.dataKeys[km.id];
      this.write(
        `INSERT INTO grpcaudit_keyring_data (id, subject, key, created_at)
         SELECT $1, $2, $3, $4
          WHERE NOT EXISTS (SELECT 1 FROM grpcaudit_keyring_erasures e WHERE e.subject = $2 AND e.erased_at >= $4)
         ON CONFLICT (id) DO NOTHING`,
        [km.id, subjectRef, km.key, entry.created],
      );
    }
    return km;
  }

  override rotate(): KeyMaterial {
    const km = super.rotate();
    this.write('INSERT INTO grpcaudit_keyring_hmac (id, key) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [km.id, km.key]);
    return km;
  }

  /** A data key by id, from memory or else from the database (for exports in another process). */
  async loadDataKey(id: string): Promise<KeyMaterial | undefined> {
    const local = this.dataKey(id);
    if (local) return local;
    const r = await this.pool.query<{ key: Buffer }>('SELECT key FROM grpcaudit_keyring_data WHERE id = $1', [id]);
    return r.rows[0] ? { id, key: r.rows[0].key } : undefined;
  }

  /**
   * Destroys every data key of the subject in the database (and here), records the erasure and
   * tells the other processes. Returns how many keys the database held.
   */
  async eraseSubject(subjectRef: string): Promise<number> {
    await this.flush().catch(() => undefined);
    this.destroySubjectKeys(subjectRef);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const del = await client.query('DELETE FROM grpcaudit_keyring_data WHERE subject = $1', [subjectRef]);
      await client.query(
        `INSERT INTO grpcaudit_keyring_erasures (subject, erased_at) VALUES ($1, now())
         ON CONFLICT (subject) DO UPDATE SET erased_at = now()`,
        [subjectRef],
      );
      await client.query('SELECT pg_notify($1, $2)', [KEYRING_ERASED_CHANNEL, subjectRef]);
      await client.query('COMMIT');
      return del.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Waits for every background key write; rejects with the first one that failed. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError) {
      const err = this.writeError;
      this.writeError = undefined;
      throw err;
    }
  }

  /** Writes what is pending, stops listening and closes the pool. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private write(sql: string, params: unknown[]): void {
    this.writes = this.writes.then(
      () => this.pool.query(sql, params).then(() => undefined),
    ).catch((err: Error) => {
      this.writeError ??= err;
    });
  }

  private async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url });
    await client.connect();
    client.on('notification', (msg) => {
      if (msg.channel === KEYRING_ERASED_CHANNEL && msg.payload) this.destroySubjectKeys(msg.payload);
    });
    // A lost listening connection only delays forgetting erased keys here; new data would then
    // be encrypted under a destroyed key id and be unreadable, which errs on the side of erasure.
    client.on('error', () => undefined);
    await client.query(`LISTEN ${KEYRING_ERASED_CHANNEL}`);
    this.listener = client;
  }
}
