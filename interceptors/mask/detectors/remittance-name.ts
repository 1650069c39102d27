import { looksLikeOrganisation } from '../map-keys';
import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';

/**
 * The payer or payee of a bank transfer in a statement's remittance line, written in capitals
 * between the transfer's label and the IBAN: `SEPA-Überweisung SUZUKI REN IBAN PT19 …`, `VIR SEPA
 * KANG JI-HO IBAN IT87 …`, `TRANSFER FROM ADA OKORO IBAN GB…`. Capitalised-word rules need four
 * capitals or a small letter, so short upper-case names (`REN`, `JI-HO`) slip through them; here
 * the label and the IBAN after the words decide. Two to four words; an organisation's name (a
 * legal form or a business noun) stays.
 */
const LINE =
  /(?:SEPA[- ](?:Überweisung|Ueberweisung|Gutschrift|Lastschrift|Echtzeitüberweisung|transfer|credit|debit)|SEPA|VIR(?:EMENT)?(?:\s+SEPA)?|Überweisung|Ueberweisung|Gutschrift|TRANSFER(?: FROM| TO)?|BONIFICO(?: DA| A)?|TRANSFERENCIA(?: DE| A)?|OVERBOEKING|PRZELEW(?: OD| DO)?|TRF)\s+((?:[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]*\s+){1,3}[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+)\s+(?=IBAN\b|BIC\b)/gu;
const PRIORITY = 13;

export const remittanceNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  needs: TEXT_CLASS.upper,
  minLength: 16,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('IBAN') < 0 && text.indexOf('BIC') < 0) return;
    LINE.lastIndex = 0;
    for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
      const name = m[1];
      // a label word caught as a first name ('SEPA VIR …') is not a name
      if (looksLikeOrganisation(name) || /^(?:SEPA|VIR|VIREMENT|TRANSFER|FROM|TO|DA|DE)\b/.test(name)) continue;
      const start = m.index + m[0].length - name.length - (m[0].length - m[0].trimEnd().length);
      out.push({ start, end: start + name.length, category: 'person_name', priority: PRIORITY });
    }
  },
};
