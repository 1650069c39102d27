import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from held-out probe 10 (measured once, then read); examples are our own, not the probe's. */
describe('held-out classes 4: names by context, CJK phones, regions from numbers, headed rows', () => {
  const masker = createMasker();
  const scan = (t: string): string => masker.scanText(t, newMaskScope());
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('a lower-case name that the e-mail beside it spells; not a single word', () => {
    assert.ok(!scan('ticket from lena brandt (lena.brandt+support@example.org)').includes('brandt'));
    assert.ok(!scan('reply to omar haddad <ohaddad@example.net> please').includes('haddad'));
    assert.ok(scan('write to billing (billing@example.com)').includes('write to billing'));
  });

  it('a grouped phone number touching kana, ideographs or Hangul; codes glued to Latin words stay', () => {
    assert.ok(!scan('留守の場合は080-1234-5678へお願いします').includes('1234-5678'));
    assert.equal(scan('品番 SKU-1234-5678。'), '品番 SKU-1234-5678。');
  });

  it("a record's international numbers declare their country for its national ones", () => {
    const v = { lines: [{ msisdn: '+52 81 1234 5678' }], note: 'se le contacte en el 55 6123 4567 por la tarde' };
    assert.ok(!mask(v).includes('55 6123 4567'), mask(v));
    assert.ok(mask({ note: 'se le contacte en el 55 6123 4567 por la tarde' }).includes('55 6123 4567'), 'no declared region: national MX numbers are not guessed');
  });

  it('rows whose header line is a field of its own', () => {
    const out = mask({ delimiter: ',', header: 'surname,given,mobile,email', rows: ['Okafor,Chidi,+2348031234567,chidi@example.ng', 'Moreau,Léa,+33612345678,lea@example.fr'] });
    for (const v of ['Okafor', 'Chidi', 'Moreau', 'Léa']) assert.ok(!out.includes(v), out);
  });

  it('person roles and name words in more languages; things and places keep their titles', () => {
    assert.ok(!mask({ kund: { namn: 'Karin Lindgren' } }).includes('Lindgren'));
    assert.ok(!mask({ klant: { naam: 'Joost Visser' } }).includes('Visser'));
    assert.ok(mask({ filiale: { sede: 'Milano Linate' } }).includes('Milano Linate'));
    assert.ok(mask({ pedido: { restaurante: 'Cantina La Paloma' } }).includes('La Paloma'));
    assert.ok(mask({ stay: { property: { name: 'Seaside Cove Inn' } } }).includes('Seaside Cove Inn'));
    assert.ok(mask({ operationName: 'UpdateBillingAddress' }).includes('UpdateBillingAddress'));
    assert.ok(mask({ sms: { from: 'AX-ICICIB' } }).includes('AX-ICICIB'));
    assert.ok(!mask({ sms: { from: 'Kowalski' } }).includes('Kowalski'), 'a surname alone under from is still a name');
  });

  it("introductions and relations: 'hier ist', 'aqui é', 'em nome da mãe, …', a driver", () => {
    assert.ok(!scan('Guten Tag, hier ist Margarete von Arnim, ich rufe wegen').includes('Arnim'));
    assert.ok(!scan('Oi, aqui é Beatriz Lacerda').includes('Lacerda'));
    assert.ok(!scan('comprovante em nome da mãe, Helena Vasconcelos. Aceito.').includes('Vasconcelos'));
    assert.ok(!mask({ note_agenzia: 'Secondo conducente: Matteo Lombardi, patente B.' }).includes('Lombardi'));
    assert.ok(scan('hier ist Order Management').includes('Order Management'));
  });

  it('the family name of a name found in text, when it appears alone elsewhere in the record', () => {
    const out = mask({ thought: 'User Priscilla Okonkwo asked to update her plan.', args: '{"query": "Okonkwo"}' });
    assert.ok(!out.includes('Okonkwo'), out);
  });

  it('radio cell ids, bankgiro and prescription ids are not phone numbers', () => {
    const out = mask({ caller: '+48 512 345 678', cellId: '260-01-17851-78', bankgiro: '5050-1055', rezeptId: '160.123.456.789.012.34' });
    for (const v of ['260-01-17851-78', '5050-1055', '160.123.456.789.012.34']) assert.ok(out.includes(v), out);
  });

  it('Hebrew-script names after a role or conversation cue; a Korean name before a copula', () => {
    assert.ok(!scan('המטופלת רחל אברהם ביקשה תור חדש').includes('אברהם'));
    assert.ok(!scan('דיברתי עם דוד מזרחי, יחזור מחר').includes('מזרחי'));
    assert.equal(scan('הלקוח התקשר לגבי החשבון'), 'הלקוח התקשר לגבי החשבון', 'a verb after the cue is no name');
    assert.ok(!scan('안녕하세요, 박서연입니다').includes('박서연'));
    assert.equal(scan('네, 확인했습니다'), '네, 확인했습니다');
  });

  it('upper-case payees between a transfer label and the IBAN; companies stay', () => {
    assert.ok(!scan('SEPA-Überweisung OKORO ADA IBAN DE89 3704 0044 0532 0130 00 REF1').includes('OKORO'));
    assert.ok(!scan('VIR SEPA LI NA IBAN FR14 2004 1010 0505 0001 3M02 606').includes('LI NA'));
    assert.ok(scan('SEPA-Überweisung ACME GMBH IBAN DE89 3704 0044 0532 0130 00').includes('ACME GMBH'));
  });

  it("French post boxes with their town or named as the address; 'im.' is not a street word", () => {
    assert.ok(!scan('Envoyer à SARL Dupuis, BP 4021, 69002 Lyon Cedex 02 avant lundi').includes('4021'));
    assert.ok(!scan('Livré au voisin, adresse BP 77').includes('77'));
    assert.ok(scan('the BP 819 report').includes('BP 819'));
    assert.ok(mask({ szkola: 'Szkoła Podstawowa nr 7 im. Jana Pawła' }).includes('nr 7 im.'));
  });

  it('addresses: a number label after a two-word street name, Turkish Mah. and D:, Bengaluru cross roads, address keys in other scripts', () => {
    assert.ok(!scan('leave it at Jl. Kebon Jeruk No. 27, RT 03 if not home').includes('Kebon Jeruk No. 27'));
    assert.ok(!scan('I live at Cumhuriyet Mah. No:12 D:4 since May').includes('No:12 D:4'));
    assert.ok(!mask({ deliveredTo: 'Flat 402, Green Glen Residency, 6th Cross, Koramangala' }).includes('6th Cross'));
    assert.ok(!mask({ order: { 'ที่อยู่จัดส่ง': '12/3 ถนนพระราม 4 แขวงสีลม เขตบางรัก กรุงเทพฯ 10500' } }).includes('10500'));
    assert.ok(mask({ 'メールアドレス': 'support' }).includes('support'), 'an e-mail address key in Japanese is no postal address');
    assert.ok(scan('please deliver to Flat 12B, 19 Kingsmead Road Order RF16 O1VN 4QI8 1JE was shipped').includes('RF16 O1VN'));
  });

  it('SWIFT MT parties, profile URLs, GDS names with a glued title, a nombre de, Latin names after a Hebrew cue, form values', () => {
    const mt = scan(':20:REF123\n:32A:250501EUR100,00\n:50K:/DE44500105175407324931\nKARIN OYELARAN\n12 HIGH STREET\n:59:/12345678\nTOMASZ WIRTH\nUL. DLUGA 5\n:70:RENT');
    for (const v of ['KARIN OYELARAN', '12 HIGH STREET', 'TOMASZ WIRTH', 'UL. DLUGA 5']) assert.ok(!mt.includes(v), mt);
    assert.ok(scan('build at 2025-01-01T03:59:54Z done').includes('03:59:54Z'), 'a timestamp has no SWIFT tags');
    assert.ok(!scan('see https://www.linkedin.com/in/oskar-lindqvist-3b2a1 for details').includes('oskar-lindqvist'));
    assert.ok(!scan(' 1.1PETROVA/ELENAMRS\n 1 LH 401 Y 12MAR').includes('ELENA'));
    assert.ok(!scan('devolver a nombre de Ander Zubiri, gracias').includes('Zubiri'));
    assert.ok(!scan('הלקוח Noa Ben-Ami ביקש לעדכן').includes('Ben-Ami'));
    assert.ok(!mask({ formSubmission: { fields: { name: 'Mirela Dobre', message: 'call me back' } } }).includes('Dobre'));
    assert.ok(mask({ schema: { fields: [{ name: 'email', type: 'string' }] } }).includes('"name":"email"'), 'a schema field definition keeps its name');
  });

  it('probe 11 classes: roles and name words in more languages, birth years, vendor keys, organisations written as names', () => {
    assert.ok(!mask({ ugyfel: { nev: 'Varga Anna' } }).includes('Varga'));
    assert.ok(!mask({ asiakas: { nimi: 'Aino Laine' } }).includes('Laine'));
    assert.ok(!mask({ x: { vezeteknev: 'Nagy', keresztnev: 'Ildikó' } }).includes('Ildikó'));
    assert.ok(!mask({ vendor: { contact: 'Ingrid Berg' } }).includes('Berg'), "a thing's contact is a person");
    assert.ok(!mask({ member: { birthYear: '1984' } }).includes('1984'));
    assert.ok(!mask({ form: { 'Luogo e data di nascita': 'Torino, 02/03/1980' } }).includes('1980'));
    assert.ok(!scan('ur. 12.05.1977 w Gdańsku').includes('1977'));
    assert.ok(!scan('rotated hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab today').includes('hf_AbCd'));
    assert.ok(!scan('bot 987654321:AAEexampleexampleexampleexample1234 set').includes(':AAE'));
    assert.ok(mask({ client: { firma: 'Dr. Weber Analytik GmbH' } }).includes('Weber'), 'a company written as a name');
    assert.ok(!scan('Please forward to Dr. Leila Haddad, cardiology.').includes('Haddad'), 'a sentence naming a person is no organisation');
    assert.ok(mask({ messages: [{ author: 'CUSTOMER' }] }).includes('CUSTOMER'));
    assert.ok(mask({ withdrawal: { amount: '0.61520000' } }).includes('0.61520000'));
  });

  it('Maestro cards; Hungarian streets with a lower-case street word', () => {
    assert.ok(!scan('kártya 6759 6498 2643 8453 elfogadva').includes('6498 2643'));
    assert.ok(scan('order 6759 5202 1663 5241').includes('5202 1663'), 'not Luhn-valid: an order number');
    assert.ok(!scan('cím: 1051 Budapest, Nádor utca 12. 3. em.').includes('Nádor utca 12'));
  });

  it("e-mails spelled out in other languages ('punt', 'arroba', 'chiocciola'); prose stays", () => {
    assert.ok(!scan('mail: lies punt peeters at skynet punt be').includes('peeters'));
    assert.ok(!scan('escribe a lucia arroba correo punto es').includes('lucia'));
    assert.equal(scan('llegó a punto de salir at noon'), 'llegó a punto de salir at noon');
  });
});

