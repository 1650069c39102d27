import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createGrpcAudit } from '../../interceptors/capture/grpc-audit';
import { ConsentGuard } from '../../interceptors/consent/consent-guard';
import { FileKeyring } from '../../interceptors/mask/keyring/file-keyring';
import { MemoryKeyring } from '../../interceptors/mask/keyring/memory-keyring';
import { createMasker } from '../../interceptors/mask/create-masker';
import { Pseudonymizer } from '../../interceptors/mask/strategies/pseudonymize';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import type { AuditLog } from '../../collector/ledger/audit-log';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { createKitchenSinkClient, kitchenSinkRegistry, startKitchenSinkServer, unary, METHODS, type KitchenSinkClient, type RunningServer } from '../helpers/kitchen-sink';
import { createTestTracing, type TestTracing } from '../helpers/tracing';
import { runCollector, type RunningCollector } from '../collector/support/collector-fixture';
import { adminClient, makeIdentities, POLICY, unaryCall, type Identities } from './support/rights-env';

const ECHO = METHODS.echo;
const CONSENT_METHODS = { [ECHO]: { purpose: 'marketing', lawfulBasis: 'consent' } };
const echoFor = (customerId: string) => ({ requestId: 'r1', customer: { customerId, fullName: 'Jane Roe' }, note: 'hello' });

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  while (!(await fn())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe('consent guard: withdrawals recorded at the collector refuse calls in emitting processes (mTLS, real servers)', function () {
  this.timeout(120_000);
  let pki: TestPki;
  let ids: Identities;
  let keyringFile: string;
  let db: string;
  let collector: RunningCollector;
  let log: AuditLog;
  let tracing: TestTracing;
  let server: RunningServer;
  let serverGuard: ConsentGuard;
  let client: KitchenSinkClient;
  let handled = 0;

  const emitterCreds = (): grpc.ChannelCredentials =>
    grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(ids.emitter.keyPem), Buffer.from(ids.emitter.certPem));
  const startCollector = async (listen = '127.0.0.1:0'): Promise<void> => {
    log = await openSqliteAuditLog({ path: db, checkpointIntervalMs: 0 });
    collector = await runCollector(pki, { sink: log, policy: POLICY, config: { listen, rights: { keyring: { file: keyringFile } } } });
  };
  const setConsent = async (customerId: string, state: 'CONSENT_STATE_GRANTED' | 'CONSENT_STATE_WITHDRAWN') => {
    const dpo = adminClient(collector.handle.address, pki, ids.dpo);
    const r = await unaryCall<{ entry: { leafIndex: number } }>(dpo, 'SetConsent', { reason: 'customer request', subject: { subjectId: customerId }, purpose: 'marketing', state, source: 'web-form' });
    dpo.close();
    assert.ifError(r.err);
    return r.res!.entry;
  };

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
    keyringFile = path.join(pki.dir, 'keyring.json');
    db = path.join(pki.dir, 'audit.db');
    FileKeyring.open(keyringFile, { create: true });
    await startCollector();
    tracing = createTestTracing();
    const keyring = FileKeyring.open(keyringFile);
    serverGuard = new ConsentGuard({ keyring, feed: { address: collector.handle.address, credentials: emitterCreds() } });
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), masker: createMasker(undefined, { keyring }), tracerProvider: tracing.provider, methods: CONSENT_METHODS, consentGuard: serverGuard });
    server = await startKitchenSinkServer({
      interceptors: [audit.serverInterceptor],
      handlers: {
        Echo: ((call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
          handled++;
          cb(null, { requestId: call.request.requestId, message: 'ok' });
        }) as grpc.UntypedHandleCall,
      },
    });
    client = createKitchenSinkClient(server.address);
    await serverGuard.ready();
  });
  after(async () => {
    client?.close();
    serverGuard?.stop();
    await server?.close();
    await collector?.handle.shutdown();
    await log?.close();
    await tracing?.shutdown();
    pki.cleanup();
  });

  it('a withdrawn consent refuses the next call with PERMISSION_DENIED before the handler runs; the refusal is recorded', async () => {
    assert.equal((await unary(client, 'Echo', echoFor('cust-1'))).error, undefined);
    assert.equal(handled, 1);
    await setConsent('cust-1', 'CONSENT_STATE_WITHDRAWN');
    // generous bound: the feed pushes the change at once (the benchmark reports the real time)
    await until('the guard to learn the withdrawal', () => serverGuard.stats.refusedWithdrawn > 0 || serverGuard.state.size() > 0);
    tracing.reset();
    const refused = await unary(client, 'Echo', echoFor('cust-1'));
    assert.equal(refused.error?.code, grpc.status.PERMISSION_DENIED);
    assert.match(refused.error!.details, /consent for this purpose is withdrawn \(marketing\)/);
    assert.equal(handled, 1, 'the handler did not run');
    const [span] = await tracing.waitForSpans(1);
    assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.PERMISSION_DENIED);
    const ref = new Pseudonymizer(FileKeyring.open(keyringFile)).pseudonym('cust-1');
    assert.deepEqual(span.attributes['grpcaudit.subject_refs'], [ref], 'the refused call is recorded with its subject');
    assert.equal(span.attributes['grpcaudit.purpose'], 'marketing');
    // another subject is unaffected
    assert.equal((await unary(client, 'Echo', echoFor('cust-2'))).error, undefined);
    assert.equal(handled, 2);
  });

  it('granting again lets calls through', async () => {
    await setConsent('cust-1', 'CONSENT_STATE_GRANTED');
    await until('the grant to arrive', () => !serverGuard.state.isWithdrawn(new Pseudonymizer(FileKeyring.open(keyringFile)).pseudonym('cust-1'), 'marketing'));
    assert.equal((await unary(client, 'Echo', echoFor('cust-1'))).error, undefined);
  });

  it('client-side guard: a refused call never leaves the process and is recorded on the client span', async () => {
    const clientTracing = createTestTracing();
    const keyring = FileKeyring.open(keyringFile);
    const guard = new ConsentGuard({ keyring, feed: { address: collector.handle.address, credentials: emitterCreds() } });
    const audit = createGrpcAudit({ registry: kitchenSinkRegistry(), masker: createMasker(undefined, { keyring }), tracerProvider: clientTracing.provider, methods: CONSENT_METHODS, consentGuard: guard });
    // a plain server, no guard: only the client can refuse
    let plainHandled = 0;
    const plain = await startKitchenSinkServer({
      handlers: { Echo: ((_c: unknown, cb: grpc.sendUnaryData<any>) => { plainHandled++; cb(null, { message: 'ok' }); }) as grpc.UntypedHandleCall },
    });
    const c = createKitchenSinkClient(plain.address, audit.clientOptions());
    try {
      await guard.ready();
      await setConsent('cust-3', 'CONSENT_STATE_WITHDRAWN');
      await until('the client guard to learn it', () => guard.state.size() > 0);
      const r = await unary(c, 'Echo', echoFor('cust-3'));
      assert.equal(r.error?.code, grpc.status.PERMISSION_DENIED);
      assert.equal(plainHandled, 0, 'the server never saw the call');
      const [span] = await clientTracing.waitForSpans(1);
      assert.equal(span.attributes['rpc.grpc.status_code'], grpc.status.PERMISSION_DENIED);
      assert.ok(span.events.some((e) => e.name === 'rpc.message'), 'the attempted request is recorded');
      assert.equal((await unary(c, 'Echo', echoFor('cust-4'))).error, undefined);
      assert.equal(plainHandled, 1);
    } finally {
      c.close();
      guard.stop();
      await plain.close();
      await clientTracing.shutdown();
    }
  });

  it('collector unreachable: guards keep the last state, or refuse with UNAVAILABLE when fail-closed; they resume after a restart', async () => {
    await setConsent('cust-5', 'CONSENT_STATE_WITHDRAWN');
    const ref5 = new Pseudonymizer(FileKeyring.open(keyringFile)).pseudonym('cust-5');
    await until('the withdrawal to arrive', () => serverGuard.state.isWithdrawn(ref5, 'marketing'));
    const closedGuard = new ConsentGuard({ keyring: FileKeyring.open(keyringFile), whenDisconnected: 'refuse', feed: { address: collector.handle.address, credentials: emitterCreds(), maxBackoffMs: 200 } });
    closedGuard.start();
    await closedGuard.ready();
    const plan = closedGuard.planFor(ECHO, 'marketing', 'consent', kitchenSinkRegistry())!;
    assert.equal(closedGuard.check(plan, echoFor('cust-6')), undefined);

    const port = collector.handle.port;
    await collector.handle.shutdown();
    await log.close();
    await until('the feeds to notice', () => !serverGuard.feed!.connected && !closedGuard.feed!.connected);
    // last state: cust-5 still refused, others pass
    assert.equal((await unary(client, 'Echo', echoFor('cust-5'))).error?.code, grpc.status.PERMISSION_DENIED);
    assert.equal((await unary(client, 'Echo', echoFor('cust-6'))).error, undefined);
    // fail-closed: nothing consent-based passes
    assert.equal(closedGuard.check(plan, echoFor('cust-6'))?.code, grpc.status.UNAVAILABLE);

    // restart on the same address: the registry is rebuilt from the ledger, the guards resume
    await startCollector(`127.0.0.1:${port}`);
    const connectsBefore = serverGuard.feed!.connects;
    await until('the feeds to reconnect', () => serverGuard.feed!.connected && closedGuard.feed!.connected, 10_000);
    assert.ok(serverGuard.feed!.connects > connectsBefore);
    assert.equal(serverGuard.feed!.snapshots, 1, 'the guard resumed after its token instead of taking a new snapshot');
    assert.equal(closedGuard.check(plan, echoFor('cust-6')), undefined);
    assert.ok(serverGuard.state.isWithdrawn(ref5, 'marketing'), 'state survived the restart');
    await setConsent('cust-5', 'CONSENT_STATE_GRANTED');
    await until('a change after the restart to arrive', () => !serverGuard.state.isWithdrawn(ref5, 'marketing'));
    assert.equal((await unary(client, 'Echo', echoFor('cust-5'))).error, undefined);
    closedGuard.stop();
  });

  it('a withdrawal keyed by a reference made before a key rotation still refuses after it', () => {
    const keyring = new MemoryKeyring();
    const guard = new ConsentGuard({ keyring });
    const plan = guard.planFor(ECHO, 'marketing', 'consent', kitchenSinkRegistry())!;
    const before = new Pseudonymizer(keyring).pseudonym('cust-rot');
    guard.state.replace([{ subjectRef: before, purpose: 'marketing', withdrawn: true }], 1, Date.now());
    assert.equal(guard.check(plan, echoFor('cust-rot'))?.code, grpc.status.PERMISSION_DENIED);
    keyring.rotate();
    assert.notEqual(new Pseudonymizer(keyring).pseudonym('cust-rot'), before, 'the current reference changed');
    assert.equal(guard.check(plan, echoFor('cust-rot'))?.code, grpc.status.PERMISSION_DENIED);
    assert.equal(guard.check(plan, echoFor('cust-other')), undefined);
  });

  it('an identity unknown to the identity policy cannot follow the consent feed', async () => {
    const stranger = await pki.workload('stranger', 'spiffe://example.org/ns/other/stranger');
    const creds = grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(stranger.keyPem), Buffer.from(stranger.certPem));
    const guard = new ConsentGuard({ keyring: FileKeyring.open(keyringFile), feed: { address: collector.handle.address, credentials: creds, minBackoffMs: 50 } });
    guard.start();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(guard.feed!.connected, false);
    assert.equal(guard.state.token, undefined);
    assert.ok(guard.feed!.connects >= 2, 'it keeps retrying with backoff');
    guard.stop();
  });
});
