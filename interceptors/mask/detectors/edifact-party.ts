import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { looksLikeOrganisation } from '../map-keys';

/**
 * A person in an UN/EDIFACT NAD (name and address) segment carried as text:
 * `NAD+DP+++Bakker:Sanne+Kerkstraat 12+Eindhoven++5611 AZ+NL'`. Elements are separated by '+',
 * components by ':', the segment ends at an apostrophe; the party name is the fourth element
 * after the qualifier (C080) and the street the fifth (C059). Trading partners are mostly
 * companies, so the name is masked only when it is a person's — written `Family:Given`, or two to
 * three words with no organisation word — and then the street with it.
 */
const NAD = /(?:^|')\s*NAD\+[A-Z0-9]{1,3}\+[^+']*\+[^+']*\+([^+']*)\+?([^+']*)/g;
const WORDS = /^\p{Lu}[\p{L}'’.-]*(?:[ :]\p{Lu}[\p{L}'’.-]*){1,2}$/u;
const PRIORITY = 6;

export const edifactPartyDetector: Detector = {
  category: 'person_name',
  also: ['postal_address'],
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('NAD+') < 0) return;
    NAD.lastIndex = 0;
    for (let m = NAD.exec(text); m; m = NAD.exec(text)) {
      const name = m[1];
      if (name.length < 3 || !WORDS.test(name) || looksLikeOrganisation(name.replace(/:/g, ' '))) continue;
      const nameStart = m.index + m[0].length - m[2].length - 1 - name.length;
      out.push({ start: nameStart, end: nameStart + name.length, category: 'person_name', priority: PRIORITY });
      const street = m[2];
      if (/\d/.test(street)) out.push({ start: nameStart + name.length + 1, end: nameStart + name.length + 1 + street.length, category: 'postal_address', priority: PRIORITY });
    }
  },
};
