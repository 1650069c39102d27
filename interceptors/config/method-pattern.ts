/**
 * Method patterns: '*' (every method), '/pkg.Service/*' (every method of a service),
 * '/pkg.Service/Method' (one method). Longest (most specific) match wins.
 */
export interface MethodPattern<T> {
  pattern: string;
  value: T;
  specificity: number;
}

const PATTERN = /^(\*|\/[A-Za-z_][\w.]*\/(\*|[A-Za-z_]\w*))$/;

export function isValidMethodPattern(pattern: string): boolean {
  return PATTERN.test(pattern);
}

export function matchesMethod(pattern: string, methodPath: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return methodPath.startsWith(pattern.slice(0, -1));
  return pattern === methodPath;
}

function specificityOf(pattern: string): number {
  if (pattern === '*') return 0;
  return pattern.endsWith('/*') ? 1 : 2;
}

export function compilePatterns<T>(entries: Array<[string, T]>): MethodPattern<T>[] {
  return entries
    .map(([pattern, value]) => ({ pattern, value, specificity: specificityOf(pattern) }))
    .sort((a, b) => a.specificity - b.specificity);
}

/** Values of every matching pattern, least specific first, so later ones override earlier ones. */
export function matchingValues<T>(patterns: MethodPattern<T>[], methodPath: string): T[] {
  const out: T[] = [];
  for (const p of patterns) if (matchesMethod(p.pattern, methodPath)) out.push(p.value);
  return out;
}
