/**
 * A live collector for `full-export`: the real `grpc-audit collector` command in its own process,
 * over mTLS with development certificates made for this run (one SPIFFE identity per benchmark
 * role), an identity policy allowing exactly the two benchmark services, and a SQLite store in a
 * temporary directory. Stopping it is how the backpressure measurement cuts delivery.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './bench-proto';
import type { ExportTarget, Role } from './protocol';

/** `grpcaudit.policy.version` of the default masking policy the workers record under. */
export function defaultPolicyVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mask = require(path.join(REPO_ROOT, 'interceptors', 'mask')) as { createMasker(): { policyVersion: string } };
  return mask.createMasker().policyVersion;
}

export const SERVICE_NAMES: Record<Role, string> = { client: 'bench-client', server: 'bench-server' };
const TRUST_DOMAIN = 'bench.grpc-audit.test';
const START_TIMEOUT_MS = 60_000;

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_S = 100;

export class CollectorProcess {
  private child: ChildProcess | undefined;
  private endpoint = '';

  private constructor(
    readonly dir: string,
    private readonly files: { ca: string; serverCert: string; serverKey: string; workloads: Record<Role, { cert: string; key: string }> },
  ) {}

  /** Makes the certificates, policy and configuration; does not start the process. */
  static async prepare(): Promise<CollectorProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-bench-collector-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeDevCerts } = require(path.join(REPO_ROOT, 'collector', 'authz', 'dev-certs'));
    const certs = await writeDevCerts({ outDir: path.join(dir, 'certs'), trustDomain: TRUST_DOMAIN, workloads: ['bench-client', 'bench-server'], force: true });
    const byName = (n: string): { cert: string; key: string } => {
      const w = certs.workloads.find((x: { name: string }) => x.name === n);
      return { cert: w.certFile, key: w.keyFile };
    };
    const certDir = path.join(dir, 'certs');
    const pick = (re: RegExp): string => {
      const f = fs.readdirSync(certDir).find((x) => re.test(x));
      if (!f) throw new Error(`writeDevCerts wrote no file matching ${re}`);
      return path.join(certDir, f);
    };
    return new CollectorProcess(dir, {
      ca: pick(/^ca\.(crt|pem)$/),
      serverCert: pick(/^(collector|server)\.(crt|pem)$/),
      serverKey: pick(/^(collector|server)\.key$/),
      workloads: { client: byName('bench-client'), server: byName('bench-server') },
    });
  }

  /** Starts (or restarts) the collector; resolves once it listens. */
  async start(): Promise<void> {
    const policy = path.join(this.dir, 'policy.yaml');
    fs.writeFileSync(
      policy,
      'rules:\n' +
        (['client', 'server'] as Role[]).map((r) => `  - identity: spiffe://${TRUST_DOMAIN}/${SERVICE_NAMES[r]}\n    services: [${SERVICE_NAMES[r]}]\n`).join(''),
    );
    const config = path.join(this.dir, 'collector.yaml');
    const listen = this.endpoint || '127.0.0.1:0';
    fs.writeFileSync(
      config,
      [
        `listen: "${listen}"`,
        'tls:',
        `  certFile: ${JSON.stringify(this.files.serverCert)}`,
        `  keyFile: ${JSON.stringify(this.files.serverKey)}`,
        `  caFile: ${JSON.stringify(this.files.ca)}`,
        'identity:',
        `  policyFile: ${JSON.stringify(policy)}`,
        'store:',
        `  path: ${JSON.stringify(path.join(this.dir, 'audit.db'))}`,
        // As a deployment would: the workloads mask under the default policy (the one the bench's
        // workers use), the collector trusts that policy from these two identities and sample-scans
        // their records instead of re-running every detector on each (issue 10).
        'guard:',
        `  trustedPolicies:`,
        `    - versions: [${JSON.stringify(defaultPolicyVersion())}]`,
        `      identities: [${(['client', 'server'] as Role[]).map((r) => JSON.stringify(`spiffe://${TRUST_DOMAIN}/${SERVICE_NAMES[r]}`)).join(', ')}]`,
        'metrics:',
        '  listen: false',
        'log:',
        '  level: warn',
        '',
      ].join('\n'),
    );
    // BENCH_COLLECTOR_NODE_ARGS: extra node flags for the collector (e.g. '--cpu-prof --cpu-prof-dir /tmp/p')
    const nodeArgs = (process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin', 'grpc-audit.js'), 'collector', '--config', config], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`collector did not start within ${START_TIMEOUT_MS} ms: ${out}`)), START_TIMEOUT_MS);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+?:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace(/,$/, ''));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`collector exited (${code}) before listening: ${out}`));
      });
    });
  }

  /** Stops the collector gracefully (SIGTERM), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }

  /** Immediate SIGKILL, for an interrupted run; the temporary directory is left behind. */
  kill(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  /**
   * CPU time (user + system) the collector process has used so far, in µs, from
   * /proc/<pid>/stat (clock ticks, 10 ms on Linux); undefined where /proc is missing.
   */
  cpuMicros(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined) return undefined;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the ')' of the command name: state is field 3, utime 14, stime 15
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1e6) / CLOCK_TICKS_PER_S;
    } catch {
      return undefined;
    }
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** What a worker of `role` needs to deliver to this collector. */
  target(role: Role): ExportTarget {
    return {
      endpoint: this.endpoint,
      spoolDir: path.join(this.dir, `spool-${role}`),
      caFile: this.files.ca,
      certFile: this.files.workloads[role].cert,
      keyFile: this.files.workloads[role].key,
      serviceName: SERVICE_NAMES[role],
    };
  }

  /** Records stored so far (SQLite file), for the report; undefined if it cannot be read. */
  storedRecords(): number | undefined {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Database = require('better-sqlite3');
      const db = new Database(path.join(this.dir, 'audit.db'), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
      } finally {
        db.close();
      }
    } catch {
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    // BENCH_KEEP_COLLECTOR_DB=1 keeps the collector's database for inspection (its path is logged)
    if (process.env.BENCH_KEEP_COLLECTOR_DB) console.error(`[bench] kept collector database ${path.join(this.dir, 'audit.db')}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
