import type { Category } from '../categories';
import type { Detector, Match, ScanContext } from './detector';

/**
 * vCard text (RFC 2426 / 6350) carried in a string: an attachment body, a contact export, a log
 * line. Its values are known by their property, not by their look — `N:Iyer;Harish;;;` splits a
 * name into components, `ADR:;;12 High St;Leeds;;LS1 4AP;UK` an address, `BDAY:1982-05-30` a
 * birth date without a cue — so the personal properties' values are replaced by property name:
 * N, FN, NICKNAME, SORT-STRING (name); ADR street components (PO box, extended, street — not the
 * locality, region, postcode or country) and LABEL (address); BDAY (birth date); TEL (phone);
 * EMAIL (e-mail). Lines end at CR, LF or an escaped `\n`; a property may carry a group
 * (`item1.TEL`) and parameters (`TEL;TYPE=CELL:`). Strings without `VCARD` cost one indexOf.
 */
const PROPERTIES: Readonly<Record<string, Category>> = {
  N: 'person_name',
  FN: 'person_name',
  NICKNAME: 'person_name',
  'SORT-STRING': 'person_name',
  ADR: 'postal_address',
  LABEL: 'postal_address',
  BDAY: 'date_of_birth',
  TEL: 'phone',
  EMAIL: 'email',
};
const PRIORITY = 3;
/** One property line: optional group, name, parameters, ':' and the value up to the line end. */
const LINE = /(?:^|\r\n|\r|\n|\\r\\n|\\n)(?:[A-Za-z0-9-]+\.)?([A-Za-z-]+)(?:;[^:\r\n]*)?:([^\r\n]*?)(?=\\r\\n|\\n|\r|\n|$)/g;

export const vcardTextDetector: Detector = {
  category: 'person_name',
  also: ['postal_address', 'date_of_birth', 'phone', 'email'],
  priority: PRIORITY,
  anchor: 'colon',
  minLength: 20,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let v = text.indexOf('VCARD');
    if (v < 0) v = text.indexOf('vcard');
    if (v < 6) return;
    const begin = text.lastIndexOf(':', v);
    if (begin < 5 || text.slice(begin - 5, begin).toUpperCase() !== 'BEGIN') return;
    LINE.lastIndex = begin - 5;
    for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
      const name = m[1].toUpperCase();
      if (name === 'END') {
        // another card may follow
        const next = text.indexOf('BEGIN:VCARD', LINE.lastIndex);
        if (next < 0) return;
        LINE.lastIndex = next;
        continue;
      }
      const category = PROPERTIES[name];
      const value = m[2];
      if (category === undefined || value.length === 0) continue;
      const start = m.index + m[0].length - value.length;
      let end = start + value.length;
      if (name === 'ADR') {
        // PO box; extended address; street; locality; region; postcode; country — the first three are the street
        let semis = 0;
        let i = start;
        for (; i < end; i++) if (value.charCodeAt(i - start) === 59 && ++semis === 3) break;
        end = i;
        let s = start;
        while (s < end && value.charCodeAt(s - start) === 59) s++;
        if (s >= end) continue;
        out.push({ start: s, end, category, priority: PRIORITY });
        continue;
      }
      out.push({ start, end, category, priority: PRIORITY });
    }
  },
};

/**
 * LDIF (RFC 2849) carried in a string: a directory export or a sync log. Entries start with
 * `dn:`; the personal attributes of inetOrgPerson (RFC 4519, RFC 2798) are replaced by attribute:
 * cn, sn, givenName, displayName, initials (name); mail (e-mail); telephoneNumber, mobile,
 * homePhone, pager, facsimileTelephoneNumber (phone); street, postalAddress, homePostalAddress,
 * registeredAddress (address). A base64 value (`cn:: …`) is left to the base64 rules. Strings
 * without `dn:` cost one indexOf.
 */
const LDIF_ATTRIBUTES: Readonly<Record<string, Category>> = {
  cn: 'person_name',
  commonname: 'person_name',
  sn: 'person_name',
  surname: 'person_name',
  givenname: 'person_name',
  gn: 'person_name',
  displayname: 'person_name',
  initials: 'person_name',
  mail: 'email',
  rfc822mailbox: 'email',
  telephonenumber: 'phone',
  mobile: 'phone',
  mobiletelephonenumber: 'phone',
  homephone: 'phone',
  hometelephonenumber: 'phone',
  pager: 'phone',
  facsimiletelephonenumber: 'phone',
  street: 'postal_address',
  streetaddress: 'postal_address',
  postaladdress: 'postal_address',
  homepostaladdress: 'postal_address',
  registeredaddress: 'postal_address',
};
const LDIF_LINE = /(?:^|\r\n|\r|\n|\\r\\n|\\n)([A-Za-z][A-Za-z0-9-]*)(?:;[^:\r\n]*)?: ?([^\r\n:][^\r\n]*?)(?=\\r\\n|\\n|\r|\n|$)/g;

/** `uid=` and `cn=` components of a distinguished name, up to the next unescaped ','. */
const DN_PERSON = /(?:^|,)\s*(?:uid|cn)=((?:[^,\\]|\\.)+)/gi;
const FOUR_LETTERS = /\p{L}{4}/u;

export const ldifTextDetector: Detector = {
  category: 'person_name',
  also: ['postal_address', 'phone', 'email'],
  priority: PRIORITY,
  anchor: 'colon',
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const dn = text.indexOf('dn:');
    if (dn < 0 || (dn > 0 && !isLineBreakBefore(text, dn))) return;
    LDIF_LINE.lastIndex = dn;
    for (let m = LDIF_LINE.exec(text); m; m = LDIF_LINE.exec(text)) {
      if (m[1].toLowerCase() === 'dn') {
        // the entry's name: its uid / cn components are the person's (`dn: uid=gaelle.marchetti,ou=people,…`)
        const at = m.index + m[0].length - m[2].length;
        DN_PERSON.lastIndex = 0;
        for (let c = DN_PERSON.exec(m[2]); c; c = DN_PERSON.exec(m[2])) {
          // a uid made of a name has letters (`gaelle.marchetti`, `jsmith`); an opaque one (`u8500840`) stays
          if (!FOUR_LETTERS.test(c[1])) continue;
          const s = at + c.index + c[0].length - c[1].length;
          out.push({ start: s, end: s + c[1].length, category: 'person_name', priority: PRIORITY });
        }
        continue;
      }
      const category = LDIF_ATTRIBUTES[m[1].toLowerCase()];
      const value = m[2].trimEnd();
      if (category === undefined || value.length === 0) continue;
      const start = m.index + m[0].length - m[2].length;
      out.push({ start, end: start + value.length, category, priority: PRIORITY });
    }
  },
};

/** `dn:` starts the text's line (a line break or an escaped `\n` before it). */
function isLineBreakBefore(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  return c === 10 || c === 13 || (c === 110 && text.charCodeAt(at - 2) === 92);
}
