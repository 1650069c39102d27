import { paragraph, sentence, type Fact } from './free-text';
import { addressField, addressObject, dobField, emailField, fhirAddress, fhirHumanName, personObject, PERSON_NAME_KEYS, PERSON_OBJECT_KEYS, phoneField } from './people';
import { base64, queryEncode, zeroWidth, type Plant } from './plant';
import { HEX, UPPER, DIGITS } from './rng';
import * as V from './values';
import { AIRPORTS, CITIES_ONLY, FILES, HOSTS, ORGS, PRODUCTS, REGION, SERVICES } from './vocab';

/**
 * Message shapes of five domains (healthcare, travel, payments, identity, support) plus the
 * operational traffic around them (logs, webhooks, integrations, catalogues, telemetry). Each
 * builds one message and plants its labels; `standard` shapes keep their standard's field names
 * (FHIR, schema.org, vCard), the others are renamed by a naming style afterwards.
 */
export interface Shape {
  name: string;
  domain: 'healthcare' | 'travel' | 'payments' | 'identity' | 'support' | 'ops';
  standard?: boolean;
  build: (plant: Plant) => Record<string, unknown>;
}

const facts = (plant: Plant, pool: Fact[], min: number, max: number): Fact[] => {
  const n = plant.rng.int(min, max);
  return plant.rng.shuffle(pool).slice(0, n);
};

const money = (plant: Plant) => {
  const units = plant.rng.int(1, 4999);
  return { currencyCode: plant.rng.pick(['EUR', 'USD', 'GBP', 'PLN', 'BRL', 'INR']), units: plant.c(String(units)), nanos: plant.rng.pick([0, 500000000, 990000000, 250000000]) };
};

const id = (plant: Plant) => plant.c(V.uuid(plant.rng));

// ---- healthcare -------------------------------------------------------------------------

const fhirPatient: Shape = {
  name: 'fhir-patient',
  domain: 'healthcare',
  standard: true,
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const kin = V.person(rng, locale);
    const a = V.address(rng, locale);
    return {
      resourceType: 'Patient',
      id: id(plant),
      meta: { versionId: String(rng.int(1, 9)), lastUpdated: plant.c(V.timestamp(rng)) },
      identifier: [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: rng.digits(9) }],
      name: [fhirHumanName(plant, p)],
      telecom: [
        { system: 'phone', value: plant.p('phone', V.phone(rng, REGION[locale], rng.chance(0.4)).value), use: rng.pick(['mobile', 'home']) },
        { system: 'email', value: plant.p('email', V.email(rng, p)) },
      ],
      gender: p.gender === 'F' ? 'female' : 'male',
      birthDate: plant.p('date_of_birth', V.writeDate(rng, V.dob(rng), 'iso')),
      address: [fhirAddress(plant, a)],
      contact: rng.chance(0.5) ? [{ relationship: [{ text: rng.pick(['spouse', 'mother', 'son']) }], name: fhirHumanName(plant, kin), telecom: [{ system: 'phone', value: plant.p('phone', V.phone(rng, REGION[locale], true).value) }] }] : [],
      generalPractitioner: [{ reference: `Practitioner/${V.uuid(rng)}`, display: `Dr. ${plant.p('person_name', V.person(rng, locale).full)}` }],
      managingOrganization: { display: plant.c(rng.pick(ORGS)) },
    };
  },
};

const appointment: Shape = {
  name: 'appointment',
  domain: 'healthcare',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const patient: Record<string, unknown> = { patientId: id(plant), ...personObject(plant, p) };
    const [dk, dv] = dobField(plant);
    patient[dk] = dv;
    const [pk, pv] = phoneField(plant, 0.4);
    patient[pk] = pv;
    if (rng.chance(0.5)) {
      const [ak, av] = addressField(plant, V.address(rng, locale));
      patient[ak] = av;
    }
    return {
      appointmentId: id(plant),
      start: plant.c(V.timestamp(rng)),
      patient,
      practitioner: { practitionerId: `prac-${rng.digits(5)}`, [rng.pick(['name', 'displayName', 'fullName'])]: `${rng.pick(['Dr.', 'Dr', 'Prof. Dr.'])} ${plant.p('person_name', V.person(rng, locale).full)}` },
      location: { name: plant.c(rng.pick(ORGS)), room: `R${rng.int(100, 499)}` },
      reason: paragraph(plant, facts(plant, ['name', 'dob', 'phone', 'clean'], 1, 3), p),
      status: rng.pick(['booked', 'arrived', 'cancelled']),
    };
  },
};

