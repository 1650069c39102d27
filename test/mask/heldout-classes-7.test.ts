import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from held-out probe 14 (measured once, then read); examples are our own, not the probe's. */
describe('held-out classes 7: fields inside text, repeated birth dates, CJK labels and honorifics, Vietnamese names, bank statements', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('XML elements in a string are judged by their names; a name part beside a first name too', () => {
    const out = mask({ body: '<s:Body><p:Person><p:Name>Okoro</p:Name><p:FirstName>Adaeze</p:FirstName><p:BirthDate>1981-04-05</p:BirthDate><p:Street>Allen Avenue 14</p:Street><p:Country>NG</p:Country></p:Person></s:Body>' });
    for (const v of ['Okoro', 'Adaeze', '1981-04-05', 'Allen Avenue 14']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('<p:Country>NG</p:Country>'), out);
    const product = mask({ body: '<Item><Name>Desk Lamp</Name><Sku>DL-2</Sku></Item>' });
    assert.ok(product.includes('Desk Lamp'), product);
  });

  it('key=value pairs in log lines are judged by their keys', () => {
    const out = mask({ line: 'ts=2024-01-02T03:04:05Z level=info holder="Marek Nowicki" dob=1979-12-01 amount=12.50 status=APPROVED' });
    assert.ok(!out.includes('Marek Nowicki') && !out.includes('1979-12-01'), out);
    for (const v of ['level=info', 'amount=12.50', 'status=APPROVED', '2024-01-02T03:04:05Z']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a birth date masked in a field is masked where the record repeats it', () => {
    const out = mask({ applicant: { birthDate: '1966-10-30' }, check: { note: 'document shows 1966-10-30, form differs' }, createdAt: '1966-10-30T08:00:00Z' });
    assert.ok(!out.includes('shows 1966-10-30'), out);
    assert.ok(out.includes('1966-10-30T08:00:00Z'), 'a timestamp is not the date');
  });

  it('a field violation quoting the value of a personal field; a cloud tag naming its owner', () => {
    const out = mask({
      fieldViolations: [{ field: 'holder.dateOfBirth', description: "'07/08/1990' is not a valid date" }, { field: 'amount', description: 'must be positive' }],
      Tags: [{ Key: 'Owner', Value: 'Siddharth Rao' }, { Key: 'owner', Value: 'team-billing' }, { Key: 'Env', Value: 'prod' }],
    });
    assert.ok(!out.includes('07/08/1990') && !out.includes('Siddharth Rao'), out);
    for (const v of ['must be positive', 'team-billing', 'prod']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('names after Chinese, Japanese and Korean person labels and before honorifics; phones and names under CJK keys', () => {
    const out = mask({ memo: '山本様より連絡。担当：小林健二', note: '联系人: 刘洋，请陈先生回电', kr: '담당자: 최지훈', 收货人: '周杰', 手机号: '13912345678', 契約者: { ローマ字: 'KOBAYASHI KENJI' } });
    for (const v of ['山本', '小林健二', '刘洋', '陈', '최지훈', '周杰', '13912345678', 'KOBAYASHI KENJI']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const words = mask({ memo: 'お客様と顧客様へ連絡済み' });
    assert.ok(words.includes('お客様と顧客様'), words);
  });

  it('Vietnamese names family name first, not the streets and the city named after people', () => {
    const out = mask({ note: 'Giao cho Phạm Minh Tuấn, địa chỉ 42 Trần Hưng Đạo, Quận 1, Hồ Chí Minh', n2: 'Contact Nguyen Van An at the depot' });
    for (const v of ['Phạm Minh Tuấn', 'Trần Hưng Đạo', 'Nguyen Van An']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const city = mask({ city: 'Hồ Chí Minh', d: 'shipped from the Hoang Mai district depot' });
    assert.ok(city.includes('Hồ Chí Minh') && city.includes('Hoang Mai district'), city);
  });

  it('the counterparty of a bank statement line (MT940 :86: subfields)', () => {
    const out = mask({ raw: ':86:166?00GUTSCHRIFT?20EREF+X1?31DE89370400440532013000?32KATHARINA BERGER\n:62F:C250301EUR1,00' });
    assert.ok(!out.includes('DE89370400440532013000') && !out.includes('KATHARINA BERGER'), out);
    assert.ok(out.includes('GUTSCHRIFT'), out);
  });

  it('padded base64 of text inside a longer string is scanned decoded', () => {
    const token = Buffer.from('maria.lopez@example.es').toString('base64');
    assert.ok(token.endsWith('='));
    const out = mask({ msg: `ctx=${token} role=admin` });
    assert.ok(!out.includes(token), out);
    assert.ok(out.includes('role=admin'), out);
  });

  it('more cues: escalated to, confirmed by, a manager label, family words; a phone after "cell was"', () => {
    const out = mask({ a: 'Escalated to Min-seo Park (Tier 2).', b: 'Income confirmed by Lorenzo Bianchi.', c: 'Gestora: Aitana Ruiz.', d: 'avertir sa fille Chloé Martin', e: 'His cell was 212-555-0187 yesterday' });
    for (const v of ['Min-seo Park', 'Lorenzo Bianchi', 'Aitana Ruiz', 'Chloé Martin', '212-555-0187']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const org = mask({ r: 'referred by Linden Rose Hospital' });
    assert.ok(org.includes('Linden Rose Hospital'), org);
  });

  it('practices, health centres and stations named like people are organisations and places', () => {
    const out = mask({
      participant: [{ actor: { display: 'Praxis am Markt' } }, { actor: { display: 'Centro de Salud Delicias' } }, { actor: { reference: 'Practitioner/7', display: 'Dr. Helena Vogt' } }],
      dropoff: { placeName: 'Union Station' },
    });
    for (const v of ['Praxis am Markt', 'Centro de Salud Delicias', 'Union Station']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    assert.ok(!out.includes('Helena Vogt'), out);
  });

  it('Hungarian names family first and Hungarian birth dates; Vietnamese addresses closed by the city', () => {
    const out = mask({
      a: 'Alulírott Szabó Katalin (szül. 1984. március 2., Pécs) kijelentem',
      b: 'Üdv, Horváth Bence, tel: 06 30 123 4567',
      c: 'Giao tới 27 Hàng Bài, Hoàn Kiếm, Hà Nội trước 5h',
      d: 'Rendelés 2024. május 3. kiszállítva',
    });
    for (const v of ['Szabó Katalin', '1984. március 2.', 'Horváth Bence', '27 Hàng Bài']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('2024. május 3.'), 'a date without a birth cue stays');
  });
});
