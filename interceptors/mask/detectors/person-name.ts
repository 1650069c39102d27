import { TEXT_CLASS, type Detector, type Match, type ScanContext } from './detector';
import { givenNameSet, wideGivenNameSet } from './name-gazetteer';
import { wordSet } from './word-hash';
import { WORD_TOOLS } from './words';
import { looksLikeOrganisation } from '../map-keys';

const { foldCode, wordHash, isCapital, isLetter, isSpace, isDigitCode, wordAt, wordStart } = WORD_TOOLS;

/**
 * Person names in free text. Candidates are the capitalised words of the one pass (`capitalWord`);
 * every word is judged by hashes of itself and of the one or two words before it (no slicing), so
 * text without names costs a few hash computations per capitalised word. A name is 1–4
 * capitalised (or upper-case) words, with particles (`van der`, `de la`, `da`, `von`) between.
 * It counts when:
 * - a title or salutation comes right before (`Mr`, `Dr`, `Frau`, `Mme`, `Sra.`, `Dear`, `Hallo`,
 *   `Bonjour`, `Estimado`), or an introduction / sign-off (`my name is`, `je m'appelle`, `me llamo`,
 *   `signed by`, `Regards,`, `Mit freundlichen Grüßen,`);
 * - a role word comes before (`patient`, `passenger`, `customer`, `contact:`, `attn`) and the
 *   name has two words or starts with a known given name;
 * - a weak cue (`from`, `with`, `called`, `von`, `par`) comes before and it starts with a given name;
 * - without a cue: a given name followed by another capitalised word (`Joanna Kieślowska`);
 * - the airline form `SURNAME/GIVEN MR`.
 * Months, weekdays, organisation and street words never start or continue a name.
 */
