import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Vietnamese addresses as written on one line, ending with the city: `58 Lý Thường Kiệt, Hoàn
 * Kiếm, Hà Nội`, `Tầng 5, Tòa nhà Sông Đà, 165 Cầu Giấy, Hà Nội`, `12/3 Nguyễn Trãi, Phường 2,
 * Quận 5, TP.HCM`. There is no postcode in everyday use, so the city closes the address and the
 * house number (or a floor and a building) opens it; one to four comma-separated parts between.
 */
/** First words of the cities (found among the capitalised words the one pass already listed), and `HCM`. */
const CITY_WORDS: ReadonlySet<string> = new Set(['Hà', 'Ha', 'Hồ', 'Ho', 'Đà', 'Da', 'Hải', 'Hai', 'Cần', 'Can', 'Thành']);
const ADDRESS =
  /(?<![\p{L}\p{M}\d/])(?:(?:Tầng|Lầu|Tang|Lau)\s+\d{1,3}[A-Za-z]?,\s*)?(?:(?:Tòa nhà|Toà nhà|Toa nha)\s+[^,\n]{2,40},\s*)?\d{1,4}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)*\s+\p{Lu}[^,\n]{1,40}(?:,\s*[^,\n]{2,40}){0,3},\s*(?:Hà Nội|Ha Noi|TP\.?\s?HCM|TP\.?\s?Hồ Chí Minh|Thành phố Hồ Chí Minh|Hồ Chí Minh|Ho Chi Minh City|Đà Nẵng|Da Nang|Hải Phòng|Hai Phong|Cần Thơ|Can Tho)(?![\p{L}\p{M}])/gu;
const PRIORITY = 9;

export const vietnameseAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!ctx.hasDigit() || !namesCity(ctx)) return;
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
  },
};

function namesCity(ctx: ScanContext): boolean {
  const text = ctx.text;
  if (text.indexOf('HCM') >= 0) return true;
  const caps = ctx.capitalWords();
  for (let k = 0; k < caps.length; k += 2) if (caps[k + 1] - caps[k] <= 5 && CITY_WORDS.has(text.slice(caps[k], caps[k + 1]))) return true;
  return false;
}