const observation: Shape = {
  name: 'fhir-observation',
  domain: 'healthcare',
  standard: true,
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    return {
      resourceType: 'Observation',
      id: id(plant),
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: plant.c(`${rng.int(1000, 99999)}-${rng.int(0, 9)}`), display: rng.pick(['Hemoglobin A1c', 'Body weight', 'Heart rate']) }] },
      subject: { reference: `Patient/${V.uuid(rng)}`, display: plant.p('person_name', rng.chance(0.8) ? p.full : p.full.toLocaleUpperCase()) },
      performer: [{ display: plant.p('person_name', V.person(rng, locale).full) }],
      effectiveDateTime: plant.c(V.timestamp(rng)),
      valueQuantity: { value: rng.int(40, 180), unit: rng.pick(['kg', 'mmol/mol', '/min']) },
      note: [{ text: paragraph(plant, facts(plant, ['name', 'dob', 'phone', 'clean'], 1, 2), p) }],
      derivedFrom: [{ display: plant.c(rng.pick(FILES)) }],
    };
  },
};

const prescription: Shape = {
  name: 'prescription',
  domain: 'healthcare',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    // a pharmacy's address is a business's, not personal data: only its city is given
    const pharmacy: Record<string, unknown> = { name: plant.c(rng.pick(ORGS)), city: rng.pick(CITIES_ONLY) };
    return {
      prescriptionId: id(plant),
      [rng.pick(['patientName', 'patient_full_name', 'insuredName'])]: plant.p('person_name', p.full),
      [rng.pick(['prescriberName', 'doctorName', 'issuedBy'])]: `Dr. ${plant.p('person_name', V.person(rng, locale).full)}`,
      medication: { name: plant.c(rng.pick(['Metformin 500 mg', 'Ibuprofen 400', 'Amoxicilline 1 g'])), quantity: rng.int(10, 90) },
      pharmacy,
      insurance: { memberId: `M${rng.digits(9)}`, [rng.pick(['policyHolder', 'primaryInsured', 'subscriberName'])]: plant.p('person_name', p.full) },
      notes: rng.chance(0.5) ? sentence(plant, rng.pick(['phone', 'dob', 'clean'] as Fact[]), p) : '',
      issuedAt: plant.c(V.timestamp(rng)),
    };
  },
};

// ---- travel -----------------------------------------------------------------------------

const pnrBooking: Shape = {
  name: 'pnr-booking',
  domain: 'travel',
  build(plant) {
    const { rng, locale } = plant;
    const pax = Array.from({ length: rng.int(1, 3) }, () => V.person(rng, locale));
    const passengers = pax.map((p) => {
      const pn = V.pnrName(p);
      plant.p('person_name', pn.family);
      plant.p('person_name', pn.given);
      const o: Record<string, unknown> = { [rng.pick(['nameInPnr', 'pnrName', 'paxName', 'passengerName'])]: pn.value, ptc: 'ADT' };
      if (rng.chance(0.6)) Object.assign(o, personObject(plant, p));
      if (rng.chance(0.5)) o[rng.pick(['dateOfBirth', 'dob', 'birthDate'])] = plant.p('date_of_birth', V.writeDate(rng, V.dob(rng), rng.pick(['iso', 'iata'] as const)));
      if (rng.chance(0.4)) o.contact = Object.fromEntries([emailField(plant, p), phoneField(plant, 0.7)]);
      return o;
    });
    const lead = V.pnrName(pax[0]);
    const d = V.dob(rng);
    const ssr = `SSR DOCS YY HK1/P/${REGION[locale]}/${rng.chars(9, UPPER + DIGITS)}/${REGION[locale]}/${plant.p('date_of_birth', V.writeDate(rng, d, 'iata'))}/${pax[0].gender}/${rng.int(10, 28)}MAR${rng.int(28, 35)}/${lead.family}/${lead.given}`;
    const flight = `${rng.pick(['LH', 'AF', 'IB', 'AZ', 'KL', 'LO', 'LA', 'AI'])}${rng.int(100, 9999)}`;
    return {
      recordLocator: rng.chars(6, UPPER + DIGITS),
      createdAt: plant.c(V.timestamp(rng)),
      passengers,
      segments: [{ flight: plant.c(flight), from: rng.pick(AIRPORTS), to: rng.pick(AIRPORTS), departure: plant.c(V.timestamp(rng)), seat: `${rng.int(1, 45)}${rng.pick(['A', 'C', 'D', 'F'])}` }],
      ssr: [ssr],
      osi: rng.chance(0.5) ? `OSI YY CTCM ${plant.p('phone', V.phone(rng, REGION[locale], true).value.replace(/[^+\d]/g, ''))}` : `OSI YY TKNO ${rng.digits(13)}`,
      remarks: rng.chance(0.4) ? paragraph(plant, facts(plant, ['phone', 'email', 'clean'], 1, 2), pax[0]) : '',
    };
  },
};

