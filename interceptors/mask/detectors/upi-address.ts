import type { Detector, Match, ScanContext } from './detector';

/**
 * UPI payment addresses (India's Unified Payments Interface, a "VPA"): `name@okhdfcbank`,
 * `98XXXXXX01@ybl`, `ravi.k@paytm`. Shaped like an e-mail address without a dot in the domain,
 * so the e-mail detector leaves them; they identify a person's bank account like an IBAN, and
 * are masked as e-mail addresses (the shape their readers expect). Only the handles of payment
 * apps and banks count (`ok…`, `wa…`, `pt…` and a fixed list): `admin@localhost` or
 * `root@server` are not payment addresses.
 */
/** The handle after '@', matched from the '@' (sticky): no regex walks the text. */
const HANDLE = /@(?:ok[a-z]{3,12}|wa[a-z]{3,12}|pt[a-z]{3,8}|ybl|ibl|axl|apl|upi|paytm|icici|sbi|hdfcbank|axisbank|kotak|kmbl|barodampay|aubank|idfcbank|idfcfirst|indus|federal|rbl|yesbank|yapl|jupiteraxis|fam|slc|freecharge|airtel|jio|pingpay|mbk|ikwik|abfspay|axisb|dlb|timecosmos|naviaxis|superyes|tapicici|fifederal|sliceaxis)(?![A-Za-z0-9@-]|\.[A-Za-z0-9])/y;

export const upiAddressDetector: Detector = {
  category: 'email',
  priority: 4,
  anchor: 'at',
  minLength: 6,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      HANDLE.lastIndex = at;
      if (!HANDLE.test(text)) continue;
      let s = at;
      while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) s--;
      // two or more characters, opened by a letter or digit
      while (s < at && !isAlnum(text.charCodeAt(s))) s++;
      if (at - s < 2) continue;
      out.push({ start: s, end: HANDLE.lastIndex, category: 'email', priority: 4 });
    }
  },
};

function isAlnum(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 45;
}
