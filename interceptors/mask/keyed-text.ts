import { hintInContext, objectKind, type HintCategory } from './field-hints';

/**
 * Values inside free text that carry their own field names, so the field-name hints apply to them
 * as they do to message fields:
 * - delimited text with a header row (a CSV export, a spreadsheet preview, a TSV log): the cells
 *   under `first_name`, `nachname`, `dob`, `street` are names, birth dates, addresses whatever
 *   their shape — a lower-case surname in a CSV row has no other cue;
 * - `key=value` pairs of a URL query, a form body or a logfmt line (`?first=Mathieu&dob=1985-03-14`,
 *   `level=info user_name="Ana Lima" dob=1985-03-14`).
 * The detectors still scan everything else; this only finds what the names say.
 */
export interface KeyedSpan {
  start: number;
  end: number;
  category: HintCategory;
}

/** Header cells are field names: a letter, then letters, digits, '_', '-', '.', spaces (bounded). */
const FIELD_NAME = /^[A-Za-z\u00c0-\u024f_][A-Za-z0-9\u00c0-\u024f_ .-]{0,47}$/;
const DELIMITERS = [',', ';', '\t', '|'];
/** Query parameter names that are a person's name part in a URL (`first=`, `last=`), besides the field hints. */
const QUERY_NAME_PARTS: ReadonlySet<string> = new Set(['first', 'last', 'given', 'family', 'fn', 'ln', 'fname', 'lname', 'firstname', 'lastname', 'surname', 'forename']);
/** A query value that is a count, a flag or an id, not a person's name. */
const NOT_A_NAME_VALUE = /^(?:[0-9.+-]*|true|false|null|asc|desc)$/i;
/** `key=value` after the start, '?', '&', ';' or a space (a query string, a form body, a logfmt line); a value in double quotes may hold spaces. */
const PAIR = /(?:^|[?&;\s])([A-Za-z_][A-Za-z0-9_.\-[\]]{0,40})=("[^"\n]{0,200}"|[^&#\s"'<>;]*)/g;

/** Spans of `text` that field names mark as personal, ascending and disjoint; empty when none. */
export function keyedSpans(text: string): KeyedSpan[] {
  const out: KeyedSpan[] = [];
  if (text.indexOf('\n') > 0) delimitedSpans(text, out);
  if (out.length === 0 && text.indexOf('=') > 0) querySpans(text, out);
  return out;
}

function delimitedSpans(text: string, out: KeyedSpan[]): void {
  const headerEnd = text.indexOf('\n');
  const header = text.slice(0, headerEnd).replace(/\r$/, '');
  let delim = '';
  for (const d of DELIMITERS) if (header.indexOf(d) >= 0 && (delim === '' || count(header, d) > count(header, delim))) delim = d;
  if (delim === '') return;
  const names = splitCells(header, 0, delim);
  if (names.length < 2 || !names.every((c) => FIELD_NAME.test(unquote(header.slice(c[0], c[1])).trim()))) return;
  const keys = names.map((c) => unquote(header.slice(c[0], c[1])).trim());
  // the header is the keys of one object per row: `nom` next to `prenom` is a surname
  const kind = objectKind('', keys);
  const hints = keys.map((k) => hintInContext(k, kind));
  if (!hints.some((h) => h !== undefined)) return;
  let rows = 0;
  let lineStart = headerEnd + 1;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const end = text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const cells = splitCells(text.slice(lineStart, end), lineStart, delim);
    // a row with another number of cells is not part of the table (a trailing note, a blank line)
    if (cells.length === names.length) {
      rows++;
      for (let i = 0; i < cells.length; i++) {
        const h = hints[i];
        if (h === undefined) continue;
        let [s, e] = cells[i];
        while (s < e && text.charCodeAt(s) === 32) s++;
        while (e > s && text.charCodeAt(e - 1) === 32) e--;
        if (text.charCodeAt(s) === 34 && e - s >= 2 && text.charCodeAt(e - 1) === 34) {
          s++;
          e--;
        }
        if (e > s) out.push({ start: s, end: e, category: h });
      }
    }
    lineStart = lineEnd + 1;
  }
  if (rows === 0) out.length = 0;
}

/** [start, end) of each cell of `line` (offsets in the whole text), '"'-quoted cells kept whole. */
function splitCells(line: string, offset: number, delim: string): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  let i = 0;
  while (i <= line.length) {
    let j = i;
    if (line.charCodeAt(i) === 34) {
      j = i + 1;
      while (j < line.length && !(line.charCodeAt(j) === 34 && line.charCodeAt(j + 1) !== 34)) j += line.charCodeAt(j) === 34 ? 2 : 1;
      j = line.indexOf(delim, j);
    } else j = line.indexOf(delim, i);
    if (j < 0) j = line.length;
    cells.push([offset + i, offset + j]);
    i = j + 1;
  }
  return cells;
}

function unquote(s: string): string {
  return s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34 ? s.slice(1, -1) : s;
}

function count(s: string, d: string): number {
  let n = 0;
  for (let i = s.indexOf(d); i >= 0; i = s.indexOf(d, i + 1)) n++;
  return n;
}

function querySpans(text: string, out: KeyedSpan[]): void {
  const pairs: RegExpExecArray[] = [];
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m !== null; m = PAIR.exec(text)) pairs.push(m);
  if (pairs.length === 0) return;
  const kind = objectKind('', pairs.map((m) => m[1]));
  for (const m of pairs) {
    const key = m[1];
    const value = m[2];
    if (value.length === 0) continue;
    const lower = key.toLowerCase();
    let h = hintInContext(key, kind);
    if (h === undefined && QUERY_NAME_PARTS.has(lower)) h = 'person_name';
    if (h === undefined) continue;
    if (h === 'person_name' && NOT_A_NAME_VALUE.test(decodeQueryValue(value.replace(/^"|"$/g, '')))) continue;
    const end = m.index + m[0].length;
    const quoted = value.length >= 2 && value.charCodeAt(0) === 34;
    out.push({ start: end - value.length + (quoted ? 1 : 0), end: end - (quoted ? 1 : 0), category: h });
  }
}

function decodeQueryValue(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}
