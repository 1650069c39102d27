import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createGrpcAudit, SchemaRegistry } from '../../interceptors';
import { DEFAULT_METADATA_ALLOWLIST } from '../../interceptors/config/audit-options';
import { DurableSpanProcessor } from '../../interceptors/delivery/durable-span-processor';
import { writeDevCerts } from '../../collector/authz/dev-certs';
import { parseCollectorConfig } from '../../collector/config/load-config';
import { openConfiguredSink } from '../../collector/ingest/open-sink';
import { startCollector } from '../../collector/server';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { DemoSpanPrinter } from '../demo/span-printer';
import { loadShopPackage, runShopTraffic, SEEDED_PII, SHOP_PROTO, shopHandlers } from './shop-traffic';

/**
 * `npm start`: the whole chain on the embedded default, in one command.
 *   dev certificates → collector (mTLS, SPIFFE identity policy, SQLite + Merkle ledger)
 *   → sample service and client with the interceptors → masked spans over OTLP/mTLS
 *   → query the stored records → verify the ledger → scan the store for the seeded PII.
 */
export interface QuickstartOptions {
  /** Working directory (certificates, spool, database); wiped at start. */
  dir: string;
  out: NodeJS.WritableStream;
  /** Print each span as it ends (default true). */
  printSpans?: boolean;
}

export interface QuickstartResult {
  records: number;
  verified: boolean;
  /** Seeded values found anywhere in the stored records (must be empty). */
  leaks: string[];
  dbPath: string;
}

const SERVICE = 'checkout';
const BIN = path.join(__dirname, '..', '..', 'bin', 'grpc-audit.js');

function runCli(args: string[], out: NodeJS.WritableStream): number {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  out.write(res.stdout ?? '');
  if (res.stderr) out.write(res.stderr);
  return res.status ?? 1;
}

export async function runQuickstart(opts: QuickstartOptions): Promise<QuickstartResult> {
  const out = opts.out;
  const dir = path.resolve(opts.dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const certDir = path.join(dir, 'certs');
  const dbPath = path.join(dir, 'collector.db');

  out.write(`\n1. Development PKI (local CA, collector certificate, SPIFFE workload certificate) in ${certDir}\n`);
  const certs = await writeDevCerts({ outDir: certDir, trustDomain: 'example.org', workloads: [SERVICE], force: true });
  const workload = certs.workloads[0];
  out.write(`   workload identity ${workload.spiffeId} may report service.name "${SERVICE}" (policy.yaml)\n`);

  out.write(`\n2. Collector: OTLP over mTLS, identity policy, SQLite + Merkle ledger at ${dbPath}\n`);
  const config = parseCollectorConfig({
    listen: '127.0.0.1:0',
    tls: { certFile: path.join(certDir, 'collector.crt'), keyFile: path.join(certDir, 'collector.key'), caFile: path.join(certDir, 'ca.crt') },
    identity: { policyFile: path.join(certDir, 'policy.yaml') },
    store: { type: 'sqlite', path: dbPath },
    metrics: { listen: false },
    checkpoint: { intervalMs: 1000 },
    log: { level: 'warn' },
  });
  const collector = await startCollector(config, { openSink: openConfiguredSink });
  out.write(`   listening on ${collector.address}\n`);

  let records = 0;
  let verified = false;
  const leaks: string[] = [];
  try {
    const delivery = new DurableSpanProcessor({
      // By name, not IP: the collector certificate names localhost, and TLS SNI takes no IP literals.
      address: `localhost:${collector.port}`,
      credentials: grpc.credentials.createSsl(
        fs.readFileSync(path.join(certDir, 'ca.crt')),
        fs.readFileSync(workload.keyFile),
        fs.readFileSync(workload.certFile),
      ),
      spoolDir: path.join(dir, 'spool'),
    });
    const processors: SpanProcessor[] = [delivery as unknown as SpanProcessor];
    if (opts.printSpans !== false) processors.push(new SimpleSpanProcessor(new DemoSpanPrinter((text) => out.write(text))));
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': SERVICE }), spanProcessors: processors });

    const { definition, service, Client } = loadShopPackage();
    const registry = new SchemaRegistry().addProtoFiles(SHOP_PROTO);
    void definition;
    const audit = createGrpcAudit({
      registry,
      tracerProvider: provider,
      gate: delivery,
      // 'authorization' is allowlisted only to show that credentials are recorded as a marker, never in clear.
      metadataAllowlist: [...DEFAULT_METADATA_ALLOWLIST, 'authorization'],
    });

    out.write('\n3. Sample checkout service and client with the grpc-audit interceptors; spans as they end (masked):\n');
    const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
    server.addService(service, shopHandlers());
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), audit.clientOptions());
    const summary = await runShopTraffic(client);
    client.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    out.write('\n   calls made:\n' + summary.map((l) => `     ${l}\n`).join(''));

    out.write('\n4. Delivery: flush the durable exporter to the collector, then stop the collector (final signed checkpoint)\n');
    await provider.forceFlush();
    await provider.shutdown();
    const stats = delivery.stats();
    const lost = Object.values(stats.lost).reduce((a, b) => a + b, 0);
    out.write(`   ${stats.records} records, ${stats.delivered} delivered, ${lost} lost (reported as gaps when not 0)\n`);
  } finally {
    await collector.shutdown();
  }

  out.write(`\n5. Query the stored records: grpc-audit query --db ${path.relative(process.cwd(), dbPath)} --format table\n`);
  runCli(['query', '--db', dbPath, '--format', 'table', '--limit', '50'], out);

  // verify trusts only a key given to it: here the public key the collector wrote when it created
  // the ledger; in production keep (and pass) a copy stored away from the database.
  const pubKey = `${dbPath}.ed25519.pub`;
  out.write(`\n6. Verify the ledger: grpc-audit verify --db ${path.relative(process.cwd(), dbPath)} --key ${path.relative(process.cwd(), pubKey)}\n`);
  verified = runCli(['verify', '--db', dbPath, '--key', pubKey], out) === 0;

  const store = new SqliteRecordStore({ path: dbPath, readonly: true });
  try {
    const rows = await store.query({}, { limit: 10_000 });
    records = rows.length;
    const everything = rows.map((r) => JSON.stringify(r)).join('\n');
    const digitsOnly = everything.replace(/[\s\-().+/]/g, '');
    for (const [name, value] of Object.entries(SEEDED_PII)) {
      const compact = value.replace(/[\s\-().+/]/g, '');
      if (everything.includes(value) || (/\d{6,}/.test(compact) && digitsOnly.includes(compact))) leaks.push(name);
    }
  } finally {
    await store.close();
  }
  out.write(`\n7. Leak scan of the store: ${Object.keys(SEEDED_PII).length} seeded values, ${leaks.length} found in clear${leaks.length ? ': ' + leaks.join(', ') : ''}\n`);
  out.write(`\n${records} records stored, ledger ${verified ? 'verified' : 'FAILED verification'}.\n`);
  return { records, verified, leaks, dbPath };
}