const hotelReservation: Shape = {
  name: 'hotel-reservation',
  domain: 'travel',
  build(plant) {
    const { rng, locale } = plant;
    const guest = V.person(rng, locale);
    const other = V.person(rng, locale);
    const guests: Record<string, unknown> = plant.keyedByData({});
    guests[plant.p('person_name', guest.full)] = { room: rng.int(101, 512), nights: rng.int(1, 9) };
    if (rng.chance(0.5)) guests[plant.p('person_name', other.full)] = { room: rng.int(101, 512), nights: rng.int(1, 9) };
    const [ak, av] = addressField(plant, V.address(rng, locale));
    return {
      reservationId: id(plant),
      hotel: { name: plant.c(rng.pick(ORGS)), city: rng.pick(CITIES_ONLY) },
      [rng.pick(['guestName', 'leadGuest', 'bookerName', 'mainGuestName'])]: plant.p('person_name', V.writeName(rng, guest)),
      guestsByName: guests,
      [ak]: av,
      specialRequests: paragraph(plant, facts(plant, ['name', 'phone', 'email', 'clean', 'dob'], 1, 3), guest),
      checkIn: plant.c(V.timestamp(rng)),
      ratePlan: plant.c(rng.pick(PRODUCTS)),
    };
  },
};

const checkinEvent: Shape = {
  name: 'checkin-event',
  domain: 'travel',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const pn = V.pnrName(p);
    plant.p('person_name', pn.family);
    plant.p('person_name', pn.given);
    const bcbp = `M1${pn.family}/${pn.given}`.padEnd(22, ' ') + `E${rng.chars(6, UPPER + DIGITS)} ${rng.pick(AIRPORTS)}${rng.pick(AIRPORTS)}LH ${rng.int(100, 999)} ${rng.int(100, 365)}Y${rng.int(1, 40)}C`;
    const mac = V.mac(rng);
    return {
      eventId: id(plant),
      occurredAt: plant.c(V.timestamp(rng)),
      kiosk: { hostname: plant.c(rng.pick(HOSTS)), firmwareVersion: plant.c(`${rng.int(1, 9)}.${rng.int(0, 9)}.${rng.int(0, 9)}.${rng.int(0, 99)}`), [rng.pick(['macAddress', 'mac', 'deviceMac', 'hwAddr'])]: plant.p('mac_address', mac) },
      [rng.pick(['boardingPassBarcode', 'bcbp', 'barcodeData'])]: bcbp,
      [rng.pick(['boardingPassPdf', 'attachment', 'payloadB64'])]: plant.p('person_name', base64(rng, `BOARDING PASS\nName: ${p.full}\nSeat ${rng.int(1, 40)}C`)),
      passenger: { name: `${pn.family}/${pn.given}`, [rng.pick(['loyaltyNumber', 'ffNumber'])]: plant.c(rng.chars(2, UPPER) + rng.digits(9)) },
    };
  },
};

// ---- payments ---------------------------------------------------------------------------

const cardPayment: Shape = {
  name: 'card-payment',
  domain: 'payments',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const card: Record<string, unknown> = {
      [rng.pick(['number', 'pan', 'cardNumber', 'primaryAccountNumber', 'accountNumber'])]: plant.p('credit_card', V.formatCard(rng, V.cardNumber(rng))),
      expMonth: rng.int(1, 12),
      expYear: rng.int(2026, 2031),
      brand: rng.pick(['VISA', 'MASTERCARD', 'AMEX']),
      [rng.pick(['cardholderName', 'holderName', 'nameOnCard', 'cardHolder', 'embossedName'])]: plant.p('person_name', V.writeName(rng, p, rng.pick(['full', 'upper'] as const))),
    };
    const [ak, av] = addressField(plant, V.address(rng, locale));
    return {
      paymentId: id(plant),
      [rng.pick(['orderNumber', 'orderRef', 'merchantReference'])]: plant.c(V.orderNumber(rng)),
      amount: money(plant),
      merchant: { name: plant.c(rng.pick(ORGS)), mcc: String(rng.int(1000, 9999)), serviceName: plant.c(rng.pick(SERVICES)) },
      card,
      [ak]: av,
      customer: { customerId: id(plant), ...Object.fromEntries([emailField(plant, p)]) },
      threeDs: { [rng.pick(['browserIp', 'clientIp', 'ipAddress'])]: plant.p('ipv4', V.ipv4(rng)), userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0' },
      createTime: plant.c(V.timestamp(rng)),
      [rng.pick(['paymentReference', 'creditorReference', 'structuredReference'])]: plant.c(V.creditorReference(rng)),
    };
  },
};

