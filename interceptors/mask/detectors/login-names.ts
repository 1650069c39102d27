import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { wideGivenNameSet } from './name-gazetteer';
import { wordHash } from './word-hash';

/**
 * A person's login where system logs put it: the user that ran sudo
 * (`sudo: agnieszka : TTY=pts/0 ; PWD=…`, also after a syslog header) and the user part of a home
 * directory (`/home/mkowalczyk`, `/Users/ines.f`, `C:\Users\oyelaran`). A login is a person's
 * when one of its parts (split at '.', '_', '-') is a given name of the wide gazetteer; service
 * accounts (`root`, `deploy`, `www-data`, `ubuntu`, `runner`) are not names and stay. Gate: the
 * text holds ': TTY=', '/home/', '/Users/' or '\Users\' (native searches for rare first characters).
 */
const PRIORITY = 6;
const MARKERS = [': TTY=', '/home/', '/Users/', '\\Users\\'];
const MAX_LOGIN = 32;
const MIN_PART = 3;

function isLoginChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/** Whether a part of the login [start, end) is a given name. */
function holdsGivenName(text: string, start: number, end: number): boolean {
  const names = wideGivenNameSet();
  let s = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46;
    if (c === 46 || c === 95 || c === 45 || (c >= 48 && c <= 57)) {
      if (i - s >= MIN_PART && names.has(wordHash(text, s, i))) return true;
      s = i + 1;
    }
  }
  return false;
}

function pushLogin(text: string, start: number, end: number, out: Match[]): void {
  if (end - start < MIN_PART || end - start > MAX_LOGIN) return;
  if (!holdsGivenName(text, start, end)) return;
  for (const o of out) if (o.start === start && o.end === end) return;
  out.push({ start, end, category: 'person_name', priority: PRIORITY });
}

export const loginNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.structure,
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let k = 0; k < MARKERS.length; k++) {
      const marker = MARKERS[k];
      for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
        if (k === 0) {
          // sudo: the word before ' : TTY=' (the search begins at the colon: one that starts with a space stops at every space of prose)
          if (text.charCodeAt(at - 1) !== 32) continue;
          let s = at - 1;
          while (s > 0 && isLoginChar(text.charCodeAt(s - 1))) s--;
          const b = s > 0 ? text.charCodeAt(s - 1) : 32;
          if (b === 32 || b === 9) pushLogin(text, s, at - 1, out);
        } else {
          const s = at + marker.length;
          let e = s;
          while (e < text.length && isLoginChar(text.charCodeAt(e))) e++;
          pushLogin(text, s, e, out);
        }
      }
    }
  },
};
