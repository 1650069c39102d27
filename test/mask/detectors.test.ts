import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { hintForFieldName } from '../../interceptors/mask/field-hints';

/** Categories found in `text` by the default policy's detector chain, in order. */
const masker = createMasker();
function found(text: string, flags?: { ssnField?: boolean; versionField?: boolean }): string[] {
  const scope = newMaskScope();
  const out = masker.scanText(text, scope, { ssnField: flags?.ssnField ?? false, versionField: flags?.versionField ?? false });
  return [...out.matchAll(/\[REDACTED:([a-z_0-9]+)\]|\*\*\*\* \*\*\*\* \*\*\*\* \d{4}|[A-Z]{2}\d{2} (?:\*\*\*\* )+[A-Z0-9]{2}/g)].map((m) =>
    m[1] ?? (m[0].startsWith('****') ? 'credit_card' : 'iban'),
  );
}
function masked(text: string): string {
  return masker.scanText(text, newMaskScope());
}

describe('mask detectors', () => {
  describe('email', () => {
    it('finds plain, plus-tagged, mixed-case and URL-encoded addresses', () => {
      assert.deepEqual(found('write to jane.doe+shop@example.co.uk'), ['email']);
      assert.deepEqual(found('MIXED.Case@Example.COM'), ['email']);
      assert.deepEqual(found('GET /lookup?email=chloe_rossetti7%40proton.me&x=1'), ['email']);
      assert.equal(masked('GET /lookup?email=a%2Bb%40web.de&x=1'), 'GET /lookup?email=[REDACTED:email]&x=1');
    });
    it('leaves channel words, field masks and @-mentions alone', () => {
      for (const t of ['email', 'email,phoneNumbers', 'ping @alice about it', 'user@localhost', 'a@b']) assert.deepEqual(found(t), [], t);
    });
  });

  describe('phone', () => {
    const numbers = [
      '+14158675309',
      '+1 (415) 867-5309',
      '+44 7812 123456',
      '+49 30 80652819',
      '+49 (0)30 1234567',
      '+33 6 21 20 34 13',
      '+91 80 3911 1049',
      '+5548988731397',
      '030 12345678',
      '0177 8802164',
      '06 12 34 56 78',
      '06.12.34.56.78',
      '(11) 91234-5678',
      '098765 43210',
      '07508 385359',
      '(512) 442-1971',
      '415-867-5309',
    ];
    for (const n of numbers) {
      it(`finds ${n} in text`, () => {
        assert.equal(masked(`call ${n} today`), 'call [REDACTED:phone] today');
      });
    }
    it('needs context for bare digit strings', () => {
      assert.equal(masked('Call me: 4158675309'), 'Call me: [REDACTED:phone]');
      assert.equal(masked('ordered 4158675309 items'), 'ordered 4158675309 items');
    });
    it('leaves dates, epoch millis, amounts, versions, SKUs and UUIDs alone', () => {
      for (const t of [
        '2025-03-14',
        '14.03.2025',
        'ts=1717098189478',
        '1756335425538',
        'amount 2209.33 EUR',
        'build 19.10.17.129',
        'SKU-7268-RED-S',
        'YX-80554-36',
        'pod-13638',
        '01226bf8-4b1f-4168-8766-820f5bda13bb',
        '2026-03-06T23:03:27-03:00',
        'size 841595 bytes',
        'HTTP 402',
      ]) {
        assert.deepEqual(found(t), [], t);
      }
    });
  });

  describe('payment card', () => {
    it('finds Luhn-valid cards plain, spaced and dashed (Visa, Mastercard 5x/2x, Amex, Discover)', () => {
      for (const c of ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '2223003122003222', '3782 822463 10005', '371449635398431', '6011-1111-1111-1117']) {
        assert.deepEqual(found(`card ${c} declined`), ['credit_card'], c);
      }
    });
    it('keeps only the last four digits by default', () => {
      assert.equal(masked('card 4111-1111-1111-1111 declined'), 'card **** **** **** 1111 declined');
    });
    it('leaves a 16-digit order number that fails Luhn, and non-card prefixes', () => {
      assert.deepEqual(found('order 4111111111111112'), []);
      assert.deepEqual(found('order 6011077783992815'), []);
      assert.deepEqual(found('epoch 1000000000000009'), []); // Luhn-valid, but no issuer starts with 1
    });
  });

  describe('IBAN', () => {
    it('finds mod-97-valid IBANs compact, grouped, lower-case', () => {
      for (const i of ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300', 'de89 3704 0044 0532 0130 00']) {
        assert.deepEqual(found(`to ${i} now`), ['iban'], i);
      }
    });
    it('does not swallow a following word', () => {
      assert.equal(masked('IBAN DE89 3704 0044 0532 0130 00 EUR'), 'IBAN DE89 **** **** **** **** 00 EUR');
    });
    it('leaves references shaped like IBANs that fail mod 97', () => {
      assert.deepEqual(found('ref DE89370400440532013001'), []);
      assert.deepEqual(found('batch GB31UCSS23117813908531'), []);
    });
  });

  describe('US SSN', () => {
    it('finds dashed SSNs anywhere', () => {
      assert.deepEqual(found('pasted 759-89-3442 into chat'), ['us_ssn']);
    });
    it('finds undashed or spaced ones only next to the word SSN or in an SSN field', () => {
      assert.deepEqual(found('SSN 425879151 returned'), ['us_ssn']);
      assert.deepEqual(found('social security number 219 09 9999'), ['us_ssn']);
      assert.deepEqual(found('425879151', { ssnField: true }), ['us_ssn']);
      assert.deepEqual(found('ref 425879151 returned'), []);
    });
    it('skips numbers never issued (area 000/666/9xx, group 00, serial 0000) and glued look-alikes', () => {
      for (const t of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', 'TCK-000777-12-3456X', '2025-03-14']) {
        assert.deepEqual(found(t), [], t);
      }
    });
  });

  describe('IP addresses', () => {
    it('finds IPv4 bare, in grpc-peer form, with ports, in lists', () => {
      assert.equal(masked('ipv4:217.181.100.187:34783'), 'ipv4:[REDACTED:ipv4]:34783');
      assert.equal(masked('77.46.49.150, 195.14.70.147'), '[REDACTED:ipv4], [REDACTED:ipv4]');
      assert.equal(masked('upstream 95.176.222.138:50051 returned 503'), 'upstream [REDACTED:ipv4]:50051 returned 503');
    });
    it('keeps versions, build numbers, out-of-range octets and loopback', () => {
      for (const t of ['version 10.2.3.4', 'build 19.0.17.201', 'v1.2.3.4', '300.1.1.1', '127.0.0.1', '1.2.3.4.5', '2.14.1']) assert.deepEqual(found(t), [], t);
      assert.deepEqual(found('19.0.17.201', { versionField: true }), []);
      assert.deepEqual(found('19.0.17.201'), ['ipv4']);
    });
    it('finds IPv6 compressed, full, bracketed with port, with zone', () => {
      assert.equal(masked('ipv6:[2607:f8b0:91eb:9a0:df57:c639:483e:d081]:49452'), 'ipv6:[[REDACTED:ipv6]]:49452');
      assert.equal(masked('peer 2a01:4f8:0:8667:8fb8::7216 closed'), 'peer [REDACTED:ipv6] closed');
      assert.equal(masked('[2001:db8::1]:8443'), '[[REDACTED:ipv6]]:8443');
      assert.deepEqual(found('fe80::1ff:fe23:4567:890a%eth0'), ['ipv6']);
      assert.deepEqual(found('2001:0db8:0000:0000:0000:ff00:0042:8329'), ['ipv6']);
    });
    it('terminates on an IPv6 address followed by a colon (used to loop forever and exhaust the heap)', () => {
      assert.equal(masked('link 2001:db8::1: down'), 'link [REDACTED:ipv6]: down');
      assert.equal(masked('2a01:4f8:1dbf:1282:dcad:706d:8479:17c9: x'), '[REDACTED:ipv6]: x');
      assert.equal(masked('peer=fe80::1ff:fe23:4567:890a:, gone'), 'peer=[REDACTED:ipv6]:, gone');
    });
    it('leaves times, ratios and ::1 alone; a MAC address is a MAC address, not IPv6', () => {
      for (const t of ['12:30:45', 'at 2026-01-31T03:02:17+02:00', 'ratio 16:9', '::1', 'std::vector']) assert.deepEqual(found(t), [], t);
      assert.deepEqual(found('aa:bb:cc:dd:ee:fe'), ['mac_address']);
    });
  });

  describe('tokens and keys', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.5mhBHqs5_DTLdINd9p5m7ZJ6XD0Xc55kIaCRY5r6HRA';
    it('masks a whole JWT, also after Bearer', () => {
      assert.equal(masked(`Bearer ${jwt}`), 'Bearer [REDACTED:jwt]');
      assert.equal(masked(`x ${jwt} y`), 'x [REDACTED:jwt] y');
    });
    it('masks opaque bearer tokens but keeps the scheme word and prose', () => {
      assert.equal(masked('Authorization: Bearer d301477ff6a7ec5541e7617b3c2899fd48f6e894 rejected'), 'Authorization: Bearer [REDACTED:bearer_token] rejected');
      assert.equal(masked('ya29.a0AfH6SMBx3kzQ_abcdefghijklmnopqrstuvwxyz'), '[REDACTED:bearer_token]');
      assert.deepEqual(found('the bearer token expired'), []);
    });
    it('masks well-known API keys', () => {
      for (const k of [
        'AKIAIOSFODNN7EXAMPLE',
        'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
        'sk_live_EJqhSK3dVBIuChm5UYKGNvrh',
        'xoxb-461542832081-1098455117527-UXJAABXcgHDESEnKWlOP7RBv',
        'AIzaSyA-1234567890abcdefghijklmnopqrstu',
      ]) {
        assert.equal(masked(`key ${k}: quota`), 'key [REDACTED:api_key]: quota', k);
      }
    });
    it('masks secret query parameters and key=value secrets', () => {
      assert.equal(masked('https://x.example/cb?code=1&access_token=abc123def456&state=ok'), 'https://x.example/cb?code=1&access_token=[REDACTED:credential]&state=ok');
      assert.equal(masked('password=hunter2!x'), 'password=[REDACTED:credential]');
    });
    it('leaves base64 blobs, digests and look-alike prefixes alone', () => {
      for (const t of [
        'iVBORw0KGgoAAAANSUhEUgAAlSSLeLfkRh91LXoF',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'AKIA-short',
        'eyJhbGciOiJIUzI1NiJ9', // a JWT header alone is not a token
        'sk_live_',
      ]) {
        assert.deepEqual(found(t), [], t);
      }
    });
  });

  describe('field-name hints', () => {
    it('maps names to categories, including snake/kebab case and prefixed names', () => {
      const cases: Array<[string, string | undefined]> = [
        ['fullName', 'person_name'],
        ['first_name', 'person_name'],
        ['cardholderName', 'person_name'],
        ['billingLastName', 'person_name'],
        ['dob', 'date_of_birth'],
        ['birthDate', 'date_of_birth'],
        ['date_of_birth', 'date_of_birth'],
        ['street', 'postal_address'],
        ['streetAddress', 'postal_address'],
        ['address', 'postal_address'],
        ['ssn', 'us_ssn'],
        ['password', 'credential'],
        ['refreshToken', 'credential'],
        ['x-api-key', 'api_key'],
        ['authorization', 'credential'],
        ['email', 'email'],
        ['homePhone', 'phone'],
        // not hints
        ['name', undefined],
        ['fileName', undefined],
        ['line', undefined],
        ['channel', undefined],
        ['pageToken', undefined],
        ['syncToken', undefined],
        ['remoteAddress', undefined],
        ['value', undefined],
      ];
      for (const [name, cat] of cases) assert.equal(hintForFieldName(name), cat, name);
    });
  });

  it('counts every masked value and never returns the value itself', () => {
    const scope = newMaskScope();
    const out = masker.scanText('a@b.example and 4111111111111111 and 203.0.113.9', scope);
    assert.equal(scope.count, 3);
    assert.ok(!out.includes('a@b.example') && !out.includes('4111111111111111') && !out.includes('203.0.113.9'));
  });
});