const sepaTransfer: Shape = {
  name: 'sepa-transfer',
  domain: 'payments',
  build(plant) {
    const { rng, locale } = plant;
    const debtor = V.person(rng, locale);
    const creditorIsOrg = rng.chance(0.5);
    const creditor = V.person(rng, locale);
    const cc = REGION[locale];
    const rf = V.creditorReference(rng);
    return {
      msgId: plant.c(`MSG-${rng.digits(10)}`),
      endToEndId: plant.c(`E2E${rng.chars(12, UPPER + DIGITS)}`),
      debtor: { name: plant.p('person_name', V.writeName(rng, debtor, rng.pick(['full', 'upper', 'familyComma'] as const))), postalAddress: addressObject(plant, V.address(rng, locale)) },
      debtorAccount: { iban: plant.p('iban', V.iban(rng, cc)) },
      debtorAgent: { bic: plant.c(V.bic(rng, cc)) },
      creditor: { name: creditorIsOrg ? plant.c(rng.pick(ORGS)) : plant.p('person_name', creditor.full) },
      creditorAccount: { iban: plant.p('iban', V.iban(rng)) },
      amount: money(plant),
      remittanceInformation: rng.chance(0.5) ? { structured: { creditorReference: plant.c(rf) } } : { unstructured: `${rng.pick(['Rechnung', 'Facture', 'Invoice', 'Factura'])} ${plant.c(`${rng.int(2023, 2026)}-${rng.int(100, 999)}`)} ${rng.chance(0.5) ? plant.p('person_name', debtor.family) : ''}`.trim() },
      requestedExecutionDate: plant.c(`${rng.int(2025, 2026)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`),
    };
  },
};

const payout: Shape = {
  name: 'payout',
  domain: 'payments',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    return {
      payoutId: id(plant),
      [rng.pick(['beneficiaryName', 'accountHolder', 'payeeName', 'recipientName', 'accountHolderName'])]: plant.p('person_name', V.writeName(rng, p)),
      bankAccount: { [rng.pick(['iban', 'accountIban', 'ibanNumber'])]: plant.p('iban', V.iban(rng, REGION[locale])), bankName: plant.c(rng.pick(ORGS)) },
      amount: money(plant),
      reference: plant.c(rng.chance(0.5) ? V.creditorReference(rng) : V.ibanLookalike(rng)),
      note: paragraph(plant, facts(plant, ['iban', 'name', 'phone', 'clean'], 1, 2), p),
      status: rng.pick(['PENDING', 'PAID', 'FAILED']),
      settledAt: plant.c(V.timestamp(rng)),
    };
  },
};

const refundWebhook: Shape = {
  name: 'refund-webhook',
  domain: 'payments',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const email = plant.p('email', queryEncode(rng, V.email(rng, p)));
    const name = plant.p('person_name', queryEncode(rng, p.full));
    const phoneV = V.phone(rng, REGION[locale], true).value;
    const phone = plant.p('phone', queryEncode(rng, phoneV));
    const q = rng.shuffle([`email=${email}`, `name=${name}`, `phone=${phone}`, `orderId=${plant.c(V.orderNumber(rng).replace('#', ''))}`]).join('&');
    const body = JSON.stringify({ refundId: V.uuid(rng), customer: { [rng.pick(PERSON_NAME_KEYS)]: plant.p('person_name', p.full), card_last4: rng.digits(4) }, iban: plant.p('iban', V.iban(rng)) });
    return {
      webhookId: id(plant),
      url: `https://hooks.${rng.pick(['shop', 'pay', 'crm'])}.example.com/refund?${q}`,
      [rng.pick(['body', 'rawBody', 'payloadJson'])]: body,
      headers: { 'content-type': 'application/json', 'x-signature': plant.c(V.sha(rng, 64)), 'x-forwarded-for': `${plant.p('ipv4', V.ipv4(rng))}, ${plant.p('ipv4', V.ipv4(rng))}` },
      deliveredAt: plant.c(V.timestamp(rng)),
    };
  },
};

// ---- identity ---------------------------------------------------------------------------

