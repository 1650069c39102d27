import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Iranian addresses as people write them, from the city down to the plate: a street, boulevard or
 * square (`خیابان`, `بلوار`, `میدان`), then alleys and dead ends (`کوچه`, `بن‌بست`), each part after a
 * Persian comma, and the plate (`پلاک ۱۲`, digits in Persian, Arabic-Indic or ASCII), with an optional
 * unit (`واحد ۳`): `تهران، خیابان ولیعصر، کوچه نسترن، پلاک ۱۲`. The plate carries the decision: a
 * street named without one is a place (`میدان آزادی` in a sentence), not a dwelling. The city before
 * the street joins when it stands alone before a comma. Gate: the word for the plate.
 */
const PART = '[^،,\\n\\d۰-۹٠-٩]{1,30}';
const DIGITS = '[0-9۰-۹٠-٩]{1,5}';
const ADDRESS = new RegExp(
  `(?:[\\u0600-\\u06ff\\u200c]{2,20}[،,]\\s*)?(?:خیابان|بلوار|میدان|جاده|بزرگراه)\\s${PART}(?:[،,]\\s*(?:کوچه|خیابان|بن[\\u200c ]?بست|کوی)\\s${PART}){0,3}[،,]?\\s*پلاک\\s*${DIGITS}(?:\\s*[،,]?\\s*(?:واحد|طبقه)\\s*${DIGITS})?`,
  'gu',
);
const PRIORITY = 9;

export const persianAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('پلاک') < 0) return;
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
  },
};
