/**
 * Keys of JSON objects and protobuf maps are usually field names, sometimes data: a map keyed
 * by a person's name (`{"Joanna Kieślowska": {…}}`), an e-mail or a phone number. A key that is
 * not shaped like an identifier is data and is masked like a value.
 */

const IDENTIFIER = /^[A-Za-z_$@][A-Za-z0-9_$@.:\-/]*$/;

/** Not a field-name-shaped key: contains a space, a comma, a non-ASCII letter, … */
export function isDataKey(key: string): boolean {
  return !IDENTIFIER.test(key);
}

const PARTICLE = "(?:van|von|der|den|de|del|della|di|da|das|dos|du|la|le|zu|ten|ter|y|e|bin|binti|bte|bint|ibn|al|el)";
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
const NAME = new RegExp(`^(?:${WORD})(?:[ \\u00a0]+(?:${PARTICLE}[ \\u00a0]+)*${WORD}){1,4}$`, 'u');
const FAMILY_FIRST = new RegExp(`^${WORD}(?:[ ]+${WORD})*,[ ]+${WORD}(?:[ ]+${WORD})*$`, 'u');
const PNR = /^[A-Z][A-Z' -]*\/[A-Z][A-Z ]*$/;

/** Legal forms and business nouns: a name holding one is an organisation's (`Café Lumière SARL`). */
const ORGANISATION = /(?:^|[\s,.])(?:gmbh|ag|kg|ohg|ug|e\.?v|ltd|llc|llp|inc|corp|co|plc|sa|sas|sarl|srl|spa|s\.p\.a|bv|nv|ab|as|oy|sp(?!\.[A-Z])|z\s?o\.?o|ltda|eireli|me|pvt|limited|company|group|holding|holdings|trust|foundation|stiftung|association|verein|university|universität|université|universidad|school|college|collège|lycée|lycee|szkoła|szkola|schule|école|ecole|escuela|scuola|escola|liceum|gimnazjum|hotel|hostel|inn|lodge|motel|resort|ryokan|church|cathedral|chapel|parish|mosque|temple|synagogue|diocese|bistum|caritas|ministries|club|arena|stadium|crafts|firm|woodworks|café|cafe|coffee|restaurant|restaurante|ristorante|taquería|taqueria|trattoria|pizzeria|bistro|brasserie|bar|bakery|bäckerei|boulangerie|bank|banco|banque|clinic|clínica|clinica|klinik|hospital|ospedale|hôpital|pharmacy|farmácia|farmacia|apotheke|pharmacie|airlines|airways|air|services|solutions|systems|technologies|labs|studio|store|shop|market|traders|trading|insurance|versicherung|assurance|realty|realtors|estates|lettings|logistics|partners|consulting|agency|motors|pharma|foods|industries|international|global|s\.a|s\.l|b\.v|n\.v|s\.r\.l|bot|robot|desk|helpdesk|servicedesk|reception|team|teams|legesenter|legekontor|helsesenter|vårdcentral|vårdcentralen|terveyskeskus|lægehus|sundhedshus|sygehus|sjukhus|shield|pathlabs|support|affairs|ministry|ministerio|ministère|honors|honours|rewards|office|department|dept|facilities|operations|noreply|automation|mailroom|switchboard|diagnostics|laboratory|laboratories|hub|k\.k|kk|gk|pty|tbk|bhd|sdn|jsc|pjsc|ooo|zao|ao|a\.s|s\.a\.s|s\.?de\s?r\.?l|s\.?de\s?c\.?v|agence|agencia|agenzia|filiale|sucursal|branch|care|receivable|payable|accounts|billing|sales|finance|payroll|procurement|treasury|compliance|legal|marketing|logistik|kundenservice|kundendienst|service|seguros|seguradora|assicurazioni|health|healthcare|medical|cardiology|radiology|oncology|pediatrics|paediatrics|dermatology|neurology|orthopedics|cabinet|praxis|gemeinschaftspraxis|huisartsenpraktijk|praktijk|parafia|depo|podnik|zahnarztpraxis|mvz|centro|centre|center|zentrum|salud|santé|saúde|ambulatorium|ambulatorio|policlinico|poliklinik|dental|surgery|practice|médical|station|terminal|airport|aeropuerto|aéroport|flughafen|bahnhof|gare|estación|estação|stazione|plaza|mall|museum|library|bibliothek|theatre|theater|gallery|galerie|corporation|incorporated|works|oficina|taller|garage|workshop|chi nhánh|chi nhanh|cửa hàng|cua hang|nhà thuốc|nha thuoc|cooperative|coop|kft|zrt|nyrt|s\.r\.o|sro|spol|oü|uab|sia|d\.o\.o|doo|aps|asa|ehf|lda|sae|fzco|fze|fzc|wll|a\.ş|şti|tnhh|cty|công ty|cong ty|α\.ε|ε\.π\.ε|ο\.ε|ι\.κ\.ε|ικε|株式会社|有限会社|合同会社|有限公司|股份有限公司)(?=$|[\s,.])/i;

/**
 * A name in a script without capitals, where a person is expected: 2–6 Han or kana characters
 * (`陈秀英`, `佐藤美咲`), 2–5 Hangul syllables (`김민준`), or one to four words of Thai, Arabic,
 * Hebrew, Devanagari or another Brahmic script (`สมชาย ใจดี`, `محمد العتيبي`, `נועה כהן`,
 * `अर्जुन देशपांडे`). No digits, no punctuation but a space or a middle dot.
 */
const SCRIPT_NAME =
  /^(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}・·]{2,8}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,4}[ \u3000][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,4}|[\p{Script=Hangul}]{2,5}(?: [\p{Script=Hangul}]{1,4})?|(?:[\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Gujarati}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Gurmukhi}\p{Script=Ethiopic}\p{Script=Georgian}\p{Script=Armenian}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Lao}\p{M}'׳"]{2,20})(?: [\p{Script=Thai}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Gujarati}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Gurmukhi}\p{Script=Ethiopic}\p{Script=Georgian}\p{Script=Armenian}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Lao}\p{M}'׳"]{1,20}){0,3})$/u;