const kyc: Shape = {
  name: 'kyc-verification',
  domain: 'identity',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const a = V.address(rng, locale);
    const applicant: Record<string, unknown> = { ...personObject(plant, p) };
    const [dk, dv] = dobField(plant);
    applicant[dk] = dv;
    applicant.nationality = REGION[locale];
    const [ak, av] = addressField(plant, a);
    applicant[ak] = av;
    if (locale === 'en-US' || rng.chance(0.25)) applicant[rng.pick(['ssn', 'socialSecurityNumber', 'taxId'])] = plant.p('us_ssn', V.ssn(rng).replace(/-/g, rng.pick(['-', '-', ''])));
    return {
      verificationId: id(plant),
      applicant,
      document: { type: rng.pick(['PASSPORT', 'ID_CARD', 'DRIVING_LICENCE']), issuingCountry: REGION[locale], expiry: plant.c(`20${rng.int(27, 35)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`), [rng.pick(['mrzName', 'nameOnDocument'])]: plant.p('person_name', p.full.toLocaleUpperCase()) },
      checks: [{ kind: 'LIVENESS', result: 'PASS', score: rng.int(80, 99) / 100 }, { kind: 'ADDRESS', result: rng.pick(['PASS', 'REVIEW']) }],
      reviewerNotes: paragraph(plant, facts(plant, ['name', 'dob', 'address', 'clean'], 1, 3), p),
      reviewer: { [rng.pick(['name', 'fullName', 'reviewerName'])]: plant.p('person_name', V.person(rng, locale).full), team: 'kyc-ops' },
      decidedAt: plant.c(V.timestamp(rng)),
    };
  },
};

const loginEvent: Shape = {
  name: 'login-event',
  domain: 'identity',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const token = V.jwt(rng, rng.chance(0.5) ? { name: p.full } : {});
    return {
      eventId: id(plant),
      userId: id(plant),
      [rng.pick(['username', 'login', 'userPrincipalName'])]: plant.p('email', V.email(rng, p)),
      [rng.pick(['displayName', 'userDisplayName', 'fullName'])]: plant.p('person_name', p.full),
      sourceIp: plant.p('ipv4', V.ipv4(rng)),
      sourceIpv6: plant.p('ipv6', V.ipv6(rng)),
      device: {
        [rng.pick(['mac', 'macAddress', 'wifiMac', 'bluetoothAddress'])]: plant.p('mac_address', V.mac(rng)),
        ...(rng.chance(0.5) ? { imei: plant.p('device_id', V.imei(rng)) } : {}),
        model: rng.pick(['Pixel 8', 'iPhone15,2', 'SM-S918B']),
        osVersion: plant.c(V.version(rng)),
      },
      session: { [rng.pick(['accessToken', 'idToken', 'sessionJwt'])]: plant.p('jwt', token), expiresAt: plant.c(V.timestamp(rng)) },
      mfa: { method: rng.pick(['sms', 'totp', 'push']), [rng.pick(['phone', 'sentTo', 'destination'])]: plant.p('phone', V.phone(rng, REGION[locale], rng.chance(0.5)).value) },
      result: rng.pick(['SUCCESS', 'FAILURE']),
      requestHeaders: { authorization: `${rng.pick(['Bearer', 'bearer', 'Bearer'])} ${plant.p('bearer_token', V.opaqueToken(rng))}`, 'user-agent': 'okhttp/4.12.0', 'x-request-id': plant.c(V.uuid(rng)) },
    };
  },
};

const vcardProfile: Shape = {
  name: 'vcard-profile',
  domain: 'identity',
  standard: true,
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const a = V.address(rng, locale);
    const phoneV = V.phone(rng, REGION[locale], true).value;
    const emailV = V.email(rng, p);
    if (rng.chance(0.5)) {
      // vCard 4.0 text inside a string field
      const text = [
        'BEGIN:VCARD',
        'VERSION:4.0',
        `FN:${plant.p('person_name', p.full)}`,
        `N:${plant.p('person_name', p.family)};${plant.p('person_name', p.given)};;;`,
        `ADR;TYPE=home:;;${plant.p('postal_address', a.line)};${a.city};;${a.postcode};${a.country}`,
        `TEL;TYPE=cell:${plant.p('phone', phoneV)}`,
        `EMAIL:${plant.p('email', emailV)}`,
        `UID:urn:uuid:${V.uuid(rng)}`,
        'END:VCARD',
      ].join('\r\n');
      return { contactId: id(plant), format: 'text/vcard', vcard: text };
    }
    // jCard-like object form (RFC 7095 property names)
    return {
      contactId: id(plant),
      fn: plant.p('person_name', p.full),
      n: { familyName: plant.p('person_name', p.family), givenName: plant.p('person_name', p.given), honorificPrefix: p.title ?? '' },
      adr: [{ type: 'home', streetAddress: plant.p('postal_address', a.line), locality: a.city, postalCode: a.postcode, countryName: a.country }],
      tel: [{ type: 'cell', uri: `tel:${plant.p('phone', phoneV.replace(/ /g, '-'))}` }],
      email: [plant.p('email', emailV)],
      org: plant.c(rng.pick(ORGS)),
      rev: plant.c(V.timestamp(rng)),
    };
  },
};

