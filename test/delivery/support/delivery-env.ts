import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { AuditLog } from '../../../collector/ledger/audit-log';
import type { SqliteRecordStore } from '../../../collector/store/sqlite-record-store';
import { openSqliteAuditLog } from '../../../collector/compose/sqlite-audit-log';
import { DurableSpanProcessor } from '../../../interceptors/delivery/durable-span-processor';
import type { DurableExporterOptions } from '../../../interceptors/delivery/delivery-options';
import { makeTestPki, type CertFiles, type TestPki } from '../../helpers/certs';
import { TcpFaultProxy } from '../../helpers/tcp-fault-proxy';
import { runCollector, type RunningCollector } from '../../collector/support/collector-fixture';

export const SERVICE = 'checkout';
export const SPIFFE = 'spiffe://example.org/ns/shop/checkout';
export const POLICY = `
rules:
  - identity: ${SPIFFE}
    services: [checkout]
`;

/**
 * A real collector (mTLS, identity policy, SQLite AuditLog in a temp dir) behind a TCP fault
 * proxy, so tests can stop/restart it (new port, same database) and break the network, while the
 * emitter always dials the proxy.
 */
export class DeliveryEnv {
  collector: RunningCollector | undefined;
  log: AuditLog<SqliteRecordStore> | undefined;
  readonly dbPath: string;

  private constructor(
    readonly pki: TestPki,
    readonly dir: string,
    readonly workload: CertFiles,
    readonly proxy: TcpFaultProxy,
  ) {
    this.dbPath = path.join(dir, 'collector', 'audit.db');
  }

  static async create(): Promise<DeliveryEnv> {
    const pki = await makeTestPki();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-delivery-'));
    const workload = await pki.workload('checkout', SPIFFE);
    const proxy = await TcpFaultProxy.start(1); // target set when the collector starts
    proxy.setMode('refuse');
    return new DeliveryEnv(pki, dir, workload, proxy);
  }

  get address(): string {
    return this.proxy.address;
  }

  credentials(): grpc.ChannelCredentials {
    return grpc.credentials.createSsl(fs.readFileSync(this.pki.caFile), Buffer.from(this.workload.keyPem), Buffer.from(this.workload.certPem));
  }

  async startCollector(opts: { metrics?: boolean; maxReceiveMessageBytes?: number } = {}): Promise<void> {
    fs.mkdirSync(path.dirname(this.dbPath), { recursive: true });
    this.log = await openSqliteAuditLog({ path: this.dbPath, checkpointIntervalMs: 0, synchronous: 'normal' });
    this.collector = await runCollector(this.pki, { policy: POLICY, sink: this.log, config: { metrics: { listen: opts.metrics ? '127.0.0.1:0' : false }, ...(opts.maxReceiveMessageBytes ? { limits: { maxReceiveMessageBytes: opts.maxReceiveMessageBytes } } : {}) } as never });
    this.proxy.setTarget(this.collector.handle.port);
    this.proxy.setMode('forward');
  }

  async stopCollector(): Promise<void> {
    this.proxy.setMode('refuse', { dropExisting: true });
    await this.collector?.handle.shutdown();
    await this.log?.close();
    this.collector = undefined;
    this.log = undefined;
  }

  processor(spoolName: string, extra: Partial<DurableExporterOptions> = {}): DurableSpanProcessor {
    return new DurableSpanProcessor({
      address: this.address,
      credentials: this.credentials(),
      spoolDir: path.join(this.dir, spoolName),
      scheduledDelayMs: 5,
      initialBackoffMs: 20,
      maxBackoffMs: 200,
      exportTimeoutMs: 3000,
      shutdownTimeoutMs: 3000,
      logger: { warn: () => undefined, error: () => undefined },
      ...extra,
    });
  }

  /** A provider whose tracer scope is 'grpc-audit', so the default selector takes its spans. */
  provider(processor: SpanProcessor | DurableSpanProcessor): BasicTracerProvider {
    return new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': SERVICE }),
      spanProcessors: [processor as unknown as SpanProcessor],
    });
  }

  /** Stored seqs of one emitter (record spans only), ascending, with duplicates kept. */
  seqs(emitterId: string, recordType: 'span' | 'gap' = 'span'): number[] {
    const rows = this.log!.store.db
      .prepare('SELECT seq FROM records WHERE emitter_id = ? AND record_type = ? ORDER BY seq')
      .raw()
      .all(emitterId, recordType) as [number][];
    return rows.map((r) => r[0]);
  }

  count(): number {
    return (this.log!.store.db.prepare('SELECT count(*) FROM records').raw().get() as [number])[0];
  }

  async cleanup(): Promise<void> {
    await this.stopCollector().catch(() => undefined);
    await this.proxy.close();
    this.pki.cleanup();
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

/** Polls until `cond` holds; fails with `what` after `ms` (bounded tests, no fixed sleeps). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
