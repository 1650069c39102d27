/**
 * PostgreSQL cluster-store benchmark (issues 4 and 6, PostgreSQL half): append rate with the
 * ledger versus a bare batched INSERT into the same Postgres schema, in the same run, interleaved
 * rounds; plus two replicas appending to one database at once, and `verify` time.
 *
 *   node --import tsx bench/collector-postgres.ts            # 50k records × 3 rounds, verify 50k
 *   node --import tsx bench/collector-postgres.ts --quick    # 5k records × 1 round, verify 5k
 *   ... --url postgresql://user@host:5432/db                 # use an existing server (a scratch database!)
 *
 * Without --url a throwaway server is started with fsync ON (durable commits, like SQLite's
 * synchronous=FULL in bench/collector-ingest.ts), so rates are comparable between the two stores.
 * `runPostgresCollectorBench(opts)` returns the figures for `npm run bench`.
 */
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import { Client } from 'pg';
import { AuditLog } from '../collector/ledger/audit-log';
import { parseVerifierKey } from '../collector/ledger/signing-key';
import { verifyLog } from '../collector/ledger/verify-log';
import { monthOf, PostgresRecordStore } from '../collector/store/postgres-record-store';
import type { AuditRecord } from '../collector/store/record';
import { makeRecord } from '../test/store/make-records';
import { startPostgresServer, type PostgresServer } from '../test/helpers/postgres-server';

export interface PostgresBenchOptions {
  /** Smaller sizes, one round: a smoke test, figures are rough. */
  quick?: boolean;
  /** Records per ingest run (default 50k; quick 5k). */
  records?: number;
  /** Records per append batch (default 512, the collector's default batch). */
  batchSize?: number;
  /** Interleaved rounds (default 3; quick 1). */
  rounds?: number;
  /**
   * A server to use instead of a throwaway one: the URL of any database there; the bench creates
   * and drops its own databases `ga_bench_*` (the user needs CREATEDB).
   */
  url?: string;
  log?: (line: string) => void;
}

type PathName = 'bareInsert' | 'storeNoLedger' | 'ledger' | 'ledgerTwoReplicas';
type Rates = Record<PathName, number>;

export interface PostgresBenchResult {
  node: string;
  cpus: number;
  server: { version: string; fsync: string; synchronousCommit: string; throwaway: boolean };
  ingest: {
    records: number;
    batchSize: number;
    bodyBytes: number;
    rounds: number;
    /** Median records/s per path. */
    recordsPerSec: Rates;
    /** ledger ÷ path (goal ≥ 0.7 against the bare insert). */
    ratio: { ledgerVsBareInsert: number; ledgerVsStoreNoLedger: number; twoReplicasVsOneLedger: number };
    perRound: Rates[];
  };
  verify: { records: number; checkpoints: number; seconds: number; recordsPerSec: number; ok: boolean };
}

