import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { renderWire } from '../../interceptors/decode';
import { createMasker, newMaskScope, type FieldSite } from '../../interceptors/mask';
import { hintForFieldName, hintInContext, objectKind, ObjectKind } from '../../interceptors/mask/field-hints';
import { isDataKey, looksLikePersonName } from '../../interceptors/mask/map-keys';

/**
 * Issue 11, structured data: person names and postal addresses decided per field with the
 * parent object's context — compounds, name parts, standards (FHIR, schema.org, vCard,
 * ISO 20022), names in arrays and as map keys — on the untyped path, the typed path and the
 * wire fallback; and the clean look-alikes that must stay (hostname, fileName, products).
 */
describe('masking: structured names and addresses', () => {
  const masker = createMasker();
  const mask = (v: unknown) => masker.maskUntyped(v, newMaskScope()) as Record<string, any>;
  const R = (cat: string) => `[REDACTED:${cat}]`;

  it('person-name compounds and name parts by field name alone; things named *name are not persons', () => {
    for (const n of ['ownerName', 'recipient_name', 'CardholderName', 'contact-name', 'emergencyContactName', 'passengerName', 'beneficiaryName', 'accountHolder', 'forename', 'surname', 'given_names', 'fname', 'nachname', 'apellidos', 'nomeCompleto', 'nameOnCard'])
      assert.equal(hintForFieldName(n), 'person_name', n);
    for (const n of ['hostname', 'fileName', 'serviceName', 'productName', 'typeName', 'bucketName', 'displayName', 'name', 'companyName', 'brandName', 'first', 'last', 'given'])
      assert.equal(hintForFieldName(n), undefined, n);
    for (const n of ['billingAddress', 'shipping_address', 'homeAddress', 'addressLine1', 'addr2', 'strtNm', 'streetName']) assert.equal(hintForFieldName(n), 'postal_address', n);
    for (const n of ['emailAddress', 'ipAddress', 'remoteAddress', 'macAddress', 'walletAddress', 'serverAddress']) assert.notEqual(hintForFieldName(n), 'postal_address', n);
    assert.equal(hintForFieldName('macAddress'), 'mac_address');
    assert.equal(hintForFieldName('imei'), 'device_id');
  });

  it('object kinds from the key, the keys and a declared type', () => {
    assert.equal(objectKind('patient', ['id', 'name']), ObjectKind.Person);
    assert.equal(objectKind('passengers', ['name', 'seat']), ObjectKind.Person);
    assert.equal(objectKind('name', ['family', 'given', 'use']), ObjectKind.PersonName);
    assert.equal(objectKind('', ['line', 'city', 'postalCode']), ObjectKind.Address);
    assert.equal(objectKind('shipTo', ['street', 'zip']), ObjectKind.Address);
    assert.equal(objectKind('product', ['name', 'sku']), ObjectKind.Thing);
    assert.equal(objectKind('x', ['name', 'price', 'sku']), ObjectKind.Thing);
    assert.equal(objectKind('', ['@type', 'name'], ObjectKind.None, 'Person'), ObjectKind.Person);
    assert.equal(objectKind('', ['resourceType', 'name'], ObjectKind.None, 'Practitioner'), ObjectKind.Person);
    assert.equal(objectKind('', ['name'], ObjectKind.None, 'google.type.PostalAddress'), ObjectKind.Address);
    assert.equal(hintInContext('line', ObjectKind.Address), 'postal_address');
    assert.equal(hintInContext('line', ObjectKind.None), undefined, 'a log line is not an address');
    assert.equal(hintInContext('given', ObjectKind.PersonName), 'person_name');
    assert.equal(hintInContext('first', ObjectKind.None), undefined, 'paging flags are not names');
  });

  it('a `name` inside a person is a name; inside a product, a service, a file, a hotel it is not', () => {
    const out = mask({
      patient: { name: 'Joanna Kieślowska', mrn: 'MRN-7731' },
      requester: { displayName: 'grzegorz przybylski' },
      product: { name: 'Trail Runner GTX', sku: 'SKU-1' },
      service: { name: 'booking-engine' },
      file: { name: 'scan_2025-03-14.pdf' },
      hotel: { name: 'Hotel Zur Post', city: 'Kassel' },
      user: { name: 'users/5f1c2d', firstName: 'Anouk', birthDate: '1984-02-11' },
      creditor: { name: 'Café Lumière SARL' },
      hostname: 'db-primary.payments.svc.cluster.local',
      fileName: 'invoice-INV-88213.pdf',
    });
    assert.equal(out.patient.name, R('person_name'));
    assert.equal(out.patient.mrn, 'MRN-7731');
    assert.equal(out.requester.displayName, R('person_name'));
    assert.equal(out.product.name, 'Trail Runner GTX');
    assert.equal(out.service.name, 'booking-engine');
    assert.equal(out.file.name, 'scan_2025-03-14.pdf');
    assert.equal(out.hotel.name, 'Hotel Zur Post');
    assert.equal(out.user.name, 'users/5f1c2d', 'a resource name stays');
    assert.equal(out.user.firstName, R('person_name'));
    assert.equal(out.creditor.name, 'Café Lumière SARL', 'an organisation is not a person');
    assert.equal(out.hostname, 'db-primary.payments.svc.cluster.local');
    assert.equal(out.fileName, 'invoice-INV-88213.pdf');
  });

  it('FHIR HumanName/Address/ContactPoint, schema.org, vCard (jCard), ISO 20022, address lines in arrays', () => {
    const out = mask({
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Wiśniewska', given: ['Małgorzata', 'Zofia'], prefix: ['Mrs.'], text: 'Małgorzata Wiśniewska' }],
      telecom: [{ system: 'phone', value: '512 345 678', use: 'mobile' }],
      address: [{ use: 'home', line: ['ul. Kwiatowa 5/12'], city: 'Kraków', postalCode: '31-042', text: 'ul. Kwiatowa 5/12, 31-042 Kraków' }],
      generalPractitioner: [{ reference: 'Practitioner/9', display: 'Dr. Heike Lindemann' }],
      managingOrganization: { display: 'Ospedale Maggiore' },
      worksFor: { '@type': 'Organization', name: 'Northwind Traders Ltd' },
      home: { '@type': 'PostalAddress', streetAddress: 'Lindenallee 4', addressLocality: 'Augsburg', postalCode: '86150' },
      vcard: { fn: 'Sjoerd Dijkstra', n: { familyName: 'Dijkstra', givenName: 'Sjoerd' }, adr: [{ streetAddress: 'Herengracht 102-II', locality: 'Utrecht' }] },
      dbtr: { nm: 'x', pstlAdr: { strtNm: 'Schillerstraße', bldgNb: '12', twnNm: 'Kassel' } },
      delivery: { addressLines: ['Flat 3, 27 Foxglove Close'], city: 'York', postcode: 'YO10 5DD' },
    });
    assert.equal(out.name[0].family, R('person_name'));
    assert.deepEqual(out.name[0].given, [R('person_name'), R('person_name')]);
    assert.equal(out.name[0].text, R('person_name'));
    assert.equal(out.name[0].use, 'official');
    assert.equal(out.telecom[0].value, R('phone'), 'a contact point value with digits is a phone number');
    assert.equal(out.telecom[0].system, 'phone');
    assert.deepEqual(out.address[0].line, [R('postal_address')]);
    assert.equal(out.address[0].text, R('postal_address'));
    assert.equal(out.address[0].city, 'Kraków');
    assert.ok(!JSON.stringify(out.generalPractitioner).includes('Lindemann'));
    assert.equal(out.managingOrganization.display, 'Ospedale Maggiore');
    assert.equal(out.worksFor.name, 'Northwind Traders Ltd');
    assert.equal(out.home.streetAddress, R('postal_address'));
    assert.equal(out.vcard.fn, R('person_name'));
    assert.equal(out.vcard.n.familyName, R('person_name'));
    assert.equal(out.vcard.adr[0].streetAddress, R('postal_address'));
    assert.equal(out.dbtr.pstlAdr.strtNm, R('postal_address'));
    assert.deepEqual(out.delivery.addressLines, [R('postal_address')]);
  });

  it('people in arrays and in keys that hold people; names as map keys; clean strings in those places stay', () => {
    const out = mask({
      comments: [{ author: 'Gemma Ashworth', postedBy: 'VOLKER EICHHORN', body: 'ok' }, { author: 'bot-7', body: 'auto' }],
      participants: ['Thiago Nascimento', 'Wiebke Kühnert'],
      cc: ['Dorota Michalak <dorota.m@example.pl>'],
      watchers: ['team-billing'],
      guestsByName: { 'Leandro Magalhães': { room: 204 }, 'Ainhoa Arrieta': { room: 205 } },
      createdBy: 'Gustavo Figueiredo',
      sortBy: 'createdAt',
      pnr: { nameInPnr: 'KOWALSKI/JAN MR' },
    });
    assert.equal(out.comments[0].author, R('person_name'));
    assert.equal(out.comments[0].postedBy, R('person_name'));
    assert.equal(out.comments[1].author, 'bot-7');
    assert.deepEqual(out.participants, [R('person_name'), R('person_name')]);
    assert.ok(!JSON.stringify(out.cc).includes('Michalak') && !JSON.stringify(out.cc).includes('dorota.m@'));
    assert.deepEqual(out.watchers, ['team-billing']);
    const keys = Object.keys(out.guestsByName);
    assert.equal(keys.length, 2, 'two entries stay two entries');
    assert.ok(keys.every((k) => k.startsWith(R('person_name'))), keys.join());
    assert.equal(out.createdBy, R('person_name'));
    assert.equal(out.sortBy, 'createdAt');
    assert.equal(out.pnr.nameInPnr, R('person_name'));
    assert.equal(isDataKey('firstName'), false);
    assert.equal(isDataKey('Leandro Magalhães'), true);
    assert.equal(looksLikePersonName('SMITH/JOHN MR'), true);
    assert.equal(looksLikePersonName('Vermeulen, Anouk'), true);
    assert.equal(looksLikePersonName('Bäckerei Sonnenschein GmbH'), false);
    assert.equal(looksLikePersonName('users/42'), false);
  });

  it('typed fields: the declaring message type gives the context (Patient.name vs Product.name)', () => {
    const site = (typeName: string, fieldPath: string): FieldSite => ({ methodPath: '/x.v1.S/M', typeName, fieldPath, fieldName: fieldPath.split('.').pop()!, kind: 'string' });
    const s = newMaskScope();
    assert.equal(masker.compileField(site('clinic.v1.Patient', 'patient.name'))!('Joanna Kieślowska', s), R('person_name'));
    assert.equal(masker.compileField(site('shop.v1.Product', 'items[].name'))!('Trail Runner GTX', s), 'Trail Runner GTX');
    assert.equal(masker.compileField(site('shop.v1.Order', 'customer.name'))!('Joanna Kieślowska', s), R('person_name'), 'the field holding it says customer');
    assert.equal(masker.compileField(site('crm.v1.Contact', 'contacts[].recipientName'))!('Ramón Echeverría', s), R('person_name'));
    assert.equal(masker.compileField(site('google.type.PostalAddress', 'address.addressLines'))!('Kerkstraat 12', s), R('postal_address'));
  });

  it('no schema on the wire: a google.protobuf.Struct is read as keys and values, so hints apply', () => {
    const root = protobuf.Root.fromJSON(protobuf.common.get('google/protobuf/struct.proto') as protobuf.INamespace);
    const Struct = root.lookupType('google.protobuf.Struct');
    const v = (x: unknown): unknown =>
      typeof x === 'string' ? { stringValue: x } : Array.isArray(x) ? { listValue: { values: x.map(v) } } : { structValue: { fields: Object.fromEntries(Object.entries(x as object).map(([k, y]) => [k, v(y)])) } };
    const msg = { fields: { passenger: v({ firstName: 'Małgorzata', lastName: 'Wiśniewska', dob: '1984-02-11' }), billingAddress: v('Lindenallee 4, 86150 Augsburg'), guests: v({ 'Sanne Molenaar': 'room 12' }), status: v('CONFIRMED') } };
    const bytes = Struct.encode(Struct.fromObject(msg)).finish();
    const r = renderWire(bytes, masker, newMaskScope(), 64 * 1024);
    for (const secret of ['Małgorzata', 'Wiśniewska', '1984-02-11', 'Lindenallee 4', 'Sanne Molenaar']) assert.ok(!r.json.includes(secret), `${secret} in ${r.json}`);
    for (const clean of ['firstName', 'billingAddress', 'CONFIRMED']) assert.ok(r.json.includes(clean), `${clean} kept`);
  });
});

