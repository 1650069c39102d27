import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Japanese addresses (住所) in text: a prefecture (`神奈川県`, `東京都`, `大阪府`, `北海道`) or a
 * city or ward (`横浜市中区`, `渋谷区`), then the town and the block numbers written with dashes or
 * 丁目/番/号 (`山下町1-90-5`, `道玄坂2丁目24番1号`), and a building after it on the same run of
 * text. Japanese puts no spaces between words, so the street-word rules cannot see these; the
 * administrative suffixes (都道府県, 市区町村) and the numbers at the end are the shape. A postcode
 * (〒) before it belongs to it; alone it is no address. Gate: a Han character for city, ward or prefecture.
 */
const PREFECTURE =
  '(?:北海道|東京都|(?:大阪|京都)府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)';
const KANJI_KANA = '[\\u3005\\u3041-\\u30ff\\u4e00-\\u9fff]';
const DIGITS = '[0-9０-９]{1,4}';
const DASH = '[-−‐－ー―の]';
/** A building after the block numbers: katakana, kanji or Latin after a space (hiragana there goes on with the sentence: 'です'). */
const BUILDING = '[\\u30a0-\\u30ff\\u4e00-\\u9fffA-Za-z]';
const BLOCK = `${DIGITS}(?:丁目|番地?|号)?(?:${DASH}?${DIGITS}(?:丁目|番地?|号)?){0,3}`;
const ADDRESS = new RegExp(
  `(?:〒\\s?[0-9０-９]{3}[-－][0-9０-９]{4}\\s?)?(?:${PREFECTURE}${KANJI_KANA}{0,12}?|[\\u3005\\u4e00-\\u9fff]{1,5}[市区])(?:${KANJI_KANA}{1,6}?[市区郡町村])*${KANJI_KANA}{0,10}?${BLOCK}(?:\\s${BUILDING}{1,20}(?:\\s?[0-9０-９]{1,4}(?:号室|階|F))?)?`,
  'g',
);
const PRIORITY = 9;

export const japaneseAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('市') < 0 && text.indexOf('区') < 0 && text.indexOf('県') < 0 && text.indexOf('都') < 0 && text.indexOf('府') < 0 && text.indexOf('道') < 0) return;
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) {
      // the block numbers are what make it an address: a ward name alone ('渋谷区で') is a place
      if (!/[0-9０-９]/.test(m[0])) continue;
      out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
    }
  },
};
