import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileKeyring } from '../../interceptors/mask/keyring/file-keyring';
import { ERASED_MARKER } from '../../collector/rights/decrypt-view';
import type { SubjectBundle } from '../../collector/rights/subject-bundle';
import { makeTestPki, type TestPki } from '../helpers/certs';
import {
  cli,
  connectionArgs,
  emit,
  makeIdentities,
  startCollectorProcess,
  subjectSpan,
  writeCollectorConfig,
  type CollectorProcess,
  type Identities,
} from './support/rights-env';

describe('subject export and erasure by crypto-shredding (CLI and collector subprocesses, mTLS, SQLite, file keyring)', function () {
  this.timeout(120_000);
  let pki: TestPki;
  let ids: Identities;
  let dir: string;
  let db: string;
  let keyringFile: string;
  let collector: CollectorProcess;
  const refs: Record<string, string> = {};
  const cts: Record<string, string[]> = { alice: [], bob: [] };

  before(async () => {
    pki = await makeTestPki();
    ids = await makeIdentities(pki);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-dsr-'));
    db = path.join(dir, 'audit.db');
    keyringFile = path.join(dir, 'keyring.json');
    // The emitter's keyring: pseudonyms and per-subject keys made by the real strategies.
    const ring = FileKeyring.open(keyringFile, { create: true });
    const spans = [];
    for (const [who, id, email] of [
      ['alice', 'cust-alice', 'alice@example.com'],
      ['bob', 'cust-bob', 'bob@example.net'],
      ['alice', 'cust-alice', 'alice.other@example.com'],
    ] as const) {
      const s = subjectSpan(ring, id, email);
      refs[who] = s.ref;
      cts[who].push(s.ciphertext);
      spans.push(s.span);
    }
    const config = writeCollectorConfig(dir, pki, ['store:', `  path: ${db}`, 'rights:', '  keyring:', `    file: ${keyringFile}`]);
    collector = await startCollectorProcess(config, dir);
    await emit(collector.address, pki, ids.emitter, spans);
  });
  after(async () => {
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    pki.cleanup();
  });

  const exportBundle = (subject: string, out: string): SubjectBundle => {
    const r = cli(['subject', 'export', '--subject', subject, '--reason', 'DSAR ticket 7', '--out', out, ...connectionArgs(collector.address, pki, ids.auditor)]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as SubjectBundle;
  };
  const verifyBundle = (file: string): { status: number | null; stdout: string; stderr: string } => cli(['verify', '--bundle', file, '--key', `${db}.ed25519.pub`]);

  it('exports exactly the subject’s records, decrypted with the subject’s key, with proofs that verify offline', () => {
    const out = path.join(dir, 'alice.json');
    // by raw id: the collector pseudonymises it with the keyring's HMAC keys
    const bundle = exportBundle('cust-alice', out);
    assert.deepEqual(bundle.subjectRefs, [refs.alice]);
    for (const r of bundle.records) assert.deepEqual(r.fields.subjectRefs, [refs.alice]);
    // the two calls about alice, plus the admin record of this very export (actions on a subject are about the subject)
    assert.deepEqual(bundle.records.map((r) => r.fields.recordType), ['span', 'span', 'admin']);
    assert.equal(bundle.records[2].fields.method, '/grpcaudit.admin.v1.AdminService/ExportSubject');
    const spans = bundle.records.filter((r) => r.fields.recordType === 'span');
    const text = JSON.stringify(spans.map((r) => r.view));
    assert.match(text, /alice@example\.com/);
    assert.match(text, /alice\.other@example\.com/);
    assert.doesNotMatch(text, /bob@example\.net/);
    assert.deepEqual(spans.map((r) => r.encrypted), [{ decrypted: 1, erased: 0, unreadable: 0 }, { decrypted: 1, erased: 0, unreadable: 0 }]);
    // the stored bodies keep the ciphertext; the pseudonym stays a pseudonym
    assert.ok(spans.every((r) => r.body!.includes('enc:') && !r.body!.includes('alice@')));
    const v = verifyBundle(out);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^OK: 3 records proven/);
  });

  it('verify --bundle catches an altered record, a record moved to another subject, and a foreign key', async () => {
    const out = path.join(dir, 'alice-by-ref.json');
    const bundle = exportBundle(refs.alice, out);
    const altered = structuredClone(bundle);
    altered.records[0].body = altered.records[0].body!.replace('book', 'bomb');
    fs.writeFileSync(path.join(dir, 'altered.json'), JSON.stringify(altered));
    const a = verifyBundle(path.join(dir, 'altered.json'));
    assert.equal(a.status, 1);
    assert.match(a.stdout, /FAILED: body does not match its digest/);

    const moved = structuredClone(bundle);
    moved.records[1].fields.service = 'other';
    fs.writeFileSync(path.join(dir, 'moved.json'), JSON.stringify(moved));
    const m = verifyBundle(path.join(dir, 'moved.json'));
    assert.equal(m.status, 1);
    assert.match(m.stdout, /inclusion proof for leaf \d+ .* leads to root/);

    const crypto = await import('node:crypto');
    const otherPub = path.join(dir, 'other.pub');
    fs.writeFileSync(otherPub, crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const k = cli(['verify', '--bundle', out, '--key', otherPub]);
    assert.equal(k.status, 1);
    assert.match(k.stdout, /FAILED: checkpoint: note: no signature by key/);

    const noKey = cli(['verify', '--bundle', out]);
    assert.equal(noKey.status, 2);
    assert.match(noKey.stderr, /--bundle needs --key/);
  });

  it('erase destroys the subject’s keys: records stay, export shows them unreadable, verify and the proofs stay valid', () => {
    const r = cli(['subject', 'erase', '--subject', 'cust-alice', '--reason', 'Art. 17 request 42', ...connectionArgs(collector.address, pki, ids.dpo)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`erased: 1 data keys destroyed for ${refs.alice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // the keyring file no longer holds alice's key; bob's is untouched
    const state = JSON.parse(fs.readFileSync(keyringFile, 'utf8')) as { dataKeys: Record<string, { subject: string }> };
    const subjects = Object.values(state.dataKeys).map((k) => k.subject);
    assert.deepEqual(subjects, [refs.bob]);

    const out = path.join(dir, 'alice-after.json');
    const bundle = exportBundle('cust-alice', out);
    const spans = bundle.records.filter((x) => x.fields.recordType === 'span');
    assert.equal(spans.length, 2, 'the records still exist');
    assert.deepEqual(spans.map((x) => x.encrypted), [{ decrypted: 0, erased: 1, unreadable: 0 }, { decrypted: 0, erased: 1, unreadable: 0 }]);
    assert.ok(bundle.records.some((x) => x.fields.method.endsWith('/EraseSubject')), 'the erasure itself is in the export');
    const text = JSON.stringify(spans.map((x) => x.view));
    assert.ok(text.includes(ERASED_MARKER));
    assert.doesNotMatch(text, /alice@example\.com|alice\.other@example\.com/);
    // the stored ciphertexts are exactly what was emitted
    for (const ct of cts.alice) assert.ok(spans.some((x) => x.body!.includes(ct)));
    const v = verifyBundle(out);
    assert.equal(v.status, 0, v.stdout + v.stderr);

    // bob is still readable
    const bob = exportBundle('cust-bob', path.join(dir, 'bob.json'));
    assert.match(JSON.stringify(bob.records.map((x) => x.view)), /bob@example\.net/);

    // the whole ledger still verifies against the collector's public key
    const full = cli(['verify', '--db', db, '--key', `${db}.ed25519.pub`]);
    assert.equal(full.status, 0, full.stdout + full.stderr);
    assert.match(full.stdout, /^OK: /);
  });

  it('erase without the dpo role is refused and changes nothing', () => {
    const before = fs.readFileSync(keyringFile, 'utf8');
    const r = cli(['subject', 'erase', '--subject', 'cust-bob', '--reason', 'x', ...connectionArgs(collector.address, pki, ids.auditor)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PERMISSION_DENIED/);
    assert.equal(fs.readFileSync(keyringFile, 'utf8'), before);
  });
});
