import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { B64, B64URL, DIGITS, HEX, LOWER, Rng, UPPER, ALNUM } from './rng';
import { EMAIL_DOMAINS, FAMILY, GIVEN, REGION, STREET_STYLES, TITLES, type Locale } from './vocab';

/**
 * Values of every category, valid by the rules of their kind (Luhn, mod 97, ISO 11649, SSA
 * ranges, numbering plans checked with libphonenumber-js directly), in the formats people and
 * systems write them. Pure functions of the Rng.
 */

export function luhnComplete(partial: string): string {
  let sum = 0;
  let dbl = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = partial.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

export function luhnValid(s: string): boolean {
  return luhnComplete(s.slice(0, -1)) === s;
}

/** Remainder mod 97 of an alphanumeric string with letters as 10..35 (IBAN, ISO 11649). */
export function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    r = c >= 65 ? (r * 100 + (c - 55)) % 97 : (r * 10 + (c - 48)) % 97;
  }
  return r;
}

const group4 = (s: string, sep = ' '): string => s.match(/.{1,4}/g)!.join(sep);

// ---- payment ----------------------------------------------------------------------------

export function cardNumber(rng: Rng): string {
  const prefix = rng.pick(['4', '4', '51', '53', '55', '2223', '2720', '6011', '644', '65', '34', '37', '36', '3528']);
  const len = prefix === '34' || prefix === '37' ? 15 : prefix === '36' ? 14 : 16;
  return luhnComplete(prefix + rng.digits(len - 1 - prefix.length));
}

export function formatCard(rng: Rng, num: string): string {
  const style = rng.weighted([[4, 'plain'], [4, 'space'], [3, 'dash'], [1, 'dot']] as const);
  if (style === 'plain') return num;
  const sep = style === 'space' ? ' ' : style === 'dash' ? '-' : '.';
  if (num.length === 15) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep);
  if (num.length === 14) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep);
  return group4(num, sep);
}

/** A number that looks like a card (issuer prefix, 16 digits) and fails Luhn. */
export function orderNumberLikeCard(rng: Rng): string {
  const valid = cardNumber(rng).padEnd(16, '0').slice(0, 16);
  const last = (valid.charCodeAt(15) - 48 + rng.int(1, 9)) % 10;
  const out = valid.slice(0, 15) + String(last);
  return luhnValid(out) ? orderNumberLikeCard(rng) : out;
}

const IBAN_BBAN: Record<string, (rng: Rng) => string> = {
  DE: (r) => r.digits(18),
  GB: (r) => r.chars(4, UPPER) + r.digits(14),
  FR: (r) => r.digits(10) + r.chars(11, UPPER + DIGITS) + r.digits(2),
  ES: (r) => r.digits(20),
  IT: (r) => r.chars(1, UPPER) + r.digits(10) + r.chars(12, DIGITS + UPPER),
  NL: (r) => r.chars(4, UPPER) + r.digits(10),
  PL: (r) => r.digits(24),
  BE: (r) => r.digits(12),
  PT: (r) => r.digits(21),
  AT: (r) => r.digits(16),
  BR: (r) => r.digits(23) + r.chars(1, UPPER) + r.chars(1, UPPER + DIGITS),
};

export function iban(rng: Rng, country?: string): string {
  const cc = country && IBAN_BBAN[country] ? country : rng.pick(Object.keys(IBAN_BBAN));
  const bban = IBAN_BBAN[cc](rng);
  const check = String(98 - mod97(bban + cc + '00')).padStart(2, '0');
  const compact = cc + check + bban;
  const style = rng.weighted([[5, 'compact'], [5, 'grouped'], [1, 'lower']] as const);
  return style === 'compact' ? compact : style === 'grouped' ? group4(compact) : group4(compact).toLowerCase();
}

/** A reference shaped like an IBAN that fails mod 97 (clean). */
export function ibanLookalike(rng: Rng): string {
  const cc = rng.pick(['DE', 'GB', 'NL']);
  const bban = IBAN_BBAN[cc](rng);
  const good = 98 - mod97(bban + cc + '00');
  const bad = String(((good + rng.int(1, 90)) % 97) + 2).padStart(2, '0');
  const s = cc + bad + bban;
  return mod97(bban + cc + bad) === 1 ? ibanLookalike(rng) : s;
}

