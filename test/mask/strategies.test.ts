import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createMasker,
  DecryptError,
  DROP,
  FileKeyring,
  ibanMod97Valid,
  luhnValid,
  MemoryKeyring,
  newMaskScope,
  parseEncrypted,
  ssnValid,
  type FieldSite,
} from '../../interceptors/mask';
import { ConfigError } from '../../interceptors/config/config-error';
import { partialMask } from '../../interceptors/mask/strategies/partial-mask';
import { Pseudonymizer } from '../../interceptors/mask/strategies/pseudonymize';

function site(fieldName: string, extra: Partial<FieldSite> = {}): FieldSite {
  return { methodPath: '/demo.v1.Svc/Call', typeName: 'demo.v1.Msg', fieldPath: fieldName, fieldName, kind: 'string', ...extra };
}

describe('mask validators', () => {
  it('Luhn accepts known-valid numbers and rejects a changed digit', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '79927398713']) assert.ok(luhnValid(n), n);
    for (const n of ['4111111111111112', '5555555555554445', '79927398710', '', '12a4']) assert.ok(!luhnValid(n), n);
  });
  it('IBAN mod 97 checks country length and checksum', () => {
    for (const n of ['DE89370400440532013000', 'GB82WEST12345698765432', 'NL91ABNA0417164300', 'FR1420041010050500013M02606']) assert.ok(ibanMod97Valid(n), n);
    for (const n of ['DE89370400440532013001', 'DE8937040044053201300', 'XX89370400440532013000', 'GB82WEST1234569876543']) assert.ok(!ibanMod97Valid(n), n);
  });
  it('SSN numbering rules', () => {
    assert.ok(ssnValid('123', '45', '6789'));
    assert.ok(!ssnValid('000', '45', '6789'));
    assert.ok(!ssnValid('666', '45', '6789'));
    assert.ok(!ssnValid('900', '45', '6789'));
    assert.ok(!ssnValid('123', '00', '6789'));
    assert.ok(!ssnValid('123', '45', '0000'));
  });
});

