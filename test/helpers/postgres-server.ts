import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * A real, throwaway PostgreSQL server for one test (or bench) run: its own data directory in a
 * temp folder, listening on 127.0.0.1 only (plus a unix socket inside that folder), trust
 * authentication on loopback, removed again by stop(). Nothing is mocked: the store tests run
 * against the same server binaries a deployment uses.
 */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** Temp folder holding the data directory, socket and server log. */
  readonly dir: string;
  /** Major version of the server binaries used. */
  readonly version: string;
  /** Connection URL for `database` (default 'postgres'), user 'postgres', no password (trust). */
  url(database?: string): string;
  /** Creates a fresh, empty database with a unique name and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server (fast shutdown) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Longest wait for the server to accept connections (default 30 s). */
  startTimeoutMs?: number;
  /**
   * true: fsync on (as in production) — for benchmarks that compare durable commit rates.
   * false (default): fsync off, so tests do not spend the shared machine's disk on a database
   * that is deleted at the end anyway. Commit semantics (transactions, locks) are unchanged.
   */
  durable?: boolean;
}

/** Where Debian/Ubuntu's `postgresql` package puts the server binaries. */
const PG_LIB = '/usr/lib/postgresql';
const REQUIRED = ['initdb', 'pg_ctl', 'postgres'] as const;

/** Raised when no server binaries exist: tests must fail loudly, never skip silently. */
export class PostgresUnavailableError extends Error {
  override readonly name = 'PostgresUnavailableError';
}

/** Newest `<PG_LIB>/<major>/bin` holding initdb, pg_ctl and postgres (override: GRPC_AUDIT_PG_BIN). */
export function findPostgresBinaries(): { bin: string; version: string } {
  const override = process.env.GRPC_AUDIT_PG_BIN;
  const candidates: { bin: string; version: string }[] = [];
  if (override) candidates.push({ bin: override, version: path.basename(path.dirname(override)) });
  else if (fs.existsSync(PG_LIB)) {
    for (const v of fs.readdirSync(PG_LIB).sort((a, b) => Number(b) - Number(a))) {
      candidates.push({ bin: path.join(PG_LIB, v, 'bin'), version: v });
    }
  }
  for (const c of candidates) {
    if (REQUIRED.every((name) => fs.existsSync(path.join(c.bin, name)))) return c;
  }
  throw new PostgresUnavailableError(
    `PostgreSQL server binaries (${REQUIRED.join(', ')}) not found ` +
      (override ? `in GRPC_AUDIT_PG_BIN=${override}` : `under ${PG_LIB}/*/bin`) +
      `: install Debian's "postgresql" package (CI does this in .ci/run) or set GRPC_AUDIT_PG_BIN to the bin folder`,
  );
}

export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const { bin, version } = findPostgresBinaries();
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  // The server refuses to run as root: hand the folder to the `postgres` account and run as it.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[], timeout: number): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout, cwd: dir });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status}`;
      const log = fs.existsSync(logFile) ? `\n--- server log ---\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}` : '';
      throw new Error(`${cmd} failed (${why}): ${(r.stderr || r.stdout || '').trim().slice(-2000)}${log}`);
    }
  };
  let started = false;
  const cleanupDir = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      if (!Number.isInteger(uid)) throw new PostgresUnavailableError('running as root but there is no "postgres" user to run the server as');
      fs.chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], timeoutMs);
    const port = await freePort();
    const settings = [
      'listen_addresses=127.0.0.1',
      `port=${port}`,
      `unix_socket_directories=${dir}`,
      // Small footprint: the machine is shared.
      'shared_buffers=32MB',
      'max_connections=60',
      `fsync=${options.durable ? 'on' : 'off'}`,
      `synchronous_commit=${options.durable ? 'on' : 'off'}`,
      `full_page_writes=${options.durable ? 'on' : 'off'}`,
    ];
    const o = settings.map((s) => `-c ${s}`).join(' ');
    const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
    run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', seconds, '-o', o, 'start'], timeoutMs + 5000);
    started = true;
    const stopSync = (): void => {
      if (!started) return;
      started = false;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop'], 25_000);
      } catch {
        // Best effort on process exit.
      }
      cleanupDir();
    };
    // A crashed or interrupted run must not leave a server behind.
    process.once('exit', stopSync);
    let counter = 0;
    const url = (database = 'postgres'): string => `postgresql://postgres@127.0.0.1:${port}/${database}`;
    return {
      host: '127.0.0.1',
      port,
      dir,
      version,
      url,
      async createDatabase(prefix = 'test'): Promise<string> {
        const name = `${prefix}_${process.pid}_${++counter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
        const client = new Client({ connectionString: url() });
        await client.connect();
        try {
          // FILE_COPY: copying the tiny template is cheaper than WAL-logging it (PG ≥ 15 default).
          await client.query(`CREATE DATABASE ${name}${Number(version) >= 15 ? ' STRATEGY = FILE_COPY' : ''}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      async stop(): Promise<void> {
        if (!started) return;
        started = false;
        process.removeListener('exit', stopSync);
        try {
          run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], 35_000);
        } finally {
          cleanupDir();
        }
      },
    };
  } catch (err) {
    if (started) {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], 25_000);
      } catch {
        // already reported by err
      }
    }
    cleanupDir();
    throw err;
  }
}

/**
 * Mocha hooks: one server for the enclosing describe block, started in before() and stopped in
 * after(). Returns an accessor (the server exists only once before() ran).
 */
export function usePostgresServer(options: PostgresServerOptions = {}): () => PostgresServer {
  let server: PostgresServer | undefined;
  before(async function () {
    this.timeout((options.startTimeoutMs ?? 30_000) + 30_000);
    server = await startPostgresServer(options);
  });
  after(async function () {
    this.timeout(40_000);
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('PostgreSQL test server is not running (before() hook failed?)');
    return server;
  };
}

/** A TCP port free on 127.0.0.1 right now (the server binds it moments later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
