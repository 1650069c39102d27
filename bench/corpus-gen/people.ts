import type { Plant } from './plant';
import * as V from './values';
import { REGION } from './vocab';

/**
 * Persons and addresses planted as structured data, in the many ways schemas spell them: name
 * compounds (`ownerName`, `cardholder_name`), name parts (`forename`/`surname`, `given[]`),
 * standards (FHIR HumanName/Address, schema.org Person/PostalAddress, vCard, ISO 20022).
 */

/** Keys whose value is a whole person name. */
export const PERSON_NAME_KEYS = [
  'fullName', 'customerName', 'ownerName', 'recipientName', 'cardholderName', 'contactName', 'holderName',
  'accountHolderName', 'passengerName', 'travelerName', 'guestName', 'patientName', 'insuredName', 'beneficiaryName',
  'payeeName', 'payerName', 'senderName', 'receiverName', 'requesterName', 'reporterName', 'assigneeName', 'authorName',
  'signatoryName', 'guardianName', 'nextOfKinName', 'emergencyContactName', 'doctorName', 'driverName', 'employeeName',
  'memberName', 'subscriberName', 'applicantName', 'userFullName', 'legalName', 'nameOnCard', 'cardHolder', 'accountHolder',
  'debtorName', 'creditorName', 'consigneeName', 'shipToName', 'billToName', 'attendeeName', 'studentName', 'clientName',
  'custName', 'cust_nm', 'primaryInsured', 'policyHolder', 'nombreCompleto', 'nomComplet', 'nomeCompleto',
] as const;

/** [given key, family key] pairs. */
export const NAME_PART_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['firstName', 'lastName'], ['givenName', 'familyName'], ['forename', 'surname'], ['first', 'last'], ['fname', 'lname'],
  ['given', 'family'], ['firstNm', 'lastNm'], ['givenNames', 'surname'], ['first_name', 'last_name'], ['vorname', 'nachname'],
  ['prenom', 'nomDeFamille'], ['nombre', 'apellidos'], ['nome', 'cognome'], ['voornaam', 'achternaam'], ['imie', 'nazwisko'],
  ['primeiroNome', 'sobrenome'], ['nameFirst', 'nameLast'], ['personGivenName', 'personFamilyName'],
];

/** Keys of an object that is a person (so its `name` is a person's name). */
export const PERSON_OBJECT_KEYS = ['patient', 'customer', 'passenger', 'contact', 'requester', 'guest', 'holder', 'owner', 'driver', 'employee', 'member', 'traveler', 'applicant', 'subscriber', 'beneficiary', 'payer', 'recipient', 'user', 'author', 'signer', 'insured', 'guarantor', 'emergencyContact', 'nextOfKin', 'cardholder', 'debtor', 'requestedBy', 'createdBy', 'assignee', 'sender'];

/** Plants a person as an object; returns the object. */
export function personObject(plant: Plant, p: V.Person): Record<string, unknown> {
  const { rng } = plant;
  const shape = rng.weighted([[3, 'parts'], [2, 'name'], [2, 'compound'], [1, 'nested'], [1, 'displayName'], [1, 'partsUpper']] as const);
  switch (shape) {
    case 'parts':
    case 'partsUpper': {
      const [gk, fk] = rng.pick(NAME_PART_KEYS);
      const up = shape === 'partsUpper';
      const o: Record<string, unknown> = {};
      if (rng.chance(0.2)) o[rng.pick(['title', 'salutation', 'prefix', 'honorific'])] = p.title ?? (p.gender === 'F' ? 'Ms' : 'Mr');
      o[gk] = plant.p('person_name', up ? p.given.toLocaleUpperCase() : p.given);
      if (p.middle) o[rng.pick(['middleName', 'middle', 'middleNames', 'secondName'])] = plant.p('person_name', p.middle);
      else if (rng.chance(0.1)) o[rng.pick(['middleInitial', 'initials'])] = p.given[0] + '.';
      o[fk] = plant.p('person_name', up ? p.family.toLocaleUpperCase() : p.family);
      if (rng.chance(0.1)) o[rng.pick(['suffix', 'nameSuffix'])] = rng.pick(['Jr.', 'III', 'Sr.']);
      return o;
    }
    case 'name':
      return { name: plant.p('person_name', V.writeName(rng, p, rng.pick(['full', 'full', 'upper', 'familyComma'] as const))) };
    case 'compound':
      return { [rng.pick(PERSON_NAME_KEYS)]: plant.p('person_name', V.writeName(rng, p, rng.pick(['full', 'full', 'upper', 'familyFirstUpper'] as const))) };
    case 'nested': {
      const [gk, fk] = rng.pick(NAME_PART_KEYS.slice(0, 6));
      return { name: { [gk]: plant.p('person_name', p.given), [fk]: plant.p('person_name', p.family) } };
    }
    case 'displayName':
      return { displayName: plant.p('person_name', p.full) };
  }
}

/** FHIR R4 HumanName. */
export function fhirHumanName(plant: Plant, p: V.Person): Record<string, unknown> {
  const { rng } = plant;
  const given = [plant.p('person_name', p.given)];
  if (p.middle) given.push(plant.p('person_name', p.middle));
  const o: Record<string, unknown> = { use: rng.pick(['official', 'usual', 'maiden']), family: plant.p('person_name', p.family), given };
  if (p.title || rng.chance(0.2)) o.prefix = [p.title ?? (p.gender === 'F' ? 'Mrs.' : 'Mr.')];
  if (rng.chance(0.4)) o.text = plant.p('person_name', p.full);
  return o;
}

