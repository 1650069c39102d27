/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Issuer prefixes and lengths of the networks we mask: Visa 4 (13/16/19), Mastercard 51–55 and
 * 2221–2720 (16), Amex 34/37 (15), Discover 6011, 644–649, 65 (16–19), JCB 3528–3589 (16–19),
 * Diners 300–305, 36, 38–39 (14–19), UnionPay 62 (16–19), and the national schemes Troy, Mir,
 * RuPay, Verve and Elo. Anything else is not a card: epoch
 * milliseconds (1…) and most order numbers fail here before Luhn is even tried.
 */
export function cardIssuerValid(d: string): boolean {
  const n = d.length;
  let p2: number;
  let p3: number;
  let p4: number;
  const a = d.charCodeAt(0) - 48;
  const b = d.charCodeAt(1) - 48;
  const c = d.charCodeAt(2) - 48;
  const e = d.charCodeAt(3) - 48;
  if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 && e >= 0 && e <= 9) {
    // four leading digits (every caller's case): the prefixes without slicing
    p2 = a * 10 + b;
    p3 = p2 * 10 + c;
    p4 = p3 * 10 + e;
  } else {
    p2 = Number(d.slice(0, 2));
    p3 = Number(d.slice(0, 3));
    p4 = Number(d.slice(0, 4));
  }
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if (p2 >= 51 && p2 <= 55) return n === 16;
  if (p4 >= 2221 && p4 <= 2720) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19;
  // Maestro (ISO/IEC 7812 IINs 5018, 5020, 5038, 5893, 6304, 6759, 6761–6763): 12–19 digits
  if (p4 === 5018 || p4 === 5020 || p4 === 5038 || p4 === 5893 || p4 === 6304 || p4 === 6759 || (p4 >= 6761 && p4 <= 6763)) return n >= 12 && n <= 19;
  if (p2 === 62) return n >= 16 && n <= 19;
  // national schemes: Troy (TR) 9792, Mir (RU) 2200–2204, RuPay (IN) 60, 508, 81, 82, Verve (NG) 5060–5061
  if (p4 === 9792 || p2 === 60 || p3 === 508 || p2 === 81 || p2 === 82) return n === 16;
  // Elo (BR) outside the Visa, Discover and UnionPay ranges: 504175, 506699–506778, 509xxx, 636297, 636368
  if (p4 === 5041 || p4 === 5066 || p4 === 5067 || p3 === 509 || p4 === 6362 || p4 === 6363) return n === 16;
  if ((p4 >= 2200 && p4 <= 2204) || p4 === 5060 || p4 === 5061) return n >= 16 && n <= 19;
  return false;
}

export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && cardIssuerValid(digits) && luhnValid(digits);
}