describe('mask strategies', () => {
  it('mask keeps only a safe part: card last 4, IBAN country+check+last 2, SSN last 4, email first letter + domain', () => {
    assert.equal(partialMask('4111-1111-1111-1111', 'credit_card'), '**** **** **** 1111');
    assert.equal(partialMask('DE89 3704 0044 0532 0130 00', 'iban'), 'DE89 **** **** **** **** 00');
    assert.equal(partialMask('123-45-6789', 'us_ssn'), '***-**-6789');
    assert.equal(partialMask('jane.doe@example.com', 'email'), 'j***@example.com');
    assert.equal(partialMask('+44 7812 123456', 'phone'), '********56');
    assert.equal(partialMask('Mateus Albuquerque', 'person_name'), 'M***');
    assert.equal(partialMask('eyJhbGciOi.x.y', 'jwt'), '[REDACTED:jwt]');
  });

  it('hash is keyed HMAC-SHA-256: stable under one key, different under another, never the plain SHA-256', () => {
    const ring = new MemoryKeyring();
    const a = createMasker({ rules: [{ field: 'email', action: 'hash' }] }, { keyring: ring });
    const b = createMasker({ rules: [{ field: 'email', action: 'hash' }] }, { keyring: ring });
    const other = createMasker({ rules: [{ field: 'email', action: 'hash' }] }, { keyring: new MemoryKeyring() });
    const fa = a.compileField(site('email'))!;
    const v1 = fa('jane@example.com', newMaskScope());
    assert.match(String(v1), /^hmac:k1:[A-Za-z0-9_-]{22}$/);
    assert.equal(fa('jane@example.com', newMaskScope()), v1);
    assert.equal(b.compileField(site('email'))!('jane@example.com', newMaskScope()), v1);
    assert.notEqual(other.compileField(site('email'))!('jane@example.com', newMaskScope()), v1);
    assert.notEqual(fa('jane2@example.com', newMaskScope()), v1);
    const plain = require('node:crypto').createHash('sha256').update('jane@example.com').digest().subarray(0, 16).toString('base64url');
    assert.ok(!String(v1).includes(plain));
  });

  it('rotation: new pseudonyms use the new key, old ones still verify', () => {
    const ring = new MemoryKeyring();
    const m = createMasker(undefined, { keyring: ring });
    const old = m.pseudonym('customer-42');
    ring.rotate();
    const fresh = m.pseudonym('customer-42');
    assert.match(fresh, /^hmac:k2:/);
    assert.notEqual(fresh, old);
    assert.ok(m.pseudonymizer.matches(old, 'customer-42'));
    assert.ok(m.pseudonymizer.matches(fresh, 'customer-42'));
    assert.ok(!m.pseudonymizer.matches(old, 'customer-43'));
  });

  it('memoised pseudonyms: identical to a fresh HMAC, never reused under another key, bounded', () => {
    const ring = new MemoryKeyring();
    const p = new Pseudonymizer(ring);
    const fresh = (v: string): string => new Pseudonymizer(ring).pseudonymUnder(ring.currentHmacKey().id, v)!;
    for (const v of ['cust-1', 'cust-2', 'cust-1', 'x'.repeat(300), 'x'.repeat(300), '']) assert.equal(p.pseudonym(v), fresh(v));
    const before = p.pseudonym('cust-1');
    ring.rotate();
    const after = p.pseudonym('cust-1');
    assert.match(after, /^hmac:k2:/);
    assert.notEqual(after, before);
    assert.equal(after, fresh('cust-1'));
    // a keyring that hands out the same id with other bytes (a reloaded file): the memo is not reused
    let current = { id: 'k1', key: Buffer.alloc(32, 1) };
    const swapping = { ...ring, currentHmacKey: () => current, hmacKey: () => current } as unknown as MemoryKeyring;
    const q = new Pseudonymizer(swapping);
    const a = q.pseudonym('v');
    current = { id: 'k1', key: Buffer.alloc(32, 2) };
    const b = q.pseudonym('v');
    assert.notEqual(a, b);
    assert.equal(b, new Pseudonymizer(swapping).pseudonymUnder('k1', 'v'));
    current = { id: 'k1', key: Buffer.alloc(32, 2) }; // same id and bytes, new object: same pseudonym
    assert.equal(q.pseudonym('v'), b);
    for (let i = 0; i < 10_000; i++) q.pseudonym('v' + i);
    assert.ok((q as unknown as { memo: Map<string, string> }).memo.size <= 4096, 'the memo stays bounded');
  });

  it('encrypt: AES-256-GCM under the subject key round-trips; destroying the key erases; tampering is detected', () => {
    const ring = new MemoryKeyring();
    const m = createMasker({ rules: [{ field: 'customerId', action: 'keep', subjectId: true }, { field: 'email', action: 'encrypt' }] }, { keyring: ring });
    const idFn = m.compileField(site('customerId'))!;
    const emailFn = m.compileField(site('email'))!;
    const scope = newMaskScope();
    assert.equal(idFn('cust-1', scope), 'cust-1');
    const ref = m.pseudonym('cust-1');
    assert.deepEqual(scope.subjectRefs, [ref]);
    assert.equal(scope.subjectRef, ref);
    const enc = String(emailFn('jane@example.com', scope));
    assert.ok(enc.startsWith('enc:dk-'));
    assert.ok(!enc.includes('jane'));
    const parsed = parseEncrypted(enc)!;
    assert.equal(parsed.subjectRef, ref);
    assert.equal(m.decrypt(enc), 'jane@example.com');
    // two encryptions differ (fresh IV) but both decrypt
    const enc2 = String(emailFn('jane@example.com', scope));
    assert.notEqual(enc2, enc);
    assert.equal(m.decrypt(enc2), 'jane@example.com');
    // tamper: flip one ciphertext character
    const blob = parsed.blob;
    const flipped = `enc:${parsed.keyId}:${parsed.subjectRef}:${blob.slice(0, 20)}${blob[20] === 'A' ? 'B' : 'A'}${blob.slice(21)}`;
    assert.throws(() => m.decrypt(flipped), (e: unknown) => e instanceof DecryptError && !e.erased);
    // moving the ciphertext to another subject fails (subject bound as associated data)
    assert.throws(() => m.decrypt(`enc:${parsed.keyId}:hmac:k1:other:${blob}`), DecryptError);
    // erase
    assert.equal(ring.destroySubjectKeys(ref), 1);
    assert.throws(() => m.decrypt(enc), (e: unknown) => e instanceof DecryptError && e.erased);
  });

  it('encrypt without a known subject fails closed (redacted)', () => {
    const m = createMasker({ rules: [{ field: 'email', action: 'encrypt', category: 'email' }] });
    const scope = newMaskScope();
    assert.equal(m.compileField(site('email'))!('jane@example.com', scope), '[REDACTED:email]');
    assert.equal(scope.count, 1);
  });

  it('drop removes the field', () => {
    const m = createMasker({ rules: [{ field: 'secretNote', action: 'drop' }] });
    assert.equal(m.compileField(site('secretNote'))!('x', newMaskScope()), DROP);
    assert.deepEqual(m.maskUntyped({ a: 1, secretNote: 'x' }, newMaskScope()), { a: 1 });
  });

  describe('FileKeyring', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-keyring-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('creates a 0600 file, persists keys across reopen, keeps rotated keys, forgets destroyed subject keys', () => {
      const file = path.join(dir, 'keys.json');
      const ring = FileKeyring.open(file, { create: true });
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const m1 = createMasker(undefined, { keyring: ring });
      const p1 = m1.pseudonym('x');
      const dk = ring.subjectKey('subj-a');
      ring.rotate();
      const reopened = FileKeyring.open(file);
      const m2 = createMasker(undefined, { keyring: reopened });
      assert.ok(m2.pseudonymizer.matches(p1, 'x'), 'old pseudonym verifies after rotation and reopen');
      assert.equal(reopened.currentHmacKey().id, 'k2');
      assert.deepEqual(reopened.dataKey(dk.id)?.key, dk.key);
      assert.equal(reopened.destroySubjectKeys('subj-a'), 1);
      assert.equal(FileKeyring.open(file).dataKey(dk.id), undefined);
      assert.ok(!fs.readFileSync(file, 'utf8').includes(dk.key.toString('base64')));
    });

    it('refuses a missing file without create, a loose mode, and a file that is not a keyring', () => {
      const file = path.join(dir, 'keys.json');
      assert.throws(() => FileKeyring.open(file), (e: unknown) => e instanceof ConfigError && /does not exist/.test(e.message));
      FileKeyring.open(file, { create: true });
      fs.chmodSync(file, 0o644);
      assert.throws(() => FileKeyring.open(file), (e: unknown) => e instanceof ConfigError && /chmod 600/.test(e.message));
      fs.writeFileSync(path.join(dir, 'bad.json'), '{"hello": 1}', { mode: 0o600 });
      assert.throws(() => FileKeyring.open(path.join(dir, 'bad.json')), /not a grpc-audit keyring/);
      fs.writeFileSync(path.join(dir, 'bad2.json'), '{nope', { mode: 0o600 });
      assert.throws(() => FileKeyring.open(path.join(dir, 'bad2.json')), /not valid JSON/);
    });
  });
});
