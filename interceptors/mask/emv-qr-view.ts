/**
 * EMV merchant-presented QR payloads (EMVCo QRCPS: Brazil's Pix "copia e cola", Thailand's
 * PromptPay, Malaysia's DuitNow, Indonesia's QRIS, Singapore's SGQR, VietQR …): one string of
 * TLV fields — a two-digit id, a two-digit length, the value — with no separator, so a Pix key
 * (`0136rafaela.moura@hotmail.com5204…`, an e-mail or phone number) is glued to the fields around
 * it and no detector finds its edges. The view keeps every value where it is and blanks each
 * id and length (a line break and three spaces: same length, so spans found in the view are spans
 * of the original). Templates (ids 26–51 merchant account information, 62 additional data, 64
 * language template, 80–99) are opened one level when they parse whole. A string starting with the
 * payload format indicator `000201` whose first three fields parse is one.
 */

/** The view of an EMV QR payload, or undefined when `text` is not one. */
export function emvQrView(text: string): string | undefined {
  if (text.length < 20 || !text.startsWith('000201')) return undefined;
  const out = text.split('');
  // fields read from the start for as long as they parse: a payload whose tail is malformed (a wrong
  // length, a cut) still has its leading fields, the merchant account among them, taken apart
  if (blankFields(text, 0, text.length, out, true) < MIN_FIELDS) return undefined;
  return out.join('');
}

/** Fields the payload must open with for the view to be used: the format indicator, the point of initiation or an account, one more. */
const MIN_FIELDS = 3;

/** Blanks the id and length of each field of text[from, to) up to the first that does not parse; returns how many did. */
function blankFields(text: string, from: number, to: number, out: string[], top: boolean): number {
  let p = from;
  let fields = 0;
  while (p + 4 <= to) {
    const id = twoDigits(text, p);
    const len = twoDigits(text, p + 2);
    if (id < 0 || len < 0 || p + 4 + len > to) break;
    // a template's value is TLV again: opened when every field of it parses (else left as it is)
    if (top && isTemplate(id) && len >= 4) {
      const copy = out.slice(p + 4, p + 4 + len);
      const inner = blankFields(text, p + 4, p + 4 + len, out, false);
      if (inner < 0) for (let k = 0; k < copy.length; k++) out[p + 4 + k] = copy[k];
    }
    out[p] = '\n';
    out[p + 1] = out[p + 2] = out[p + 3] = ' ';
    p += 4 + len;
    fields++;
  }
  // inside a template every field must parse
  if (!top && p !== to) return -1;
  return fields;
}
function isTemplate(id: number): boolean {
  return (id >= 26 && id <= 51) || id === 62 || id === 64 || id >= 80;
}

function twoDigits(text: string, p: number): number {
  const a = text.charCodeAt(p) - 48;
  const b = text.charCodeAt(p + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}
