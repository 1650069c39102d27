import { looksLikeOrganisation } from '../../interceptors/mask/map-keys';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { luhnComplete, mod97 } from '../../bench/corpus-gen/values';

/**
 * fast-check arbitraries for planted personal data of every category, each valid by the rules of
 * its kind (Luhn, mod 97, SSA ranges, numbering plans), in the formats people write them.
 * Shared by the masking property tests and the end-to-end leak test.
 */
export interface Planted {
  category: string;
  value: string;
  /** Planted under a field name that says what it is (names, birth dates, addresses). */
  key?: string;
}

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const alnum = (n: number, chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') =>
  fc.array(fc.constantFrom(...chars.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));

export const email = fc
  .tuple(fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom('.', '_', '+', ''), fc.stringMatching(/^[a-z0-9]{0,6}$/), fc.constantFrom('example.com', 'mail.example.org', 'web.de', 'corp.example.co.uk'), fc.boolean())
  .map(([a, sep, b, d, encoded]) => {
    const local = b ? a + sep + b : a;
    return { category: 'email', value: encoded ? `${local.replace('+', '%2B')}%40${d}` : `${local}@${d}` };
  });

export const card = fc
  .tuple(fc.constantFrom('4', '51', '55', '2221', '2720', '6011', '65', '34', '37'), fc.constantFrom('plain', 'spaced', 'dashed'), digits(18))
  .map(([prefix, fmt, rnd]) => {
    const len = prefix === '34' || prefix === '37' ? 15 : 16;
    const num = luhnComplete((prefix + rnd).slice(0, len - 1));
    const groups = len === 15 ? [num.slice(0, 4), num.slice(4, 10), num.slice(10)] : num.match(/.{4}/g)!;
    return { category: 'credit_card', value: fmt === 'plain' ? num : groups.join(fmt === 'spaced' ? ' ' : '-') };
  });

export const iban = fc
  .tuple(fc.constantFrom('DE', 'GB', 'NL'), digits(18), alnum(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.boolean())
  .map(([cc, d, bank, grouped]) => {
    const bban = cc === 'DE' ? d : cc === 'GB' ? bank + d.slice(0, 14) : bank + d.slice(0, 10);
    const check = String(98 - mod97(bban + cc + '00')).padStart(2, '0');
    const compact = cc + check + bban;
    return { category: 'iban', value: grouped ? compact.match(/.{1,4}/g)!.join(' ') : compact };
  });

export const ssn = fc
  .tuple(fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .map(([a, g, s]) => ({ category: 'us_ssn', value: `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}` }));

const phoneCandidates = fc.oneof(
  fc.tuple(fc.constantFrom('212', '415', '617', '312', '206', '512'), fc.integer({ min: 200, max: 999 }), digits(4), fc.constantFrom(0, 1, 2, 3)).map(
    ([a, e, l, f]) => [`+1 (${a}) ${e}-${l}`, `+1${a}${e}${l}`, `(${a}) ${e}-${l}`, `${a}-${e}-${l}`][f],
  ),
  fc.tuple(fc.constantFrom('7700', '7812', '7911', '7508'), digits(6), fc.boolean()).map(([p, r, intl]) => (intl ? `+44 ${p} ${r}` : `0${p} ${r}`)),
  fc.tuple(fc.constantFrom('151', '152', '160', '170', '171', '176'), digits(8), fc.boolean()).map(([p, r, intl]) => (intl ? `+49 ${p} ${r}` : `0${p} ${r}`)),
  fc.tuple(fc.constantFrom('6', '7'), digits(8), fc.boolean()).map(([p, r, intl]) => {
    const pairs = (p + r).match(/^(.)(..)(..)(..)(..)$/)!.slice(1);
    return intl ? `+33 ${pairs.join(' ')}` : `0${pairs.join(' ')}`;
  }),
  fc.tuple(fc.constantFrom('98', '97', '90', '88'), digits(8)).map(([p, r]) => `+91 ${p}${r.slice(0, 3)} ${r.slice(3)}`),
  fc.tuple(fc.constantFrom('11', '21', '61'), digits(8)).map(([a, r]) => `(${a}) 9${r.slice(0, 4)}-${r.slice(4)}`),
);

/** Only numbers the ITU plans allow (checked with libphonenumber-js directly, not through our detector). */
export const phone = phoneCandidates
  .filter((v) => {
    const intl = v.startsWith('+');
    if (intl) return parsePhoneNumberFromString(v)?.isValid() === true;
    return ['US', 'GB', 'DE', 'FR', 'IN', 'BR'].some((r) => parsePhoneNumberFromString(v, r as 'US')?.isValid() === true);
  })
  .map((value) => ({ category: 'phone', value }));

/** Public addresses (the category's definition): not loopback, nor private (RFC 1918), carrier-grade NAT (100.64/10) or link-local networks, which the default policy keeps. */
export const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }).filter((a) => a !== 127 && a !== 10), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
  .filter(([a, b]) => !(a === 192 && b === 168) && !(a === 169 && b === 254) && !(a === 172 && b >= 16 && b <= 31) && !(a === 100 && b >= 64 && b <= 127))
  .map((o) => ({ category: 'ipv4', value: o.join('.') }));

export const ipv6 = fc
  .tuple(fc.constantFrom('2001:db8', '2a01:4f8', '2607:f8b0', '2a02:810d'), fc.array(fc.integer({ min: 1, max: 0xffff }), { minLength: 6, maxLength: 6 }), fc.boolean())
  .map(([p, g, compress]) => {
    const hex = g.map((x) => x.toString(16));
    return { category: 'ipv6', value: compress ? `${p}::${hex.slice(3).join(':')}` : `${p}:${hex.join(':')}` };
  });

export const jwt = fc
  .tuple(fc.stringMatching(/^[a-z0-9-]{4,12}$/), fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), alnum(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'))
  .map(([sub, iat, sig]) => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return { category: 'jwt', value: `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ sub, iat })}.${sig}` };
  });

export const apiKey = fc.oneof(
  alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567').map((s) => `AKIA${s}`),
  alnum(36).map((s) => `ghp_${s}`),
  alnum(24).map((s) => `sk_live_${s}`),
  fc.tuple(digits(12), digits(13), alnum(24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`),
  alnum(35, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_').map((s) => `AIza${s}`),
).map((value) => ({ category: 'api_key', value }));

export const bearer = alnum(40, '0123456789abcdef').map((value) => ({ category: 'bearer_token', value, prefix: 'Bearer ' }));

export const byField = fc.oneof(
  fc
    .tuple(
      // issue 11: compounds naming a person, name parts, other languages
      fc.constantFrom('fullName', 'firstName', 'customerName', 'cardholderName', 'last_name', 'ownerName', 'recipient_name', 'passengerName', 'nameOnCard', 'forename', 'Surname', 'emergencyContactName', 'nachname', 'accountHolder', 'createdBy'),
      // random capitalised words, but not an organisation's word (`Bot`, `Inn`, `Hub`): those are kept by design
      fc.stringMatching(/^[A-Z][a-zà-öø-ÿ]{2,9}( [A-Z][a-zà-öø-ÿ]{2,11})?$/).filter((v) => !looksLikeOrganisation(v)),
    )
    .map(([key, value]) => ({ category: 'person_name', value, key })),
  fc.tuple(fc.constantFrom('dob', 'birthDate', 'dateOfBirth', 'bornOn', 'geburtsdatum'), fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true })).map(([key, d]) => ({ category: 'date_of_birth', value: d.toISOString().slice(0, 10), key })),
  fc
    .tuple(fc.constantFrom('street', 'address', 'streetAddress', 'billingAddress', 'addressLine1', 'shipping_address', 'addr1'), fc.integer({ min: 1, max: 2999 }), fc.constantFrom('Maple Avenue', 'Hauptstraße', 'rue Oberkampf', 'Church Close'))
    .map(([key, n, s]) => ({ category: 'postal_address', value: `${n} ${s}`, key })),
  fc.tuple(fc.constantFrom('macAddress', 'wifiMac', 'hwAddr'), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })).map(([key, b]) => ({ category: 'mac_address', value: b.map((x) => x.toString(16).padStart(2, '0')).join(':'), key })),
);

export const anyPlanted: fc.Arbitrary<Planted & { prefix?: string }> = fc.oneof(email, card, iban, ssn, phone, ipv4, ipv6, jwt, apiKey, bearer, byField);

/** Words around planted values in free text (no digits, so no accidental joins with numbers). */
export const filler = fc.array(fc.constantFrom('please', 'contact', 'the', 'customer', 'at', 'or', 'via', 'note:', 'see', 'ticket', 'retry', '—', '(', ')', ','), { maxLength: 4 }).map((w) => w.join(' '));