const TITLES = wordSet(
  `mr mrs ms miss mx dr prof sir madam herr herrn frau fr m mme mlle sr sra srta sig signor signora sig.ra dott dhr mevr mevrouw meneer heer pan pani paní pane sen senhor senhora dona don
  ibu bapak pak bu sdr sdri tuan nyonya nona puan encik cik shri sri smt shrimati kumari ginoo ginang binibini sayın sayin anh chị ông bà cô mudr mvdr judr phdr rndr mgr ing
  dra lic licda licdo inga arq mvz mtro mtra abg abog juf meester opettaja rehtori lärare läraren lærer lærerinde avv avvocato ing`.split(' '),
);
/** Whether text[start, end) is a title of address (`Dr`, `MVZ`, `Lic`, `Frau`), in any case. */
export function isTitleWord(text: string, start: number, end: number): boolean {
  return TITLES.has(wordHash(text, start, end));
}
const SALUTATIONS = wordSet(
  `dear hello hi hey dearest bonjour bonsoir salut cher chère hallo liebe lieber geehrte geehrter moin servus estimado estimada hola querido querida ciao buongiorno buonasera gentile caro cara olá ola prezado prezada beste geachte hoi szanowny szanowna witaj shalom merhaba selam namaste salam ahlan halo hej hei hallå ahoj jambo habari sawubona mabuhay kumusta privet zdravo`.split(' '),
);
/** Words right before a name that make it one whatever the name is. */
const STRONG_CUES = wordSet(
  `regards sincerely cheers thanks thank thx ty grüßen grüße gruß cordialement salutations saludos saludo saluti atenciosamente abraços abraço abrazo abrazos beijos besos bises groet groeten poważaniem pozdrawiam appelle llamo soy sono chiamo się attn signed surname surnames forename forenames lastname firstname vorname vornamen nachname familienname geburtsname prénom prénoms prenom prenoms apellido apellidos cognome sobrenome sobrenomes achternaam voornaam voornamen imiona podpisano unterschrieben ansprechpartner ansprechpartnerin firmado firmato assinado signé atentamente cordialmente afectuosamente distinti hälsningar hilsen hilsner terveisin pozdravem saygılarımla saygilarimla`.split(
    ' ',
  ),
);
/** Roles: a name after them has two words or starts with a given name. */
const ROLE_CUES = wordSet(
  `transfer transferencia transferência überweisung virement bonifico przelew overboeking överföring remittance patient patientin paciente paziente patiënt pacjent pacjentka passenger passagier passager pasażer passageiro pasajero passeggero customer client cliente kunde kundin klient klientka klant guest member holder cardholder beneficiary recipient employee caller sender applicant tenant traveller traveler contact kontakt contacto contatto contato user name names nom nombre nome naam nazwisko imię doctor nurse agent driver namens klantnaam
  reviewer approver owner admin administrator guardian minor witness adjuster assignee requester reporter author signatory consignee rider
  insured policyholder debtor creditor payee manager technician operator representative student spouse resident visitor candidate
  claimant subscriber participant attendee interviewer interviewee inspector auditor courier surveyor landlord lessee borrower
  neighbour neighbor colleague coworker law brother-in-law sister-in-law mother-in-law father-in-law son-in-law daughter-in-law wife husband son daughter brother sister mother father friend partner fiancé fiancée cousin
  uncle aunt nephew niece grandson granddaughter grandmother grandfather roommate flatmate housemate stepson stepdaughter
  vecino vecina esposa esposo marido hijo hija hermano hermana nachbar nachbarin ehefrau ehemann sohn tochter bruder schwester
  voisin voisine épouse époux fils frère sœur vicino vicina moglie marito figlio figlia fratello sorella buurman buurvrouw
  vizinho vizinha filho filha irmão irmã sąsiad sąsiadka żona mąż syn córka brat siostra its
  suis plaintiff plaintiffs defendant defendants petitioner appellant appellee respondent attorney counsel lawyer solicitor barrister notary custodian trustee executor executrix guarantor decedent
  companion companions carer caregiver escort traveller traveler chaperone accompanied
  ægtefælle ægtefaelle ektefelle hustru kone datter søn bror søster nabo make maka fru dotter syster mamma pappa granne puoliso vaimo aviomies tytär veli sisko äiti isä naapuri
  manželka manžel dcera bratr sestra manželky żony męża córki synowa zięć istri suami anaknya ibu bapak kakak adik eşi oğlu kızı annesi babası kardeşi
  nominee nama abonné abonne investigator investigador investigatrice sperimentatore zeuge zeugin testigo témoin temoin testimone getuige świadek testemunha tanık vittne vitne todistaja kurier kurye kuryen kuryeniz repartidor repartidora livreur livreuse bezorger corriere entregador entregadora huoltaja klägerin kläger beklagte beklagter antragsteller antragstellerin gestor gestora responsable asesor asesora tramitador tramitadora fille filles conducente conductor conductora motorista chauffeur fahrer fahrerin kierowca bestuurder förare sürücü mãe pai madre padre mère père mutter vater moeder vader matka ojciec madrasta padrasto abuela abuelo avó avô nonna nonno großmutter großvater oma opa
  beta beti bhai bhaiya didi bhabhi chacha chachi devar jija saala thambi pati patni behen bahen bahu sasur saas`.split(
    ' ',
  ),
);
/** Weak cues: only a given name after them. */
// 'I am' / 'here is' in Turkish, Indonesian and Malay, Czech, Finnish, Swedish and Hebrew ('Merhaba, ben İbrahim', 'saya Putu Ayu', 'כאן Yossi')
const WEAK_CUES = wordSet(`from with by called call to for von mit an avec con com met par por door od przez per ask asked told ben bin sou saya aku jsem olen är כאן אני от для с у`.split(' '));
/** `statement taken from`, `meeting with`, `complaint from`: a name after them has two words or starts with a given name. */
const ROLE_LINKS = wordSet(`from with to by`.split(' '));
const ROLE_LINK_HEADS = wordSet(
  `taken received statement complaint message letter email mail call meeting spoke spoken talked talk met speak chat request referral note feedback interview appointment visit registered belongs belonging assigned issued addressed married transferred paid payable shipped licensed leased rented sold granted
  escalated forwarded handed reassigned routed confirmed verified approved handled reviewed reported referred signed authorised authorized`.split(' '),
);
const OF_LINKS = wordSet(['of', 'di']);
const OF_HEADS = wordSet(['care', 'behalf', 'attenzione', 'identity', 'details', 'passport']);
/** Second word of two-word cues (`name is`, `signed by`): the first word decides. */
const LINKS = wordSet(`is ist é es by par por da von de door przez a of di`.split(' '));
const LINK_HEADS = wordSet(
  `identity behalf details record profile passport llamar llame llamen contactar contacte contacten avisar avise notificar escribir escriba preguntar pregunte rappelé rappelée contacté contactée appelé appelée traité traitée validé validée vérifié vérifiée approuvé approuvée this name naam nome nom signed sent approved submitted requested reviewed authorised authorized created assigned forwarded reported handled escalated closed opened resolved completed verified uploaded exported updated modified deleted entered prepared performed witnessed accepted rejected collected delivered received signé envoyé firmado enviado firmato inviato assinado enviado unterschrieben gesendet geschickt ondertekend verzonden part podpisane wysłane care cuidados attention attenzione atención hier aqui aquí ici qui nombre`.split(
    ' ',
  ),
);
/** Lower-case words allowed between the words of a name. */
const PARTICLES = wordSet(`van der den de del della di da das dos du la le von zu zur ter ten bin binti bte bint ibn al el y e`.split(' '));
/** Capitalised words that are never part of a name. */
const NOT_NAME = wordSet(
  `
january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
januar februar märz juni juli oktober dezember janvier février mars avril mai juin juillet août septembre octobre novembre décembre
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio agosto settembre ottobre dicembre
monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica
the this that these those our your their my his her its a an and or not no yes ok please thanks thank team teams support service services affairs ministry honors honours
customer customers client order orders account accounts status error errors warning info debug request response payment payments invoice
refund ticket case issue update updates release version build test admin user users system systems server api app web mobile online
inc corp corporation ltd llc gmbh ag sa sas srl bv nv plc co company group bank hotel hospital clinic airline airlines airways
university school college institute foundation association department office store shop market logistics shipping express
street st road rd avenue ave lane ln boulevard blvd drive dr court ct place way square straße strasse str weg allee platz rue chemin calle avenida via viale piazza straat laan plein ulica ul rua
north south east west new old saint san santa
desk lamp card rewards chair table sofa bed pro max plus mini ultra lite edition kit pack set bundle premium gold silver platinum classic
series model cable charger cover bag shoes shirt jacket watch phone tablet laptop speaker headphones light bulb mug bottle box hub
station plan subscription membership voucher gift bundle coffee tea blend collection
town city ville bay beach springs falls harbour harbor island islands valley county
dept division procurement purchasing accounts payable receivable finance legal operations sales marketing billing reception warehouse
studio studios labs lab works design designs media solutions partners ventures holdings industries technologies consulting agency
care agence agencia agenzia agentur filiale branch sucursal pty tbk bhd sdn kk jsc
seguros seguradora assicurazioni health healthcare medical cardiology radiology oncology pediatrics dermatology neurology
iban bic swift ref fee fees limit amount
`.split(/\s+/),
);

const PRIORITY = 13;
const MAX_WORDS = 4;
/** Given names written abbreviated before the rest of a name: Muhammad (Md, Mohd, Muhd), María (Ma), William, Charles, Thomas, George, James, Joseph, Francisco. */
export const GIVEN_ABBREVIATIONS: ReadonlySet<string> = new Set(['Md', 'Mohd', 'Muhd', 'Mhd', 'Ma', 'Mª', 'Wm', 'Chas', 'Thos', 'Geo', 'Jas', 'Jos', 'Fco']);

