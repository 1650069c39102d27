import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Thai addresses in text: a house number (`99/12`, `เลขที่ 45`), then the words Thai addresses are
 * built from — soi ซอย, road ถนน/ถ., sub-district แขวง/ตำบล/ต., district เขต/อำเภอ/อ., province
 * จังหวัด/จ., village หมู่ — and the five-digit postcode that ends them
 * (`99/12 ซอยสุขุมวิท 39 แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพฯ 10110`). Two of those words between the
 * number and the postcode make an address; the whole span is masked.
 */
const THAI = /[\u0e01-\u0e5b]/;
const POSTCODE = /(?<![0-9])[1-9][0-9]{4}(?![0-9])/g;
const HOUSE = /(?:^|[\s:：,(])((?:เลขที่\s*)?[0-9]{1,5}(?:\/[0-9]{1,4})?)\s+(?=[\u0e01-\u0e5b])/g;
const WORDS = ['ซอย', 'ซ.', 'ถนน', 'ถ.', 'แขวง', 'ตำบล', 'ต.', 'เขต', 'อำเภอ', 'อ.', 'จังหวัด', 'จ.', 'หมู่', 'กรุงเทพ'];
const MAX_REACH = 180;
const PRIORITY = 9;

export const thaiAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!THAI.test(text)) return;
    POSTCODE.lastIndex = 0;
    for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text)) {
      let from = m.index;
      while (from > 0 && m.index - from < MAX_REACH && text.charCodeAt(from - 1) !== 10 && text.charCodeAt(from - 1) !== 13) from--;
      const before = text.slice(from, m.index);
      HOUSE.lastIndex = 0;
      let start = -1;
      for (let h = HOUSE.exec(before); h; h = HOUSE.exec(before)) {
        const at = h.index + h[0].indexOf(h[1]);
        let words = 0;
        const span = before.slice(at);
        for (const w of WORDS) if (span.indexOf(w) >= 0) words++;
        if (words >= 2) {
          start = from + at;
          break;
        }
      }
      if (start < 0) continue;
      out.push({ start, end: m.index + 5, category: 'postal_address', priority: PRIORITY });
    }
  },
};
