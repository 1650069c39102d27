import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * An address read out in a speech-to-text transcript, all in lower case (`2210 south lamar boulevard
 * unit 114 austin texas 78704`, `flat 3 22 leith walk edinburgh eh6 5ag`): a house number, one to
 * three words and a street word, maybe a unit, then up to three words of town or state and a US ZIP
 * code or a UK postcode. The postcode at the end is what makes it an address; without it, `12 main
 * street` in a sentence is left to the other rules. Only in text without capitals (the capitalised
 * forms are postal-address.ts's).
 */
const SPOKEN_ADDRESS =
  /(?<![\p{L}\d])(?:(?:flat|apt|apartment|unit|suite)[ \t]+[a-z\d]{1,4}[ \t]+)?\d{1,5}[a-z]?[ \t]+(?:[a-z'’-]+[ \t]+){1,3}?(?:street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|walk|place|pl|court|ct|crescent|terrace|close|parade|highway|hwy|row|square|gardens|grove|mews|circle|parkway|pkwy)(?:[ \t]+(?:unit|apt|apartment|suite|flat)[ \t]+[a-z\d]{1,5})?(?:[ \t,]+[a-z'’-]+){0,3}?[ \t,]+(?:\d{5}(?:-\d{4})?|[a-z]{1,2}\d[a-z\d]?[ \t]?\d[a-z]{2})(?![\p{L}\d])/gu;

export const spokenAddressDetector: Detector = {
  category: 'postal_address',
  priority: 9,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 20,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    if (ctx.hasAnyClass(TEXT_CLASS.upper)) return;
    const text = ctx.text;
    SPOKEN_ADDRESS.lastIndex = 0;
    for (let m = SPOKEN_ADDRESS.exec(text); m; m = SPOKEN_ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: 9 });
  },
};