/** ISO 11649 creditor reference `RF18 5390 0754 7034` (valid check digits; clean, not a phone). */
export function creditorReference(rng: Rng): string {
  const ref = rng.chance(0.6) ? rng.digits(rng.int(8, 16)) : rng.chars(rng.int(6, 12), UPPER + DIGITS);
  const check = String(98 - mod97(ref + 'RF00')).padStart(2, '0');
  const full = 'RF' + check + ref;
  return rng.chance(0.7) ? group4(full) : full;
}

export function bic(rng: Rng, country: string): string {
  return rng.chars(4, UPPER) + country + rng.chars(2, UPPER + DIGITS) + (rng.chance(0.5) ? 'XXX' : '');
}

// ---- government ids ---------------------------------------------------------------------

export function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(rng.int(1, 99)).padStart(2, '0')}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

// ---- phones -----------------------------------------------------------------------------

/** National and international writings per region; each candidate is checked for validity. */
const PHONE_SHAPES: Record<string, (r: Rng) => { national: string; intl: string }> = {
  US: (r) => {
    const a = `${r.int(2, 9)}${r.digits(2)}`;
    const e = `${r.int(2, 9)}${r.digits(2)}`;
    const l = r.digits(4);
    const national = r.pick([`(${a}) ${e}-${l}`, `${a}-${e}-${l}`, `${a}.${e}.${l}`, `${a} ${e} ${l}`]);
    return { national, intl: r.pick([`+1 ${a} ${e} ${l}`, `+1-${a}-${e}-${l}`, `+1${a}${e}${l}`, `+1 (${a}) ${e}-${l}`]) };
  },
  GB: (r) => {
    const mob = r.chance(0.6);
    const d = mob ? '7' + r.pick(['4', '5', '7', '8', '9']) + r.digits(8) : '20' + r.pick(['7', '8', '3']) + r.digits(7);
    const national = mob ? `0${d.slice(0, 4)} ${d.slice(4)}` : `0${d.slice(0, 2)} ${d.slice(2, 6)} ${d.slice(6)}`;
    return { national, intl: mob ? `+44 ${d.slice(0, 4)} ${d.slice(4)}` : `+44 ${d.slice(0, 2)} ${d.slice(2, 6)} ${d.slice(6)}` };
  },
  DE: (r) => {
    const mob = r.chance(0.6);
    const d = mob ? '1' + r.pick(['51', '52', '57', '60', '62', '70', '71', '72', '76', '79']) + r.digits(r.pick([7, 8])) : r.pick(['30', '40', '89', '221', '69']) + r.digits(r.pick([7, 8]));
    const cut = mob ? 3 : d.startsWith('2') || d.startsWith('6') ? 3 : 2;
    return { national: r.pick([`0${d.slice(0, cut)} ${d.slice(cut)}`, `0${d.slice(0, cut)}/${d.slice(cut)}`, `0${d}`]), intl: r.pick([`+49 ${d.slice(0, cut)} ${d.slice(cut)}`, `+49${d}`, `0049 ${d.slice(0, cut)} ${d.slice(cut)}`]) };
  },
  FR: (r) => {
    const d = r.pick(['6', '7', '1', '2', '4', '5']) + r.digits(8);
    const pairs = d.slice(1).match(/../g)!;
    return { national: r.pick([`0${d[0]} ${pairs.join(' ')}`, `0${d}`, `0${d[0]}.${pairs.join('.')}`]), intl: r.pick([`+33 ${d[0]} ${pairs.join(' ')}`, `+33${d}`, `+33 (0)${d[0]} ${pairs.join(' ')}`]) };
  },
  IT: (r) => {
    const mob = r.chance(0.7);
    const d = mob ? '3' + r.pick(['20', '28', '33', '35', '38', '40', '47', '49', '66', '93']) + r.digits(7) : '0' + r.pick(['2', '6']) + r.digits(8);
    return { national: mob ? r.pick([`${d.slice(0, 3)} ${d.slice(3)}`, `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, d]) : `${d.slice(0, 2)} ${d.slice(2, 6)} ${d.slice(6)}`, intl: `+39 ${d.slice(0, 3)} ${d.slice(3)}` };
  },
  ES: (r) => {
    const d = r.pick(['6', '7', '9']) + r.digits(8);
    return { national: r.pick([`${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, `${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5, 7)} ${d.slice(7)}`, d]), intl: `+34 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` };
  },
  NL: (r) => {
    const mob = r.chance(0.7);
    const d = mob ? '6' + r.digits(8) : r.pick(['20', '30', '10', '70']) + r.digits(7);
    return { national: mob ? r.pick([`06-${d.slice(1)}`, `06 ${d.slice(1)}`, `06 ${d.slice(1, 3)} ${d.slice(3, 5)} ${d.slice(5, 7)} ${d.slice(7)}`]) : `0${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5)}`, intl: `+31 ${d.slice(0, mob ? 1 : 2)} ${d.slice(mob ? 1 : 2)}` };
  },
  PL: (r) => {
    const d = r.pick(['5', '6', '7', '8']) + r.digits(8);
    return { national: `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, intl: r.pick([`+48 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, `+48${d}`]) };
  },
  BR: (r) => {
    const ddd = r.pick(['11', '21', '31', '41', '51', '61', '71', '81', '85']);
    const mob = r.chance(0.7);
    const sub = mob ? '9' + r.int(6, 9) + r.digits(7) : r.int(2, 5) + r.digits(7);
    const cut = sub.length - 4;
    return { national: r.pick([`(${ddd}) ${sub.slice(0, cut)}-${sub.slice(cut)}`, `${ddd} ${sub.slice(0, cut)}-${sub.slice(cut)}`]), intl: `+55 ${ddd} ${sub.slice(0, cut)}-${sub.slice(cut)}` };
  },
  IN: (r) => {
    const d = r.pick(['9', '8', '7', '6']) + r.digits(9);
    return { national: r.pick([`0${d.slice(0, 5)} ${d.slice(5)}`, `${d.slice(0, 5)} ${d.slice(5)}`, d]), intl: r.pick([`+91 ${d.slice(0, 5)} ${d.slice(5)}`, `+91-${d}`, `+91${d}`]) };
  },
};

