import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Street addresses written in Cyrillic, as Russian, Ukrainian, Belarusian and Bulgarian forms and
 * letters write them: a street type (`ул.`, `улица`, `пр-т`, `пер.`, `ш.`, `наб.`, `вул.`,
 * `просп.`, `бул.`, …) and the street's name, then the house (`д. 25`, `дом 7`, `буд. 3`, `№ 12`
 * or a bare number), then optionally the building, block and flat or office (`корп. 2`,
 * `стр. 1`, `кв. 96`, `оф. 5`): `ул. Ленина, д. 25, кв. 96`, `вул. Хрещатик, 22, кв. 5`,
 * `пр-т Мира 101к2`. The Latin street rules find a street word after a house number; these
 * addresses put the type first and the number after the name. A street without a number is a
 * place, not a dwelling, and is left alone. Gate: non-ASCII text (checked for a street type's
 * first letter before the expression runs).
 */
const STREET_TYPE =
  '(?:ул\\.?|улица|вул\\.?|вулиця|пр-т|пр-кт|просп\\.?|проспект|пр\\.|пер\\.?|переулок|пров\\.?|провулок|ш\\.|шоссе|б-р|бул\\.?|бульв\\.?|бульвар|наб\\.?|набережная|набережна|пл\\.|площадь|площа|пр-д|проезд|мкр\\.?|микрорайон|мкрн\\.?|туп\\.?|тупик|аллея|алея|ж\\.к\\.?)';
const NAME_WORD = "[А-ЯЁІЇЄҐA-Z0-9][А-ЯЁІЇЄҐа-яёіїєґ0-9'’.-]*";
const STREET_NAME = `(?:\\d{1,2}-?(?:я|й|го|а)?\\s+)?${NAME_WORD}(?:\\s+(?:${NAME_WORD}|[а-яёіїєґ]{2,}))?`;
const HOUSE = "(?:(?:д\\.|дом|буд\\.|будинок|№)\\s*)?\\d{1,4}(?:[а-яА-Я](?![а-яё]))?(?:\\/\\d{1,4})?(?:\\s?[кКсС]\\d{1,2})?";
const UNIT = '(?:[,\\s]\\s*(?:корп\\.?|корпус|к\\.|стр\\.?|строение|лит\\.?|кв\\.?|квартира|оф\\.?|офис|пом\\.?|помещение|под\\.?|подъезд|эт\\.?|этаж)\\s*\\d{1,4}[а-яА-Я]?)*';
const ADDRESS = new RegExp(`(?<![А-Яа-яЁёІіЇїЄєҐґ])${STREET_TYPE}\\s*${STREET_NAME}(?:,\\s*|\\s+)${HOUSE}${UNIT}(?![0-9А-Яа-яЁё])`, 'gu');
const PRIORITY = 9;

/** A letter that can start a street type: у/в (ул., вул.), п (пр-т, пер.), ш, б, н, м, т, а, ж. */
function mayHoldStreetType(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x430 || c > 0x456) continue;
    if (c === 0x443 || c === 0x432 || c === 0x43f || c === 0x448 || c === 0x431 || c === 0x43d || c === 0x43c || c === 0x442 || c === 0x430 || c === 0x436) {
      const p = text.charCodeAt(i - 1);
      // at the start of a word only
      if (!(p >= 0x400 && p <= 0x4ff)) return true;
    }
  }
  return false;
}

export const cyrillicAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (!mayHoldStreetType(text) || !/\d/.test(text)) return;
    ADDRESS.lastIndex = 0;
    for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'postal_address', priority: PRIORITY });
  },
};
