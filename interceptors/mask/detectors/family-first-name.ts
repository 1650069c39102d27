import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Names written family name first, where the family names are few and distinctive:
 * - Vietnamese (`Nguyễn Thu Hương`, `Đặng Văn Khoa`, `Tran Thi Mai`): about fifteen family names
 *   cover nine people in ten; one to three capitalised given or middle names follow. Without
 *   diacritics only the family names that mean nothing else in the languages we see count (not
 *   `Le`, `Mai`, `Ha`, `Cao`, `La`); `Hà` and `Tô` are left out too (`Hà Nội`, `Tô Hiến Thành`).
 * - Hungarian (`Nagy Zoltán`, `Kovács Eszter`, `Kiss Gergely`): the common family names, then one
 *   or two capitalised given names.
 * The family name is the cue: the one pass found it as a capitalised word.
 */
const SURNAMES: ReadonlySet<string> = new Set(
  (
    'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trương Lâm Trịnh Lưu Tạ Châu Quách Lương Kiều ' +
    'Nguyen Tran Pham Hoang Huynh Dang Bui Ngo Duong Truong Trinh NGUYỄN TRẦN PHẠM HOÀNG NGUYEN TRAN PHAM HOANG'
  ).split(' '),
);
const HUNGARIAN: ReadonlySet<string> = new Set(
  (
    'Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász Lakatos Mészáros Oláh Rácz ' +
    'Szilágyi Török Fehér Balázs Szűcs Kocsis Pintér Fodor Szalai Sipos Lukács Gulyás Biró Király Hegedűs Deák Vörös Bognár ' +
    'Lengyel Fábián Bodnár Halász Székely Gáspár Pásztor Orbán Virág Kovacs Toth Szabo Horvath Molnar Nemeth Takacs Juhasz ' +
    'Meszaros Racz Szilagyi Torok Feher Balazs Szucs Pinter Lukacs Gulyas Biro Kiraly Hegedus Bognar Fabian Bodnar Halasz Gaspar'
  ).split(' '),
);
const HUNGARIAN_GIVEN = /(?:[ \u00a0]\p{Lu}[\p{Ll}\p{M}]{1,11}){1,2}(?![\p{L}\p{M}])/uy;
/** The family name (at a capitalised word the one pass found), then one to three capitalised names. */
const GIVEN_AFTER = /(?:[ \u00a0](?:\p{Lu}[\p{Ll}\p{M}]{0,6}|\p{Lu}{2,7})){1,3}(?![\p{L}\p{M}])/uy;
const PRIORITY = 13;
const CITY = /^(?:Hồ Chí Minh|Ho Chi Minh|HỒ CHÍ MINH|HO CHI MINH)$/;
const HOUSE_NUMBER_BEFORE = /\d[\dA-Za-z/-]*[ \u00a0]$/;
const PLACE_AFTER = /^[ \u00a0,]*(?:street|st\b|road|rd\b|avenue|ave\b|boulevard|district|ward|city|province|bridge|park|school|hospital|market|phường|quận|đường|huyện|tỉnh|thành phố|phố|cầu|chợ)/i;

export const familyFirstNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'capitalWord',
  needs: TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const caps = ctx.capitalWords();
    for (let k = 0; k < caps.length; k += 2) {
      const s = caps[k];
      const e = caps[k + 1];
      if (e - s > 9) continue;
      const word = text.slice(s, e);
      // Vietnamese middle names that mark a person (`Thị` for women, `Văn` for men), then the given name: `gọi cho Thị Lan`
      if ((word === 'Thị' || word === 'Văn') && !ctx.thingField) {
        GIVEN_AFTER.lastIndex = e;
        if (GIVEN_AFTER.test(text)) {
          out.push({ start: s, end: GIVEN_AFTER.lastIndex, category: 'person_name', priority: PRIORITY });
          continue;
        }
      }
      const after = SURNAMES.has(word) ? GIVEN_AFTER : HUNGARIAN.has(word) ? HUNGARIAN_GIVEN : undefined;
      if (after === undefined) continue;
      after.lastIndex = e;
      if (!after.test(text)) continue;
      const end = after.lastIndex;
      // streets and districts are named after people ('115 Lý Thường Kiệt', 'Hoang Mai district'): a house number before, a place word after
      if (HOUSE_NUMBER_BEFORE.test(text.slice(Math.max(0, s - 8), s)) || PLACE_AFTER.test(text.slice(end, end + 16))) continue;
      // the city named after him
      if (CITY.test(text.slice(s, end))) continue;
      out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
    }
  },
};