export interface Phone {
  value: string;
  region: string;
  international: boolean;
}

export function phone(rng: Rng, region: string, international: boolean): Phone {
  const shape = PHONE_SHAPES[region] ?? PHONE_SHAPES.US;
  for (let i = 0; i < 200; i++) {
    const { national, intl } = shape(rng);
    const value = international ? intl : national;
    const parsed = international ? parsePhoneNumberFromString(value.replace(/^00/, '+')) : parsePhoneNumberFromString(value, region as CountryCode);
    if (parsed?.isValid()) return { value, region, international };
  }
  throw new Error(`corpus-gen: no valid ${region} phone number after 200 tries`);
}

// ---- names and addresses ----------------------------------------------------------------

export interface Person {
  locale: Locale;
  given: string;
  family: string;
  middle?: string;
  title?: string;
  /** Written as people usually write it in that locale. */
  full: string;
  gender: 'M' | 'F';
}

const FEMALE_END = /(a|e|ë|ie|ke|ne|ly[sn]|ys|ine|ah|ey|ca|ça|ça|i)$/i;

export function person(rng: Rng, locale: Locale): Person {
  const given = rng.pick(GIVEN[locale]);
  const family = rng.pick(FAMILY[locale]);
  const middle = rng.chance(0.12) ? rng.pick(GIVEN[locale].filter((g) => g !== given)) : undefined;
  const gender: 'M' | 'F' = FEMALE_END.test(given) && !/^(Andrea|Nikhil|Harsha|Joaquín)$/.test(given) ? 'F' : 'M';
  const title = rng.chance(0.15) ? rng.pick(TITLES) : undefined;
  const full = middle ? `${given} ${middle} ${family}` : `${given} ${family}`;
  return { locale, given, family, middle, title, full, gender };
}

export type NameWriting = 'full' | 'upper' | 'familyComma' | 'familyFirstUpper' | 'initial' | 'titled';

