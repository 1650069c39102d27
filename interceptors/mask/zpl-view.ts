/**
 * Shipping labels in ZPL (`^XA^FO40,40^FDJoost van der Berg^FS^FO40,80^FDStationsweg 131^FS…^XZ`):
 * the label's text is the field data between `^FD` and `^FS`, glued to printer commands, so no
 * detector sees a word start there and the `^FO40,80` position reads as a house number. The view
 * keeps the field data where it is and blanks everything else (same length: spans found in the
 * view are spans of the original), each field on a line of its own. The first lines of an
 * address label name the addressee: a field that is a person's name as a whole is reported too.
 */
import { looksLikePersonName } from './map-keys';
import type { Match } from './detectors/detector';

export interface ZplView {
  text: string;
  /** Fields that are a person's name as a whole. */
  names: Match[];
  /** Start and end of each field's data, in order. */
  fields: number[];
}

const NAME_PRIORITY = 13;
const LABEL_START = /^\s*\^XA/;

/**
 * The view of a ZPL label, or undefined when `text` is not one: a label starts with `^XA` (after
 * blanks) and holds field data. Anything else keeps the ordinary scan — a log line that merely
 * mentions `^FD` must not have its other text blanked.
 */
export function zplView(text: string): ZplView | undefined {
  let fd = text.indexOf('^FD');
  if (fd < 0 || !LABEL_START.test(text)) return undefined;
  const chars: string[] = [];
  const names: Match[] = [];
  const fields: number[] = [];
  let at = 0;
  while (fd >= 0) {
    const start = fd + 3;
    let end = text.indexOf('^', start);
    if (end < 0) end = text.length;
    // the commands before the field: blanked, with a line break so fields never run together
    if (fd > at) chars.push('\n' + ' '.repeat(fd - at - 1));
    chars.push('   ', text.slice(start, end));
    fields.push(start, end);
    const content = text.slice(start, end).trim();
    if (content.length > 0 && looksLikePersonName(content)) {
      const s = text.indexOf(content, start);
      names.push({ start: s, end: s + content.length, category: 'person_name', priority: NAME_PRIORITY });
    }
    at = end;
    fd = text.indexOf('^FD', end);
  }
  if (at < text.length) chars.push('\n' + ' '.repeat(text.length - at - 1));
  const view = chars.join('');
  return view.length === text.length ? { text: view, names, fields } : undefined;
}

/**
 * Matches cut at the fields' edges: an address found over two label lines ('68 Long Street' /
 * '8001 Cape Town') is masked line by line, and the printer commands between them stay.
 */
export function withinFields(found: readonly Match[], fields: readonly number[]): Match[] {
  const out: Match[] = [];
  for (const m of found) {
    for (let i = 0; i < fields.length; i += 2) {
      const s = Math.max(m.start, fields[i]);
      const e = Math.min(m.end, fields[i + 1]);
      if (e > s) out.push({ ...m, start: s, end: e });
    }
  }
  return out;
}
