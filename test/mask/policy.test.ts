import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../interceptors/config/config-error';
import { createMasker, loadPolicyFile, MemoryKeyring, newMaskScope, normalizePolicy, parsePolicyText, type FieldKind, type FieldSite, type PolicyInput } from '../../interceptors/mask';

function site(fieldPath: string, extra: Partial<FieldSite> = {}): FieldSite {
  const fieldName = fieldPath.replace(/\[\]|\{\}/g, '').split('.').pop()!;
  return { methodPath: '/shop.v1.Checkout/Pay', typeName: 'shop.v1.Msg', fieldPath, fieldName, kind: 'string', ...extra };
}

function configError(input: unknown, key: string, why?: RegExp): void {
  assert.throws(
    () => normalizePolicy(input as PolicyInput),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.key, key);
      if (why) assert.match(e.message, why);
      return true;
    },
  );
}

describe('mask policy', () => {
  describe('validation', () => {
    it('names the key of the first problem', () => {
      configError({ mode: 'strict' }, 'policy.mode');
      configError({ rules: [{ field: 'a', action: 'keep' }, { field: 'b', action: 'shred' }] }, 'policy.rules[1].action');
      configError({ rules: [{ field: 'a..b', action: 'redact' }] }, 'policy.rules[0].field', /dotted field path/);
      configError({ rules: [{ method: 'Checkout', field: 'a', action: 'redact' }] }, 'policy.rules[0].method');
      configError({ rules: [{ field: 'a', action: 'redact', colour: 'red' }] }, 'policy.rules[0].colour', /unknown key/);
      configError({ defaults: { emails: 'redact' } }, 'policy.defaults.emails', /unknown category/);
      configError({ defaults: { email: 'obliterate' } }, 'policy.defaults.email');
      configError({ detectors: { disable: ['fax'] } }, 'policy.detectors.disable[0]');
      configError({ detectors: { phoneRegions: ['usa'] } }, 'policy.detectors.phoneRegions[0]', /ISO 3166/);
      configError({ safe: [''] }, 'policy.safe[0]');
      configError({ fieldHints: 'yes' }, 'policy.fieldHints');
      configError({ extra: 1 }, 'policy.extra', /unknown key/);
      configError([], 'policy');
    });

    it('version: explicit, or a stable hash of the normalised policy', () => {
      assert.equal(createMasker({ version: '2025-06-01' }).policyVersion, '2025-06-01');
      const a = createMasker({ rules: [{ field: 'email', action: 'hash' }] }).policyVersion;
      const b = createMasker({ rules: [{ field: 'email', action: 'hash', method: '*' }] }).policyVersion;
      const c = createMasker({ rules: [{ field: 'email', action: 'redact' }] }).policyVersion;
      assert.match(a, /^sha256:[0-9a-f]{12}$/);
      assert.equal(a, b, 'normalisation: explicit default method gives the same version');
      assert.notEqual(a, c);
      assert.equal(createMasker().policyVersion, createMasker({}).policyVersion);
    });

    it('loads YAML files; YAML errors and bad values name the file position or the key', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-policy-'));
      try {
        const good = path.join(dir, 'p.yaml');
        fs.writeFileSync(
          good,
          ['version: v7', 'mode: detect', 'defaults:', '  email: hash', 'rules:', "  - method: '/shop.v1.Checkout/*'", '    field: customer.loyaltyId', '    action: redact', 'detectors:', '  disable: [ipv4]'].join('\n'),
        );
        const p = loadPolicyFile(good);
        assert.equal(p.version, 'v7');
        assert.equal(p.defaults.email, 'hash');
        assert.equal(p.rules[0].field, 'customer.loyaltyId');
        assert.deepEqual(p.detectors.disable, ['ipv4']);
        assert.throws(() => parsePolicyText('rules: [\n  - {field: a'), (e: unknown) => e instanceof ConfigError && /not valid YAML at line/.test(e.message));
        assert.throws(() => parsePolicyText('rules:\n  - field: a\n    action: nope\n'), (e: unknown) => e instanceof ConfigError && e.key === 'policy.rules[0].action');
        assert.throws(() => parsePolicyText('- 1\n- 2\n'), /mapping at the top level/);
        assert.throws(() => loadPolicyFile(path.join(dir, 'missing.yaml')), (e: unknown) => e instanceof ConfigError && /ENOENT/.test(e.message));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('repeated values in free text', () => {
    const note: FieldSite = { methodPath: '/s.v1.S/M', typeName: 's.v1.M', fieldPath: 'note', fieldName: 'note', kind: 'string' };
    const values = ['call +1 (415) 867-5309 or jane@example.com', 'nothing here at all', 'card 4111 1111 1111 1111 and 203.0.113.9', 'x'.repeat(300) + ' jane@example.com'];

    it('a repeat returns the same text and counts the same as the first scan (pure strategies)', () => {
      const m = createMasker();
      const fn = m.compileField(note)!;
      for (let round = 0; round < 3; round++) {
        for (const v of values) {
          const scope = newMaskScope();
          const expected = newMaskScope();
          assert.equal(fn(v, scope), m.scanText(v, expected), v);
          assert.equal(scope.count, expected.count, v);
        }
      }
    });

    it('memory stays bounded across many sites and values, and results stay right after the bound trips', () => {
      const m = createMasker();
      const fns = Array.from({ length: 60 }, (_, i) => m.compileField({ ...note, fieldPath: `f${i}`, fieldName: `f${i}` })!);
      for (let v = 0; v < 300; v++) {
        for (const fn of fns) {
          const text = v % 7 === 0 ? `mail user${v}@example.com` : `note ${v} nothing`;
          const scope = newMaskScope();
          const expected = newMaskScope();
          assert.equal(fn(text, scope), m.scanText(text, expected));
          assert.equal(scope.count, expected.count);
        }
      }
      const total = (m as unknown as { scanMemoTotal: number }).scanMemoTotal;
      assert.ok(total <= 8192, `${total} remembered values`);
    });

    it('with a keyed or random strategy nothing is remembered: pseudonyms follow rotation, ciphertexts stay fresh', () => {
      const ring = new MemoryKeyring();
      const m = createMasker({ defaults: { email: 'hash' } }, { keyring: ring });
      const fn = m.compileField(note)!;
      const first = String(fn('mail jane@example.com', newMaskScope()));
      assert.match(first, /hmac:k1:/);
      ring.rotate();
      assert.match(String(fn('mail jane@example.com', newMaskScope())), /hmac:k2:/);
      const enc = createMasker({ rules: [{ field: 'id', action: 'keep', subjectId: true }], defaults: { email: 'encrypt' } });
      const id = enc.compileField({ ...note, fieldPath: 'id', fieldName: 'id' })!;
      const fn2 = enc.compileField(note)!;
      const scope = newMaskScope();
      id('cust-1', scope);
      const a = fn2('mail jane@example.com', scope);
      const b = fn2('mail jane@example.com', scope);
      assert.notEqual(a, b, 'each encryption has its own IV');
    });
  });

  describe('decisions per field', () => {
    it('annotations are strongest: action, sensitivity default, public keeps (even free text)', () => {
      const m = createMasker({ rules: [{ field: '**', action: 'keep' }] });
      const s = newMaskScope();
      assert.equal(m.compileField(site('card.number', { annotation: { sensitivity: 'financial', action: 'mask' } }))!('4111111111111111', s), '**** **** **** 1111');
      assert.equal(m.compileField(site('street', { annotation: { sensitivity: 'personal' } }))!('Hauptstraße 12', s), '[REDACTED:personal]');
      assert.equal(m.compileField(site('note', { annotation: { sensitivity: 'public' } })), undefined);
      assert.equal(m.compileField(site('note')), undefined, 'the keep-all rule applies without annotation');
      assert.equal(s.count, 2);
    });

    it('rules match method globs and field paths with wildcards; first match wins; [] and {} are ignored', () => {
      const m = createMasker({
        rules: [
          { method: '/shop.v1.Checkout/*', field: 'customer.*.street', action: 'redact', category: 'postal_address' },
          { method: '/shop.v1.Admin/Get', field: 'note', action: 'keep' },
          { field: 'items.**.label', action: 'hash' },
          { field: 'customer.loyaltyId', action: 'mask' },
          { field: 'customer.loyaltyId', action: 'keep' },
        ],
      });
      const s = newMaskScope();
      assert.equal(m.compileField(site('customer.addresses[].street'))!('1 Main St', s), '[REDACTED:postal_address]');
      assert.equal(m.compileField(site('customer.street'))!('1 Main St', s), '[REDACTED:postal_address]', 'no rule: the field-name hint');
      assert.match(String(m.compileField(site('items[].meta.deep.label'))!('x', s)), /^hmac:/);
      assert.match(String(m.compileField(site('items[].label'))!('x', s)), /^hmac:/);
      assert.equal(m.compileField(site('customer.loyaltyId'))!('LY-99812', s), 'L***');
      assert.equal(m.compileField(site('note', { methodPath: '/shop.v1.Admin/Get' })), undefined);
      assert.notEqual(m.compileField(site('note')), undefined, 'other methods still scan the note');
    });

    it('is kind-aware: 64-bit ints, enums, bools and numbers are not scanned unless a rule or annotation says so', () => {
      const m = createMasker({ rules: [{ field: 'accountNo', action: 'redact', category: 'financial' }] });
      const kinds: FieldKind[] = ['int64', 'uint64', 'sint64', 'fixed64', 'enum', 'bool', 'int32', 'double', 'float'];
      for (const kind of kinds) assert.equal(m.compileField(site('createdMs', { kind })), undefined, kind);
      // even a Luhn-valid card shape in an int64 order number is not touched: no masker at all
      assert.equal(m.compileField(site('phone', { kind: 'int64' })), undefined);
      assert.equal(m.compileField(site('accountNo', { kind: 'int64' }))!('4111111111111111', newMaskScope()), '[REDACTED:financial]');
      assert.equal(m.compileField(site('ssn', { kind: 'uint64', annotation: { sensitivity: 'government_id' } }))!('123456789', newMaskScope()), '[REDACTED:government_id]');
    });

    it('bytes: text is scanned (shown masked, marked text:), clean text stays base64, binary becomes length + digest', () => {
      const m = createMasker();
      const fn = m.compileField(site('attachment', { kind: 'bytes' }))!;
      const s = newMaskScope();
      const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64');
      assert.equal(fn(b64('mail me at jane.doe@example.org please'), s), 'text:mail me at [REDACTED:email] please');
      assert.equal(fn(b64('invoice 2025-118 attached'), s), b64('invoice 2025-118 attached'));
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
      assert.match(String(fn(b64(png), s)), /^binary:len=48;sha256=[0-9a-f]{16}$/);
      assert.equal(fn(b64(Buffer.from([0, 1, 2])), s), 'binary:len=3', 'short binary: length only (a digest could be reversed)');
      assert.equal(s.count, 1);
    });

    it('field-name hints redact without scanning; free-text fields scan; version-like fields keep dotted quads', () => {
      const m = createMasker();
      const s = newMaskScope();
      assert.equal(m.compileField(site('customerName'))!('Mateus Albuquerque', s), '[REDACTED:person_name]');
      assert.equal(m.compileField(site('dob'))!('1940-01-03', s), '[REDACTED:date_of_birth]');
      assert.equal(m.compileField(site('email'))!('', s), '', 'empty values stay empty and are not counted');
      assert.equal(m.compileField(site('buildNumber'))!('10.2.3.4', s), '10.2.3.4');
      assert.equal(m.compileField(site('note'))!('from 198.51.100.4', s), 'from [REDACTED:ipv4]');
      assert.equal(s.count, 3);
    });

    it('defaults per category change the detectors strategy; keep disables a detector', () => {
      const m = createMasker({ defaults: { email: 'mask', ipv4: 'keep', credit_card: 'redact' } });
      assert.equal(m.scanText('to jane@example.com from 203.0.113.9 card 4111111111111111', newMaskScope()), 'to j***@example.com from 203.0.113.9 card [REDACTED:credit_card]');
      const off = createMasker({ detectors: { disable: ['email'] } });
      assert.equal(off.scanText('jane@example.com', newMaskScope()), 'jane@example.com');
    });

    it('subject ids: annotation or rule puts the keyed pseudonym (never the raw id) into the scope', () => {
      const m = createMasker({ rules: [{ field: 'accountRef', action: 'keep', subjectId: true }] });
      const s = newMaskScope();
      assert.equal(m.compileField(site('customer.customerId', { annotation: { subjectId: true, sensitivity: 'public' } }))!('c-42', s), 'c-42');
      m.compileField(site('accountRef'))!('acc-7', s);
      m.compileField(site('customer.customerId', { annotation: { subjectId: true } }))!('c-42', s);
      assert.deepEqual(s.subjectRefs, [m.pseudonym('c-42'), m.pseudonym('acc-7')]);
      assert.ok(!JSON.stringify(s).includes('c-42') && !JSON.stringify(s).includes('acc-7'));
    });
  });

  describe('decoder contract: message-kind fields and map keys', () => {
    it('a nested message (rendered JSON) is never replaced by a hint or allowlist mode; Timestamp-like plain strings are', () => {
      const detect = createMasker();
      const s = newMaskScope();
      const json = '{"street":"[REDACTED:personal]","city":"Paris"}';
      assert.equal(detect.compileField(site('customer.addresses[]', { kind: 'message' }))!(json, s), json, "'addresses' hints, but a sub-message stays");
      assert.equal(detect.compileField(site('createdAt', { kind: 'message' })), undefined, 'no hint: no function at all');
      const dob = detect.compileField(site('patient.dob', { kind: 'message' }))!;
      assert.equal(dob('1980-01-02T00:00:00Z', s), '[REDACTED:date_of_birth]');
      assert.equal(dob('{"year":1980}', s), '{"year":1980}');
      const allow = createMasker({ mode: 'allowlist', safe: ['order.createTime'] });
      const nested = allow.compileField(site('order.customer', { kind: 'message' }))!;
      assert.equal(nested('{"id":"[REDACTED:unclassified]"}', s), '{"id":"[REDACTED:unclassified]"}');
      assert.equal(nested('[1,2]', s), '[1,2]');
      assert.equal(allow.compileField(site('order.updateTime', { kind: 'message' }))!('2025-03-14T09:26:53Z', s), '[REDACTED:unclassified]');
      assert.equal(allow.compileField(site('order.createTime', { kind: 'message' })), undefined);
      const ruled = createMasker({ rules: [{ field: 'order.customer', action: 'drop' }] });
      assert.equal(typeof ruled.compileField(site('order.customer', { kind: 'message' }))!('{"id":"x"}', s), 'symbol', 'an explicit rule drops the whole sub-message');
    });

    it("map keys ('<map>[]{key}') are scanned, never replaced wholesale, even in allowlist mode", () => {
      for (const m of [createMasker(), createMasker({ mode: 'allowlist' })]) {
        const key = m.compileField(site('customer.labels[]{key}'))!;
        assert.equal(key('segment', newMaskScope()), 'segment');
        assert.equal(key('jane@example.com', newMaskScope()), '[REDACTED:email]');
      }
    });
  });

  describe('allowlist mode (fail-closed)', () => {
    const m = createMasker({
      mode: 'allowlist',
      safe: ['requestId', 'items[].sku', '**.createTime'],
      rules: [{ field: 'status', action: 'keep' }, { field: 'customer.email', action: 'hash' }],
    });
    it('keeps only fields marked safe (safe list, keep rule, public/keep annotation) and redacts all else, any kind', () => {
      const s = newMaskScope();
      assert.equal(m.compileField(site('requestId')), undefined);
      assert.equal(m.compileField(site('items[].sku')), undefined);
      assert.equal(m.compileField(site('order.createTime')), undefined);
      assert.equal(m.compileField(site('status', { kind: 'enum' })), undefined);
      assert.equal(m.compileField(site('tier', { kind: 'enum', annotation: { sensitivity: 'public' } })), undefined);
      assert.equal(m.compileField(site('tier2', { kind: 'enum', annotation: { action: 'keep' } })), undefined);
      assert.equal(m.compileField(site('note'))!('nothing personal here', s), '[REDACTED:unclassified]');
      assert.equal(m.compileField(site('quantity', { kind: 'int32' }))!(3, s), '[REDACTED:unclassified]');
      assert.equal(m.compileField(site('fullName'))!('Ada', s), '[REDACTED:person_name]');
      assert.match(String(m.compileField(site('customer.email'))!('a@b.example', s)), /^hmac:/);
      assert.equal(m.compileField(site('items[].price', { kind: 'double' }))!(1.5, s), '[REDACTED:unclassified]');
    });
    it('applies to untyped values and unknown wire fields too', () => {
      const s = newMaskScope();
      assert.deepEqual(m.maskUntyped({ requestId: 'r-1', note: 'hi', items: [{ sku: 'A-1', qty: 2 }], ok: true }, s), {
        requestId: 'r-1',
        note: '[REDACTED:unclassified]',
        items: [{ sku: 'A-1', qty: '[REDACTED:unclassified]' }],
        ok: '[REDACTED:unclassified]',
      });
      assert.equal(m.maskText('free text', newMaskScope(), { kind: 'unknown-field', fieldPath: '5' }), '[REDACTED:unclassified]');
    });
  });

  describe('text sites and untyped values', () => {
    const m = createMasker();
    it('metadata: credential keys redact wholesale, other values are scanned, status messages are scanned', () => {
      const s = newMaskScope();
      assert.equal(m.maskText('Bearer abc.def.ghi-123', s, { kind: 'metadata', key: 'authorization' }), '[REDACTED:credential]');
      assert.equal(m.maskText('203.0.113.9, 198.51.100.2', s, { kind: 'metadata', key: 'x-forwarded-for' }), '[REDACTED:ipv4], [REDACTED:ipv4]');
      assert.equal(m.maskText('grpc-js/1.14.7', s, { kind: 'metadata', key: 'user-agent' }), 'grpc-js/1.14.7');
      assert.equal(m.maskText('email jane@example.com is already registered', s, { kind: 'status-message' }), 'email [REDACTED:email] is already registered');
      assert.equal(s.count, 4);
    });
    it('maskUntyped: hints by key, scans map keys, numbers under hinted keys, does not mutate its input', () => {
      const input = { contacts: { 'jane@example.com': { phone: 4158675309, n: 3 } }, cardNumber: 4111111111111111, updatedAt: 1756335425538, list: ['x', '203.0.113.1'] };
      const copy = JSON.parse(JSON.stringify(input));
      const s = newMaskScope();
      const out = m.maskUntyped(input, s);
      assert.deepEqual(input, copy);
      assert.deepEqual(out, {
        contacts: { '[REDACTED:email]': { phone: '[REDACTED:phone]', n: 3 } },
        cardNumber: '**** **** **** 1111',
        updatedAt: 1756335425538,
        list: ['x', '[REDACTED:ipv4]'],
      });
      assert.equal(s.count, 4);
    });
  });
});