export const personNameDetector: Detector = {
  category: 'person_name',
  priority: PRIORITY,
  anchor: 'capitalWord',
  needs: TEXT_CLASS.upper | TEXT_CLASS.nonAscii,
  minLength: 5,
  find(ctx: ScanContext, out: Match[]): void {
    const text = ctx.text;
    const caps = ctx.capitalWords();
    const given = givenNameSet();
    const first = out.length;
    let doneTo = -1;
    // a name listed after a cued one ('with Anna Kowal and Jan Nowak') has that cue too
    let carryAt = -1;
    let carryCue = NONE;
    let quotedAt = -1;
    for (let k = 0; k < caps.length; k += 2) {
      let s = caps[k];
      let e = caps[k + 1];
      if (s < doneTo) continue;
      // a name in single quotes ('Ravi Shankar', name='Anna Kowal'): the one pass does not start a
      // capitalised word right after an apostrophe (O'Brien), so its first word is taken here
      if (text.charCodeAt(s - 1) === 32) {
        const ws = wordStart(text, s - 1);
        if (ws < s - 1 && ws > doneTo && ws !== quotedAt && text.charCodeAt(ws - 1) === 39 && isCapital(text.charCodeAt(ws)) && !isLetter(text.charCodeAt(ws - 2))) {
          e = s - 1;
          s = ws;
          quotedAt = ws;
          k -= 2; // the word at caps[k] is judged again after this one
        }
      }
      const h = wordHash(text, s, e);
      if (TITLES.has(h) || SALUTATIONS.has(h)) {
        // the name starts after the title (and a second title: 'Dear Mr. Smith', 'Sehr geehrte Frau Weber')
        let at = skipPunct(text, e);
        const next = wordAt(text, at);
        if (next > at && TITLES.has(wordHash(text, at, next))) at = skipPunct(text, next);
        const end = nameEnd(text, at, 1);
        if (end > at) {
          out.push({ start: at, end, category: 'person_name', priority: PRIORITY });
          doneTo = end;
        }
        continue;
      }
      if (e - s < 2 || NOT_NAME.has(h)) continue;
      if (text.charCodeAt(e) === 47) continue; // 'SMITH/JOHN': airlineNames below
      // 'T. Dunbar', 'J. Santamaría': an initial before the surname belongs to the name
      let start = s;
      let initial = false;
      // (particles between the initial and the surname: 'E. de Vries', 'J. van der Berg')
      const ps = particlesBefore(text, s);
      if (text.charCodeAt(ps - 1) === 32 && text.charCodeAt(ps - 2) === 46 && isCapital(text.charCodeAt(ps - 3)) && !isLetter(text.charCodeAt(ps - 4))) {
        start = ps - 3;
        initial = true;
        // 'M. Étienne Beaulieu': a one-letter title ('M.' in French), not an initial of the name
        if (TITLES.has(wordHash(text, ps - 3, ps - 2))) {
          start = s;
          initial = false;
        }
      } else if (text.charCodeAt(s - 1) === 32 && text.charCodeAt(s - 2) === 46) {
        // 'Ma. Lourdes Santos', 'Md. Rafiqul Islam': an abbreviated given name opens the name
        const ws = wordStart(text, s - 2);
        if (ws < s - 2 && !isLetter(text.charCodeAt(ws - 1)) && GIVEN_ABBREVIATIONS.has(text.slice(ws, s - 2))) start = ws;
      }
      // a title written in lower case, then particles (`met mevr. van den Berg`, `ask dr. van der Linden`): the name from its particles
      if (!initial && ps < s && text.charCodeAt(ps - 1) === 32) {
        const t = text.charCodeAt(ps - 2) === 46 ? ps - 2 : ps - 1;
        const ws = wordStart(text, t);
        if (ws < t && TITLES.has(wordHash(text, ws, t))) {
          const end = nameEnd(text, s, 1);
          if (end > s) {
            out.push({ start: ps, end, category: 'person_name', priority: PRIORITY });
            doneTo = end;
            continue;
          }
        }
      }
      let cue = cueBefore(text, start);
      if (start === carryAt && carryCue > cue) cue = carryCue;
      const isGiven = given.has(h);
      if (cue === NONE && !initial) {
        // 'New York Times', 'San Diego Zoo', 'Fort Worth': a word after a place's first word is the place's
        if (afterPlacePrefix(text, s)) continue;
        // a listed given name called out ('Sorry to hear that, Priya!', 'Got it Tomasz?'): a person addressed
        const next = text.charCodeAt(e);
        // a listed given name that acts ('Imogen rang re a double charge', 'Tomasz emailed twice')
        // or speaks in a chat log ('Amr: rang twice', at the start of a line)
        if (
          !ctx.thingField &&
          ((isGiven && (next === 33 || next === 63 || (next === 32 && actsAfter(text, e + 1)) || (s === 0 && next === 44 && addressedAfter(text, e + 1)))) || (next === 58 && speakerAt(text, s, e) && (isGiven || (wideGivenNameSet().has(h) && !ROLE_CUES.has(h) && !SPEAKER_ROLES.has(h)))))
        ) {
          out.push({ start: s, end: e, category: 'person_name', priority: PRIORITY });
          doneTo = e;
          continue;
        }
      }
      // without a cue only 'Given Surname' counts: skip single words before counting
      // 'Lindqvist Björn' as a whole field of a record: family name first, a listed given name second
      const familyFirst = cue === NONE && !initial && !isGiven && !ctx.thingField && familyGivenField(text, s, e, given);
      if (cue === NONE && !initial && !familyFirst && (ctx.thingField || !(text.charCodeAt(e) === 32 && isCapital(text.charCodeAt(e + 1)) && (isGiven || wroteAfterSoon(text, e))))) continue;
      const words = countWords(text, s);
      const end = lastEnd;
      let ok: boolean;
      if (initial) ok = cue !== NONE || wroteAfter(text, end);
      else if (cue === STRONG) ok = true;
      // one word after a role written in lower case: a given name of the wide list too ('il corriere Ludovica', not
      // 'Customer Success'); 'referred by Linden Rose Hospital' is an organisation
      else if (cue === ROLE) ok = (words >= 2 || isGiven || (wideGivenNameSet().has(h) && lowerRoleBefore(text, start))) && !titleGoesOn(text, end);
      // 'by Herman Studio' is a maker, not a person; after `for` / `to` two words or more may open with a given name
      // of the wide multilingual list (`reset link sent for Dmitry Sokolovsky`) unless they name a company (`to Delta Air Lines`)
      else if (cue === WEAK)
        ok = (isGiven || (words >= 2 && wideGivenNameSet().has(h) && recipientBefore(text, start) && !looksLikeOrganisation(text.slice(start, end + 40)))) && !titleGoesOn(text, end);
      else ok = familyFirst || (((isGiven && words >= 2) || (words >= 2 && wroteAfter(text, end))) && !titleGoesOn(text, end));
      // a word the one pass took for capitalised ('şahin': Latin Extended-A mixes cases) gives no name
      if (!ok || end <= start) continue;
      // 'Sakura Denki K.K.', 'Hoang Phat S.A.': words ending in a dotted legal form are a company
      if (endsInDottedForm(text, end)) continue;
      out.push({ start, end, category: 'person_name', priority: PRIORITY });
      doneTo = end;
      if (cue !== NONE) {
        carryAt = listedNext(text, end);
        carryCue = cue === STRONG ? ROLE : cue;
      }
    }
    if (text.indexOf('/') >= 0) airlineNames(text, given, out);
    if (text.indexOf('<') >= 0) quotedDisplayNames(text, out);
    if (text.indexOf('(') >= 0) parenthesisedDisplayNames(text, out);
    if (out.length > first) mentionedAgain(text, caps, first, out);
  },
};

