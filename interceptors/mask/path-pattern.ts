/**
 * Wildcard matching for rule targets, compiled once into RegExps.
 * Methods: '/pkg.Service/Method' with '*' matching any run of characters except '/'.
 * Fields: dotted paths; '*' is one segment, '**' any number of segments (also none); a pattern
 * without a dot matches that field name at any depth. Site paths and patterns drop '[]'/'{}'
 * markers first, so 'items[].sku' and 'items.sku' are the same pattern.
 */
const METHOD_GLOB = /^(\*|\/[A-Za-z0-9_.*]+\/[A-Za-z0-9_*]+)$/;
const FIELD_SEGMENT = /^(\*\*|\*|[A-Za-z0-9_$@*-]+)(\[\]|\{\})?$/;

export function isValidMethodGlob(p: string): boolean {
  return METHOD_GLOB.test(p);
}

export function isValidFieldPattern(p: string): boolean {
  return p.split('.').every((s) => FIELD_SEGMENT.test(s));
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function compileMethodGlob(p: string): RegExp {
  if (p === '*') return /^/;
  return new RegExp('^' + p.split('*').map(escape).join('[^/]*') + '$');
}

/** Compiled field patterns are tested against '.' + the normalised site path. */
export function compileFieldPattern(pattern: string): RegExp {
  const p = normalizeFieldPath(pattern); // 'items[].sku' ≡ 'items.sku'
  const segments = p.includes('.') ? p.split('.') : ['**', p];
  let re = '';
  for (const seg of segments) {
    if (seg === '**') re += '(?:\\.[^.]+)*';
    else if (seg === '*') re += '\\.[^.]+';
    else re += '\\.' + seg.split('*').map(escape).join('[^.]*');
  }
  return new RegExp('^' + re + '$');
}

export function matchesField(re: RegExp, normalizedPath: string): boolean {
  return re.test('.' + normalizedPath);
}

/** 'customer.addresses[].street' → 'customer.addresses.street'. */
export function normalizeFieldPath(path: string): string {
  return path.indexOf('[') < 0 && path.indexOf('{') < 0 ? path : path.replace(/\[\]|\{\}/g, '');
}

/** The decoder compiles the keys of a string-keyed map as a site at '<map path>[]{key}'. */
export const MAP_KEY_SITE_SUFFIX = '{key}';

export function isMapKeySite(path: string): boolean {
  return path.endsWith(MAP_KEY_SITE_SUFFIX);
}
