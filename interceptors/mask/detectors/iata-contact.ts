import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { isPhone } from './phone';

/**
 * IATA contact elements of a PNR (`CTCM 0501234567/SA`, `SSR CTCM YY HK1/447700900123`, `CTCH`,
 * `CTCB`, `CTCP`): the passenger's number written bare and glued to '/' — national with its
 * country after a '/', or international without the '+' — which the digit runs of free text do
 * not offer as candidates. Validated by libphonenumber in the element's country, else as an
 * international number, else in the policy's regions. One indexOf for text without 'CTC'.
 */
const ELEMENT = /CTC[MHBPR]?(?:\s+[A-Z0-9]{2}\s+HK\d)?(?:\s+PAX\s?\d{1,2})?[\s/]*(\+?[0-9][0-9 -]{5,18}[0-9])(?:\/([A-Z]{2})(?![A-Za-z]))?/y;
const PRIORITY = 10;
/** A contact element's value on its own: digits, then '/' and the country (`905321847703/TR`, `0501234567/SA`). */
const CONTACT_VALUE = /^(\d{8,15})\/([A-Z]{2})$/;
/**
 * `CTCE` carries the passenger's e-mail in the IATA encoding: '//' for '@', '..' for '_', './'
 * for '-' (`SSR CTCE YY HK1/JANE..DOE//EXAMPLE.COM`), which no e-mail pattern recognises. A remark may
 * name the passenger before the value (`RM*CTCE PAX1 JANE.DOE//EXAMPLE.COM`), as may the phone element.
 */
const EMAIL_ELEMENT = /CTCE(?:\s+[A-Z0-9]{2}\s+HK\d)?(?:\s+PAX\s?\d{1,2})?[\s/]*([A-Za-z0-9][A-Za-z0-9._+\-]*(?:\.\/[A-Za-z0-9._+\-]+)*\/\/[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)+)/y;

export const iataContactDetector: Detector = {
  category: 'phone',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 12,
  needsDigitPair: true,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    // the element's value alone, its type in another field (`{type: "CTCM", text: "905321847703/TR"}`)
    if (text.length <= 28 && text.charCodeAt(text.length - 3) === 47) {
      const v = CONTACT_VALUE.exec(text);
      if (v && (isPhone('+' + v[1], true, ctx.phoneRegions) || isPhone(v[1], false, [v[2]]))) {
        out.push({ start: 0, end: v[1].length, category: 'phone', priority: PRIORITY });
        return;
      }
    }
    for (let p = text.indexOf('CTC'); p >= 0; p = text.indexOf('CTC', p + 3)) {
      ELEMENT.lastIndex = p;
      const m = ELEMENT.exec(text);
      if (!m) continue;
      let number = m[1];
      const start = m.index + m[0].length - number.length - (m[2] ? 3 : 0);
      // the passenger it belongs to, glued after a dash (`…2018-1.1`): not part of the number
      const pax = /-\d{1,2}$/.exec(number);
      if (pax && m[2] === undefined && text.charCodeAt(start + number.length) === 46) number = number.slice(0, pax.index);
      const plus = number.charCodeAt(0) === 43;
      const ok =
        (m[2] !== undefined && !plus && isPhone(number, false, [m[2]])) ||
        (plus ? isPhone(number, true, ctx.phoneRegions) : isPhone('+' + number, true, ctx.phoneRegions) || isPhone(number, false, ctx.phoneRegions));
      if (ok) out.push({ start, end: start + number.length, category: 'phone', priority: PRIORITY });
    }
  },
};

/** The e-mail of an IATA `CTCE` element (EMAIL_ELEMENT); one indexOf for text without 'CTCE'. */
export const iataEmailDetector: Detector = {
  category: 'email',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 12,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let p = text.indexOf('CTCE'); p >= 0; p = text.indexOf('CTCE', p + 4)) {
      EMAIL_ELEMENT.lastIndex = p;
      const m = EMAIL_ELEMENT.exec(text);
      if (!m) continue;
      const start = m.index + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, category: 'email', priority: PRIORITY });
    }
  },
};
