import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { getRenderer } from '../../interceptors/decode';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { declaredRegion, recordRegions } from '../../interceptors/mask/record-regions';

/**
 * Issue 11: national phone numbers with the country inferred from context. A number such as
 * Singapore's '9123 4567' (8 digits) or China's '138 0013 8000' is no national number of the
 * default regions; the record's own `country` / `locale` field says which plan applies.
 */
describe('phone regions declared by the record', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('reads country and locale fields, and only region codes libphonenumber knows', () => {
    assert.equal(declaredRegion('country', 'sg'), 'SG');
    assert.equal(declaredRegion('addressCountry', 'NG'), 'NG');
    assert.equal(declaredRegion('country_code', 'KE'), 'KE');
    assert.equal(declaredRegion('locale', 'zh-CN'), 'CN');
    assert.equal(declaredRegion('LOCALE', 'pt_BR.UTF-8'), 'BR');
    assert.equal(declaredRegion('nationality', 'JP'), 'JP');
    assert.equal(declaredRegion('country', 'XX'), undefined, 'not a region');
    assert.equal(declaredRegion('status', 'SG'), undefined, 'not a country key');
    assert.equal(declaredRegion('country', 'Singapore'), undefined, 'names are not codes');
    assert.equal(declaredRegion('country', 7), undefined);
  });

  it('adds only regions the policy lacks, and gives the same list for the same set', () => {
    const policy = ['US', 'GB'];
    assert.equal(recordRegions({ country: 'US' }, policy, undefined), undefined, 'nothing new');
    const a = recordRegions({ shipTo: { country: 'SG' }, items: [{ locale: 'zh-CN' }] }, policy, undefined);
    assert.deepEqual(a, ['US', 'GB', 'SG', 'CN']);
    assert.equal(recordRegions({ b: { country: 'SG' }, c: { locale: 'zh-CN' } }, policy, undefined), a, 'same array object');
    assert.deepEqual(recordRegions({ country: 'KE' }, policy, a), ['US', 'GB', 'SG', 'CN', 'KE'], 'merged with the regions already in force');
  });

  it('masks a national number in free text when a field of the record names its country', () => {
    for (const [country, number] of [
      ['SG', '9123 4567'],
      ['HK', '9876 5432'],
      ['CN', '138 0013 8000'],
    ]) {
      const text = `backup line ${number} for the depot`;
      assert.ok(mask({ note: text }).includes(number), `${number} without a country is not taken for a phone (8 digits or an unknown plan)`);
      const out = mask({ customer: { country }, note: text });
      assert.ok(!out.includes(number), `${country}: ${out}`);
      assert.ok(!mask({ locale: `en-${country}`, note: text }).includes(number), `${country} by locale`);
    }
  });

  it('keeps 8-digit numbers that are not phones of the declared country', () => {
    const out = mask({ country: 'SG', note: 'order 20250314 shipped, ref 2025-03-14' });
    assert.ok(out.includes('20250314') && out.includes('2025-03-14'), out);
  });

  it('applies on the typed render path too (country after the text, in a nested message)', () => {
    const root = protobuf.parse(`
      syntax = "proto3";
      package t;
      message Address { string line = 1; string country_code = 2; }
      message Ticket { string note = 1; Address address = 2; }
    `).root;
    const type = root.lookupType('t.Ticket');
    const r = getRenderer(type, masker, '/t.Svc/Open');
    const msg = { note: 'gate line 9123 4567 at the door', address: { line: 'Blk 5', countryCode: 'SG' } };
    const out = r.render(msg, newMaskScope(), 1 << 20).json;
    assert.ok(!out.includes('9123 4567'), out);
    const plain = r.render({ note: 'gate line 9123 4567 at the door' }, newMaskScope(), 1 << 20).json;
    assert.ok(plain.includes('9123 4567'), 'no country: the default regions');
  });
});

describe('recipients of a message or call over a phone channel', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('masks a bare national number under sms.to, whatsapp.recipient, ivr.callee', () => {
    for (const v of [{ sms: { to: '07700900123', body: 'code 1234' } }, { whatsapp: { recipient: '01511234567' } }, { ivr: { callee: '0612345678' } }]) {
      const out = mask(v);
      assert.ok(!/0\d{9,10}/.test(out), out);
    }
  });

  it('keeps what is no dialled number there, and to/from dates elsewhere', () => {
    assert.ok(mask({ sms: { to: '56789', sender: 'ACME' } }).includes('56789'), 'a short code is no national number');
    const range = mask({ period: { from: '2025-03-01', to: '2025-03-14' }, sms: { to: '1741910400' } });
    assert.ok(range.includes('2025-03-14'), range);
  });
});

describe('numbers right after a word asking to call', () => {
  const masker = createMasker();
  const mask = (t: string): string => masker.scanText(t, newMaskScope());

  it('masks 8–13 grouped digits after call / ring / tel / Rückruf, whatever their country', () => {
    for (const [text, number] of [
      ['please call 6426 1722 if the room is not held', '6426 1722'],
      ['ring me on 2345-6789 tonight', '2345-6789'],
      ['Rückruf bitte unter 011 15-9769-7048. Danke', '011 15-9769-7048'],
      ['tel: 22 33 44 55', '22 33 44 55'],
    ]) assert.ok(!mask(text).includes(number), mask(text));
  });

  it('keeps grouped digits after other words or after a cue that names something else', () => {
    for (const text of ['order 1234 5678 shipped', 'PIN 1234 5678', 'call ref 1234 5678', 'call 2025-03-14 meeting']) {
      assert.equal(mask(text), text);
    }
  });
});
