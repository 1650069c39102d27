import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { hintForFieldName, isCodeLikeName } from '../../interceptors/mask/field-hints';

/**
 * Classes found by the held-out probe (test/fixtures/heldout-probe.jsonl). Each is tested here
 * with values of its own, none taken from the probe, so that the probe stays a held-out check.
 */
describe('masking: classes from the held-out probe', () => {
  const masker = createMasker();
  const mask = (v: unknown) => masker.maskUntyped(v, newMaskScope()) as Record<string, any>;
  const text = (t: string) => masker.scanText(t, newMaskScope());
  const R = (cat: string) => `[REDACTED:${cat}]`;

  it('field names: birth-date keys, preferred names, msisdn variants, flattened paths', () => {
    for (const n of ['bday', 'born', 'geburtstag', 'birthDt', 'date_birth', 'patientBirthDateIso']) assert.equal(hintForFieldName(n), 'date_of_birth', n);
    for (const n of ['placeOfBirth', 'birthCountry', 'birthPlace', 'birthYearVerified']) assert.notEqual(hintForFieldName(n), 'date_of_birth', n);
    for (const n of ['preferredName', 'nick_name', 'knownAs']) assert.equal(hintForFieldName(n), 'person_name', n);
    for (const n of ['msisdnE164', 'msisdn_national']) assert.equal(hintForFieldName(n), 'phone', n);
    const out = mask({ 'deliveryAddress.street': 'Kirkegata 9', 'deliveryAddress.city': 'Bergen', 'shipTo/firstName': 'Eirik', 'resource.service.name': 'billing-api' });
    assert.equal(out['deliveryAddress.street'], R('postal_address'));
    assert.equal(out['deliveryAddress.city'], 'Bergen');
    assert.equal(out['shipTo/firstName'], R('person_name'));
    assert.equal(out['resource.service.name'], 'billing-api');
  });

  it('new person roles hold people; codes and bots in people fields are not names; locality is a city', () => {
    const out = mask({ candidate: 'Aurelio Benedetti', visitor: { name: 'Ilka Brandt' }, leg: { from: 'MUC', to: 'OSL' } });
    assert.equal(out.candidate, R('person_name'));
    assert.equal(out.visitor.name, R('person_name'));
    assert.deepEqual(out.leg, { from: 'MUC', to: 'OSL' });
    const people = mask({ watchers: [{ displayName: 'Release Bot' }, { displayName: 'IT Service Desk' }], owner: { name: 'Grupo Halcón S.A.' } });
    assert.equal(people.watchers[0].displayName, 'Release Bot');
    assert.equal(people.watchers[1].displayName, 'IT Service Desk');
    assert.equal(people.owner.name, 'Grupo Halcón S.A.');
    const addr = mask({ homeAddress: { addressLine1: 'Kirkegata 9', locality: 'Bergen', postalCode: '5003' } });
    assert.equal(addr.homeAddress.addressLine1, R('postal_address'));
    assert.equal(addr.homeAddress.locality, 'Bergen');
  });

  it('things: titles without a cue are not people, codes are not phones, versions in file names are not addresses', () => {
    assert.ok(isCodeLikeName('hsCode') && isCodeLikeName('gtin') && !isCodeLikeName('phoneCountryCode'));
    const out = mask({
      item: { sku: 'LMP-22', title: 'Beatrice Garden Lantern', description: 'Gift for Beatrice Holloway' },
      customs: { hsCode: '9405.40.9000' },
      bundle: 'payments-gateway-4.12.7.19.zip',
      Created: '2024-10-03T08:15:27.120+0000',
    });
    assert.equal(out.item.title, 'Beatrice Garden Lantern');
    assert.equal(out.item.description, 'Gift for ' + R('person_name'));
    assert.equal(out.customs.hsCode, '9405.40.9000');
    assert.equal(out.bundle, 'payments-gateway-4.12.7.19.zip');
    assert.equal(out.Created, '2024-10-03T08:15:27.120+0000');
  });

  it("a profile holds a person, though 'profile' ends with the thing word 'file'", () => {
    assert.equal(mask({ profile: { displayName: 'Oksana Melnyk' } }).profile.displayName, R('person_name'));
    assert.equal(mask({ memberProfile: { name: 'Oksana Melnyk' } }).memberProfile.name, R('person_name'));
    assert.equal(mask({ file: { name: 'Quarterly Report.pdf' } }).file.name, 'Quarterly Report.pdf');
  });

  it('free-text cues: role nouns, "<verb>ed by", "statement from", lists after a cue, the French "M."', () => {
    assert.equal(text('Inspector Oskar Lindahl signed off'), 'Inspector ' + R('person_name') + ' signed off');
    assert.equal(text('Refund escalated by Tiago Carvalhal.'), 'Refund escalated by ' + R('person_name') + '.');
    assert.equal(text('Complaint from Wanjiku Mwangi about delay'), 'Complaint from ' + R('person_name') + ' about delay');
    assert.equal(text('Call with Radomir Petrović and Jelena Marković at noon'), 'Call with ' + R('person_name') + ' and ' + R('person_name') + ' at noon');
    assert.equal(text('Remis à M. Gaspard Leclerc'), 'Remis à M. ' + R('person_name'));
    // no cue, no known given name: products and places stay
    assert.equal(text('received from Amazon Web Services today'), 'received from Amazon Web Services today');
  });

  it('mail display names without quotes: a person (given name or first.last address), not a team', () => {
    assert.equal(text('From: Ebere Nwosu <ebere.nwosu@example.org>'), 'From: ' + R('person_name') + ' <' + R('email') + '>');
    assert.equal(text('From: Payroll Office <payroll@example.org>'), 'From: Payroll Office <' + R('email') + '>');
  });

  it('vCard text in a string: values by property (street only of ADR)', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:4.0\r\nN:Halvorsen;Tuva;;;\r\nFN:Tuva Halvorsen\r\nADR;TYPE=home:;;Kirkegata 9;Bergen;;5003;Norway\r\nBDAY:1979-08-21\r\nTEL;TYPE=cell:+47 412 34 567\r\nORG:Fjord Analytics AS\r\nEND:VCARD';
    const out = text(card);
    for (const v of ['Halvorsen', 'Tuva', 'Kirkegata 9', '1979-08-21', '412 34 567']) assert.ok(!out.includes(v), v);
    for (const v of ['Bergen', '5003', 'Norway', 'Fjord Analytics AS', 'VERSION:4.0']) assert.ok(out.includes(v), v);
  });

  it('log key=value: snake-case birth and phone keys; connection strings end a secret at ";Key="', () => {
    assert.equal(text('evt=signup date_of_birth=1968-02-29 status=ok'), 'evt=signup date_of_birth=' + R('date_of_birth') + ' status=ok');
    assert.equal(text('mobile_number=0049 1522 3456789 region=DE'), 'mobile_number=' + R('phone') + ' region=DE');
    assert.equal(text('SMS to 07831 442190 failed'), 'SMS to ' + R('phone') + ' failed');
    assert.equal(text('Server=db1;Password=Wq7!zK2pLm;Database=orders'), 'Server=db1;Password=' + R('credential') + ';Database=orders');
  });
});