const schemaOrgPerson: Shape = {
  name: 'schema-org-person',
  domain: 'identity',
  standard: true,
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const a = V.address(rng, locale);
    return {
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: plant.p('person_name', p.full),
      givenName: plant.p('person_name', p.given),
      familyName: plant.p('person_name', p.family),
      birthDate: plant.p('date_of_birth', V.writeDate(rng, V.dob(rng), 'iso')),
      telephone: plant.p('phone', V.phone(rng, REGION[locale], rng.chance(0.6)).value),
      address: { '@type': 'PostalAddress', streetAddress: plant.p('postal_address', a.line), addressLocality: a.city, postalCode: a.postcode, addressCountry: a.country },
      worksFor: { '@type': 'Organization', name: plant.c(rng.pick(ORGS)) },
      identifier: plant.c(V.uuid(rng)),
    };
  },
};

// ---- support ----------------------------------------------------------------------------

const supportTicket: Shape = {
  name: 'support-ticket',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const agent = V.person(rng, rng.pick(['en-GB', 'en-US', 'de', 'pl'] as const));
    const comments = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
      [rng.pick(['author', 'authorName', 'from', 'postedBy'])]: i === 0 ? plant.p('person_name', p.full) : plant.p('person_name', agent.full),
      body: i === 0 ? paragraph(plant, facts(plant, ['name', 'phone', 'email', 'address', 'dob', 'card', locale === 'en-US' ? 'ssn' : 'iban', 'password', 'clean'], 2, 5), p) : paragraph(plant, facts(plant, ['clean', 'name'], 1, 2), p),
      createdAt: plant.c(V.timestamp(rng)),
    }));
    const requester: Record<string, unknown> = { ...personObject(plant, p), ...Object.fromEntries([emailField(plant, p)]) };
    return {
      ticketId: plant.c(`TCK-${rng.digits(6)}`),
      subject: rng.pick(['Double charge', 'Änderung der Adresse', 'Problème de connexion', 'Reembolso pendiente', 'Rimborso', 'Wijziging', 'Reklamacja', 'Cobrança indevida']),
      requester,
      assignee: { name: plant.p('person_name', agent.full), team: rng.pick(['billing', 'tier-2']) },
      comments,
      tags: ['billing', rng.pick(['urgent', 'vip', 'callback'])],
      channel: rng.pick(['email', 'phone', 'chat']),
    };
  },
};

const chatTranscript: Shape = {
  name: 'chat-transcript',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    // the attachment is base64 of a sentence: labelled as the encoded blob, with the category inside
    const inner = plant.scratch();
    const attachText = sentence(inner, rng.pick(['address', 'phone', 'dob', 'email'] as Fact[]), p);
    return {
      conversationId: id(plant),
      participants: [plant.p('person_name', p.full), plant.p('person_name', V.person(rng, 'en-GB').full)],
      messages: Array.from({ length: rng.int(2, 4) }, () => ({ from: rng.pick(['customer', 'agent', 'bot']), text: sentence(plant, rng.pick(['name', 'phone', 'email', 'address', 'dob', 'card', 'clean', 'clean'] as Fact[]), p), at: plant.c(V.timestamp(rng)) })),
      attachments: [{ fileName: plant.c(rng.pick(FILES)), contentType: 'text/plain', data: plant.p(inner.pii[0].category, base64(rng, attachText)) }],
    };
  },
};

const emailIngest: Shape = {
  name: 'email-ingest',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const e = V.email(rng, p);
    return {
      // a Message-ID has an e-mail's shape; masking it is acceptable, so it is no trap
      messageId: `<${rng.chars(16, HEX)}@mail.example.net>`,
      headers: { from: `${plant.p('person_name', p.full)} <${plant.p('email', e)}>`, to: 'support@example.com', subject: rng.pick(['Re: order', 'Fwd: invoice', 'AW: Rückruf']), date: plant.c(V.timestamp(rng)) },
      body: paragraph(plant, facts(plant, ['name', 'phone', 'address', locale === 'en-US' || locale === 'en-IN' ? 'ssn' : 'iban', 'card', 'dob', 'clean', 'email'], 2, 4), p),
      spamScore: rng.int(0, 50) / 10,
    };
  },
};

