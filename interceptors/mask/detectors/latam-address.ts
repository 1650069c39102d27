import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * Colombian-style street addresses (the `nomenclatura` of Colombia, also written in Venezuela and
 * Panama): a street type and its number, then `#` or `No.` and the cross street's number, a dash
 * and the house's distance (`Cl. 45 #12-30 Apto 502`, `Carrera 43A # 1 Sur - 150, Apto 1204`,
 * `Cra. 7 No. 71-21 Of. 603`, `Av. Calle 26 # 59-51`). The street rules see a street word and one
 * number and stop at the `#`, leaving the house number in clear; this rule takes the whole span,
 * with the unit after it. Found from each `#` or `No` (rare), looking back for the street.
 */
const STREET_HEAD =
  /(?:^|[^\p{L}])((?:Av(?:enida)?\.?\s+)?(?:Calle|Cl|Cll|Carrera|Cra|Cr|Kr|Kra|Diagonal|Dg|Transversal|Tv|Tr|Trans|Avenida|Av|Autopista|Circular|Circunvalar)\.?\s*\d{1,3}\s*[A-Za-z]?(?:\s*Bis)?(?:\s*(?:Sur|Este|Norte|Oeste))?\s*)$/iu;
const NUMBER_TAIL =
  /(?:#|No\.?|N[°º]\.?)\s*\d{1,3}\s*[A-Za-z]?(?:\s*Bis)?(?:\s*(?:Sur|Este|Norte|Oeste))?\s*-\s*\d{1,3}(?:\s*(?:Sur|Este|Norte|Oeste))?(?:,?\s*(?:Apto|Apt|Apartamento|Int|Interior|Of|Oficina|Local|Torre|Casa|Piso|Bloque|Bl)\.?\s*[\w-]{1,6}){0,3}/iy;
const PRIORITY = 9;

export const latamAddressDetector: Detector = {
  category: 'postal_address',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.digit,
  minLength: 10,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    for (const marker of ['#', 'No', 'N°', 'Nº']) {
      for (let p = text.indexOf(marker); p >= 0; p = text.indexOf(marker, p + 1)) {
        // `No` only as `No.` or `No ` before a digit ('Not', 'Now', 'November' are no markers)
        if (marker === 'No' && !((text.charCodeAt(p + 2) === 46 || text.charCodeAt(p + 2) === 32) && isDigitOrSpace(text.charCodeAt(p + 3)))) continue;
        NUMBER_TAIL.lastIndex = p;
        const tail = NUMBER_TAIL.exec(text);
        if (!tail) continue;
        const head = STREET_HEAD.exec(text.slice(Math.max(0, p - 40), p));
        if (!head) continue;
        const start = p - head[1].length;
        out.push({ start, end: p + tail[0].length, category: 'postal_address', priority: PRIORITY });
      }
    }
  },
};

function isDigitOrSpace(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 32;
}