/**
 * A value shaped like a person's name, in a field that holds people: looksLikePersonName or a
 * name in a script without capitals. Not for keys: `契約番号`, `氏名` as keys are field names.
 */
export function looksLikePersonNameValue(s: string): boolean {
  return looksLikePersonName(s) || (looksLikeScriptName(s) && !ORGANISATION.test(s));
}

/** A person's name in a script without capitals (SCRIPT_NAME). */
export function looksLikeScriptName(s: string): boolean {
  return s.length >= 2 && s.length <= 60 && SCRIPT_NAME.test(s) && !ORG_UNIT.test(s);
}

/** A department or an office, not a person (`営業二課`, `人事部`, `客服中心`, `영업팀`). */
const ORG_UNIT = /(?:課|部|室|係|班|チーム|センター|支店|営業所|本社|科|组|部门|中心|팀|부서|센터|지점)$/;

/**
 * One CamelCase word joining a name to a business noun (`AfriBank`, `KlinikSehat`, `QuickPay`,
 * `MediCare`): brands and sender ids of organisations; people's names are not written this way
 * (`McDonald`, `DeShawn` end in no business noun).
 */
const CAMEL_ORGANISATION = /^(?:\p{Lu}\p{Ll}+(?:Bank|Pay|Air|Tel|Telecom|Net|Soft|Tech|Med|Care|Mart|Shop|Store|Health|Pharma|Labs?|Works|Cloud|Hub|Ware|Link|Box|Bet|Cash|Money|Fin|Credit|Insure|Energy|Power|Gas|Water|Mobile|Post|Express|Cargo|Rail|Bus|Taxi)|(?:Klinik|Clinic|Apotek|Farmacia|Bank|Pay|Tele|Med|Medi)\p{Lu}\p{Ll}+)$/u;

/** A name that is an organisation's (legal form or business noun). */
/** Legal forms that are ordinary words in lower case (`se`, `ad`): only as capitals ending the value (`Zalando SE`, `Telekom Srbija AD`). */
const UPPER_LEGAL_FORM = /[\s,](?:SE|AD|KB|HB|BT|KG|EAD|OOD|DOO|NV|AB)\.?$/;
/** …after words not all in capitals (`KIM SE` is a name in a passport's case). */
function hasUpperLegalForm(s: string): boolean {
  return UPPER_LEGAL_FORM.test(s) && /\p{Ll}/u.test(s);
}

/** An organisation by a word of its own (`GmbH`, `Clinic`, `Ltd`), not only by letters in capitals after a comma (`Dr. Hendra Wijaya, Sp.PD`). */
export function namesOrganisation(s: string): boolean {
  return ORGANISATION.test(s) || COMPOUND_ORGANISATION.test(s);
}

