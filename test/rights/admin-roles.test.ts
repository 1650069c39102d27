import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { ADMIN_METHODS, adminPackage, type AdminMethod } from '../../collector/admin/admin-proto';
import { METHOD_ROLES } from '../../collector/admin/admin-roles';
import { parseAdminBody } from '../../collector/admin/admin-record';
import { makeTestPki, type TestPki } from '../helpers/certs';
import {
  adminClient,
  AUDITOR_ID,
  DPO_ID,
  EMITTER_ID,
  makeIdentities,
  startCollectorProcess,
  unaryCall,
  writeCollectorConfig,
  type CollectorProcess,
  type Identities,
} from './support/rights-env';

/** A valid request for each method, so a refusal can only come from the role check. */
const REQUESTS: Record<AdminMethod, Record<string, unknown>> = {
  QueryRecords: { reason: 'audit' },
  VerifyLedger: { reason: 'audit' },
  ExportSubject: { reason: 'dsar', subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' } },
  EraseSubject: { reason: 'art 17', subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' } },
  SetConsent: { reason: 'form', subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' }, purpose: 'marketing', state: 'CONSENT_STATE_GRANTED' },
  GetConsent: { reason: 'check', subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' } },
  PlaceLegalHold: { reason: 'litigation', scope: { service: 'checkout' } },
  ReleaseLegalHold: { reason: 'settled', holdId: 999999 },
  ListLegalHolds: { reason: 'review' },
};

describe('admin API: roles from the identity policy, every action in the ledger (collector subprocess, mTLS, SQLite)', function () {
  this.timeout(90_000);
  let pki: TestPki;
  let ids: Identities;
  let dir: string;
  let collector: CollectorProcess;

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-admin-'));
    const keyring = path.join(dir, 'keyring.json');
    fs.writeFileSync(keyring, JSON.stringify({ version: 1, current: 'k1', hmacKeys: { k1: Buffer.alloc(32, 7).toString('base64') }, dataKeys: {}, subjects: {} }), { mode: 0o600 });
    const config = writeCollectorConfig(dir, pki, ['store:', `  path: ${path.join(dir, 'audit.db')}`, 'rights:', '  keyring:', `    file: ${keyring}`]);
    collector = await startCollectorProcess(config, dir);
  });
  after(async () => {
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    pki.cleanup();
  });

  it('refuses every admin method with PERMISSION_DENIED to an identity without the role (emitter: all of them)', async () => {
    const callers = { [EMITTER_ID]: ids.emitter, [AUDITOR_ID]: ids.auditor, [DPO_ID]: ids.dpo };
    const roleOf: Record<string, string | undefined> = { [EMITTER_ID]: undefined, [AUDITOR_ID]: 'auditor', [DPO_ID]: 'dpo' };
    let refusals = 0;
    for (const [identity, files] of Object.entries(callers)) {
      const client = adminClient(collector.address, pki, files);
      for (const method of ADMIN_METHODS) {
        const role = roleOf[identity];
        const allowed = role !== undefined && (METHOD_ROLES[method] as readonly string[]).includes(role);
        const { err } = await unaryCall(client, method, REQUESTS[method]);
        if (allowed) {
          assert.ok(err === undefined || err.code !== status.PERMISSION_DENIED, `${identity} ${method}: ${err?.message}`);
        } else {
          assert.equal(err?.code, status.PERMISSION_DENIED, `${identity} ${method} must be refused`);
          assert.match(err!.details, /holds no role/);
          refusals++;
        }
      }
      client.close();
    }
    // emitter: all 9; auditor: EraseSubject, SetConsent, Place/ReleaseLegalHold; dpo: QueryRecords, VerifyLedger, ExportSubject
    assert.equal(refusals, 16);
  });

  it('refuses a caller without a client certificate with UNAUTHENTICATED', async () => {
    const client = new (adminPackage().AdminService)(collector.address, grpc.credentials.createSsl(fs.readFileSync(pki.caFile)));
    const { err } = await unaryCall(client as never, 'QueryRecords', { reason: 'x' });
    assert.equal(err?.code, status.UNAUTHENTICATED);
    client.close();
  });

  it('records each allowed and refused action as an admin record: who, what, when, why', async () => {
    const client = adminClient(collector.address, pki, ids.auditor);
    const { res, err } = await unaryCall<{ records: Array<{ identity: string; method: string; body: string; recordType: string; subjectRefs: string[] }> }>(
      client,
      'QueryRecords',
      { reason: 'list admin actions', recordType: 'admin', limit: 1000 },
    );
    assert.ifError(err);
    const records = res!.records;
    assert.ok(records.every((r) => r.recordType === 'admin'));
    const bodies = records.map((r) => ({ r, b: parseAdminBody(r.body)! }));
    // the 16 refusals of authenticated identities, recorded with outcome 'denied'
    const denied = bodies.filter((x) => x.b.outcome === 'denied');
    assert.equal(denied.length, 16);
    assert.deepEqual(new Set(denied.filter((x) => x.r.identity === EMITTER_ID).map((x) => x.b.action)), new Set(ADMIN_METHODS));
    // allowed actions carry the reason and the caller
    const erase = bodies.find((x) => x.b.action === 'EraseSubject' && x.b.outcome === 'ok');
    assert.ok(erase, 'the dpo erase is recorded');
    assert.equal(erase!.r.identity, DPO_ID);
    assert.equal(erase!.b.reason, 'art 17');
    assert.deepEqual(erase!.r.subjectRefs, ['hmac:k1:AAAAAAAAAAAAAAAAAAAAAA']);
    assert.equal(erase!.r.method, '/grpcaudit.admin.v1.AdminService/EraseSubject');
    const consent = bodies.find((x) => x.b.action === 'SetConsent' && x.b.outcome === 'ok');
    assert.deepEqual(consent!.b.details, { purpose: 'marketing', source: '', state: 'granted' });
    // the listing query itself was recorded before it ran
    assert.ok(bodies.some((x) => x.b.action === 'QueryRecords' && x.b.reason === 'list admin actions'));
    client.close();
  });

  it('requires a reason and names the bad field', async () => {
    const client = adminClient(collector.address, pki, ids.dpo);
    const noReason = await unaryCall(client, 'EraseSubject', { subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(noReason.err?.code, status.INVALID_ARGUMENT);
    assert.match(noReason.err!.details, /reason is required/);
    const badRef = await unaryCall(client, 'EraseSubject', { reason: 'x', subject: { subjectRef: 'alice@example.com' } });
    assert.equal(badRef.err?.code, status.INVALID_ARGUMENT);
    assert.match(badRef.err!.details, /subject_ref must be/);
    assert.doesNotMatch(badRef.err!.details, /alice/);
    client.close();
  });

  it('a keyring that cannot be opened is FAILED_PRECONDITION, and the failure is recorded', async () => {
    const keyring = path.join(dir, 'keyring.json');
    const saved = fs.readFileSync(keyring);
    fs.rmSync(keyring);
    try {
      const dpo = adminClient(collector.address, pki, ids.dpo);
      const r = await unaryCall(dpo, 'EraseSubject', { reason: 'art 17', subject: { subjectRef: 'hmac:k1:BBBBBBBBBBBBBBBBBBBBBB' } });
      dpo.close();
      assert.equal(r.err?.code, status.FAILED_PRECONDITION);
      assert.match(r.err!.details, /does not exist/);
      const auditor = adminClient(collector.address, pki, ids.auditor);
      const { res } = await unaryCall<{ records: Array<{ body: string; subjectRefs: string[] }> }>(auditor, 'QueryRecords', { reason: 'check', subjectRef: 'hmac:k1:BBBBBBBBBBBBBBBBBBBBBB', limit: 100 });
      auditor.close();
      const erase = res!.records.map((x) => parseAdminBody(x.body)!).filter((b) => b.action === 'EraseSubject');
      assert.deepEqual(erase.map((b) => b.outcome), ['ok', 'failed'], 'intent recorded before acting, failure after');
      assert.match(String(erase[1].details.error), /does not exist/);
    } finally {
      fs.writeFileSync(keyring, saved, { mode: 0o600 });
    }
  });

  it('masks personal data in a reason before it is recorded', async () => {
    const dpo = adminClient(collector.address, pki, ids.dpo);
    const r = await unaryCall(dpo, 'GetConsent', { reason: 'customer wrote from jane.doe@example.com', subject: { subjectRef: 'hmac:k1:AAAAAAAAAAAAAAAAAAAAAA' } });
    assert.ifError(r.err);
    dpo.close();
    const auditor = adminClient(collector.address, pki, ids.auditor);
    const { res } = await unaryCall<{ records: Array<{ body: string }> }>(auditor, 'QueryRecords', { reason: 'check', recordType: 'admin', limit: 1000 });
    const text = res!.records.map((x) => x.body).join('\n');
    assert.match(text, /customer wrote from/);
    assert.doesNotMatch(text, /jane\.doe@example\.com/);
    auditor.close();
  });
});