/**
 * A name found once in a text is the same person's wherever its words come again in that text
 * ('Dear Anna Kowalczyk, … Kowalczyk's account', 'Ms Adaeze Obi … thanks, Adaeze'): the words
 * (three letters or more, capitalised, not words that never belong to a name) of the names
 * found are looked up among the text's other capitalised words.
 */
function mentionedAgain(text: string, caps: readonly number[], first: number, out: Match[]): void {
  const found = out.length;
  const words = new Set<number>();
  for (let i = first; i < found; i++) {
    const m = out[i];
    if (m.category !== 'person_name') continue;
    for (let p = m.start; p < m.end; ) {
      while (p < m.end && !isLetter(text.charCodeAt(p))) p++;
      const e = wordAt(text, p);
      if (e - p >= 3 && e <= m.end && isCapital(text.charCodeAt(p))) {
        const h = wordHash(text, p, e);
        if (!NOT_NAME.has(h) && !TITLES.has(h) && !SALUTATIONS.has(h)) words.add(h);
      }
      p = e > p ? e : p + 1;
    }
  }
  if (words.size === 0) return;
  for (let k = 0; k < caps.length; k += 2) {
    const s = caps[k];
    const e = caps[k + 1];
    // "Kowalczyk's": the possessive stays outside the name
    const c = text.charCodeAt(e - 2);
    const end = (c === 39 || c === 0x2019) && (text.charCodeAt(e - 1) | 32) === 115 ? e - 2 : e;
    if (!words.has(wordHash(text, s, end))) continue;
    let inside = false;
    for (let i = first; i < out.length; i++) if (out[i].start <= s && out[i].end >= end) inside = true;
    if (!inside) out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
  }
}

/** Longest display name taken from mail-style forms. */
const MAX_DISPLAY_NAME = 64;

/**
 * `"Zieliński, Tomasz" <tz@firma.pl>`: the quoted display name of a mail address (RFC 5322), in
 * whatever order and punctuation it is written — the words of a name without the shape the
 * capitalised-word rules look for. Taken when the quotes hold letters only (no digit, no '@'),
 * one capital at least, and the angle brackets hold an address.
 */
function quotedDisplayNames(text: string, out: Match[]): void {
  for (let p = text.indexOf('<'); p >= 0; p = text.indexOf('<', p + 1)) {
    let q = p;
    while (q > 0 && text.charCodeAt(q - 1) === 32) q--;
    if (text.charCodeAt(q - 1) !== 34) {
      unquotedDisplayName(text, p, q, out);
      continue;
    }
    const close = q - 1;
    const open = text.lastIndexOf('"', close - 1);
    if (open < 0 || close - open - 1 < 2 || close - open - 1 > MAX_DISPLAY_NAME) continue;
    const gt = text.indexOf('>', p);
    if (gt < 0 || gt - p > 256 || text.lastIndexOf('@', gt) < p) continue;
    if (!isDisplayName(text, open + 1, close) || hasNotNameWord(text, open + 1, close)) continue;
    // a person's, not a team's or a company's ('"Acme Billing" <billing@acme.com>'): written
    // 'Family, Given', or holding a known given name, or sent from a 'first.last'-style address
    const at = text.indexOf('@', p);
    const comma = text.indexOf(',', open + 1);
    const personal = (comma > open && comma < close) || hasGivenName(text, open + 1, close) || /[._]/.test(text.slice(p + 1, at));
    if (personal) out.push({ start: open + 1, end: close, category: 'person_name', priority: PRIORITY });
  }
}

/**
 * `From: Kwabena Asante <k.asante@…>`: a display name without quotes, from the start of the text,
 * a line, or after ':' / ',' up to the '<' of a mail address: two to four capitalised words, no
 * word that never belongs to a name ('Customer Support <help@…>').
 */
