import { strict as assert } from 'node:assert';
import { hintForFieldName, hintInContext, objectKind } from '../../interceptors/mask/field-hints';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/**
 * Field names that say what a value is, in the shapes and languages an independent probe
 * (test/fixtures/heldout-probe-3.jsonl) found leaking: keys made of several words in other
 * languages, prefixed birth-date keys, device tokens, holders, and values that carry their own
 * field names inside free text (a CSV with a header row, a query string). The values here are
 * new (not the probe's), and each case has a look-alike that must stay.
 */
describe('masking: keys made of words, and keyed values inside text', () => {
  const masker = createMasker();
  const mask = (msg: unknown): unknown => masker.maskUntyped(msg, newMaskScope());

  it('keys of several words in other languages name a person (one word naming a name suffices)', () => {
    for (const k of ['nom_famille', 'prenom_usuel', 'apellido_materno', 'NACHNAME_GEBURT', 'cognomeTitolare', 'soyadi', 'etternavn', 'nombre_completo', 'nome_proprio', 'vornamen'])
      assert.equal(hintForFieldName(k), 'person_name', k);
    for (const k of ['nombre_producto', 'product_name', 'nom_fichier', 'hostname', 'nome_servizio'])
      assert.notEqual(hintForFieldName(k), 'person_name', k);
  });

  it('a surname key of one word is a name next to a given-name key of its language', () => {
    assert.equal(hintInContext('nom', objectKind('titulaire', ['nom', 'prenom', 'iban'])), 'person_name');
    assert.equal(hintInContext('nombre', objectKind('', ['nombre', 'apellidos', 'dni'])), 'person_name');
    assert.equal(hintInContext('ad', objectKind('musteri', ['ad', 'soyad'])), 'person_name');
    assert.notEqual(hintInContext('nombre', objectKind('articulo', ['nombre', 'precio', 'sku'])), 'person_name');
  });

  it('birth-date keys with a prefix, device tokens and serials, holders, phone keys in other languages', () => {
    for (const k of ['insured_dob', 'guestDob', 'APPLICANT_DOB', 'dob']) assert.equal(hintForFieldName(k), 'date_of_birth', k);
    for (const k of ['apnsPushToken', 'fcm_token', 'device_token', 'handsetSerial', 'deviceSerialNumber']) assert.equal(hintForFieldName(k), 'device_id', k);
    for (const k of ['karteninhaber', 'titular', 'titulaire_compte', 'rekeninghouder']) assert.equal(hintForFieldName(k), 'person_name', k);
    for (const k of ['telefonnummer', 'numero_telephone', 'celular', 'cellulare', 'mobiel']) assert.equal(hintForFieldName(k), 'phone', k);
    for (const k of ['pageToken', 'serialVersion', 'adobeId']) assert.ok(!['device_id', 'date_of_birth'].includes(String(hintForFieldName(k))), k);
  });

  it('who did something to a thing is a person, even under a thing key', () => {
    const out = mask({ shipment: { parcel: { receivedBy: 'Aoife Gallagher', deliveredAt: '2025-06-01T10:00:00Z' } }, pod: { signedBy: 'Kwame Mensah' } });
    const s = JSON.stringify(out);
    assert.ok(!s.includes('Aoife') && !s.includes('Kwame'), s);
    assert.ok(s.includes('2025-06-01T10:00:00Z'), s);
  });

  it('a CSV with a header row: cells under name, birth-date and address columns are masked whatever their case', () => {
    const csv = 'member_id;apellido;nombre;fecha_nacimiento;plan\nM-1001;oyelaran;tunde;1979-11-02;GOLD\nM-1002;Haugland;Sigrid;03/05/1988;SILVER\n';
    const out = JSON.stringify(mask({ exportPreview: csv }));
    for (const v of ['oyelaran', 'tunde', '1979-11-02', 'Haugland', 'Sigrid', '03/05/1988']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['M-1001', 'GOLD', 'SILVER', 'member_id;apellido;nombre;fecha_nacimiento;plan']) assert.ok(out.includes(v), `${v} lost in ${out}`);
  });

  it('a table of things keeps its cells; a header that is data is not a header', () => {
    const things = 'sku,name,price\nA-1,Desk Lamp,19.99\nA-2,Office Chair,49.00';
    assert.equal(JSON.stringify(mask({ preview: things })), JSON.stringify({ preview: things }));
    const letter = 'Hello Marta,\nyour parcel is on its way, regards';
    assert.ok(!JSON.stringify(mask({ letter })).includes('Marta'), 'a greeting is no header, the name after it is still found');
  });

  it('query strings: name parts and hinted keys are masked, counts and ids are not', () => {
    const url = 'https://crm.example/lookup?first=Ingrid&last=Solberg&dob=1990-02-14&page=3&first_result=10&ref=ORD-77';
    const out = String((mask({ url }) as { url: string }).url);
    for (const v of ['Ingrid', 'Solberg', '1990-02-14']) assert.ok(!out.includes(v), out);
    for (const v of ['page=3', 'first_result=10', 'ref=ORD-77']) assert.ok(out.includes(v), out);
    const paging = 'https://api.example/items?first=20&last=40';
    assert.equal((mask({ url: paging }) as { url: string }).url, paging);
  });

  it('keyed spans and detector findings together: an e-mail and a plus-encoded name in one URL', () => {
    const url = 'https://hooks.example/cb?email=li.wei%40example.cn&name=Li+Wei&surname=Wei';
    const out = String((mask({ url }) as { url: string }).url);
    assert.ok(!out.includes('li.wei%40example.cn') && !/surname=Wei/.test(out), out);
  });

  it('a name masked in a field is masked where the same record repeats it in text (after an initial, in another sentence)', () => {
    const out = JSON.stringify(
      mask({ beneficiary: { givenName: 'Oluwaseun', familyName: 'Adebayo-Okafor' }, memo: 'Payout to O. Adebayo-Okafor approved; Oluwaseun confirmed by phone. Branch: Adebayo Road' }),
    );
    assert.ok(!out.includes('Adebayo-Okafor') && !out.includes('Oluwaseun'), out);
    // a word that only contains a name word is not the name ('Adebayo' alone was never a masked value's word here)
    assert.ok(out.includes('Adebayo Road'), out);
  });

  it('remembered names are not masked markers: masking its own output again changes nothing', () => {
    const once = mask({ fullName: 'Ida Lindholm', note: 'Ida Lindholm called' });
    assert.deepEqual(mask(once), once);
  });

  it('compact E.164 numbers are phones even in a range the metadata does not know; spaced ones must validate', () => {
    const out = JSON.stringify(mask({ gds: '  5 APM +33714674777\n  6 TK OK' }));
    assert.ok(!out.includes('+33714674777'), out);
    assert.equal((mask({ note: 'build +1234 and ticket +7 100' }) as { note: string }).note, 'build +1234 and ticket +7 100');
  });

  it('birth-date cues in more languages; a date without one stays', () => {
    for (const t of ['Doğum tarihim 14.02.1978.', 'född 1985-03-14 i Malmö', 'data nașterii: 12.03.1990', 'fødselsdato 03.05.1961', 'syntymäaika 1.2.1970']) {
      const out = String((mask({ text: t }) as { text: string }).text);
      assert.ok(!/19\d\d/.test(out), `${t} → ${out}`);
    }
    assert.equal((mask({ text: 'Sipariş tarihi 07.12.2019' }) as { text: string }).text, 'Sipariş tarihi 07.12.2019');
  });

  it('address-line keys however abbreviated, and an address object\'s one-line form', () => {
    for (const k of ['ADDR_LINE_1', 'addr_ln2', 'adr_zeile_1', 'address_line_one']) assert.equal(hintForFieldName(k), 'postal_address', k);
    for (const k of ['addrType', 'address_verified', 'addressee_count']) assert.notEqual(hintForFieldName(k), 'postal_address', k);
    assert.equal(hintInContext('oneLine', objectKind('residence', ['oneLine', 'since'])), 'postal_address');
  });

  it('the name of an integration, a job or a webhook is not a person', () => {
    const msg = { integration: { name: 'Dynamics Sync' }, job: { name: 'Nightly Export' }, webhook: { name: 'Order Events' } };
    assert.deepEqual(mask(msg), msg);
  });

  it('key/value list elements are judged by their label (key/value pairs, SAML attributes, environment lists)', () => {
    const out = JSON.stringify(
      mask({
        attributes: [{ key: 'lastName', value: 'Kowalczyk' }, { key: 'tier', value: 'Gold Plus' }],
        saml: [{ Name: 'urn:oid:2.5.4.42', FriendlyName: 'givenName', AttributeValue: ['Radu'] }],
        env: [{ name: 'DB_PASSWORD', value: 'Tr0ub4dor&3' }, { name: 'REGION', value: 'eu-west-1' }],
      }),
    );
    for (const v of ['Kowalczyk', 'Radu', 'Tr0ub4dor&3']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Gold Plus', 'eu-west-1', 'urn:oid:2.5.4.42']) assert.ok(out.includes(v), `${v} lost in ${out}`);
  });

  it('abbreviated keys (CUST_LAST_NM, dbtr.nm, ph_no, recipient_tel, dt_birth) and names in another script', () => {
    for (const [k, c] of [['CUST_LAST_NM', 'person_name'], ['acct_hldr_nm', 'person_name'], ['ph_no', 'phone'], ['recipient_tel', 'phone'], ['dt_birth', 'date_of_birth']] as const)
      assert.equal(hintForFieldName(k), c, k);
    for (const k of ['hotel', 'no_reply', 'dt_created']) assert.equal(hintForFieldName(k), undefined, k);
    const out = JSON.stringify(mask({ dbtr: { nm: 'Anjali Raman' }, members: { 'u-77': { nm: 'Tove Lindgren' } }, shipTo: { name_romanized: 'Wang Xiuying' } }));
    for (const v of ['Anjali', 'Tove', 'Xiuying']) assert.ok(!out.includes(v), out);
  });

  it('object identifiers are neither IPv4 addresses nor phone numbers; French dotted numbers still are phones', () => {
    const msg = { a: 'urn:oid:2.5.4.42', b: 'OID 1.3.6.1.4.1.311.21.8' };
    assert.deepEqual(mask(msg), msg);
    assert.ok(!JSON.stringify(mask({ note: 'rappel au 06.12.34.56.78' })).includes('06.12.34.56.78'));
  });

  it('Vietnamese names (Latin Extended Additional letters) after a cue', () => {
    const out = JSON.stringify(mask({ note: 'Account holder Nguyễn Thị Hương requested a limit change' }));
    assert.ok(!out.includes('Nguyễn') && !out.includes('Hương'), out);
  });

  it('logfmt lines: hinted keys mask their values, quoted values with spaces too', () => {
    const line = 'level=info event=signup user_name="Mwajuma Otieno" dob=1990-07-21 plan=pro took_ms=31';
    const out = String((mask({ line }) as { line: string }).line);
    for (const v of ['Mwajuma', '1990-07-21']) assert.ok(!out.includes(v), out);
    for (const v of ['level=info', 'event=signup', 'plan=pro', 'took_ms=31']) assert.ok(out.includes(v), out);
  });

  it('a name from a field is found again in another case (ACH addenda), but not as a lower-case slug', () => {
    const out = JSON.stringify(mask({ entry: { individual_name: 'MWANGI GRACE', addenda: 'SALARY G.Mwangi NOV', profileUrl: 'https://crm.example/people/mwangi-1988' } }));
    assert.ok(!out.includes('G.Mwangi'), out);
    assert.ok(out.includes('people/mwangi-1988'), out);
  });

  it('a name found in free text is known whole for the record, its first name alone is not (a product title keeps it)', () => {
    const out = mask({ steps: [{ input: 'verify identity of Halvard Nygaard today' }, { text: 'Identity verified for Halvard Nygaard.' }], item: { title: 'Halvard Desk Lamp' } }) as {
      steps: Array<Record<string, string>>;
      item: { title: string };
    };
    assert.ok(!JSON.stringify(out.steps).includes('Nygaard'), JSON.stringify(out));
    assert.equal(out.item.title, 'Halvard Desk Lamp');
  });

  it('Romanian capitals with a comma below start a name (Ștefănescu, Țurcanu)', () => {
    const out = JSON.stringify(mask({ letter: 'ich überweise Herrn Ștefănescu zur Abklärung; Kontakt: Frau Țurcanu' }));
    assert.ok(!out.includes('Ștefănescu') && !out.includes('Țurcanu'), out);
  });

  it("a handset's id under deviceId is a device id by its shape; an asset's UUID stays", () => {
    const out = mask({ app: { deviceId: '9f3c2a7b41d0e855', idfv: '0B6E1C2D-3F4A-4B5C-8D7E-9F0A1B2C3D4E' }, rack: { deviceId: '7c1e2a90-3b4d-4e5f-8a6b-7c8d9e0f1a2b' } }) as {
      app: Record<string, string>;
      rack: Record<string, string>;
    };
    assert.equal(out.app.deviceId, '[REDACTED:device_id]');
    assert.equal(out.app.idfv, '[REDACTED:device_id]');
    assert.equal(out.rack.deviceId, '7c1e2a90-3b4d-4e5f-8a6b-7c8d9e0f1a2b');
  });

  it('East Asian birth dates (年月日, ISO after 出生日期/생년월일), YYYYMMDD after a cue, names before an honorific', () => {
    const out = JSON.stringify(mask({ sms: 'Sato Haruka様（生年月日 1991年11月3日）ご予約', zh: '李雷（出生日期 1988-02-29）', ko: '생년월일 1979-04-12', note: 'verified w/ DOB 19560714 ok' }));
    for (const v of ['Sato Haruka', '1991年11月3日', '1988-02-29', '1979-04-12', '19560714']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const keep = { a: '2024年3月15日に発送', b: 'order 20240315 shipped', c: 'Tokyo Midtown Hall様' };
    assert.deepEqual(mask(keep), keep);
  });

  it("a '+' opens an international number whatever touches it; SKUs and build metadata are not numbers", () => {
    const out = JSON.stringify(mask({ gds: 'AP +61412576555-M', he: 'לעדכן טלפון ל-+972-52-821-2201 ומייל', ko: '연락처는 +82 10-5855-7253입니다' }));
    for (const v of ['61412576555', '52-821-2201', '5855-7253']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const keep = { a: 'SKU-4412-BLU-M', b: 'v2.14.1+20240315' };
    assert.deepEqual(mask(keep), keep);
  });

  it('a name field holding a company is kept only as free text: its detectors still run (an e-mail there is masked)', () => {
    const out = mask({ nickname: 'aa@corp.example.co.uk', merchant: { legalName: 'Nordlicht Kaffeerösterei GmbH' }, owner: { fullName: 'Oakridge Ltd, call +44 20 7946 0958' } }) as Record<string, unknown>;
    const s = JSON.stringify(out);
    assert.ok(!s.includes('aa@corp.example.co.uk') && !s.includes('7946 0958'), s);
    assert.ok(s.includes('Nordlicht Kaffeerösterei GmbH'), s);
  });

  it('addresses in capitals and with a numbered label: a two- or three-capital street word, No:/Nr./N° before the number', () => {
    const out = JSON.stringify(
      mask({ a: 'deliver to 17 AHMED ORABI ST, MOHANDESSIN', b: 'Adres: Caferağa Mah. Moda Cad. No:112 D:3 Kadıköy', c: 'Anschrift: Lindenstraße Nr. 27, 04109 Leipzig', d: 'CUMHURIYET BULV. NO:8' }),
    );
    for (const v of ['17 AHMED ORABI ST', 'Moda Cad. No:112', 'Lindenstraße Nr. 27', 'CUMHURIYET BULV. NO:8']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const keep = { a: 'UPGRADE THE MAIN ST BRANCH', b: 'SEE PAGE 12 ST JOHNS', c: 'Order 12 SKU ST-44' };
    assert.deepEqual(mask(keep), keep);
  });

  it('UPI payment addresses (name@okhdfcbank, number@ybl) are masked; user@host without a payment handle is not', () => {
    const out = JSON.stringify(mask({ note: 'refund to anita.r@okaxis or 9812345670@ybl.', payerVpa: 'vikram.m@paytm' }));
    for (const v of ['anita.r@okaxis', '9812345670@ybl', 'vikram.m@paytm']) assert.ok(!out.includes(v), `${v} in ${out}`);
    const keep = { log: 'ssh root@server failed; admin@localhost ok' };
    assert.deepEqual(mask(keep), keep);
  });
});