describe('masking: look-alikes that are not phone numbers (issue 11)', () => {
  const masker = createMasker();
  const scan = (t: string) => masker.scanText(t, newMaskScope());

  it('ISO 11649 creditor references, timestamps and order numbers are kept; real phones next to them are not', () => {
    for (const t of ['ref RF18 5390 0754 7034', 'RF71 4560 0789 4', 'RF45 8430 7115 82', 'at 2024-11-11 03:18:59 UTC', '2025-10-21 18:10:34', 'order 684-0256420-6098214', 'Order #41586753', 'invoice 4158675309', 'Bestellung 0612345678 ist unterwegs'])
      assert.equal(scan(t), t, t);
    assert.equal(scan('call me on 06 12 34 56 78 about RF18 5390 0754 7034'), 'call me on [REDACTED:phone] about RF18 5390 0754 7034');
    assert.equal(scan('at 2024-11-11 03:18:59 from +44 7911 123456'), 'at 2024-11-11 03:18:59 from [REDACTED:phone]');
  });

  it('a bare number where a code was sent (mfa.destination, sentTo) is a phone when it validates; other values there are kept', () => {
    const out = masker.maskUntyped({ mfa: { method: 'sms', destination: '9208858442' }, Mfa: { SentTo: '658703872' }, o: { sent_to: '0625783268', destination: 'JFK', deliveredTo: '20250615', destinationId: '9208858442' } }, newMaskScope());
    assert.deepEqual(out, { mfa: { method: 'sms', destination: '[REDACTED:phone]' }, Mfa: { SentTo: '[REDACTED:phone]' }, o: { sent_to: '[REDACTED:phone]', destination: 'JFK', deliveredTo: '20250615', destinationId: '9208858442' } });
  });

  it('after an order or ticket word, a valid mobile or fixed-line number (any grouping) or a + number is still a phone', () => {
    for (const t of ['order 2024 5512 3341', 'ticket 0000 1111 22', 'Ticket #1111 2222 333', 'invoice 2025 0614 1234', 'order no. 4000 1234 56'])
      assert.equal(scan(t), t, t);
    assert.equal(scan('see ticket 06 00 00 00 00'), 'see ticket [REDACTED:phone]');
    assert.equal(scan('ticket 0151 66509359'), 'ticket [REDACTED:phone]');
    assert.equal(scan('invoice #07911 303329'), 'invoice #[REDACTED:phone]');
    assert.equal(scan('order no. (415) 867-5309'), 'order no. [REDACTED:phone]');
    assert.equal(scan('ticket +12122000000'), 'ticket [REDACTED:phone]');
    assert.equal(scan('order #+44 7911 123456'), 'order #[REDACTED:phone]');
    // a leading '+' does not make a timestamp a phone, and a window that is not a real date is not a timestamp
    assert.equal(scan('tel:+55-61-5205-7385'), 'tel:[REDACTED:phone]');
  });
});