function unquotedDisplayName(text: string, p: number, q: number, out: Match[]): void {
  const gt = text.indexOf('>', p);
  if (gt < 0 || gt - p > 256 || text.lastIndexOf('@', gt) < p) return;
  let s = q;
  while (s > 0 && q - s <= MAX_DISPLAY_NAME) {
    const c = text.charCodeAt(s - 1);
    if (!(isLetter(c) || c === 32 || c === 46 || c === 39 || c === 0x2019 || c === 45)) break;
    s--;
  }
  const b = s > 0 ? text.charCodeAt(s - 1) : 10;
  while (s < q && text.charCodeAt(s) === 32) s++;
  if (!(b === 10 || b === 13 || b === 58 || b === 44 || b === 9 || b === 59)) return;
  if (q - s < 5 || !isDisplayName(text, s, q) || !hasTwoWords(text, s, q) || hasNotNameWord(text, s, q)) return;
  // every word capitalised
  for (let i = s; i < q; i++) if (text.charCodeAt(i) === 32 && i + 1 < q && !isCapital(text.charCodeAt(i + 1))) return;
  // a person's, not a team's: as for quoted names, a known given name or a 'first.last'-style address
  const at = text.indexOf('@', p);
  if (!hasGivenName(text, s, q) && !/[._]/.test(text.slice(p + 1, at))) return;
  out.push({ start: s, end: q, category: 'person_name', priority: PRIORITY });
}

function hasGivenName(text: string, s: number, e: number): boolean {
  const given = givenNameSet();
  for (let i = s; i < e; ) {
    while (i < e && !isLetter(text.charCodeAt(i))) i++;
    let j = i;
    while (j < e && isLetter(text.charCodeAt(j))) j++;
    if (j > i && given.has(wordHash(text, i, j))) return true;
    i = j;
  }
  return false;
}

/**
 * `orla.obrien@example.ie (Orla O'Brien)`, `user 'o.brien' (Orla O'Brien)`: a name in
 * parentheses right after a mail address or a quoted handle — the legacy mail display-name form
 * and how audit lines name the person behind an account.
 */
function parenthesisedDisplayNames(text: string, out: Match[]): void {
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    if (text.charCodeAt(p - 1) !== 32) continue;
    const close = text.indexOf(')', p + 1);
    if (close < 0 || close - p - 1 < 2 || close - p - 1 > MAX_DISPLAY_NAME) continue;
    // the token before: an address ('@' in it) or a quoted handle
    const tokenEnd = p - 1;
    let t = tokenEnd;
    while (t > 0 && !isSpace(text.charCodeAt(t - 1))) t--;
    if (tokenEnd - t < 3) continue;
    const last = text.charCodeAt(tokenEnd - 1);
    const quoted = (last === 39 || last === 34) && text.charCodeAt(t) === last;
    if (quoted ? !accountWordBefore(text, t) : text.lastIndexOf('@', tokenEnd - 1) < t) continue;
    if (isDisplayName(text, p + 1, close) && hasTwoWords(text, p + 1, close) && !hasNotNameWord(text, p + 1, close)) {
      out.push({ start: p + 1, end: close, category: 'person_name', priority: PRIORITY });
    }
  }
}

/** Letters, spaces and the marks of names (',', '.', "'", '’', '-') only, starting with a capital. */
function isDisplayName(text: string, s: number, e: number): boolean {
  if (!isCapital(text.charCodeAt(s))) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) || c === 32 || c === 44 || c === 46 || c === 39 || c === 0x2019 || c === 45)) return false;
  }
  return true;
}

/** Words before a quoted handle that make it a person's account ('user 'o.brien' (…)'). */
const ACCOUNT_WORDS = wordSet(`user username account login member author owner customer agent operator admin by from for benutzer utilisateur usuario utente gebruiker użytkownik usuário`.split(' '));

function accountWordBefore(text: string, quoteStart: number): boolean {
  let e = quoteStart;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  const c = text.charCodeAt(e - 1);
  if (c === 58 || c === 61) e--; // 'user: 'x'' / 'user='x''
  const s = wordStart(text, e);
  return s < e && ACCOUNT_WORDS.has(wordHash(text, s, e));
}

/** Some word in [s, e) is one that is never part of a name ('Customer Support', 'Daily Backup Team'). */
function hasNotNameWord(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; ) {
    while (i < e && !isLetter(text.charCodeAt(i))) i++;
    let j = i;
    while (j < e && isLetter(text.charCodeAt(j))) j++;
    if (j > i && NOT_NAME.has(wordHash(text, i, j))) return true;
    i = j;
  }
  return false;
}

function hasTwoWords(text: string, s: number, e: number): boolean {
  const sp = text.indexOf(' ', s);
  return sp > s && sp < e - 1;
}

/**
 * The capitalised words go on with a product or organisation word ('Park Ergonomic Chair',
 * 'Victoria Rose Candle Set', 'Ella Grace Clinic'): a title, not a person — for names without a
 * cue only ('Joanna Kieślowska Team lead' is still a name).
 */
/** The words end in one capital letter that opens a dotted abbreviation ('K.K.', 'S.A.', 'B.V.'), or one follows them. */
function endsInDottedForm(text: string, end: number): boolean {
  const tail = text.slice(Math.max(0, end - 2), end + 8);
  return /^(?:\s[A-Z]|[^A-Za-z][A-Z])\.[A-Z]{1,2}\./.test(tail) || /^..\s?(?:[A-Z]\.){2,3}/.test(tail);
}

function titleGoesOn(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 32 || !isCapital(text.charCodeAt(end + 1))) return false;
  const e = wordAt(text, end + 1);
  return e > end + 1 && TITLE_TAILS.has(wordHash(text, end + 1, e));
}

