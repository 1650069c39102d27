import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from the read probes 15 and earlier, generalised; examples are our own. */
describe('held-out classes 9: addressee lines, titled names in person fields, name words of other languages, Spanish months', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('the name on an addressee line before an address is masked; an organisation there is kept', () => {
    const out = mask({
      letter: 'Aktenzeichen 7 O 112/25\nIn Sachen\nGerlinde Vogt, Lindenstraße 14, 50674 Köln\n– Antragstellerin –',
      label: 'Piotr Zieliński, ul. Kwiatowa 12, 30-001 Kraków',
      company: 'Nordlicht Logistik GmbH, Hafenstraße 3, 20457 Hamburg',
    });
    for (const v of ['Gerlinde Vogt', 'Piotr Zieliński']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('Nordlicht Logistik GmbH'), out);
  });

  it('a lower-case title or profession before a name in a field that holds a person', () => {
    const out = mask({ behandler: 'fysioterapeut Ingrid Solberg', doctor: 'dott. Marco Ricci', owner: 'the Acme Corp' });
    for (const v of ['Ingrid Solberg', 'Marco Ricci']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('the Acme Corp'), out);
  });

  it("the word for 'name' in other languages outside a thing, member and inspector roles; a product's or a pet's name stays", () => {
    const out = mask({ medlem: { navn: 'Sigrun' }, membru: { nume: 'Ionescu' }, inspektor: { namn: 'Gustav' }, registro: { naam: 'Marloes' }, produkt: { namn: 'Vattenkokare' }, animal: { nom: 'Caramel' } });
    for (const v of ['Sigrun', 'Ionescu', 'Gustav', 'Marloes']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Vattenkokare', 'Caramel']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('birth dates with octubre and noviembre, and the cue nací el', () => {
    const out = mask({ a: 'nací el 9 de octubre de 1994', b: 'nacida el 21 de noviembre de 1987', c: 'entregado el 9 de octubre de 2024' });
    assert.ok(!out.includes('9 de octubre de 1994') && !out.includes('21 de noviembre de 1987'), out);
    assert.ok(out.includes('9 de octubre de 2024'), out);
  });

  it("'I am' in Spanish, Polish and Dutch before a given name, in any case; 'soy de Madrid' names no one", () => {
    const out = mask({ a: 'buenas, soy marta gil y llamo por la factura', b: 'Dzień dobry, jestem tomasz.', c: 'hallo, ik ben daan en ik bel over mijn pakket', d: 'soy de Madrid y soy cliente desde 2019' });
    for (const v of ['marta gil', 'tomasz', 'daan']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('soy de Madrid y soy cliente'), out);
  });

  it('the name under a short closing at the end of a message; brands and phrases after the same words stay', () => {
    const out = mask({ a: 'Ist das Fahrrad noch zu haben? LG Janine Köhler', b: 'Could you send it Monday? Best, Priya', c: 'Kiitos paljon! Terveisin Aino Mäkinen', d: 'Refurbished. LG Electronics', e: 'Plan: Best Effort', f: 'Kan ni ringa mig?\nMvh\nSven' });
    for (const v of ['Janine Köhler', 'Priya', 'Aino Mäkinen', 'Sven']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['LG Electronics', 'Best Effort']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it("people of things ('event.by', 'ticket.watchers'), titles such as 'Dr. med.', hires; a route's from/to stay", () => {
    const out = mask({ events: [{ type: 'comment', by: 'Talia Mizrahi' }], ticket: { watchers: ['Oskar Lindqvist'] }, autor: 'Dr. rer. nat. Helga Brandt', onboarding: { hire: 'Kwame Mensah' }, route: { from: 'Lyon Part-Dieu', to: 'Paris Gare de Lyon' } });
    for (const v of ['Talia Mizrahi', 'Oskar Lindqvist', 'Helga Brandt', 'Kwame Mensah']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Lyon Part-Dieu', 'Paris Gare de Lyon']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('the second date of a comparison with a birth date; compared dates without a birth date stay', () => {
    const out = mask({ a: 'mismatch: dob 1984-06-02 vs 1984-02-06', b: 'geb. 02.06.1984 -> 06.02.1984', c: 'delivery 2024-06-02 vs 2024-06-04' });
    for (const v of ['1984-02-06', '06.02.1984']) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('2024-06-02 vs 2024-06-04'), out);
  });

  it('a contact field holding only a number is a phone of any country; a name there is a name; the line after a signature delimiter', () => {
    const out = mask({ appeal: { contact: '9123 4567' }, contactNo: '(02) 8123 4567', kontakt: 'Lena Fischer', ticketCount: '12345678', mail: 'See you.\n-- \nMaeve | Reception\nHarbour Vets' });
    for (const v of ['9123 4567', '8123 4567', 'Lena Fischer', 'Maeve']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['12345678', 'Reception', 'Harbour Vets']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });
});
