import type { Category } from './categories';

/**
 * jCard (RFC 7095): a vCard as JSON, `["vcard", [[name, params, type, value, …], …]]`. Its
 * properties say what each value is, so a jCard is masked property by property — the person's
 * names, birthday, street, phones and e-mails — instead of whole: the city, the region, the
 * organisation, the version and the other properties of the card are not personal by
 * themselves and stay (or go through the content detectors, for free text such as a note).
 */
export type JCard = [string, unknown[][]];

/** A value shaped like a jCard: 'vcard' and a list of properties, each a name, a params object and a type. */
export function isJCard(v: unknown): v is JCard {
  if (!Array.isArray(v) || v.length !== 2 || v[0] !== 'vcard' || !Array.isArray(v[1])) return false;
  for (const p of v[1] as unknown[]) {
    if (!Array.isArray(p) || p.length < 4 || typeof p[0] !== 'string' || p[1] === null || typeof p[1] !== 'object' || typeof p[2] !== 'string') return false;
  }
  return true;
}

/** Category of a property's values: a category masks them whole; 'scan' sends text to the detectors; 'keep' keeps them. */
export type JCardAction = Category | 'scan' | 'keep';

const BY_PROPERTY: ReadonlyMap<string, JCardAction> = new Map<string, JCardAction>([
  ['fn', 'person_name'],
  ['n', 'person_name'],
  ['nickname', 'person_name'],
  ['bday', 'date_of_birth'],
  ['anniversary', 'date_of_birth'],
  ['deathdate', 'date_of_birth'],
  ['birthplace', 'personal'],
  ['tel', 'phone'],
  ['email', 'email'],
  ['impp', 'personal'],
  ['geo', 'personal'],
  ['photo', 'personal'],
  ['logo', 'keep'],
  ['sound', 'personal'],
  ['key', 'personal'],
  ['version', 'keep'],
  ['prodid', 'keep'],
  ['kind', 'keep'],
  ['rev', 'keep'],
  ['lang', 'keep'],
  ['tz', 'keep'],
  ['gender', 'keep'],
  ['org', 'keep'],
  ['title', 'keep'],
  ['role', 'keep'],
  ['categories', 'keep'],
]);

/** What to do with a property's values; `component` is the index inside a structured value (ADR). */
export function jcardAction(property: string, component: number): JCardAction {
  const p = property.toLowerCase();
  // ADR: post office box, extended address, street, locality, region, postal code, country
  if (p === 'adr') return component <= 2 ? 'postal_address' : 'keep';
  return BY_PROPERTY.get(p) ?? 'scan';
}

/**
 * A copy of the jCard with each value replaced by `mask(value, action)`; params are kept except
 * `label` (the formatted address of an ADR), which is an address.
 */
export function maskJCard(card: JCard, mask: (value: string, action: JCardAction) => string): JCard {
  const props = card[1].map((prop) => {
    const name = prop[0] as string;
    const params = prop[1] as Record<string, unknown>;
    let outParams = params;
    if (typeof params.label === 'string') outParams = { ...params, label: mask(params.label, 'postal_address') };
    const out: unknown[] = [name, outParams, prop[2]];
    for (let i = 3; i < prop.length; i++) out.push(maskValue(prop[i], name, i === 3 ? -1 : i - 3, mask));
    return out;
  });
  return [card[0], props];
}

function maskValue(v: unknown, name: string, index: number, mask: (value: string, action: JCardAction) => string): unknown {
  if (typeof v === 'string') return v === '' ? v : mask(v, jcardAction(name, Math.max(index, 0)));
  if (Array.isArray(v)) {
    // a structured value: each component in its place (a component may itself be a list)
    return v.map((c, i) => (Array.isArray(c) ? c.map((x) => (typeof x === 'string' && x !== '' ? mask(x, jcardAction(name, i)) : x)) : typeof c === 'string' && c !== '' ? mask(c, jcardAction(name, i)) : c));
  }
  return v;
}
