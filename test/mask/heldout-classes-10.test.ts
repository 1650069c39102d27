import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from the read probe 16, generalised; examples are our own. */
describe('held-out classes 10: legal roles, opening names, fixed-width records, CDRs, EDIFACT birth dates, unit-first addresses, more field-name languages', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('legal and staff roles hold a person even inside a thing; a vehicle model and an animal name stay', () => {
    const out = mask({
      service_list: [{ attorney: 'Darnell Okafor', phone_ext: '12' }],
      product: { custodian: 'Ines Whitcombe' },
      dealer: { personel: 'Nurcan Aydoğdu' },
      vehicule: { modele: 'Peugeot Rifter' },
      mnyama: { jina: 'Simba' },
    });
    for (const v of ['Darnell Okafor', 'Ines Whitcombe', 'Nurcan Aydoğdu']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Peugeot Rifter', 'Simba']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('legal roles and quoted names in text are cues', () => {
    const out = mask({
      text: 'Order granting motion of petitioner Rosalind Achterberg; respondent Tobiah Fenwick to answer.',
      error: { message: "beneficiary account holder 'Oisín Mac Giolla' does not match the verified name" },
    });
    for (const v of ['Rosalind Achterberg', 'Tobiah Fenwick', 'Oisín']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('a message that opens by addressing someone by a given name; an opening that is no name stays', () => {
    const out = mask({ a: 'Priya, please forward the lease to my new address.', b: 'Marie-Claire, could you sign page 4?', c: 'Reminder, please renew before Friday.', d: 'Paris, please note the office moves.' });
    for (const v of ['Priya', 'Marie-Claire']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Reminder, please', 'Paris, please']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('names and the birth date of a fixed-width registration record; padded columns of other words stay', () => {
    const rec = '18 03/02/2026 02 DE ANGELIS                                        LUCIA                         2 14/08/1979            100000100         ';
    const out = mask({ rows: [rec], other: 'STATUS   ACTIVE   MAIN   WAREHOUSE   ANNA' });
    for (const v of ['DE ANGELIS', 'LUCIA', '14/08/1979']) assert.ok(!out.includes(v), `${v} in ${out}`);
    // the arrival date (not a birth date, not a phone) stays
    assert.ok(out.includes('03/02/2026'), out);
    assert.ok(out.includes('WAREHOUSE   ANNA'), out);
  });

  it('both numbers of a call detail record line, international without + or national', () => {
    const out = mask({ cdr: ['MOC 447700900462    02079460958     2026011409312200061', 'SMS 919820012345 447700900123 20260114'] });
    for (const v of ['447700900462', '02079460958', '919820012345', '447700900123']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('2026011409312200061'), out);
  });

  it('an EDIFACT DTM+329 segment holds a birth date; other DTM qualifiers stay', () => {
    const out = mask({ segments: ["DTM+137:20260103:102'", "DTM+329:19770512:102'"] });
    assert.ok(!out.includes('19770512'), out);
    assert.ok(out.includes('20260103'), out);
  });

  it('the name of a party element of ISO 20022 XML, and a log pair whose name has particles; an organisation stays', () => {
    const out = mask({
      xml: '<Cdtr><Nm>Wilhelmina van den Berg</Nm></Cdtr><Dbtr><Nm>Nordwind Spedition GmbH</Nm></Dbtr>',
      log: 'fuel ok pump=4 driver="Jurre de la Fuente" litres=31.2',
    });
    for (const v of ['Wilhelmina van den Berg', 'Jurre de la Fuente']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Nordwind Spedition GmbH'), out);
  });

  it('addresses that open with a unit or a house name, and Finnish street names with stair and flat', () => {
    const out = mask({
      a: 'Deliver to Apt 1204, Lakeview Residences, Jumeirah Lake Towers, Dubai.',
      b: 'Kilimani Road, Apt B7, Nairobi',
      c: 'parcel left at Ivy Cottage, Station Road by the driver',
      d: 'Toimitusosoite: Runeberginkatu 41 C 12, 00100 Helsinki',
      e: 'Hämeentie 77 A 3',
      f: 'Garantie 24 Monate, Office 365, Teams',
    });
    for (const v of ['Apt 1204, Lakeview Residences', 'Kilimani Road, Apt B7', 'Ivy Cottage, Station Road', 'Runeberginkatu 41 C 12', 'Hämeentie 77']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Garantie 24 Monate, Office 365, Teams'), out);
  });

  it('not personal: organisation numbers, suppliers, courses of study, trip stops, dangerous-goods names; people beside them still masked', () => {
    const out = mask({
      orgnr: '923 609 016',
      proveedor: { nombre: 'Veriff', pais: 'EE' },
      opleiding: 'Bc Verpleegkunde',
      trajet: { depart: 'Marseille Saint-Charles', arrivee: 'Paris Gare de Lyon' },
      dg: { properShippingName: 'LITHIUM METAL BATTERIES' },
      student: { naam: 'Sem de Wit', telefoon: '06 12345678' },
    });
    for (const v of ['923 609 016', 'Veriff', 'Bc Verpleegkunde', 'Marseille Saint-Charles', 'LITHIUM METAL BATTERIES']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    for (const v of ['Sem de Wit', '06 12345678']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('field names in Romanian, Finnish, Swahili and romanised Arabic; Turkish unvan is a title', () => {
    const out = mask({
      contribuabil: { prenume: 'Mihaela' },
      opiskelija: { etunimet: 'Aino Sofia', kotiosoite: 'Kalevankatu 9 B 20' },
      mteja: { anwani: 'Moi Avenue, Apt 3, Mombasa' },
      tajir: { ism_kamil: 'Rashid Al Nuaimi', tarikh_al_milad: '1986-11-02', unwan: 'Villa 12, Street 4, Al Safa, Dubai' },
      wakil: { ism: 'Noura Al Suwaidi' },
      isletme: { unvan: 'Ege Zeytin Ltd. Şti.' },
    });
    for (const v of ['Mihaela', 'Aino Sofia', 'Kalevankatu 9', 'Moi Avenue', 'Rashid Al Nuaimi', '1986-11-02', 'Villa 12', 'Noura Al Suwaidi']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Ege Zeytin Ltd. Şti.'), out);
  });
});