/** FHIR R4 Address (street lines in `line[]`). */
export function fhirAddress(plant: Plant, a: V.Address): Record<string, unknown> {
  const { rng } = plant;
  const o: Record<string, unknown> = { use: rng.pick(['home', 'work', 'temp', 'billing']), type: rng.pick(['postal', 'physical', 'both']), line: [plant.p('postal_address', a.line)], city: a.city };
  if (rng.chance(0.3)) o.district = rng.pick(['Mitte', 'Centre', 'Nord', 'Ost']);
  o.postalCode = a.postcode;
  o.country = a.country;
  if (rng.chance(0.35)) o.text = plant.p('postal_address', a.oneLine);
  return o;
}

/** Keys of one-line or object addresses. */
export const ADDRESS_KEYS = ['address', 'billingAddress', 'shippingAddress', 'deliveryAddress', 'homeAddress', 'residentialAddress', 'mailingAddress', 'pickupAddress', 'dropoffAddress', 'registeredAddress', 'permanentAddress', 'correspondenceAddress', 'postalAddress', 'currentAddress', 'previousAddress', 'addr', 'domicile', 'residence', 'shipTo', 'billTo', 'direccion', 'adresse', 'indirizzo', 'endereco', 'anschrift'];

/** Keys of one street line. */
export const STREET_LINE_KEYS = ['street', 'streetAddress', 'addressLine1', 'addressLine', 'line1', 'street1', 'addr1', 'streetLine', 'houseNumberAndStreet', 'address1', 'streetAndNumber', 'strasse', 'calle', 'rua', 'via', 'ulica'];

/** Plants an address as an object in one of the common layouts; returns the object. */
export function addressObject(plant: Plant, a: V.Address): Record<string, unknown> {
  const { rng } = plant;
  const layout = rng.weighted([[3, 'adhoc'], [2, 'fhir'], [2, 'schemaOrg'], [1, 'iso20022'], [1, 'lines'], [1, 'split']] as const);
  switch (layout) {
    case 'adhoc': {
      const o: Record<string, unknown> = { [rng.pick(STREET_LINE_KEYS)]: plant.p('postal_address', a.line) };
      o[rng.pick(['city', 'town', 'locality'])] = a.city;
      o[rng.pick(['postalCode', 'zip', 'zipCode', 'postcode', 'plz', 'cep'])] = a.postcode;
      o[rng.pick(['country', 'countryCode'])] = a.country;
      return o;
    }
    case 'fhir':
      return fhirAddress(plant, a);
    case 'schemaOrg':
      return { '@type': 'PostalAddress', streetAddress: plant.p('postal_address', a.line), addressLocality: a.city, postalCode: a.postcode, addressCountry: a.country };
    case 'iso20022':
      // street name and building number apart: the street name is what identifies the place
      return { strtNm: plant.p('postal_address', a.street), bldgNb: a.number, pstCd: a.postcode, twnNm: a.city, ctry: a.country };
    case 'lines':
      return { [rng.pick(['lines', 'addressLines', 'streetLines'])]: [plant.p('postal_address', a.line)], [rng.pick(['city', 'locality'])]: a.city, [rng.pick(['postalCode', 'zip'])]: a.postcode, country: a.country };
    case 'split':
      return { [rng.pick(['streetName', 'street', 'road'])]: plant.p('postal_address', a.street), [rng.pick(['houseNumber', 'buildingNumber', 'streetNumber', 'number'])]: a.number, city: a.city, [rng.pick(['postalCode', 'zip'])]: a.postcode };
  }
}

/** An address under a compound key: a one-line string or an object. */
export function addressField(plant: Plant, a: V.Address): [string, unknown] {
  const { rng } = plant;
  const key = rng.pick(ADDRESS_KEYS);
  return [key, rng.chance(0.35) ? plant.p('postal_address', rng.chance(0.7) ? a.oneLine : a.line) : addressObject(plant, a)];
}

/** A phone under one of the keys schemas use, national or international. */
export function phoneField(plant: Plant, intlP = 0.5): [string, string] {
  const { rng, locale } = plant;
  const key = rng.pick(['phone', 'phoneNumber', 'mobile', 'mobileNumber', 'tel', 'telephone', 'contactNumber', 'phoneNo', 'cell', 'msisdn', 'whatsapp', 'handy', 'telefono', 'telefone', 'landline', 'homePhone', 'workPhone', 'callbackNumber']);
  return [key, plant.p('phone', V.phone(rng, REGION[locale], rng.chance(intlP)).value)];
}

export function emailField(plant: Plant, p?: V.Person): [string, string] {
  const { rng } = plant;
  return [rng.pick(['email', 'emailAddress', 'mail', 'contactEmail', 'eMail', 'correo', 'courriel', 'notifyEmail', 'replyTo', 'login']), plant.p('email', V.email(rng, p))];
}

export function dobField(plant: Plant): [string, string] {
  const { rng } = plant;
  return [rng.pick(['dateOfBirth', 'birthDate', 'dob', 'birthday', 'bornOn', 'geburtsdatum', 'fechaNacimiento', 'dataNascimento', 'dataDiNascita', 'dateNaissance', 'dobIso']), plant.p('date_of_birth', V.writeDate(rng, V.dob(rng)))];
}