export function writeName(rng: Rng, p: Person, how?: NameWriting): string {
  const w = how ?? rng.weighted([[10, 'full'], [2, 'upper'], [2, 'familyComma'], [1, 'familyFirstUpper'], [1, 'initial'], [1, 'titled']] as const);
  switch (w) {
    case 'full':
      return p.full;
    case 'upper':
      return p.full.toLocaleUpperCase();
    case 'familyComma':
      return `${p.family}, ${p.given}`;
    case 'familyFirstUpper':
      return `${p.family.toLocaleUpperCase()} ${p.given}`;
    case 'initial':
      return `${p.given[0]}. ${p.family}`;
    case 'titled':
      return `${p.title ?? rng.pick(TITLES)} ${p.full}`;
  }
}

/** Airline passenger name (IATA PNR): `SURNAME/GIVEN MR`, ASCII upper-case. */
export function pnrName(p: Person): { value: string; family: string; given: string } {
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[Łł]/g, 'L').replace(/[^A-Za-z]/g, '').toUpperCase();
  const family = fold(p.family);
  const given = fold(p.given);
  return { value: `${family}/${given} ${p.gender === 'F' ? 'MS' : 'MR'}`, family, given };
}

export interface Address {
  locale: Locale;
  line: string;
  /** Second line (unit) when written separately. */
  line2?: string;
  street: string;
  number: string;
  city: string;
  postcode: string;
  country: string;
  oneLine: string;
}

export function address(rng: Rng, locale: Locale): Address {
  const st = STREET_STYLES[locale];
  const street = rng.pick(st.streets);
  const number = String(rng.int(1, 240)) + (rng.chance(0.1) && locale !== 'nl' ? rng.pick(['a', 'b', 'A']) : '');
  const unit = rng.chance(0.35) ? rng.pick(st.units) : undefined;
  const [city, postcode] = rng.pick(st.cities);
  const line = st.line(street, number, unit);
  return { locale, line, street, number, city, postcode, country: REGION[locale], oneLine: st.oneLine(line, postcode, city) };
}

// ---- contact, network, secrets ----------------------------------------------------------

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/[^A-Za-z]/g, '').toLowerCase();

export function email(rng: Rng, p?: Person): string {
  const g = p ? fold(p.given) : rng.chars(rng.int(3, 8), LOWER);
  const f = p ? fold(p.family) : rng.chars(rng.int(4, 9), LOWER);
  const local = rng.pick([`${g}.${f}`, `${g[0]}${f}`, `${g}_${f}${rng.int(1, 99)}`, `${f}.${g}+${rng.pick(['travel', 'bills', 'shop'])}`, `${g}${rng.int(1960, 2005)}`]);
  const domain = rng.pick(EMAIL_DOMAINS);
  const v = `${local}@${domain}`;
  return rng.chance(0.1) ? v.toUpperCase() : rng.chance(0.1) ? v[0].toUpperCase() + v.slice(1) : v;
}

export type EmailObfuscation = 'brackets' | 'parens' | 'words' | 'spacedAt';

export function obfuscateEmail(rng: Rng, e: string): string {
  const [local, domain] = e.split('@');
  const how = rng.pick<EmailObfuscation>(['brackets', 'parens', 'words', 'spacedAt']);
  if (how === 'brackets') return `${local}[at]${domain.replace(/\./g, '[dot]')}`;
  if (how === 'parens') return `${local} (at) ${domain}`;
  if (how === 'spacedAt') return `${local} @ ${domain}`;
  return `${local.replace(/\./g, ' dot ')} at ${domain.replace(/\./g, ' dot ')}`;
}

