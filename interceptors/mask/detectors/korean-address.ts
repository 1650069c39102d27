import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Korean road-name addresses (도로명주소), romanised or in Hangul: the building number goes with a
 * road ending in -ro / -gil / -daero (`197 Teheran-ro, Gangnam-gu`, `Sejong-daero 110`,
 * `테헤란로 152`, `강남대로 396`), optionally followed by the district (`-gu`, `-si`, `-dong`) or
 * preceded by it in Hangul (`강남구 테헤란로 152`). The street rules look for a street word
 * after a space; these roads carry theirs as a suffix. Gate: '-ro' / '-gil' / '로' / '길' in the text.
 */
const ROMANISED =
  /(?<![0-9A-Za-z])(?:[0-9]{1,5}(?:-[0-9]{1,4})?\s+[A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil|daero)(?:\s+[0-9]{1,3}(?:beon)?-?gil)?|[A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil|daero)(?:\s+[0-9]{1,3}(?:beon)?-?gil)?\s+[0-9]{1,5}(?:-[0-9]{1,4})?)(?:,\s*[A-Z][a-z]+-(?:gu|si|dong|gun|eup|myeon))*(?![A-Za-z0-9])/g;
/**
 * In Hangul, the number after a road is not followed by a counter (`프로 2세대`, 'Pro 2nd
 * generation'; `택배로 1개`, 'by parcel, one item'): '로' is also a particle and ends loanwords.
 */
const HANGUL = /(?:[가-힣]{1,5}(?:구|군|시)\s)?[가-힣]{1,8}(?:대로|로|길)\s?[0-9]{1,4}(?:번?길\s?[0-9]{1,4})?(?:-[0-9]{1,4})?(?![0-9])(?!\s?(?:세대|개|시간|시|분|초|일|월|년|명|번째|회|차|건|원|인분|인|살|세|박|장|권|대|배|병|잔|kg|g|ml|GB|TB|%))/g;
/**
 * Lot-number addresses (지번주소), still how many people give theirs: the district (-구 / -군, after
 * the city or province), the neighbourhood (-동 / -읍 / -면 / -리 / -가) and the lot (`1408-3`, `산 12`,
 * `123번지`): `부산광역시 해운대구 우동 1408-3`, `강남구 역삼동 823-1`. The district and the
 * neighbourhood words with a number after them are an address; neither alone is.
 */
const LOT =
  /(?:[가-힣]{1,8}(?:특별시|광역시|특별자치시|특별자치도|시|도)\s)?[가-힣]{1,6}(?:구|군)\s[가-힣]{1,6}(?:동|읍|면|리|가)(?:\s[가-힣]{1,6}(?:리))?\s?(?:산\s?)?[0-9]{1,5}(?:-[0-9]{1,4})?(?:번지)?(?![0-9])/g;
const PRIORITY = 9;

export const koreanAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (hasRomanisedSuffix(text)) {
      ROMANISED.lastIndex = 0;
      for (let m = ROMANISED.exec(text); m; m = ROMANISED.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
    }
    if (text.indexOf('구 ') >= 0 || text.indexOf('군 ') >= 0) {
      LOT.lastIndex = 0;
      for (let m = LOT.exec(text); m; m = LOT.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
    }
    if (text.indexOf('로') >= 0 || text.indexOf('길') >= 0) {
      HANGUL.lastIndex = 0;
      for (let m = HANGUL.exec(text); m; m = HANGUL.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
    }
  },
};

/** '-ro', '-gil' or '-daero' somewhere: one walk over the dashes instead of three searches. */
function hasRomanisedSuffix(text: string): boolean {
  for (let p = text.indexOf('-'); p >= 0; p = text.indexOf('-', p + 1)) {
    const c = text.charCodeAt(p + 1);
    if (c === 114 ? text.charCodeAt(p + 2) === 111 : c === 103 ? text.startsWith('il', p + 2) : c === 100 && text.startsWith('aero', p + 2)) return true;
  }
  return false;
}
