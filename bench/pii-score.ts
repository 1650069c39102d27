/**
 * Scoring of a masker against a labelled PII corpus, exactly as ../shared/corpus/README.md
 * defines it. Shared by `npm run eval:masking` (through the CLI) and the masking tests (in
 * process), so both measure the same thing.
 */

export interface PiiLabel {
  category: string;
  value: string;
}

export interface CorpusLine {
  msg: unknown;
  pii: PiiLabel[];
  clean: Array<string | number | boolean>;
}

export interface LineScore {
  leaks: PiiLabel[];
  /** Clean values no longer where they were. */
  altered: Array<string | number | boolean>;
}

const DIGIT_RUN = /[0-9 \-./()+]+/g;
const ALNUM_RUN = /[A-Za-z0-9 \-./()+]+/g;

/** Every string in a JSON value, keys included; numbers as their text. */
export function strings(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'bigint') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function runsWithoutSeparators(s: string, re: RegExp): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[0].replace(/[ \-./()+]/g, '').toUpperCase());
  return out;
}

/** Characters that render as nothing (zero-width space/joiners, word joiner, BOM, soft hyphen). */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;

/**
 * The form in which a reader sees a text: NFKC (full-width digits and letters become ASCII) and
 * invisible characters removed. A value written `４５３９…` or `ja\u200Bne@…` leaks if that form
 * survives in any form. Identity for plain ASCII and precomposed accented text.
 */
export function readerForm(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7F]*$/.test(s) ? s : s.normalize('NFKC').replace(INVISIBLE, '');
}

/** Has this labelled value leaked into the masked message (README rule 2)? */
export function leaked(label: PiiLabel, rawTexts: readonly string[]): boolean {
  const value = label.value;
  const decoded = safeDecode(value);
  const forms = [...new Set([value, decoded, readerForm(value), readerForm(decoded)])].filter((f) => f.length > 0);
  const texts = [...new Set([...rawTexts, ...rawTexts.map(readerForm)])];
  const email = label.category === 'email';
  for (const t of texts) {
    if (email) {
      const lt = t.toLowerCase();
      if (forms.some((f) => lt.includes(f.toLowerCase()))) return true;
    } else if (forms.some((f) => t.includes(f))) return true;
  }
  if (label.category === 'credit_card' || label.category === 'phone' || label.category === 'us_ssn') {
    const digits = readerForm(decoded).replace(/\D/g, '');
    // regrouped digits are the value only when they are most of it: the digits of a base64 or otherwise
    // encoded label (`KzQwIDczMCAyNzUgNTg0` holds a single '0') are found in any output and prove nothing
    if (digits.length >= 6) for (const t of texts) for (const r of runsWithoutSeparators(t, DIGIT_RUN)) if (r.includes(digits)) return true;
  }
  if (label.category === 'iban') {
    const compact = readerForm(value).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
    if (compact.length > 0) for (const t of texts) for (const r of runsWithoutSeparators(t, ALNUM_RUN)) if (r.includes(compact)) return true;
  }
  if (label.category === 'jwt') {
    const payload = value.split('.')[1];
    if (payload && texts.some((t) => t.includes(payload))) return true;
  }
  return false;
}

type Path = Array<string | number>;

function leaves(v: unknown, path: Path, out: Array<[Path, unknown]>): void {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  else out.push([path, v]);
}

function at(v: unknown, path: Path): unknown {
  let cur: unknown = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * The masked counterpart of `path` in `original`: an object key the masking replaced (a name or
 * an e-mail used as a map key becomes `[REDACTED:person_name]`) is followed by position, since the
 * engine keeps the keys' order. Without this every clean value under a masked key counted as
 * altered although it came out unchanged.
 */
function atMasked(masked: unknown, original: unknown, path: Path): unknown {
  let cur: unknown = masked;
  let orig: unknown = original;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || orig === null || typeof orig !== 'object') return undefined;
    const next = (cur as Record<string | number, unknown>)[p];
    if (next === undefined && typeof p === 'string' && !Array.isArray(cur)) {
      const origKeys = Object.keys(orig);
      const maskedKeys = Object.keys(cur);
      const i = origKeys.indexOf(p);
      if (i < 0 || origKeys.length !== maskedKeys.length || Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
      cur = (cur as Record<string, unknown>)[maskedKeys[i]];
    } else cur = next;
    orig = (orig as Record<string | number, unknown>)[p];
  }
  return cur;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `token` occurs in `s` not glued to letters or digits on either side. */
function hasToken(s: string, token: string): boolean {
  return new RegExp('(?<![A-Za-z0-9])' + escapeRe(token) + '(?![A-Za-z0-9])').test(s);
}

/** Every occurrence of `token` in `s` lies inside an occurrence of one of `values` (a labelled personal value). */
function onlyInside(s: string, token: string, values: readonly string[]): boolean {
  const spans: Array<[number, number]> = [];
  for (const v of values) for (let i = v.length > 0 ? s.indexOf(v) : -1; i >= 0; i = s.indexOf(v, i + 1)) spans.push([i, i + v.length]);
  if (spans.length === 0) return false;
  for (let i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + 1)) {
    if (!spans.some(([a, b]) => a <= i && i + token.length <= b)) return false;
  }
  return true;
}

