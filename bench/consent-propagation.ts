/**
 * How long a consent withdrawal takes to reach the guards: a collector (in process, mTLS, SQLite
 * ledger), N consent guards each on its own channel following its consent feed, and a DPO client
 * that alternately withdraws and grants one subject's consent. Measured from the moment the
 * SetConsent call is sent until every guard's state has the change (polled every millisecond), so
 * it includes the batcher's delay, the durable append and the push to the guards.
 *
 *   node --import tsx bench/consent-propagation.ts [--guards 10] [--rounds 30]
 *
 * A benchmark, not a test: nothing here asserts on time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { ConsentGuard } from '../interceptors/consent/consent-guard';
import { FileKeyring } from '../interceptors/mask/keyring/file-keyring';
import { Pseudonymizer } from '../interceptors/mask/strategies/pseudonymize';
import { adminPackage } from '../collector/admin/admin-proto';
import { parseCollectorConfig } from '../collector/config/load-config';
import { openSqliteAuditLog } from '../collector/compose/sqlite-audit-log';
import { startCollector } from '../collector/server';
import { makeTestPki } from '../test/helpers/certs';

const args = process.argv.slice(2);
const num = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const nGuards = num('--guards', 10);
const rounds = num('--rounds', 30);

async function main(): Promise<void> {
  const pki = await makeTestPki();
  const emitter = await pki.workload('emitter', 'spiffe://bench/emitter');
  const dpo = await pki.workload('dpo', 'spiffe://bench/dpo');
  const policyFile = path.join(pki.dir, 'policy.yaml');
  fs.writeFileSync(policyFile, 'rules:\n  - identity: spiffe://bench/emitter\n    services: [bench]\n  - identity: spiffe://bench/dpo\n    roles: [dpo]\n');
  const keyringFile = path.join(pki.dir, 'keyring.json');
  FileKeyring.open(keyringFile, { create: true });
  const log = await openSqliteAuditLog({ path: path.join(pki.dir, 'audit.db'), checkpointIntervalMs: 0 });
  const config = parseCollectorConfig({
    listen: '127.0.0.1:0',
    tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.caFile },
    identity: { policyFile },
    metrics: { listen: false },
    rights: { keyring: { file: keyringFile } },
  });
  const collector = await startCollector(config, { sink: log, logger: pino({ level: 'silent' }) });
  const ca = fs.readFileSync(pki.caFile);
  const guards: ConsentGuard[] = [];
  for (let i = 0; i < nGuards; i++) {
    const g = new ConsentGuard({
      keyring: FileKeyring.open(keyringFile),
      feed: { address: collector.address, credentials: grpc.credentials.createSsl(ca, Buffer.from(emitter.keyPem), Buffer.from(emitter.certPem)) },
    });
    g.start();
    guards.push(g);
  }
  await Promise.all(guards.map((g) => g.ready()));
  const client = new (adminPackage().AdminService)(collector.address, grpc.credentials.createSsl(ca, Buffer.from(dpo.keyPem), Buffer.from(dpo.certPem))) as grpc.Client & Record<string, Function>;
  const ref = new Pseudonymizer(FileKeyring.open(keyringFile)).pseudonym('bench-subject');
  const toAll: number[] = [];
  const afterReply: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const withdraw = r % 2 === 0;
    const t0 = performance.now();
    let replied = 0;
    const reply = new Promise<void>((resolve, reject) =>
      client.SetConsent(
        { reason: 'bench', subject: { subjectRef: ref }, purpose: 'marketing', state: withdraw ? 'CONSENT_STATE_WITHDRAWN' : 'CONSENT_STATE_GRANTED' },
        (err: Error | null) => {
          replied = performance.now();
          if (err) reject(err);
          else resolve();
        },
      ),
    );
    while (!guards.every((g) => g.state.isWithdrawn(ref, 'marketing') === withdraw)) await new Promise((res) => setTimeout(res, 1));
    const done = performance.now();
    await reply;
    toAll.push(done - t0);
    afterReply.push(Math.max(0, done - replied));
  }
  const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`consent propagation to ${nGuards} guards, ${rounds} changes, batching.maxDelayMs ${config.batching.maxDelayMs}, load ${os.loadavg()[0].toFixed(2)}`);
  console.log(`  SetConsent sent → all guards updated: median ${q(toAll, 0.5).toFixed(1)} ms, p95 ${q(toAll, 0.95).toFixed(1)} ms, max ${Math.max(...toAll).toFixed(1)} ms`);
  console.log(`  SetConsent answered → all guards updated: median ${q(afterReply, 0.5).toFixed(1)} ms, max ${Math.max(...afterReply).toFixed(1)} ms`);
  client.close();
  for (const g of guards) g.stop();
  await collector.shutdown();
  await log.close();
  pki.cleanup();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
