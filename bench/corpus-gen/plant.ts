import type { PiiLabel } from '../pii-score';
import { Rng } from './rng';
import type { Locale } from './vocab';

/**
 * The state of one message being generated: the labels of what was planted, the clean traps, and
 * which objects are maps whose keys are data (never renamed by a naming style).
 */
export class Plant {
  readonly pii: PiiLabel[] = [];
  readonly clean: Array<string | number | boolean> = [];
  /** Objects whose keys are values (names as map keys), left alone by the naming style. */
  readonly dataKeyed = new WeakSet<object>();

  constructor(readonly rng: Rng, readonly locale: Locale) {}

  /** Records a planted personal or secret value and returns it. */
  p(category: string, value: string): string {
    this.pii.push({ category, value });
    return value;
  }

  /** Records a clean look-alike that must survive masking and returns it. */
  c<T extends string | number | boolean>(value: T): T {
    this.clean.push(value);
    return value;
  }

  /** A plant on the same Rng whose labels are returned instead of kept (for text that is then encoded). */
  scratch(): Plant {
    return new Plant(this.rng, this.locale);
  }

  /** Marks an object as a map keyed by data. */
  keyedByData<T extends object>(o: T): T {
    this.dataKeyed.add(o);
    return o;
  }
}

export type NamingStyle = 'camel' | 'snake' | 'kebab' | 'pascal' | 'upperSnake';

function words(camel: string): string[] {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().split(/\s+/);
}

export function restyle(key: string, style: NamingStyle): string {
  if (style === 'camel' || key.startsWith('@') || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(key)) return key;
  const w = words(key);
  switch (style) {
    case 'snake':
      return w.map((x) => x.toLowerCase()).join('_');
    case 'kebab':
      return w.map((x) => x.toLowerCase()).join('-');
    case 'pascal':
      return w.map((x) => x[0].toUpperCase() + x.slice(1)).join('');
    case 'upperSnake':
      return w.map((x) => x.toUpperCase()).join('_');
  }
}

/** Renames every key of a generated message by the style, except keys of data-keyed maps. */
export function applyStyle(v: unknown, style: NamingStyle, plant: Plant): unknown {
  if (style === 'camel') return v;
  if (Array.isArray(v)) return v.map((x) => applyStyle(x, style, plant));
  if (v && typeof v === 'object') {
    const keep = plant.dataKeyed.has(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[keep ? k : restyle(k, style)] = applyStyle(x, style, plant);
    return out;
  }
  return v;
}

// ---- encodings and obfuscation ----------------------------------------------------------

/** Full-width forms of ASCII digits and letters (U+FF10…), as some IMEs and scanners write them. */
export function fullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z@.+\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

/** Inserts one or two zero-width characters inside the value. */
export function zeroWidth(rng: Rng, s: string): string {
  let out = s;
  for (let n = rng.int(1, 2); n > 0; n--) {
    const at = rng.int(1, out.length - 1);
    out = out.slice(0, at) + rng.pick(ZERO_WIDTH) + out.slice(at);
  }
  return out;
}

/** Percent-encodes as a query-string value: `encodeURIComponent`, sometimes `+` for spaces. */
export function queryEncode(rng: Rng, s: string): string {
  const e = encodeURIComponent(s);
  return rng.chance(0.3) ? e.replace(/%20/g, '+') : e;
}

export function base64(rng: Rng, s: string): string {
  return Buffer.from(s, 'utf8').toString(rng.chance(0.8) ? 'base64' : 'base64url');
}