/**
 * Is this clean value still where it was (README rule 3)? A string that holds it only inside a
 * labelled personal value (`30` inside the birth date `1958-03-30`) is not a place it must survive:
 * masking the personal value takes the token with it.
 */
export function cleanSurvived(c: string | number | boolean, original: unknown, masked: unknown, piiValues: readonly string[] = []): boolean {
  const ls: Array<[Path, unknown]> = [];
  leaves(original, [], ls);
  if (typeof c !== 'string') {
    const typed = ls.filter(([, v]) => v === c);
    if (typed.length > 0) return typed.every(([p]) => atMasked(masked, original, p) === c);
  }
  const text = String(c);
  const outsidePii = (v: string): boolean => !onlyInside(v, text, piiValues);
  let holders = ls.filter(([, v]) => typeof v === 'string' && hasToken(v, text) && outsidePii(v));
  let check = (s: string): boolean => hasToken(s, text);
  if (holders.length === 0) {
    holders = ls.filter(([, v]) => typeof v === 'string' && v.includes(text) && outsidePii(v));
    check = (s) => s.includes(text);
  }
  if (holders.length === 0) return true; // not present as planted: nothing to alter
  return holders.every(([p]) => {
    const m = atMasked(masked, original, p);
    return typeof m === 'string' && check(m);
  });
}

/**
 * What replaced a clean value that did not survive: the categories of the redaction markers now
 * in the strings that held it (`[REDACTED:phone]` → 'phone'), or 'other' (masked another way,
 * dropped). Lets a report say which detector or hint caused each false positive.
 */
export function alteredBy(c: string | number | boolean, original: unknown, masked: unknown): string[] {
  const ls: Array<[Path, unknown]> = [];
  leaves(original, [], ls);
  const text = String(c);
  const cats = new Set<string>();
  for (const [p, v] of ls) {
    if (v !== c && !(typeof v === 'string' && v.includes(text))) continue;
    const m = atMasked(masked, original, p);
    if (typeof m === 'string') for (const x of m.matchAll(/\[REDACTED:([a-z_]+)\]/g)) cats.add(x[1]);
  }
  return cats.size > 0 ? [...cats] : ['other'];
}

export function scoreLine(line: CorpusLine, masked: unknown): LineScore {
  const texts = strings(masked, []);
  return {
    leaks: line.pii.filter((l) => leaked(l, texts)),
    altered: line.clean.filter((c) => !cleanSurvived(c, line.msg, masked, line.pii.map((l) => l.value))),
  };
}

export interface CorpusScore {
  lines: number;
  piiTotal: number;
  cleanTotal: number;
  leaksByCategory: Record<string, number>;
  piiByCategory: Record<string, number>;
  leaks: Array<PiiLabel & { line: number }>;
  altered: Array<{ line: number; value: string | number | boolean; by: string[] }>;
  /** False positives by the category of the marker that replaced them ('other' when none). */
  alteredByCategory: Record<string, number>;
  falsePositiveRate: number;
}

export function scoreCorpus(lines: readonly CorpusLine[], masked: readonly unknown[]): CorpusScore {
  const score: CorpusScore = { lines: lines.length, piiTotal: 0, cleanTotal: 0, leaksByCategory: {}, piiByCategory: {}, leaks: [], altered: [], alteredByCategory: {}, falsePositiveRate: 0 };
  lines.forEach((line, i) => {
    score.piiTotal += line.pii.length;
    score.cleanTotal += line.clean.length;
    for (const l of line.pii) {
      score.piiByCategory[l.category] = (score.piiByCategory[l.category] ?? 0) + 1;
      score.leaksByCategory[l.category] ??= 0;
    }
    const s = scoreLine(line, masked[i]);
    for (const l of s.leaks) {
      score.leaksByCategory[l.category]++;
      score.leaks.push({ ...l, line: i + 1 });
    }
    for (const c of s.altered) {
      const by = alteredBy(c, line.msg, masked[i]);
      for (const b of by) score.alteredByCategory[b] = (score.alteredByCategory[b] ?? 0) + 1;
      score.altered.push({ line: i + 1, value: c, by });
    }
  });
  score.falsePositiveRate = score.cleanTotal === 0 ? 0 : score.altered.length / score.cleanTotal;
  return score;
}

export function parseCorpus(text: string): CorpusLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as CorpusLine);
}

/**
 * Scores outputs that are bags of strings with no paths (every string of the exported spans of a
 * call): leaks as above; a clean value counts as altered when no output string holds it as a
 * token any more.
 */
export function scoreTextCorpus(lines: readonly CorpusLine[], outputs: ReadonlyArray<readonly string[]>): CorpusScore {
  const score = scoreCorpus(
    lines,
    outputs.map((texts) => [...texts]),
  );
  score.altered = [];
  score.alteredByCategory = {};
  lines.forEach((line, i) => {
    for (const c of line.clean) {
      const text = String(c);
      if (!outputs[i].some((t) => hasToken(t, text) || t.includes(text))) {
        score.altered.push({ line: i + 1, value: c, by: ['other'] });
        score.alteredByCategory.other = (score.alteredByCategory.other ?? 0) + 1;
      }
    }
  });
  score.falsePositiveRate = score.cleanTotal === 0 ? 0 : score.altered.length / score.cleanTotal;
  return score;
}