/** Words that end a product's or an organisation's title (a subset of NOT_NAME: not 'Team', 'Support', months…). */
const TITLE_TAILS = wordSet(
  `
inc corp corporation ltd llc gmbh ag sa sas srl bv nv plc co company group bank hotel hospital clinic airline airlines airways
university school college institute foundation association store shop market logistics
seguros seguradora assicurazioni health healthcare medical insurance versicherung assurance
desk lamp chair table sofa bed pro max plus mini ultra lite edition kit pack set bundle premium classic
series model cable charger cover bag shoes shirt jacket watch phone tablet laptop speaker headphones light bulb mug bottle box hub
station subscription membership voucher coffee tea blend collection
studio studios labs lab works design designs media solutions partners ventures holdings industries technologies consulting agency
`.split(/\s+/),
);

/** ' wrote:' / ' said' / ' schrieb' right after a name ('B. Hendricks wrote:'). */
const WROTE = /^ (?:wrote|said|schrieb|a écrit|escribió|scrive|schreef|napisał)\b/;

/** Verbs of contact a person does ('rang', 'emailed', 'complained'): after a listed given name, that word is a person. */
const ACTS = wordSet(
  `rang phoned called emailed texted messaged wrote said says asked asks replied answered confirmed complained mentioned requested reported chatted called rings calls emails texts messages phones writes replies confirms complains mentions requests reports visited visits dropped paid signed`.split(' '),
);

/** The word starting at `at` is a verb of contact (ACTS), then a space, a line end or punctuation. */
function actsAfter(text: string, at: number): boolean {
  const e = wordAt(text, at);
  if (e - at < 3 || e - at > 11) return false;
  const c = text.charCodeAt(e);
  return (Number.isNaN(c) || c === 32 || c === 10 || c === 44 || c === 46) && ACTS.has(wordHash(text, at, e));
}

/** ', ' then a word in lower case: the rest of a sentence spoken to the name before (`Solène, votre vol…`), not a list (`Paris, France`). */
function addressedAfter(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 32) return false;
  const c = text.charCodeAt(at + 1);
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (c >= 0x100 && c <= 0x17f && (c & 1) === 1);
}

/** Who else speaks in a chat log: roles and systems, not people. */
const SPEAKER_ROLES = wordSet(`driver rider agent bot system user support host guest caller callee operator dispatcher dispatch courier staff nurse doctor pharmacist cashier seller buyer shop store merchant admin moderator assistant me you them us`.split(' '));

/** `Name: …` at the start of the text or of a line, with text after the colon: a speaker in a chat log. */
function speakerAt(text: string, s: number, e: number): boolean {
  const before = s === 0 ? 10 : text.charCodeAt(s - 1);
  if (before !== 10 && before !== 13) return false;
  return text.charCodeAt(e + 1) === 32 && isLetter(text.charCodeAt(e + 2));
}

/** ' wrote' within the next 40 characters (a cheap look before counting the name's words). */
function wroteAfterSoon(text: string, e: number): boolean {
  const w = text.indexOf(' wrote', e);
  return w >= 0 && w - e < 40;
}

function wroteAfter(text: string, end: number): boolean {
  return WROTE.test(text.slice(end, end + 12));
}

/**
 * 'SURNAME/GIVEN' in capitals (airline passenger names; also inside a boarding pass barcode,
 * 'M1DEGROOT/SANNE'), found from each '/': counts with a title after it ('MR', 'MRS'), a given
 * name from the list, or the barcode's 'M1' before it.
 */
function airlineNames(text: string, given: ReadonlySet<number>, out: Match[]): void {
  for (let p = text.indexOf('/'); p >= 0; p = text.indexOf('/', p + 1)) {
    let s = p;
    while (s > 0 && isUpperAscii(text.charCodeAt(s - 1))) s--;
    if (p - s < 2 || !isUpperAscii(text.charCodeAt(p + 1))) continue;
    let barcode = false;
    let numbered = false;
    if (s >= 2 && text.charCodeAt(s - 2) === 77 && text.charCodeAt(s - 1) >= 49 && text.charCodeAt(s - 1) <= 52 && !isLetter(text.charCodeAt(s - 3)) && !isDigitCode(text.charCodeAt(s - 3))) {
      // a boarding pass (BCBP): 'M1' to 'M4' legs, then the name in a field of 20 characters
      // padded with spaces, then the e-ticket indicator and the booking reference
      // ('M1WISNIEWSKA/AGNIESZKAEB7NQ2D'): a name of 20 letters runs into the 'E'
      barcode = true;
      const fieldEnd = s + 20;
      const after = text.charCodeAt(fieldEnd);
      if (fieldEnd <= text.length && (after === 69 || after === 32) && fieldEnd > p + 2) {
        let e = fieldEnd;
        while (e > p && text.charCodeAt(e - 1) === 32) e--;
        if (isBcbpName(text, s, e)) {
          out.push({ start: s, end: e, category: 'person_name', priority: PRIORITY });
          p = e;
          continue;
        }
      }
    } else if (s > 0 && isDigitCode(text.charCodeAt(s - 1)) && s - 1 > 0 && !isLetter(text.charCodeAt(s - 2)) && !isDigitCode(text.charCodeAt(s - 2))) {
      // a PNR name element numbered by the count of passengers of that surname ('1SMITH/JOHN MR',
      // '2KOWALSKA/ANNA MRS'); the digit stays, the name goes
      numbered = true;
    } else if (s === 1 && isDigitCode(text.charCodeAt(0))) {
      numbered = true;
    } else if (s > 0 && (isLetter(text.charCodeAt(s - 1)) || isDigitCode(text.charCodeAt(s - 1)))) continue;
    let ge = p + 1;
    while (isUpperAscii(text.charCodeAt(ge))) ge++;
    if (ge - p - 1 < 2 || isLetter(text.charCodeAt(ge)) || isDigitCode(text.charCodeAt(ge))) continue;
    let end = ge;
    let titled = false;
    if (text.charCodeAt(ge) === 32) {
      const te = wordAt(text, ge + 1);
      if (te > ge + 1 && AIRLINE_TITLES.has(wordHash(text, ge + 1, te))) {
        end = te;
        titled = true;
      }
    }
    // a numbered element in a GDS display glues the title to the given name ('1.1NGUYEN/HAMISHMS')
    if (!titled && numbered && gluedTitle(text, p + 1, ge)) titled = true;
    if (!(titled || barcode || given.has(wordHash(text, p + 1, ge)))) continue;
    // a numbered element needs the title ('2ABDULLAH/NOURA MRS') or a listed given name
    if (numbered && !titled && !given.has(wordHash(text, p + 1, ge))) continue;
    out.push({ start: s, end, category: 'person_name', priority: PRIORITY });
    p = end;
  }
}

