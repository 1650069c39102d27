import type { DigitGroup } from './digit-runs';

/**
 * Digit windows that numbering plans would accept but that are something else by their shape or
 * their neighbours (issue 11's false positives):
 * - ISO 11649 creditor references (`RF18 5390 0754 7034`): digits after `RF` + two check digits;
 * - timestamps: a window that starts with a calendar date (`2024-11-11 03…`) or runs into a
 *   clock time (`… 03:18:59`);
 * - parts of longer hyphenated or slashed identifiers (`684-0256420-6098214`): a phone number is
 *   not glued by '-' or '/' to more digits;
 * - numbers named as orders, invoices, shipments or references, or written `#12345678`.
 */
export function notAPhone(g: readonly DigitGroup[], i: number, j: number, text: string, from: number): boolean {
  const end = g[j].end;
  // a clock time right after: "2024-11-11 03:18:59", "14 03:18"
  if (text.charCodeAt(end) === 58 && isDigit(text.charCodeAt(end + 1))) return true;
  // a date at the start: 4-2-2 or 2-2-4 with '-', '.', '/' between
  if (j - i >= 3 && dateAt(g, i, text)) return true;
  // glued by '-' or '/' to more digits on either side (inside a longer identifier)
  const before = text.charCodeAt(from - 1);
  if ((before === 45 || before === 47) && isDigit(text.charCodeAt(from - 2))) return true;
  const after = text.charCodeAt(end);
  if ((after === 45 || after === 47) && isDigit(text.charCodeAt(end + 1))) return true;
  if (before === 35) return true; // '#12345678'
  const lead = text.slice(Math.max(0, from - 28), from);
  return CREDITOR_REFERENCE.test(lead) || ORDER_CONTEXT.test(lead);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function len(g: DigitGroup): number {
  return g.end - g.start;
}

function dateAt(g: readonly DigitGroup[], i: number, text: string): boolean {
  const a = len(g[i]);
  const b = len(g[i + 1]);
  const c = len(g[i + 2]);
  if (!((a === 4 && b === 2 && c === 2) || (a === 2 && b === 2 && c === 4))) return false;
  const s1 = text.charCodeAt(g[i].end);
  const s2 = text.charCodeAt(g[i + 1].end);
  return (s1 === 45 || s1 === 46 || s1 === 47) && s1 === s2;
}

/** `RF` and two check digits right before (the reference's digits follow, grouped or not). */
const CREDITOR_REFERENCE = /\bRF\d{2}[ ]?(?:[0-9A-Z]{1,4}[ ]?)*$/i;

/** Words that name the number as something other than a phone (EN, DE, FR, ES, IT, NL, PT, PL). */
const ORDER_CONTEXT =
  /\b(?:order|orders|invoice|inv|ref|reference|tracking|shipment|booking|transaction|txn|receipt|acct|iban|bestellung|bestellnummer|rechnung|auftrag|vorgang|commande|facture|dossier|pedido|factura|ordine|fattura|bestelling|factuur|pedido|fatura|zamówienie|faktura|nr\.?\s*zamówienia)\b\s*(?:no\.?|nr\.?|number|#|id|n°|nº)?\s*[:#=-]?\s*$/i;