const contactList: Shape = {
  name: 'contact-list',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const people = Array.from({ length: rng.int(2, 4) }, () => V.person(rng, locale));
    const byName = plant.keyedByData({} as Record<string, unknown>);
    for (const q of people.slice(0, 2)) byName[plant.p('person_name', q.full)] = Object.fromEntries([phoneField(plant, 0.5)]);
    return {
      listId: id(plant),
      owner: personObject(plant, people[0]),
      [rng.pick(['favorites', 'attendees', 'recipients', 'cc', 'watchers'])]: people.map((q) => plant.p('person_name', q.full)),
      [rng.pick(['contactsByName', 'phoneBook', 'directory'])]: byName,
      updatedAt: plant.c(V.timestamp(rng)),
    };
  },
};

const toolCall: Shape = {
  name: 'llm-tool-call',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const args: Record<string, unknown> = { [rng.pick(['name', 'patientName', 'customer_name'])]: plant.p('person_name', p.full) };
    const [dk, dv] = dobField(plant);
    args[dk] = dv;
    if (rng.chance(0.5)) args[rng.pick(['phone', 'callback'])] = plant.p('phone', V.phone(rng, REGION[locale], true).value);
    return {
      callId: plant.c(`call_${rng.chars(24, HEX)}`),
      tool: rng.pick(['lookup_patient', 'find_booking', 'update_contact']),
      arguments: JSON.stringify(args),
      model: rng.pick(['gpt-4o-2024-08-06', 'claude-3-5-sonnet']),
    };
  },
};

const crmRecord: Shape = {
  name: 'crm-record',
  domain: 'support',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    const who: Record<string, unknown> = { ...personObject(plant, p) };
    for (const f of [emailField(plant, p), phoneField(plant, 0.4)]) who[f[0]] = f[1];
    if (rng.chance(0.6)) {
      const [ak, av] = addressField(plant, V.address(rng, locale));
      who[ak] = av;
    }
    if (rng.chance(0.3)) {
      const [dk, dv] = dobField(plant);
      who[dk] = dv;
    }
    return {
      recordId: id(plant),
      [rng.pick(PERSON_OBJECT_KEYS)]: who,
      locale: locale,
      country: REGION[locale],
      account: { accountNumber: plant.c(`ACC-${rng.digits(8)}`), tier: rng.pick(['gold', 'basic']), createdAt: plant.c(V.timestamp(rng)) },
      notes: rng.chance(0.5) ? paragraph(plant, facts(plant, ['name', 'phone', 'address', 'clean'], 1, 2), p) : '',
    };
  },
};

// ---- operations -------------------------------------------------------------------------

const integrationConfig: Shape = {
  name: 'integration-config',
  domain: 'ops',
  build(plant) {
    const { rng } = plant;
    const key = V.apiKey(rng);
    const secret = V.cloudSecret(rng);
    const pw = V.password(rng);
    const user = rng.pick(['svc_app', 'reporting', 'etl']);
    return {
      integrationId: id(plant),
      provider: rng.pick(['aws', 'azure', 'stripe', 'github', 'twilio']),
      config: { [key.label]: plant.p(key.category, key.value), [secret.label]: plant.p(secret.category, secret.value), region: 'eu-central-1', endpoint: plant.c(`https://${rng.pick(HOSTS)}`) },
      [rng.pick(['connectionString', 'databaseUrl', 'dsn'])]: `postgres://${user}:${plant.p('credential', pw)}@${plant.c(rng.pick(HOSTS))}:5432/app`,
      env: [`LOG_LEVEL=info`, `${rng.pick(['DB_PASSWORD', 'SMTP_PASS', 'REDIS_PASSWORD', 'db.password'])}=${plant.p('credential', V.password(rng))}`, `SERVICE_NAME=${plant.c(rng.pick(SERVICES))}`],
      updatedBy: plant.p('email', V.email(rng)),
      version: plant.c(V.version(rng)),
    };
  },
};

const logBatch: Shape = {
  name: 'log-batch',
  domain: 'ops',
  build(plant) {
    const { rng, locale } = plant;
    const lines = Array.from({ length: rng.int(2, 5) }, () => {
      const kind = rng.pick(['bearer', 'ip', 'mac', 'login', 'clean', 'clean', 'secret', 'password', 'email']);
      switch (kind) {
        case 'bearer':
          return `Authorization: Bearer ${plant.p('bearer_token', V.opaqueToken(rng))} rejected: expired`;
        case 'ip':
          return `GET /v1/profile 200 ${rng.int(2, 90)}ms from ${plant.p('ipv4', V.ipv4(rng))}`;
        case 'mac':
          return `dhcp lease renewed for ${plant.p('mac_address', V.mac(rng))} on ${plant.c(rng.pick(HOSTS))}`;
        case 'login':
          return `user ${plant.p('person_name', V.person(rng, locale).full)} logged in from ${plant.p('ipv6', V.ipv6(rng))}`;
        case 'secret': {
          const s = V.cloudSecret(rng);
          return `loaded ${s.label}=${plant.p(s.category, s.value)} from env`;
        }
        case 'password':
          return sentence(plant, 'password');
        case 'email':
          return `bounce for ${plant.p('email', rng.chance(0.3) ? zeroWidth(rng, V.email(rng)) : V.email(rng))}: mailbox full`;
        default:
          return `job ${plant.c(V.orderNumber(rng))} done in ${rng.int(1, 900)} ms (build ${plant.c(V.sha(rng))}, ${plant.c(V.timestamp(rng))})`;
      }
    });
    return {
      entries: lines.map((line) => ({ timestamp: plant.c(V.timestamp(rng)), severity: rng.pick(['INFO', 'WARN', 'ERROR']), line })),
      source: { service: plant.c(rng.pick(SERVICES)), version: plant.c(V.version(rng)), host: plant.c(rng.pick(HOSTS)) },
    };
  },
};

