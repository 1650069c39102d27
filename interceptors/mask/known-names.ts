import type { MaskScope } from './masker';

/**
 * A person named in a field of a record is often named again in its free text: `lastName:
 * "Jenkins"` and `riskNote: "name variant B. Jenkins found"`, `client.nom: "Girard"` and
 * `commentaire: "rappelé par Mme Girard"`. The detectors judge free text on its own, without
 * that knowledge, and a surname after an initial or a lower-case mention has no other cue. So
 * the masker remembers the names it masked in the record's fields and, once the record is
 * masked, masks those names (and each of their words long enough to identify) wherever they
 * still appear as whole words in its strings.
 */

/** Fewest letters of a name word worth looking for (shorter words are too often ordinary words). */
const MIN_WORD = 4;
/** Bound on remembered names per record (a record listing thousands of people gains little from this). */
const MAX_NAMES = 256;
const LETTER = /[\p{L}\p{M}]/u;
/** Text of a name (letters, spaces, apostrophes, hyphens, dots): not a masked marker, a pseudonym or an id. */
const NAME_TEXT = /^[\p{L}\p{M}][\p{L}\p{M} '’.,-]*$/u;

export function rememberName(scope: MaskScope, value: string): void {
  const names = (scope.knownNames ??= []);
  if (names.length >= MAX_NAMES) return;
  const v = value.trim();
  if (v.length < MIN_WORD || v.length > 80 || !NAME_TEXT.test(v)) return;
  if (!names.includes(v)) names.push(v);
  // the words of a full name, each on its own ('Mac Giolla Phádraig' → 'Giolla', 'Phádraig')
  for (const w of v.split(/[\s,/]+/)) {
    const word = w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (word.length >= MIN_WORD && word !== v && /^\p{Lu}/u.test(word) && !names.includes(word)) names.push(word);
  }
}

/** `value` with every remembered name that still appears as a whole word in its strings replaced by `mask(name)`. */
export function maskKnownNames(value: unknown, scope: MaskScope, mask: (name: string) => string): unknown {
  const names = [...(scope.knownNames ?? [])].sort((a, b) => b.length - a.length);
  const replaceIn = (s: string): string => {
    let out = s;
    for (const name of names) {
      if (out.indexOf(name) < 0) continue;
      let rebuilt = '';
      let at = 0;
      for (let i = out.indexOf(name); i >= 0; i = out.indexOf(name, i + name.length)) {
        const before = i > 0 ? out[i - 1] : '';
        const after = out[i + name.length] ?? '';
        if ((before && LETTER.test(before)) || (after && LETTER.test(after))) continue;
        rebuilt += out.slice(at, i) + mask(name);
        scope.count++;
        at = i + name.length;
      }
      if (at > 0) out = rebuilt + out.slice(at);
    }
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replaceIn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = walk(x);
      return o;
    }
    return v;
  };
  return walk(value);
}