export function ipv4(rng: Rng): string {
  for (;;) {
    const a = rng.int(11, 223);
    if ([127, 100, 169, 172, 192].includes(a)) continue;
    return `${a}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  }
}

export function ipv6(rng: Rng): string {
  const prefix = rng.pick(['2a02:810d', '2600:1f18', '2a01:e0a', '2804:14c', '2401:4900', '2a00:23c5']);
  const groups = Array.from({ length: 6 }, () => rng.int(1, 0xffff).toString(16));
  const v = rng.chance(0.5) ? `${prefix}:${groups.join(':')}` : `${prefix}:${groups[0]}::${groups.slice(4).join(':')}`;
  return rng.chance(0.15) ? v.toUpperCase() : v;
}

export function mac(rng: Rng): string {
  const bytes = Array.from({ length: 6 }, () => rng.int(0, 255).toString(16).padStart(2, '0'));
  const style = rng.pick(['colon', 'dash', 'cisco', 'upper']);
  if (style === 'colon') return bytes.join(':');
  if (style === 'dash') return bytes.join('-').toUpperCase();
  if (style === 'cisco') return `${bytes[0]}${bytes[1]}.${bytes[2]}${bytes[3]}.${bytes[4]}${bytes[5]}`;
  return bytes.join(':').toUpperCase();
}

export function imei(rng: Rng): string {
  return luhnComplete(rng.pick(['35', '86', '01', '99']) + rng.digits(12));
}

export function jwt(rng: Rng, claims: Record<string, unknown> = {}): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = rng.chance(0.5) ? { alg: 'HS256', typ: 'JWT' } : { alg: rng.pick(['RS256', 'ES256']), kid: rng.chars(8, HEX), typ: 'JWT' };
  const iat = rng.int(1_700_000_000, 1_800_000_000);
  return `${b(header)}.${b({ sub: rng.chars(12, HEX), iat, exp: iat + 3600, ...claims })}.${rng.chars(43, B64URL)}`;
}

export interface Secret {
  value: string;
  category: 'api_key' | 'credential' | 'bearer_token';
  /** What usually precedes it in config or logs. */
  label: string;
}

/** API keys with a known shape (the key id, or the whole key). */
export function apiKey(rng: Rng): Secret {
  return rng.pick<() => Secret>([
    () => ({ value: 'AKIA' + rng.chars(16, UPPER + '234567'), category: 'api_key', label: 'aws_access_key_id' }),
    () => ({ value: 'ghp_' + rng.chars(36, ALNUM), category: 'api_key', label: 'GITHUB_TOKEN' }),
    () => ({ value: 'github_pat_' + rng.chars(22, ALNUM) + '_' + rng.chars(59, ALNUM), category: 'api_key', label: 'token' }),
    () => ({ value: 'sk_live_' + rng.chars(rng.int(24, 34), ALNUM), category: 'api_key', label: 'stripe_key' }),
    () => ({ value: 'rk_test_' + rng.chars(24, ALNUM), category: 'api_key', label: 'restricted key' }),
    () => ({ value: `xoxb-${rng.digits(12)}-${rng.digits(13)}-${rng.chars(24, ALNUM)}`, category: 'api_key', label: 'slack' }),
    () => ({ value: 'AIza' + rng.chars(35, B64URL), category: 'api_key', label: 'maps key' }),
    () => ({ value: 'glpat-' + rng.chars(20, B64URL), category: 'api_key', label: 'gitlab' }),
    () => ({ value: 'npm_' + rng.chars(36, ALNUM), category: 'api_key', label: 'npm token' }),
    () => ({ value: 'SG.' + rng.chars(22, B64URL) + '.' + rng.chars(43, B64URL), category: 'api_key', label: 'sendgrid' }),
  ])();
}

/** The secret half of cloud key pairs and other secrets that have no prefix of their own. */
export function cloudSecret(rng: Rng): Secret {
  return rng.pick<() => Secret>([
    () => ({ value: rng.chars(40, B64), category: 'api_key', label: rng.pick(['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'SecretAccessKey', 'secretKey']) }),
    () => ({ value: rng.chars(86, B64) + '==', category: 'api_key', label: 'AccountKey' }),
    () => ({ value: rng.chars(34, ALNUM + '~._-'), category: 'api_key', label: rng.pick(['client_secret', 'clientSecret', 'AZURE_CLIENT_SECRET']) }),
    () => ({ value: rng.chars(32, HEX), category: 'api_key', label: rng.pick(['auth_token', 'TWILIO_AUTH_TOKEN', 'webhookSecret']) }),
  ])();
}

export function password(rng: Rng): string {
  const words = ['Sommer', 'blue', 'Falcon', 'mango', 'Kraków', 'tigre', 'Winter', 'river', 'Papagaio', 'orzo'];
  return rng.pick([
    () => rng.pick(words) + rng.int(10, 9999) + rng.pick(['!', '#', '$', '%', '?', '']),
    () => rng.chars(rng.int(10, 18), ALNUM + '!#$%&*+-=?@^_'),
    () => rng.pick(words).toLowerCase() + '-' + rng.pick(words).toLowerCase() + '-' + rng.int(1, 99),
  ])();
}

export function opaqueToken(rng: Rng): string {
  return rng.pick([() => rng.chars(40, HEX), () => rng.chars(43, B64URL), () => 'ya29.' + rng.chars(rng.int(60, 120), B64URL), () => rng.chars(32, ALNUM)])();
}

// ---- dates ------------------------------------------------------------------------------

export interface Dob {
  y: number;
  m: number;
  d: number;
}

export function dob(rng: Rng): Dob {
  return { y: rng.int(1931, 2007), m: rng.int(1, 12), d: rng.int(1, 28) };
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_3 = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const p2 = (n: number) => String(n).padStart(2, '0');

export type DateWriting = 'iso' | 'dmySlash' | 'mdySlash' | 'dmyDot' | 'dmyDash' | 'long' | 'iata';

export function writeDate(rng: Rng, x: Dob, how?: DateWriting): string {
  const w = how ?? rng.weighted([[6, 'iso'], [3, 'dmySlash'], [2, 'mdySlash'], [2, 'dmyDot'], [1, 'dmyDash'], [1, 'long']] as const);
  switch (w) {
    case 'iso':
      return `${x.y}-${p2(x.m)}-${p2(x.d)}`;
    case 'dmySlash':
      return `${p2(x.d)}/${p2(x.m)}/${x.y}`;
    case 'mdySlash':
      return `${p2(x.m)}/${p2(x.d)}/${x.y}`;
    case 'dmyDot':
      return `${p2(x.d)}.${p2(x.m)}.${x.y}`;
    case 'dmyDash':
      return `${p2(x.d)}-${p2(x.m)}-${x.y}`;
    case 'long':
      return `${x.d} ${MONTHS_EN[x.m - 1]} ${x.y}`;
    case 'iata':
      return `${p2(x.d)}${MONTHS_3[x.m - 1]}${String(x.y).slice(2)}`;
  }
}

// ---- clean look-alikes ------------------------------------------------------------------

export function uuid(rng: Rng): string {
  const h = rng.chars(32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
}

export function timestamp(rng: Rng): string {
  const ms = rng.int(1_704_067_200, 1_798_761_600) * 1000 + rng.int(0, 999);
  const iso = new Date(ms).toISOString();
  return rng.pick([iso, iso.slice(0, 19) + 'Z', iso.slice(0, 19) + rng.pick(['+02:00', '-05:00', '+05:30']), String(ms), iso.slice(0, 19).replace('T', ' '), iso.replace(/[-:]/g, '').slice(0, 15) + 'Z']);
}

export function version(rng: Rng): string {
  return rng.pick([`${rng.int(1, 12)}.${rng.int(0, 30)}.${rng.int(0, 99)}`, `${rng.int(1, 20)}.${rng.int(0, 9)}.${rng.int(0, 9)}.${rng.int(0, 999)}`, `v${rng.int(0, 5)}.${rng.int(0, 20)}.${rng.int(0, 9)}-rc.${rng.int(1, 4)}`]);
}

export function orderNumber(rng: Rng): string {
  return rng.pick([
    () => `ORD-${rng.int(2023, 2026)}${p2(rng.int(1, 12))}${p2(rng.int(1, 28))}-${rng.digits(6)}`,
    () => orderNumberLikeCard(rng),
    () => String(rng.int(1, 9)) + rng.digits(9),
    () => `#${rng.digits(8)}`,
    () => `${rng.int(100, 999)}-${rng.digits(7)}-${rng.digits(7)}`,
  ])();
}

export function sku(rng: Rng): string {
  return rng.pick([`SKU-${rng.digits(4)}-${rng.chars(3, UPPER)}`, rng.chars(10, UPPER + DIGITS), `${rng.chars(2, UPPER)}${rng.digits(6)}`]);
}

export function trackingNumber(rng: Rng): string {
  return rng.pick([`1Z${rng.chars(6, UPPER + DIGITS)}${rng.digits(10)}`, `JD${rng.digits(18)}`, `${rng.chars(2, UPPER)}${rng.digits(9)}DE`]);
}

export function sha(rng: Rng, n = 40): string {
  return rng.chars(n, HEX);
}
