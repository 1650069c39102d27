import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from held-out probe 13 (measured once, then read); examples are our own, not the probe's. */
describe('held-out classes 6: field names in more languages, change records, titles, names without case, vendor keys', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('names, addresses, birth dates and phones under Vietnamese, Greek, Czech and Tagalog keys; roles in those languages', () => {
    const out = mask({
      người_gửi: { họ_và_tên: 'Phạm Thị Lan', địa_chỉ: '12 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội', ngày_sinh: '03/04/1988', số_điện_thoại: '0912 345 678' },
      Ονοματεπώνυμο: 'Γιάννης Παππάς',
      εντολή: { δικαιούχος: 'Μαρία Οικονόμου' },
      pojištěnec: { příjmení: 'Dvořáková', bydliště: 'Masarykova 12, 602 00 Brno' },
      kaarawan: '1990-01-02',
      lekar: 'MUDr. Petr Svoboda',
      orang_tua: [{ hubungan: 'ibu', nama: 'Siti Rahayu' }],
      city: 'Brno',
    });
    for (const v of ['Phạm Thị Lan', 'Lý Thường Kiệt', '03/04/1988', '0912 345 678', 'Γιάννης Παππάς', 'Μαρία Οικονόμου', 'Dvořáková', 'Masarykova 12', '1990-01-02', 'Petr Svoboda', 'Siti Rahayu']) {
      assert.ok(!out.includes(v), `${v} in ${out}`);
    }
    assert.ok(out.includes('"city":"Brno"'), 'a city alone stays');
  });

  it('a field in another script or transliteration keeps the hint of its stem', () => {
    const out = mask({ GivenNameRomanized: 'Min-jun', FamilyNameKana: 'スズキ', product: { name_latin: 'Widget Pro' } });
    assert.ok(!out.includes('Min-jun') && !out.includes('スズキ'), out);
  });

  it('change records: every value of a diff or a JSON Patch is judged by its path', () => {
    const out = mask({
      diff: [
        { path: 'contact.mobile', before: '+44 7700 900123', after: '+44 7700 900456' },
        { path: 'dateOfBirth', before: null, after: '1984-06-30' },
        { path: 'status', before: 'PENDING', after: 'ACTIVE' },
      ],
      patch: [{ op: 'replace', path: '/lastName', value: 'Okonkwo' }, { op: 'replace', path: '/tier', value: 'GOLD' }],
      change: { field: 'customer.email', old: 'a.b@example.org', new: 'c.d@example.org' },
    });
    for (const v of ['900123', '900456', '1984-06-30', 'Okonkwo', 'a.b@example.org', 'c.d@example.org']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['PENDING', 'ACTIVE', 'GOLD', '"path":"dateOfBirth"']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('titles of more languages before a name: Indonesian, Indian, Filipino, Turkish, Vietnamese, Czech academic', () => {
    const out = mask({
      a: 'Mohon hubungi Bapak Agus Salim besok pagi.',
      b: 'Documents verified by Smt Kavya Nair at the branch.',
      c: 'Sayın Emre Demir ile görüşüldü.',
      d: 'Gọi anh Tuấn trước khi giao.',
      e: 'Vyšetřil Ing. Petr Dvořák, oddělení 3.',
    });
    for (const v of ['Agus Salim', 'Kavya Nair', 'Emre Demir', 'Tuấn', 'Petr Dvořák']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('a name in a script without case, masked in a field, is masked where the record repeats it (spaced or before an honorific)', () => {
    const hindi = mask({ applicant: { name: 'अमित शर्मा' }, remarks: 'Call with अमित on Monday about the KYC form.' });
    assert.ok(!hindi.includes('अमित'), hindi);
    const ja = mask({ 氏名: '佐藤 花子', 備考: '佐藤様から電話あり。' });
    assert.ok(!ja.includes('佐藤'), ja);
    const ko = mask({ displayName: '지우', bio: '안녕하세요 지우입니다.' });
    assert.ok(!ko.includes('지우'), ko);
    // a remembered CJK name inside a longer word is not that name
    const word = mask({ 氏名: '中山 花子', 備考: '中山道を経由して配送。' });
    assert.ok(word.includes('中山道'), word);
  });

  it('birth dates after cues in Tagalog and Vietnamese, and with words between the cue and the date', () => {
    const out = mask({
      a: 'Customer Rosa (kaarawan: Mar 3, 1981) wants a refund.',
      b: 'Khách sinh ngày 14/02/1990, đã xác minh.',
      c: 'DOB on passport 12/11/1975 differs from the form.',
      d: 'date of birth as per ID card: 1969-07-20',
      e: 'DOB verified; order placed 12/03/2025.',
    });
    for (const v of ['Mar 3, 1981', '14/02/1990', '12/11/1975', '1969-07-20']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('12/03/2025'), 'a date after another sentence stays');
  });

  it('vendor API keys by prefix: Twilio, Shopify, DigitalOcean, Databricks, Postman', () => {
    const keys = [
      'SK' + '0123456789abcdef0123456789abcdef',
      'shpat_' + 'fedcba9876543210fedcba9876543210',
      'dop_v1_' + '0123456789abcdef'.repeat(4),
      'dapi' + '89abcdef01234567'.repeat(2),
      'PMAK-' + '0123456789abcdef01234567' + '-' + '0123456789abcdef0123456789abcdef01',
    ];
    const out = mask({ note: `rotate ${keys.join(' and ')} today`, sku: 'SKU-4412-BLU-M', twilio: { apiKeySid: keys[0] } });
    for (const k of keys) assert.ok(!out.includes(k), `${k} in ${out}`);
    assert.ok(out.includes('SKU-4412-BLU-M'));
  });

  it('an address quoted after its label; an Indian address opening with a block-and-flat number', () => {
    const out = mask({
      detail: "shipping address 'Keizersgracht 221, 1016 DV Amsterdam' could not be geocoded",
      resume: 'Flat details\nC-402, Lodha Palava, Dombivli East - 421204 | call any time',
      ip: 'IP address "198.51.100.3" blocked',
    });
    assert.ok(!out.includes('Keizersgracht 221') && !out.includes('C-402, Lodha Palava'), out);
    assert.ok(!out.includes('198.51.100.3'), out);
  });
});