const errorStatus: Shape = {
  name: 'error-status',
  domain: 'ops',
  build(plant) {
    const { rng, locale } = plant;
    const p = V.person(rng, locale);
    return {
      code: rng.pick([3, 5, 9]),
      message: rng.pick([
        () => `invalid IBAN ${plant.p('iban', V.iban(rng))} for account holder ${plant.p('person_name', p.full)}`,
        () => `customer ${plant.p('email', V.email(rng, p))} not found`,
        () => `card ${plant.p('credit_card', V.formatCard(rng, V.cardNumber(rng)))} declined`,
        () => `address "${plant.p('postal_address', V.address(rng, locale).line)}" could not be geocoded`,
      ])(),
      details: [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: rng.pick(['customer.phone', 'payer.dob']), description: `value ${plant.p('phone', V.phone(rng, REGION[locale], true).value)} rejected` }] },
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'VALIDATION', domain: plant.c('payments.example.com'), metadata: { [rng.pick(['holder', 'contact', 'requestedBy'])]: plant.p('person_name', V.person(rng, locale).full), requestId: plant.c(V.uuid(rng)) } },
      ],
    };
  },
};

const productCatalog: Shape = {
  name: 'product-catalog',
  domain: 'ops',
  build(plant) {
    const { rng } = plant;
    return {
      catalogId: id(plant),
      products: Array.from({ length: rng.int(2, 4) }, () => ({
        name: plant.c(rng.pick(PRODUCTS)),
        displayName: plant.c(rng.pick(PRODUCTS)),
        sku: plant.c(V.sku(rng)),
        brandName: plant.c(rng.pick(ORGS)),
        fileName: plant.c(rng.pick(FILES)),
        price: money(plant),
      })),
      supplier: { companyName: plant.c(rng.pick(ORGS)), contactName: plant.p('person_name', V.person(rng, plant.locale).full), hostname: plant.c(rng.pick(HOSTS)) },
      serviceName: plant.c(rng.pick(SERVICES)),
      typeName: plant.c('catalog.v1.Product'),
      publishedAt: plant.c(V.timestamp(rng)),
    };
  },
};

const deviceTelemetry: Shape = {
  name: 'device-telemetry',
  domain: 'ops',
  build(plant) {
    const { rng } = plant;
    return {
      deviceId: id(plant),
      hostName: plant.c(rng.pick(HOSTS)),
      firmwareVersion: plant.c(`${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}.${rng.int(0, 200)}`),
      buildNumber: plant.c(`${rng.int(10, 30)}.${rng.int(0, 9)}.${rng.int(0, 9)}.${rng.int(0, 9999)}`),
      [rng.pick(['wifiMac', 'ethMac', 'macAddress'])]: plant.p('mac_address', V.mac(rng)),
      uptimeSeconds: rng.int(100, 9_000_000),
      bootTime: plant.c(V.timestamp(rng)),
      orderNumber: plant.c(V.orderNumber(rng)),
      location: { city: rng.pick(CITIES_ONLY), rack: `R${rng.int(1, 40)}` },
      lastError: rng.chance(0.5) ? `upload to ${plant.c(rng.pick(HOSTS))} failed after ${rng.int(1, 9)} attempts` : '',
    };
  },
};

export const SHAPES: readonly Shape[] = [
  fhirPatient, appointment, observation, prescription,
  pnrBooking, hotelReservation, checkinEvent,
  cardPayment, sepaTransfer, payout, refundWebhook,
  kyc, loginEvent, vcardProfile, schemaOrgPerson,
  supportTicket, chatTranscript, emailIngest, contactList, toolCall, crmRecord,
  integrationConfig, logBatch, errorStatus, productCatalog, deviceTelemetry,
];

