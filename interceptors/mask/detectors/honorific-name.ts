import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Romanised names followed by a Japanese, Chinese or Korean honorific, as East Asian text writes
 * them (`Inoue Yui様`, `Tanaka Hiroshi さん`, `Huang Jun先生`, `Park Jihoon님`): the honorific only
 * ever follows a person's name, so it is the cue. A one-byte (Latin-1) string cannot hold any of
 * them: the indexOf probes return at once there. One or two words, not the end of a longer capitalised
 * phrase (`Samsung Medical Center様` addresses a company).
 */
const HONORIFICS = ['様', 'さん', 'さま', '氏', '殿', '先生', '女士', '小姐', '님', '씨', '君', '입니다', '이에요', '예요'];
const NAME_BEFORE = /(?<![A-Za-z\u00c0-\u024f][ \u00a0]?)((?:[A-Z][a-z\u00df-\u024f'’-]+|[A-Z]{2,})(?:[ \u00a0](?:[A-Z][a-z\u00df-\u024f'’-]+|[A-Z]{2,})){0,1})[ \u00a0]?(?=様|さん|さま|氏|殿|先生|女士|小姐|님|씨|君)/g;

/**
 * A Korean name in Hangul before an honorific or a copula (`김도현 고객님`, `박서연님`, `이민준 씨`,
 * `안녕하세요, 김도현입니다`): three syllables, the first one of the common family names — titles before 님 are two syllables
 * (`고객님`, `선생님`, `사장님`) or listed below.
 */
const HANGUL_NAME_BEFORE =
  /(?<![\uac00-\ud7a3])([김이박최정강조윤장임한오서신권황안송류유전홍문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석설마길연위표명][\uac00-\ud7a3]{2})[ \u00a0]?(?=고객님|님|씨|환자|회원님|입니다|이에요|예요)/g;
const NOT_HANGUL_NAMES = new Set(['이사장', '부사장', '원장님', '교장', '이사님', '회장님', '조합장', '소장님', '주임님', '차장님', '반장님', '대리님', '관리자', '담당자', '상담원', '하나님', '선생님', '기사님', '구청장', '시장님', '도지사']);

/**
 * A name in Han characters before a Japanese or Chinese honorific (`伊藤様より`, `田中さん`, `王先生`,
 * `李女士`): two to four characters before 様/さん/さま/氏/殿 (Japanese surnames are mostly two), the
 * one character before 先生/女士/小姐 (Chinese surnames are mostly one; the character before it is
 * often a verb: `请王先生`), the Japanese ones standing after a non-Han character or at the start. Words that take an honorific but name no one are left out.
 */
const HAN_NAME_BEFORE = /((?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?=様|さん|さま|氏|殿)|[\u4e00-\u9fff](?=先生|女士|小姐))/g;
const NOT_HAN_NAMES = new Set(['お客', '客', '顧客', '皆', '各位', '患者', '利用者', '担当者', '関係者', '会員', '奥', '旦那', '先方', '相手', '上', '神', '仏', '医', '老', '各', '诸位', '女', '男', '先', '贵', '貴', '御', '客户', '王子', '医生', '老师']);

export const honorificNameDetector: Detector = {
  category: 'person_name',
  priority: 13,
  anchor: 'self',
  needs: TEXT_CLASS.nonAscii,
  minLength: 3,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    let any = false;
    for (const h of HONORIFICS) {
      if (text.indexOf(h) >= 0) {
        any = true;
        break;
      }
    }
    if (!any) return;
    NAME_BEFORE.lastIndex = 0;
    for (let m = NAME_BEFORE.exec(text); m; m = NAME_BEFORE.exec(text)) {
      out.push({ start: m.index, end: m.index + m[1].length, category: 'person_name', priority: 13 });
    }
    HAN_NAME_BEFORE.lastIndex = 0;
    for (let m = HAN_NAME_BEFORE.exec(text); m; m = HAN_NAME_BEFORE.exec(text)) {
      if (!NOT_HAN_NAMES.has(m[1])) out.push({ start: m.index, end: m.index + m[1].length, category: 'person_name', priority: 13 });
    }
    HANGUL_NAME_BEFORE.lastIndex = 0;
    for (let m = HANGUL_NAME_BEFORE.exec(text); m; m = HANGUL_NAME_BEFORE.exec(text)) {
      if (!NOT_HANGUL_NAMES.has(m[1])) out.push({ start: m.index, end: m.index + m[1].length, category: 'person_name', priority: 13 });
    }
  },
};
