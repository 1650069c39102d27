/**
 * Phone regions a record declares about itself. A national number (`0803 123 4567`) validates
 * only against its own country's numbering plan, and the policy's region list (`phoneRegions`)
 * cannot hold every country. Records often say which one applies — `country: "NG"`,
 * `countryCode: "ke"`, `locale: "es-MX"`, `nationality: "JP"` — so the untyped walk adds those
 * regions for the rest of the record (issue 11: "the country inferred from context").
 *
 * Only values that are an ISO 3166-1 alpha-2 code libphonenumber knows, or a locale ending in one,
 * count; a key must name a country or a locale. The walk is bounded (nodes and depth) so that a
 * huge payload costs no more than a glance.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import { phoneParser } from './detectors/phone-parser';

/** Lower-cased letters of a key (`country_code` → `countrycode`) that name a country or a locale. */
const COUNTRY_KEY = /(?:country|countrycode|countryiso\d?|countryhint|nationality|citizenship|locale|pays|paese|pais|land|kraj|ulke|staat)$|^country|^locale/;
const LOCALE = /^[a-z]{2,3}[-_]([A-Za-z]{2})(?:[.@].*)?$/;
const MAX_NODES = 2000;
const MAX_DEPTH = 8;

/** The merged list for one policy list and a set of extra regions: the same array each time, so verdict caches keyed by identity stay warm. */
const merged = new Map<string, readonly string[]>();
const MERGED_MAX = 512;

/** Verdicts per key: a record's keys repeat from message to message (bounded: cleared when full). */
const keyVerdicts = new Map<string, boolean>();

/** Whether a field or key name names a country or a locale (`country_code`, `addressCountry`, `locale`). */
export function namesRegion(key: string): boolean {
  let v = keyVerdicts.get(key);
  if (v === undefined) {
    v = COUNTRY_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (keyVerdicts.size >= 4096) keyVerdicts.clear();
    keyVerdicts.set(key, v);
  }
  return v;
}

/** Region a key/value pair declares, if any. */
export function declaredRegion(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 2 || value.length > 24) return undefined;
  if (!namesRegion(key)) return undefined;
  let code: string | undefined;
  if (value.length === 2) code = value.toUpperCase();
  else {
    const m = LOCALE.exec(value);
    if (m) code = m[1].toUpperCase();
  }
  return code !== undefined && isSupportedCountry(code) ? code : undefined;
}

/**
 * The policy's regions plus those `value` declares and the policy lacks, or `current` (the
 * regions already in force for the record, possibly undefined) when it declares nothing new.
 */
export function recordRegions(value: unknown, policy: readonly string[], current: readonly string[] | undefined): readonly string[] | undefined {
  if (value === null || typeof value !== 'object') return current;
  const base = current ?? policy;
  const walk: Walk = { nodes: 0, base, extra: undefined };
  visit(value, 0, walk);
  const extra = walk.extra;
  if (!extra) return current;
  return mergedRegions(base, extra);
}

/** `base` then `extra`, as one shared frozen array per distinct list (verdict caches key on the array). */
export function mergedRegions(base: readonly string[], extra: readonly string[]): readonly string[] {
  const list = [...base, ...extra];
  const key = list.join(',');
  let out = merged.get(key);
  if (!out) {
    if (merged.size >= MERGED_MAX) merged.clear();
    out = Object.freeze(list);
    merged.set(key, out);
  }
  return out;
}

interface Walk {
  nodes: number;
  base: readonly string[];
  extra: string[] | undefined;
}

/** Depth-first over objects and arrays; only short strings under country-like keys are looked at. */
function visit(v: object, depth: number, w: Walk): void {
  if (++w.nodes > MAX_NODES || depth > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === 'object') visit(x, depth + 1, w);
    }
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'string') {
      if (x.length < 2 || x.length > 24) continue;
      const r = namesRegion(k) ? declaredRegion(k, x) : dialledRegion(x);
      if (r !== undefined && !w.base.includes(r) && !(w.extra ?? []).includes(r)) (w.extra ??= []).push(r);
    } else if (x !== null && typeof x === 'object') visit(x, depth + 1, w);
  }
}

/** An international number written alone ('+52 81 6975 5690'): its digits and separators only. */
const INTERNATIONAL = /^\+[1-9][0-9 ().-]{6,20}$/;

/**
 * The country of an international number that is a whole value: a record holding a Mexican
 * `+52 …` number writes its other Mexican numbers in national form too (`55 6503 5641` in a note).
 */
function dialledRegion(value: string): string | undefined {
  if (value.charCodeAt(0) !== 43 || !INTERNATIONAL.test(value)) return undefined;
  const n = phoneParser()(value);
  return n !== undefined && n.country !== undefined && n.isValid() ? n.country : undefined;
}
