import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { textView, originalSpan } from '../../interceptors/mask/text-view';
import { decodedBase64Text } from '../../interceptors/mask/base64-text';

/**
 * The free-text detectors (names, addresses, birth dates, device ids, secrets, obfuscated e-mail)
 * and the normalised view, through the default policy's scanner: each class with values that must
 * be found and look-alikes that must stay.
 */
const masker = createMasker();
function masked(text: string): string {
  return masker.scanText(text, newMaskScope());
}
/** Categories found, in order. */
function found(text: string): string[] {
  return [...masked(text).matchAll(/\[REDACTED:([a-z_]+)\]/g)].map((m) => m[1]);
}
/** `value` is gone from the masked text and a marker of `category` is there. */
function hides(text: string, value: string, category: string): void {
  const out = masked(text);
  assert.ok(!out.includes(value), `${value} survived in ${out}`);
  assert.ok(out.includes(`[REDACTED:${category}]`), `no ${category} in ${out}`);
}
function keeps(text: string): void {
  assert.equal(masked(text), text);
}

describe('free-text detectors', () => {
  describe('person names', () => {
    it('after titles and salutations, in several languages, also upper case', () => {
      hides('Dear Mr. John Smith, your order shipped.', 'John Smith', 'person_name');
      hides('Sehr geehrte Frau Weber, vielen Dank.', 'Weber', 'person_name');
      hides('Bonjour Mme Dupont, merci.', 'Dupont', 'person_name');
      hides('Estimado Sr. Gómez Herrera:', 'Gómez Herrera', 'person_name');
      hides('Hallo Jürgen, kurze Frage', 'Jürgen', 'person_name');
      hides('Dr ANNA KOWALSKA will see you', 'ANNA KOWALSKA', 'person_name');
    });
    it('after cue words: signed by, contact:, patient, customer, regards', () => {
      hides('signed by Joanna Kieślowska on Monday', 'Joanna Kieślowska', 'person_name');
      hides('contact: Rahul Menon (support)', 'Rahul Menon', 'person_name');
      hides('Patient MARIA GARCIA presented with mild symptoms.', 'MARIA GARCIA', 'person_name');
      hides('Customer Zbigniew Wróblewski called about the refund.', 'Zbigniew Wróblewski', 'person_name');
      hides('Best regards,\nPriya', 'Priya', 'person_name');
      hides('Hi, this is Anneke van der Berg.', 'Anneke van der Berg', 'person_name');
      hides("Bonjour, je m'appelle Élodie Marchand.", 'Élodie Marchand', 'person_name');
    });
    it('a given name from the gazetteer followed by a surname, without any cue', () => {
      hides('Escalated by the agent; Margaret Thompson confirmed the change.', 'Margaret Thompson', 'person_name');
    });
    it("initials, apostrophes, 'X Y wrote:', query strings with UTF-8 escapes", () => {
      hides('Customer T. Dunbar called about this.', 'Dunbar', 'person_name');
      hides("Cordiali saluti, T. D'Alessandro", "D'Alessandro", 'person_name');
      hides('Harsha Kulkarni wrote:', 'Kulkarni', 'person_name');
      hides('refund?name=Bj%C3%B6rn+R%C3%B6%C3%9Fler&phone=1', 'R%C3%B6%C3%9Fler', 'person_name');
    });
    it('mail-style display names: quoted before <address>, in parentheses after an address or an account handle', () => {
      hides('cc: "Nakamura, Aiko" <aiko.n@corp.example>', 'Nakamura, Aiko', 'person_name');
      hides('From: "Grzegorz Brzęczyszczykiewicz" <g.brz@poczta.example>', 'Grzegorz Brzęczyszczykiewicz', 'person_name');
      hides('Reply from thandiwe.m@mail.example (Thandiwe Mokoena) received', 'Thandiwe Mokoena', 'person_name');
      hides("account 'kfischer' (Konstantin Fischer) was locked", 'Konstantin Fischer', 'person_name');
      for (const t of [
        'Reply-To: "Acme Billing" <billing@acme.example>',
        "ran job 'nightly' (Daily Backup) at 02:00",
        'see the docs (Getting Started) first',
        'escalate to help@acme.example (Customer Support)',
      ]) assert.ok(!masked(t).includes('person_name'), `${t} → ${masked(t)}`);
    });
    it('airline form SURNAME/GIVEN MR', () => {
      hides('PNR 5XK2LM pax SMITH/JOHN MR seat 12A', 'SMITH/JOHN', 'person_name');
    });
    it('leaves months, weekdays, cities, products, organisations and street names alone', () => {
      for (const t of [
        'Will Update the release in May; Order Status Active',
        'Meeting on Monday in Paris with Acme Corp about Google Cloud',
        'Deployed Kafka Connect to the Frankfurt region on Tuesday',
        'shipped from Berlin to London via Amsterdam',
        'The Quick Brown Fox template, Sprint Review notes',
        'Dear Customer, your Premium Plan renews in June.',
        'Error: Invalid Token at Payment Service',
        // a given name and a capitalised word that go on into a product or organisation title
        'bestseller: Harper Oak Writing Desk, restocked',
        'referred by Linden Rose Hospital',
      ]) keeps(t);
      // …while a name followed by other capitalised words is still one
      hides('owner: Margaret Thompson Team lead', 'Margaret Thompson', 'person_name');
    });
  });

  describe('postal addresses', () => {
    it("a digit glued to a street word's letters is a token, not a house number ('Os0', 'Al2')", () => {
      keeps('Os0 and Al2 are build ids');
      hides('os. Tysiąclecia 12, 40-871 Katowice', 'Tysiąclecia 12', 'postal_address');
    });
    const cases: Array<[string, string]> = [
      ['I moved to 4821 Maple Avenue, Apt 5B, Springfield, IL 62704-1234.', '4821 Maple Avenue, Apt 5B, Springfield, IL 62704-1234'],
      ['Neue Anschrift: Hauptstraße 12, 10115 Berlin.', 'Hauptstraße 12, 10115 Berlin'],
      ["J'habite au 12 rue de la Paix, 75002 Paris.", '12 rue de la Paix, 75002 Paris'],
      ['Enviar a Calle Mayor 5, 28013 Madrid', 'Calle Mayor 5, 28013 Madrid'],
      ['Abito in Via Roma 10, 00184 Roma.', 'Via Roma 10, 00184 Roma'],
      ['Mijn adres is Keizersgracht 123, 1015 CJ Amsterdam.', 'Keizersgracht 123, 1015 CJ Amsterdam'],
      ['Mój adres to ul. Marszałkowska 10/5, 00-590 Warszawa.', 'ul. Marszałkowska 10/5, 00-590 Warszawa'],
      ['Moro na Rua Augusta 100, 01305-000 São Paulo.', 'Rua Augusta 100, 01305-000 São Paulo'],
      ['deliver to 10 Downing Street, London SW1A 2AA please', '10 Downing Street, London SW1A 2AA'],
    ];
    for (const [text, address] of cases) {
      it(`masks the whole address in: ${text}`, () => {
        const out = masked(text);
        assert.equal(out, text.replace(address, '[REDACTED:postal_address]'));
      });
    }
    it('leaves street words without a house number, and numbers without a street, alone', () => {
      for (const t of ['Grant Street office opens at 9', 'the Main St. branch', 'Order 12 shipped to Berlin', 'version 10 of the Road Map', 'platform 9 at Paris Gare de Lyon']) keeps(t);
    });
  });

  describe('dates of birth', () => {
    it('after a birth cue, numeric or written, in several languages; only the date goes', () => {
      assert.equal(masked('born 14/03/1985, ok'), 'born [REDACTED:date_of_birth], ok');
      for (const t of ['dob 1985-03-14', 'date of birth: March 14, 1985', 'né le 14/03/1985', 'geb. 14.03.1985', 'nacido el 3 de mayo de 1990', 'data urodzenia: 14.03.1985', 'Geburtsdatum 3.7.1979']) {
        assert.deepEqual(found(t), ['date_of_birth'], t);
      }
    });
    it('leaves dates without a cue and timestamps alone', () => {
      for (const t of ['order placed 2025-03-14, shipped 14/03/2025', 'DOB check ran at 2025-03-14T09:26:53Z', 'released March 14, 2019']) keeps(t);
    });
  });

  describe('national phone numbers and their look-alikes', () => {
    it('national numbers after context words in several languages', () => {
      for (const t of ['value 0049 179 2748339 rejected', 'Merci de me rappeler au 06 98 76 54 32.', 'joignable au 0611223344', 'Potete richiamarmi al 347 1234567?', 'Tel.: 030 12345678', 'Handy 016284978042', 'móvil: 920 078 317', 'tel. kom. 591 499 782', 'tel:+55-61-5205-7385']) {
        assert.deepEqual(found(t), ['phone'], t);
      }
    });
    it('timestamps, order ids and creditor references are not phones', () => {
      for (const t of ['at 2024-11-11 03:18:59 ok', 'order 684-0256420-6098214', 'ref RF18 5390 0754 7034', 'ref RF66 1381 3620 3080 96']) keeps(t);
    });
    it('a creditor reference does not hide a phone number after the next word', () => {
      assert.deepEqual(found('ref RF71 PKHY HASA 81 mobile 714 417 3721'), ['phone']);
    });
  });

  describe('MAC addresses and device ids', () => {
    it('finds MACs in colon, dash and Cisco notation', () => {
      assert.deepEqual(found('lease for 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5F and 001a.2b3c.4d60'), ['mac_address', 'mac_address', 'mac_address']);
    });
    it('leaves times, IPv6 addresses, hex digests, broadcast and zero MACs alone', () => {
      for (const t of ['at 09:26:53 and 12:30', 'ff:ff:ff:ff:ff:ff and 00:00:00:00:00:00', 'sha 3f2b8c1e9a4d4e7f', 'build 00-1A-2B-3C-4D-5E-6F-70']) keeps(t);
    });
    it('IMEIs (Luhn) after a device word; a Luhn-valid 15-digit order number stays', () => {
      hides('IMEI 356938035643809 registered', '356938035643809', 'device_id');
      keeps('order 356938035643809 registered');
      keeps('IMEI 356938035643808 registered');
    });
    it('labelled advertising ids; an unlabelled UUID is a request id', () => {
      hides('idfa: 6D92078A-8246-4BA4-AE5B-76104861E7DC', '6D92078A-8246-4BA4-AE5B-76104861E7DC', 'device_id');
      keeps('request 3f2b8c1e-9a4d-4e7f-b2a1-0c9d8e7f6a5b handled');
    });
  });

  describe('secrets', () => {
    it('the secret half of an AWS key pair, after its key id or under its key name', () => {
      const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
      hides(`AKIAIOSFODNN7EXAMPLE / ${secret}`, secret, 'credential');
      hides(`aws_secret_access_key = ${secret}`, secret, 'credential');
    });
    it('Azure account keys, PEM private keys, compound secret keys in any case', () => {
      hides('DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;EndpointSuffix=core.windows.net', 'Zm9vYmFy', 'credential');
      hides('{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkq\\n-----END PRIVATE KEY-----\\n"}', 'MIIEvQIBADANBgkq', 'credential');
      for (const [t, v] of [['DB_PASSWORD=hunter2x', 'hunter2x'], ['PASSWORD: S3cret!x', 'S3cret!x'], ['smtp.pass=abcd1234', 'abcd1234'], ['Passphrase: correct-horse', 'correct-horse']]) hides(t, v, 'credential');
    });
    it("'&' belongs to a secret outside a query string; in a query string it ends the value", () => {
      assert.equal(masked('SMTP_PASS=6N&vr^oUgwGi done'), 'SMTP_PASS=[REDACTED:credential] done');
      assert.equal(masked('GET /x?api_secret=abcd1234&page=2'), 'GET /x?api_secret=[REDACTED:credential]&page=2');
      hides('loaded SecretAccessKey=Fsy7DvXKST9VYcnIGG3Wu+Lt15P9bV81y5igbKId from env', 'Fsy7DvXKST9VYcnIGG3Wu', 'credential');
      hides('dsn postgres://svc_app:tvsL6_t39VL^@db.example.net:5432/app', 'tvsL6_t39VL^', 'credential');
    });
    it('paging and anti-forgery tokens, and a 40-character id far from any key id, stay', () => {
      keeps('page_token=abcdef123 next_page_token=zzz999');
      keeps('commit 0123456789abcdefABCDEF0123456789abcdef/x in the log');
    });
  });

  describe('obfuscated e-mail', () => {
    it('bracketed at/dot and spelled-out forms', () => {
      assert.deepEqual(found('write to jane.doe[at]example.com'), ['email']);
      assert.deepEqual(found('or jane (at) example (dot) org'), ['email']);
      assert.deepEqual(found('JANE DOT DOE AT EXAMPLE DOT COM'), ['email']);
      assert.deepEqual(found('mail: REINIER_VERBEEK6 @ FASTMAIL.FM ok'), ['email']);
    });
    it('after prose with a bare "at" (the prose match is dropped, the address after it is still found)', () => {
      assert.deepEqual(found('email me at fitzgerald.tyrone+travel[at]telefonica[dot]net'), ['email']);
      assert.deepEqual(found('email me at BRANDON.PENNINGTON[at]WP[dot]PL Order XD327177188DE was shipped'), ['email']);
    });
    it('prose with "at" stays', () => {
      for (const t of ['look at example.com for docs', 'meet at noon. Then lunch', 'arrived at 10.30 at gate B']) keeps(t);
    });
  });

  describe('normalised view: full-width, zero-width, percent escapes', () => {
    it('full-width digits, zero-width characters inside e-mails, percent-encoded separators', () => {
      assert.deepEqual(found('card ４５３９ １４８８ ０３４３ ６４６７'), []); // masked under the card's own strategy (mask)
      assert.ok(!masked('card ４５３９ １４８８ ０３４３ ６４６７').includes('６４６７ '), 'full-width card digits left');
      const zw = 'mail j\u200bane.doe@exa\u200bmple.com now';
      assert.equal(masked(zw), 'mail [REDACTED:email] now');
      assert.equal(masked('callback %2B49%2030%2012345678 ok'), 'callback [REDACTED:phone] ok');
      assert.equal(masked('?phone=%2B48+810+519+995&x=1'), '?phone=[REDACTED:phone]&x=1');
      assert.equal(masked('?phone=%2B1+(607)+303-6462&orderId=52641008'), '?phone=[REDACTED:phone]&orderId=52641008'); // '+' after ')'
      assert.equal(masked('f(x)+1 = 2, (3)+4'), 'f(x)+1 = 2, (3)+4');
      assert.equal(masked('card=4111%201111%201111%201111&x=1'), 'card=**** **** **** 1111&x=1');
    });
    it('maps spans back to the original characters', () => {
      const text = 'a\u200bb %40 ｘ';
      const view = textView(text)!;
      assert.equal(view.text, 'ab @ x');
      assert.deepEqual(originalSpan(view, 0, 2), { start: 0, end: 3 });
      assert.deepEqual(originalSpan(view, 3, 4), { start: 4, end: 7 });
      assert.deepEqual(originalSpan(view, 5, 6), { start: 8, end: 9 });
      assert.equal(textView('plain ascii 100% of it'), undefined);
    });
  });

  describe('base64 values', () => {
    it('a value that decodes to text with personal data is masked whole', () => {
      const encoded = Buffer.from('jane.doe@example.com called about a refund').toString('base64');
      assert.equal(masked(encoded), '[REDACTED:email]');
    });
    it('base64 of clean text, binary, ids and hex digests stay', () => {
      keeps(Buffer.from('the quick brown fox jumps over').toString('base64'));
      keeps(Buffer.from([0, 1, 2, 250, 251, 252, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).toString('base64'));
      keeps('3f2b8c1e9a4d4e7fb2a10c9d8e7f6a5b');
      assert.equal(decodedBase64Text('not base64 at all, has spaces'), undefined);
    });
  });
});