const BODY_BYTES = 1024;

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function batchesOf(records: AuditRecord[], size: number): AuditRecord[][] {
  const out: AuditRecord[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}

/** Databases on one server: created fresh for every measured path, dropped afterwards. */
class Databases {
  private n = 0;
  constructor(private readonly adminUrl: string) {}

  async create(): Promise<string> {
    const name = `ga_bench_${process.pid}_${++this.n}`;
    await this.admin(`CREATE DATABASE ${name}`);
    const u = new URL(this.adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  async drop(url: string): Promise<void> {
    await this.admin(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  }

  async admin(sql: string): Promise<Record<string, unknown>[]> {
    const c = new Client({ connectionString: this.adminUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  }
}

/**
 * A migrated, empty store whose month partition already exists, so no path pays for DDL inside
 * its timed window.
 */
async function freshStore(dbs: Databases, records: AuditRecord[], maxConnections = 2): Promise<{ url: string; store: PostgresRecordStore }> {
  const url = await dbs.create();
  const store = await PostgresRecordStore.open({ url, maxConnections });
  const months = new Map<string, { from: bigint; to: bigint }>();
  for (const r of records) {
    const m = monthOf(BigInt(r.startTimeUnixNano));
    if (m) months.set(m.name, m);
  }
  for (const [name, m] of months) await store.pool.query(`CREATE TABLE ${name} PARTITION OF records FOR VALUES FROM (${m.from}) TO (${m.to})`);
  return { url, store };
}

/**
 * The same rows into the same tables (records + subject side table), one transaction and one
 * multi-row INSERT per table per batch: no validation, de-duplication, body digest, advisory
 * lock, record index or ledger. What a plain "insert the spans" pipeline would cost.
 */
async function runBareInsert(store: PostgresRecordStore, batches: AuditRecord[][]): Promise<number> {
  const client = await store.pool.connect();
  const digest = '0'.repeat(64);
  let next = 0;
  try {
    const t = process.hrtime.bigint();
    for (const batch of batches) {
      const cols: unknown[][] = Array.from({ length: 20 }, () => []);
      const refs: string[] = [];
      const leaves: number[] = [];
      for (const r of batch) {
        const idx = next++;
        const v = [idx, r.recordId, r.recordType, r.emitterId ?? null, r.seq ?? null, r.identity, r.service, r.method, r.kind, r.traceId,
          r.spanId, r.parentSpanId ?? null, r.startTimeUnixNano, r.endTimeUnixNano, r.startTimeUnixNano, r.grpcStatusCode ?? null,
          JSON.stringify(r.subjectRefs), r.receivedAtMs, r.body, digest];
        for (let c = 0; c < v.length; c++) cols[c].push(v[c]);
        for (const s of r.subjectRefs) {
          refs.push(s);
          leaves.push(idx);
        }
      }
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO records (leaf_index, record_id, record_type, emitter_id, seq, identity, service, method, kind,
           trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns,
           grpc_status_code, subject_refs, received_at_ms, body, body_sha256)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[],
           $16::int[], $17::text[], $18::bigint[], $19::text[], $20::text[])`,
        cols,
      );
      if (refs.length) {
        await client.query('INSERT INTO record_subjects (subject_ref, leaf_index) SELECT * FROM unnest($1::text[], $2::bigint[])', [refs, leaves]);
      }
      await client.query('COMMIT');
    }
    return seconds(t);
  } finally {
    client.release();
  }
}

async function runStoreNoLedger(store: PostgresRecordStore, batches: AuditRecord[][]): Promise<number> {
  const t = process.hrtime.bigint();
  for (const b of batches) await store.append(b);
  return seconds(t);
}

async function runLedger(store: PostgresRecordStore, batches: AuditRecord[][], signingKey: crypto.KeyObject): Promise<number> {
  const log = await AuditLog.openOn(store, { signingKey, checkpointIntervalMs: 0 });
  const t = process.hrtime.bigint();
  for (const b of batches) await log.append(b);
  const s = seconds(t);
  await log.close();
  return s;
}

/** Two replicas (own pools, own AuditLogs) each appending half of the batches, at the same time. */
async function runTwoReplicas(url: string, first: PostgresRecordStore, batches: AuditRecord[][], signingKey: crypto.KeyObject): Promise<number> {
  const logs = [
    await AuditLog.openOn(first, { signingKey, checkpointIntervalMs: 0 }),
    await AuditLog.openOn(await PostgresRecordStore.open({ url, maxConnections: 2 }), { signingKey, checkpointIntervalMs: 0 }),
  ];
  const t = process.hrtime.bigint();
  await Promise.all(
    logs.map(async (log, k) => {
      for (let i = k; i < batches.length; i += 2) await log.append(batches[i]);
    }),
  );
  const s = seconds(t);
  for (const log of logs) await log.close();
  return s;
}

export async function runPostgresCollectorBench(opts: PostgresBenchOptions = {}): Promise<PostgresBenchResult> {
  const quick = opts.quick === true;
  const n = opts.records ?? (quick ? 5_000 : 50_000);
  const batchSize = opts.batchSize ?? 512;
  const rounds = opts.rounds ?? (quick ? 1 : 3);
  const log = opts.log ?? (() => {});
  let server: PostgresServer | undefined;
  if (opts.url === undefined) {
    log('starting a throwaway PostgreSQL server (fsync on)');
    server = await startPostgresServer({ durable: true });
  }
  try {
    const dbs = new Databases(opts.url ?? server!.url());
    const settings = await dbs.admin(
      `SELECT current_setting('server_version') AS v, current_setting('fsync') AS f, current_setting('synchronous_commit') AS s`,
    );
    const records = Array.from({ length: n }, (_, i) => makeRecord(i, {}, BODY_BYTES));
    const batches = batchesOf(records, batchSize);
    const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
    const paths: PathName[] = ['bareInsert', 'storeNoLedger', 'ledger', 'ledgerTwoReplicas'];
    const perRound: Rates[] = [];
    for (let round = 0; round < rounds; round++) {
      const rates = {} as Rates;
      // Rotate the order each round so server warm-up (caches, WAL segments) favours no path.
      for (let k = 0; k < paths.length; k++) {
        const name = paths[(k + round) % paths.length];
        const { url, store } = await freshStore(dbs, records);
        let s: number;
        try {
          if (name === 'bareInsert') s = await runBareInsert(store, batches);
          else if (name === 'storeNoLedger') s = await runStoreNoLedger(store, batches);
          else if (name === 'ledger') s = await runLedger(store, batches, signingKey);
          else s = await runTwoReplicas(url, store, batches, signingKey);
        } finally {
          await store.close(); // no-op when a ledger already closed it
          await dbs.drop(url);
        }
        rates[name] = n / s;
        log(`  round ${round + 1}: ${name.padEnd(17)} ${Math.round(n / s).toLocaleString('en-US').padStart(8)} records/s`);
      }
      perRound.push(rates);
    }
    const rate = Object.fromEntries(paths.map((p) => [p, median(perRound.map((r) => r[p]))])) as Rates;

    // verify: a ledger of n records (checkpoint every 1000), recomputed from the database.
    const { url, store } = await freshStore(dbs, records, 4);
    let verify: PostgresBenchResult['verify'];
    try {
      const ledger = await AuditLog.openOn(store, { signingKey, checkpointIntervalMs: 0 });
      for (const b of batchesOf(records, 5000)) await ledger.append(b);
      const key = ledger.verifierKey();
      await ledger.close();
      const reader = await PostgresRecordStore.open({ url, readonly: true });
      try {
        const t = process.hrtime.bigint();
        const report = await verifyLog(reader, { verifier: parseVerifierKey(key) });
        const s = seconds(t);
        verify = { records: n, checkpoints: report.checkpoints, seconds: s, recordsPerSec: n / s, ok: report.ok };
        log(`  verify ${n.toLocaleString('en-US')}: ${s.toFixed(2)} s (${report.ok ? 'OK' : `FAILED: ${report.problem?.message}`})`);
      } finally {
        await reader.close();
      }
    } finally {
      await dbs.drop(url);
    }

    return {
      node: process.version,
      cpus: os.cpus().length,
      server: {
        version: String(settings[0].v),
        fsync: String(settings[0].f),
        synchronousCommit: String(settings[0].s),
        throwaway: server !== undefined,
      },
      ingest: {
        records: n,
        batchSize,
        bodyBytes: records[0].body.length,
        rounds,
        recordsPerSec: rate,
        ratio: {
          ledgerVsBareInsert: rate.ledger / rate.bareInsert,
          ledgerVsStoreNoLedger: rate.ledger / rate.storeNoLedger,
          twoReplicasVsOneLedger: rate.ledgerTwoReplicas / rate.ledger,
        },
        perRound,
      },
      verify,
    };
  } finally {
    await server?.stop();
  }
}

export function formatPostgresCollectorBench(r: PostgresBenchResult): string {
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  const i = r.ingest;
  const lines = [
    `PostgreSQL ${r.server.version} (fsync=${r.server.fsync}, synchronous_commit=${r.server.synchronousCommit}${r.server.throwaway ? ', throwaway server on this machine' : ''}): ` +
      `${fmt(i.records)} records, ${i.bodyBytes}-byte bodies, batches of ${i.batchSize}, median of ${i.rounds} round(s) (node ${r.node}, ${r.cpus} CPUs)`,
    '| path | records/s | ledger ÷ path |',
    '|---|---:|---:|',
    `| bare batched INSERT (same schema, records + subjects) | ${fmt(i.recordsPerSec.bareInsert)} | ${i.ratio.ledgerVsBareInsert.toFixed(2)}× |`,
    `| PostgresRecordStore.append (validate, dedupe, digest, advisory lock, record index; no ledger) | ${fmt(i.recordsPerSec.storeNoLedger)} | ${i.ratio.ledgerVsStoreNoLedger.toFixed(2)}× |`,
    `| AuditLog.openOn(postgres).append (store + leaf hashes + tree + signed checkpoint every 1000) | ${fmt(i.recordsPerSec.ledger)} | 1.00× |`,
    `| two replicas with ledgers on one database, together | ${fmt(i.recordsPerSec.ledgerTwoReplicas)} | ${(1 / i.ratio.twoReplicasVsOneLedger).toFixed(2)}× |`,
    '',
    `verify ${fmt(r.verify.records)} records, ${r.verify.checkpoints} checkpoints: ${r.verify.seconds.toFixed(2)} s (${fmt(r.verify.recordsPerSec)} records/s) — ${r.verify.ok ? 'OK' : 'FAILED'}`,
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (flag: string): number | undefined => (value(flag) === undefined ? undefined : Number(value(flag)));
  runPostgresCollectorBench({
    quick: args.includes('--quick'),
    records: num('--records'),
    rounds: num('--rounds'),
    batchSize: num('--batch'),
    url: value('--url'),
    log: (l) => process.stdout.write(`${l}\n`),
  }).then(
    (r) => process.stdout.write(`\n${formatPostgresCollectorBench(r)}\n${args.includes('--json') ? JSON.stringify(r, null, 2) + '\n' : ''}`),
    (err: unknown) => {
      process.stderr.write(`postgres collector bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
