import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from held-out probe 15 (measured once, then read); examples are our own, not the probe's. */
describe('held-out classes 8: SAP fields, role name parts, more roles and months, base64 values, HL7 order and result people', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('SAP customer, contact and address fields', () => {
    const out = mask({ KNVK: [{ NAMEV: 'Ilse', NAME1: 'Acme Handels GmbH', GBDAT: '19620415', TELF1: '+49 30 1234567', SMTP_ADDR: 'ilse@example.de' }], ADRC: { STRAS: 'Lindenweg 4', ORT01: 'Kassel' } });
    for (const v of ['"Ilse"', '19620415', '1234567', 'ilse@example.de', 'Lindenweg 4']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Kassel'), out);
  });

  it('a role and a name part as one key; roles in Nordic languages, Hebrew, Spanish leases and donations', () => {
    const out = mask({
      GUEST_LAST: 'Hoffmann', pax_first: 'Amira', tannlege: 'Sigrid Aune', behandler: 'Jens Holm', resenar: { namn: 'Elsa Lind' },
      arrendatario: { nome: 'Tomás Vidal' }, inMemoryOf: 'Harold Bennett', פונה: { שם_באנגלית: 'Noa Peretz' },
      lastUpdated: '2024-02-01', firstSeen: 'web',
    });
    for (const v of ['Hoffmann', 'Amira', 'Sigrid Aune', 'Jens Holm', 'Elsa Lind', 'Tomás Vidal', 'Harold Bennett', 'Noa Peretz']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('2024-02-01') && out.includes('"web"'), out);
  });

  it('birth dates with Romanian and Ukrainian month names', () => {
    const out = mask({ a: 'Pacienta născută la 3 martie 1958, internată', b: 'дата народження 5 травня 1971 р.' });
    assert.ok(!out.includes('3 martie 1958') && !out.includes('5 травня 1971'), out);
  });

  it('a base64url value after = in a link, decoded and scanned', () => {
    const value = Buffer.from('lucia.romero@example.es').toString('base64url');
    const out = mask({ url: `https://t.example/c?u=${value}&cid=7` });
    assert.ok(!out.includes(value), out);
    assert.ok(out.includes('&cid=7'), out);
  });

  it('people named in HL7 order and result segments (ORC, OBR, OBX)', () => {
    const out = mask({ hl7: 'ORC|RE|1001|2002||CM||||||5521^KESSLER^HANNA^^^DR\rOBR|1|1001|2002|2345-7^Glucose^LN|||20250101|||||||||9911^BRANDT^OLE' });
    assert.ok(!out.includes('KESSLER') && !out.includes('BRANDT'), out);
    assert.ok(out.includes('2345-7^Glucose^LN'), out);
  });

  it('departments, tariffs, pets, parishes and firmware versions are not people or addresses', () => {
    const out = mask({ 担当者: '営業二課', 担当: '田中 健太', 契約者: { カナ: 'タナカ ケンタ' }, controller: { fw: '18.1.1.196' }, tariff: { name: 'Smart Advantage Plus' }, mascota: { nombre: 'Canela' }, org: 'Parafia pw. św. Stanisława Biskupa' });
    for (const v of ['営業二課', '18.1.1.196', 'Smart Advantage Plus', 'Canela', 'Parafia pw. św. Stanisława Biskupa']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    assert.ok(!out.includes('田中') && !out.includes('タナカ'), out);
  });

  it('given names after "it\'s" and "this is" in call transcripts; social handles; EDIFACT parties that are people', () => {
    const out = mask({
      a: "uh hi it's poppy thistlethwaite calling about my order",
      b: 'hi this is marcus calling back about the refund',
      contact: { telegram: '@olena_kravets' },
      edi: "NAD+DP+++Visser:Marloes+Prinsengracht 7+Amsterdam++1015 DK+NL'NAD+SU+++Acme Foods BV+Haven 4+Venlo++5900 AA+NL'",
    });
    for (const v of ['poppy thistlethwaite', 'marcus', '@olena_kravets', 'Visser:Marloes', 'Prinsengracht 7']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const bot = mask({ m: "Hi! I'm Ava, the virtual assistant for Northwind Bank.", n: "soy cliente desde 2019 y it's fine" });
    assert.ok(bot.includes('Ava') && bot.includes('cliente desde 2019'), bot);
  });
});