/** The given-name run [s, e) ends with an airline title written without a space, two letters of name before it. */
function gluedTitle(text: string, s: number, e: number): boolean {
  for (const t of GLUED_TITLES) if (e - s >= t.length + 2 && text.startsWith(t, e - t.length)) return true;
  return false;
}
const GLUED_TITLES = ['MSTR', 'MISS', 'MRS', 'MR', 'MS', 'CHD', 'INF'];

/** The letters, '/', spaces, '-' and "'" of a BCBP name field, one '/' at least, starting with a letter. */
function isBcbpName(text: string, s: number, e: number): boolean {
  let slash = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 47) slash = true;
    else if (!(isUpperAscii(c) || c === 32 || c === 45 || c === 39)) return false;
  }
  return slash && isUpperAscii(text.charCodeAt(s));
}

function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}


const NONE = 0;
const WEAK = 1;
const ROLE = 2;
const STRONG = 3;

/** What opens and closes a field of a delimited record (or the whole string). */
function isFieldEdge(c: number): boolean {
  return Number.isNaN(c) || c === 124 || c === 59 || c === 44 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39;
}

/**
 * The word [s, e) and the next are a whole field of a record ('E1;Lindqvist Björn;…', '|KOWALSKI
 * JAN|'), the second a listed given name and neither a word that is never a name: a name written
 * family name first, as registers and exports write it.
 */
function familyGivenField(text: string, s: number, e: number, given: ReadonlySet<number>): boolean {
  const before = text.charCodeAt(s - 1);
  if (!isFieldEdge(before) || text.charCodeAt(e) !== 32) return false;
  const g = e + 1;
  if (!isCapital(text.charCodeAt(g))) return false;
  const ge = wordAt(text, g);
  const after = text.charCodeAt(ge);
  if (ge - g < 2 || !isFieldEdge(after) || !given.has(wordHash(text, g, ge))) return false;
  // inside a record: a delimiter on one side at least (a whole string 'São Paulo' is a value, judged by its key)
  if (Number.isNaN(before) && Number.isNaN(after)) return false;
  return !NOT_NAME.has(wordHash(text, g, ge)) && !PLACE_PREFIXES.has(wordHash(text, s, e));
}

/** First words of place names: the capitalised word right after one belongs to the place. */
const PLACE_PREFIXES = wordSet(`new north south east west san santa são saint st ste fort port mount mt lake los las upper lower great greater`.split(' '));
/** Nouns that open an organisation's or a building's name ('Agence Lyon Part-Dieu', 'Hotel Adlon Kempinski', 'Banco Santander'). */
const ORGANISATION_PREFIXES = wordSet(
  `agence agency agencia agenzia agentur hotel hôtel hostel banco banca banque bank clinic clínica clinica klinik hospital hôpital ospedale universität université universidad università university college restaurant café cafe pharmacie farmacia apotheke station gare bahnhof aéroport aeropuerto aeroporto airport`.split(' '),
);

function afterPlacePrefix(text: string, s: number): boolean {
  if (text.charCodeAt(s - 1) !== 32) return false;
  let q = s - 1;
  if (text.charCodeAt(q - 1) === 46) q--; // 'St. Louis'
  const ws = wordStart(text, q);
  if (ws >= q || !isCapital(text.charCodeAt(ws))) return false;
  const h = wordHash(text, ws, q);
  return PLACE_PREFIXES.has(h) || ORGANISATION_PREFIXES.has(h);
}

/** What the one or two words before `s` say about a name starting there. */
/** Whether the word before `s` (blanks and one ':' or ',' between) is a role word in lower case ('corriere', not 'Customer' or 'shipped from'). */
function lowerRoleBefore(text: string, s: number): boolean {
  let p = s;
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  const c = text.charCodeAt(p - 1);
  if (c === 58 || c === 44) p--;
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  const w = wordStart(text, p);
  if (w === p) return false;
  const f = text.charCodeAt(w);
  return ((f >= 97 && f <= 122) || (f >= 0xdf && f <= 0xff)) && ROLE_CUES.has(wordHash(text, w, p));
}

function isAllCapitals(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde))) return false;
  }
  return true;
}