export function looksLikeOrganisation(s: string): boolean {
  return ORGANISATION.test(s) || hasUpperLegalForm(s) || (s.length <= 30 && CAMEL_ORGANISATION.test(s)) || COMPOUND_ORGANISATION.test(s) || PLACE_OR_BRANCH.test(s);
}

/**
 * A shop or a service named after its street or its country (`Boots Oxford Street`, `Sai Auto Works
 * MG Road`, `Three UK`, `Vodafone DE`): three or more capitalised words ending in a street word, or a
 * name not in capitals ending in a country code in capitals (`KIM SE` is a passport's name). People are not written so; a street alone (`Oxford
 * Street`, two words) is left to the address rules.
 */
const PLACE_OR_BRANCH =
  /^\p{Lu}[\p{L}'’.&-]*(?:[ \u00a0]+[\p{Lu}0-9][\p{L}0-9'’.&-]*){1,5}[ \u00a0]+(?:Street|Road|Avenue|Lane|Square|Parade|Broadway|Boulevard|High Street|Strasse|Straße|Calle|Rua|Via|Ulica)$|^\p{Lu}\p{Ll}[\p{L}'’.&-]*(?:[ \u00a0]+\p{Lu}[\p{L}'’.&-]*){0,3}[ \u00a0]+(?:UK|US|USA|DE|FR|ES|IT|NL|BE|IE|AT|CH|PL|PT|SE|NO|DK|FI|AU|NZ|CA|MX|BR|AR|IN|ZA|NG|KE|JP|KR|SG|AE)$/u;

/** Compound words ending in a practice, clinic or office (`Tandartsenpraktijk`, `Zahnarztpraxis`, `Fysiotherapiekliniek`). */
const COMPOUND_ORGANISATION = /\p{L}{3,}(?:praktijk|praxis|kliniek|klinik|apotheek|apotheke|kantoor|büro|buero|gesellschaft|genossenschaft)(?=$|[\s,.])/iu;

/** `Jürgen Eichhorn <j.eichhorn@example.de>`: the display-name part of an address header. */
const DISPLAY_NAME = /^\s*"?([^"<]+?)"?\s*<[^>]*>\s*$/;

/**
 * Shaped like a person's name: 2–5 capitalised words (particles between), `Family, Given`, or
 * `SURNAME/GIVEN MR`. Used only where a name is likely (keys that are data), never on free text.
 */
export function looksLikePersonName(s: string): boolean {
  if (s.length < 3 || s.length > 120) return false;
  const display = s.indexOf('<') > 0 ? DISPLAY_NAME.exec(s) : null;
  const t = display ? display[1] : s;
  return (NAME.test(t) || FAMILY_FIRST.test(t) || PNR.test(t)) && !ORGANISATION.test(t) && !hasUpperLegalForm(t) && !PLACE_OR_BRANCH.test(t);
}

/** Words allowed in lower case inside a name written as a title ('Church of God', 'Puig i Ferrer'). */
const TITLE_CONNECTORS = new Set(['ty', 'of', 'and', 'the', 'de', 'del', 'la', 'le', 'les', 'des', 'du', 'da', 'do', 'dos', 'das', 'di', 'der', 'van', 'von', 'y', 'e', 'i', 'et', 'und', 'z', 'im', 'am', '&']);

/**
 * Written as a name: every word capitalised (or a number), apart from connectors and dotted legal
 * abbreviations ('sp.', 'o.o.', 's.r.o.') — not a sentence that mentions a company ('forward to
 * Dr. Anjali Deshmukh, cardiology', 'Entregue ao vizinho …').
 */
export function isTitleLike(text: string): boolean {
  for (const raw of text.split(/[\s,]+/)) {
    if (raw.length === 0) continue;
    const c = raw.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0xde) || (c >= 0x100 && raw[0] !== raw[0].toLowerCase())) continue;
    if (TITLE_CONNECTORS.has(raw) || (raw.length <= 5 && raw.includes('.'))) continue;
    return false;
  }
  return true;
}

/** A short value that names an organisation as a whole (`Magazine Luiza S.A.`, `Boots Oxford Street`), not a sentence mentioning one. */
export function isOrganisationName(s: string): boolean {
  return s.length <= ORGANISATION_NAME_LENGTH && isTitleLike(s) && looksLikeOrganisation(s);
}

const ORGANISATION_NAME_LENGTH = 80;
