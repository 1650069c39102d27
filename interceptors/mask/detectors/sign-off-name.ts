import type { Detector, Match, ScanContext } from './detector';
import { looksLikeOrganisation } from '../map-keys';
import { givenNameSet } from './name-gazetteer';
import { WORD_TOOLS } from './words';

const { wordHash, wordAt } = WORD_TOOLS;

/**
 * The name under a closing at the very end of a message, in the short forms chat and marketplace
 * messages use (`… noch da? LG Mareike Oberländer`, `Best, Hannah`, `Terveisin Mikko Virtanen`,
 * `Pozdrav, Ivana`). Only the last 80 characters are read, and the closing must be followed by
 * one or two capitalised words that end the text, the closing itself starting a sentence or a
 * line. Without a comma or line break after the closing, one word alone must be a given name.
 * Also the first line after an e-mail signature delimiter (`\n-- \nNiamh | Front desk`).
 */
const TAIL = 80;
const SIGN_OFF =
  /(?:^|[.!?)][ \t]+|\n[ \t]*)(?:LG|VG|GLG|MfG|Lg|Vg|lg|vg|Gruß|Grüße|Grüsse|Best|Cheers|Thanks|Thx|Ta|Saludos|Abrazos|Besos|Un saludo|Cordialement|Bises|Groetjes|Groeten|Mvg|Gr|Pozdrawiam|Pozdrav|Pozdravy|Pozdrawiamy|Hilsen|Mvh|Vh|Med vänlig hälsning|Hälsningar|Terveisin|T|Üdv|Üdvözlettel|Saluti|Ciao|Cumprimentos|Abraços|Atenciosamente|Obrigad[oa]|Salam|Mit freundlichen Grüßen)([,!.]?[ \t\u00a0]*(?:\r?\n[ \t]*)?)(\p{Lu}\p{Ll}[\p{Ll}'’-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{Ll}'’-]*)?)[ \t]*[.!]?[ \t]*$/u;
const PRIORITY = 12;

/** The first line after an e-mail signature delimiter ('-- ' on its own line): the sender's name, then a role or company. */
const SIGNATURE = /\n--[ \t]?\r?\n[ \t]*(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})[ \t]*(?=$|\r?\n|[|,/–-]|[ \t]+[|–-][ \t])/u;

export const signOffNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'self',
  minLength: 8,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    if (text.indexOf('\n--') >= 0) signatureName(text, out);
    const from = text.length > TAIL ? text.length - TAIL : 0;
    // a closing and a name are two words: a value without a space (ids, codes, single words) has none
    if (text.indexOf(' ', from) < 0 && text.indexOf('\n', from) < 0) return;
    const tail = from === 0 ? text : text.slice(from);
    const m = SIGN_OFF.exec(tail);
    if (!m) return;
    const name = m[2];
    if (looksLikeOrganisation(name)) return;
    const start0 = from + m.index + m[0].lastIndexOf(name);
    // without a comma or a line break after the closing, a single word must be a given name ('LG Electronics', 'Best Effort' are not sign-offs)
    if (!/[,\n]/.test(m[1]) && !/\s/.test(name) && !givenNameSet().has(wordHash(text, start0, wordAt(text, start0)))) return;
    const start = start0;
    out.push({ start, end: start + name.length, category: 'person_name', priority: PRIORITY });
  },
};

function signatureName(text: string, out: Match[]): void {
  const m = SIGNATURE.exec(text);
  if (!m || looksLikeOrganisation(m[1])) return;
  const start = m.index + m[0].length - m[1].length - (m[0].length - m[0].trimEnd().length);
  out.push({ start, end: start + m[1].length, category: 'person_name', priority: PRIORITY });
}