function cueBefore(text: string, s: number): number {
  let p = s;
  // an opening quote or bracket around the name ("holder 'Siobhán Pemberton'", 'plaintiff "Ana Ruiz"', 'Mąż (Marek Wiśniewski)')
  const q0 = text.charCodeAt(p - 1);
  // (a bracket after a role only: 'MR (Measles-Rubella)' is a vaccine's code and its name)
  const bracketed = q0 === 40 || q0 === 91;
  if (q0 === 39 || q0 === 34 || q0 === 0x2018 || q0 === 0x201c || q0 === 0xab || bracketed) p--;
  // spaces and one punctuation mark (':' ',' '.' '-') between the cue and the name
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  const c = text.charCodeAt(p - 1);
  // ':' ',' '.' '-' '=', an em or en dash ('thx — Tyler'), and the '|' ';' of delimited records ('PATIENT|Nguyen Van An|…')
  if (c === 58 || c === 44 || c === 46 || c === 45 || c === 61 || c === 0x2014 || c === 0x2013 || c === 124 || c === 59) p--;
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  let e1 = p;
  let s1 = wordStart(text, e1);
  if (s1 === e1) return NONE;
  // a given name of two or three capitals before the name ('holder ANA BEATRIZ …'): capital words
  // that short are not candidates of their own, so the cue is the word before it
  if (e1 - s1 <= 3 && e1 === s - 1 && isAllCapitals(text, s1, e1) && givenNameSet().has(wordHash(text, s1, e1))) {
    let q = s1;
    while (q > 0 && isSpace(text.charCodeAt(q - 1))) q--;
    const s0 = wordStart(text, q);
    if (s0 < q) {
      e1 = q;
      s1 = s0;
    }
  }
  const h1 = wordHash(text, s1, e1);
  if (bracketed) return ROLE_CUES.has(h1) ? ROLE : NONE;
  if (STRONG_CUES.has(h1) || TITLES.has(h1) || SALUTATIONS.has(h1)) return STRONG;
  if (LINKS.has(h1)) {
    let q = s1;
    while (q > 0 && isSpace(text.charCodeAt(q - 1))) q--;
    const s2 = wordStart(text, q);
    if (s2 < q) {
      const h2 = wordHash(text, s2, q);
      // 'of' / 'di' only after 'care', 'behalf', 'attenzione', 'identity' … ('the name of Product X' is no cue)
      if (OF_LINKS.has(h1) ? OF_HEADS.has(h2) : LINK_HEADS.has(h2)) return STRONG;
    }
  }
  if (ROLE_LINKS.has(h1)) {
    let q = s1;
    while (q > 0 && isSpace(text.charCodeAt(q - 1))) q--;
    const s2 = wordStart(text, q);
    if (s2 < q && ROLE_LINK_HEADS.has(wordHash(text, s2, q))) return ROLE;
  }
  if (ROLE_CUES.has(h1)) return ROLE;
  if (WEAK_CUES.has(h1)) return WEAK;
  return NONE;
}

/** `for`, `to` or `by` (or the same in a few languages) right before `s`, in lower case: what is sent or done is sent to or done by a person or a company. */
const RECIPIENT_WORDS: ReadonlySet<string> = new Set(['for', 'to', 'by', 'für', 'pour', 'para', 'per', 'voor']);
function recipientBefore(text: string, s: number): boolean {
  let q = s;
  while (q > 0 && text.charCodeAt(q - 1) === 32) q--;
  if (q === s) return false;
  const w = wordStart(text, q);
  return RECIPIENT_WORDS.has(text.slice(w, q));
}

/** Where the next name of a list starts after a name ending at `end` (', ' or ' and ' / ' und ' / ' et ' / ' y ' / ' e ' / ' i '), or -1. */
function listedNext(text: string, end: number): number {
  let p = end;
  if (text.charCodeAt(p) === 44) p++;
  if (text.charCodeAt(p) !== 32) return -1;
  p++;
  const we = wordAt(text, p);
  if (we > p && !isCapital(text.charCodeAt(p)) && AND_WORDS.has(wordHash(text, p, we)) && text.charCodeAt(we) === 32) p = we + 1;
  else if (p === end + 1) return -1; // a bare space: the name simply ended
  return isCapital(text.charCodeAt(p)) ? p : -1;
}
const AND_WORDS = wordSet(`and und et y e i en og och ve`.split(' '));

/** Set by countWords: the end of the name it counted. */
let lastEnd = 0;

/** Words of the name starting at `s` (capitalised words and particles between them); its end in `lastEnd`. */
function countWords(text: string, s: number): number {
  let words = 0;
  let end = s;
  let at = s;
  while (words < MAX_WORDS) {
    const e = wordAt(text, at);
    if (e === at || !isCapital(text.charCodeAt(at))) break;
    // letters glued to digits are a code ('WQ651466212DE', 'B22'), not a word of a name
    if (words > 0 && isDigitCode(text.charCodeAt(e))) break;
    if (words > 0 && NOT_NAME.has(wordHash(text, at, e))) break;
    words++;
    end = e;
    if (text.charCodeAt(e) !== 32 && text.charCodeAt(e) !== 160) break;
    let next = e + 1;
    // particles: 'van der', 'de la', 'da'
    for (let n = 0; n < 2; n++) {
      const pe = wordAt(text, next);
      if (pe > next && !isCapital(text.charCodeAt(next)) && PARTICLES.has(wordHash(text, next, pe)) && text.charCodeAt(pe) === 32) next = pe + 1;
      else break;
    }
    at = next;
  }
  lastEnd = end;
  return words;
}

/** Start of the particles (`de`, `van der`) right before the word at `s`, or `s` when none. */
function particlesBefore(text: string, s: number): number {
  let p = s;
  for (let n = 0; n < 2; n++) {
    if (text.charCodeAt(p - 1) !== 32) break;
    const ws = wordStart(text, p - 1);
    if (ws === p - 1 || isCapital(text.charCodeAt(ws)) || !PARTICLES.has(wordHash(text, ws, p - 1))) break;
    p = ws;
  }
  return p;
}

/** End of a name of at least `min` words starting at `at`, or `at` when there is none. */
function nameEnd(text: string, at: number, min: number): number {
  if (!isCapital(text.charCodeAt(at)) || NOT_NAME.has(wordHash(text, at, wordAt(text, at)))) return at;
  const words = countWords(text, at);
  return words >= min ? lastEnd : at;
}

const AIRLINE_TITLES = wordSet(['mr', 'mrs', 'ms', 'miss', 'mstr', 'dr', 'chd', 'inf']);


/** Past '.' and spaces after a title ('Mr. Smith'; not ',': 'Oak Dr, Springfield' is no 'Dr'). */
function skipPunct(text: string, at: number): number {
  let p = at;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 46 || isSpace(c)) p++;
    else break;
  }
  return p;
}
