import type { Plant } from './plant';
import { fullWidth, zeroWidth } from './plant';
import * as V from './values';
import { REGION, TITLES, type Locale } from './vocab';

/**
 * Free text as people write it in support tickets, notes and chat, per language: sentences that
 * carry a planted value with the context a human would give it (or none). Each builder plants
 * and labels what it writes.
 */
type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'pt';

export function lang(locale: Locale): Lang {
  if (locale.startsWith('en')) return 'en';
  if (locale === 'pt-BR') return 'pt';
  return locale as Lang;
}

type T = (x: string) => string;

const NAME: Record<Lang, T[]> = {
  en: [(n) => `Hi, this is ${n}.`, (n) => `My name is ${n}.`, (n) => `Customer ${n} called about this.`, (n) => `Spoke with ${n} today.`, (n) => `contact: ${n}`, (n) => `signed by ${n}`, (n) => `Forwarded from ${n}.`, (n) => `${n} wrote:`, (n) => `Regards, ${n}`, (n) => `Patient ${n} presented with mild symptoms.`],
  de: [(n) => `Guten Tag, mein Name ist ${n}.`, (n) => `Kunde ${n} hat angerufen.`, (n) => `unterschrieben von ${n}`, (n) => `Rückruf an ${n} erbeten.`, (n) => `Mit freundlichen Grüßen, ${n}`, (n) => `Ansprechpartner: ${n}`],
  fr: [(n) => `Bonjour, je m'appelle ${n}.`, (n) => `signé par ${n}`, (n) => `de la part de ${n}`, (n) => `Cordialement, ${n}`, (n) => `Le client ${n} a rappelé.`],
  es: [(n) => `Hola, soy ${n}.`, (n) => `Me llamo ${n}.`, (n) => `firmado por ${n}`, (n) => `Un saludo, ${n}`, (n) => `El cliente ${n} llamó ayer.`],
  it: [(n) => `Buongiorno, sono ${n}.`, (n) => `Mi chiamo ${n}.`, (n) => `firmato da ${n}`, (n) => `Cordiali saluti, ${n}`, (n) => `Ha chiamato il cliente ${n}.`],
  nl: [(n) => `Goedemiddag, mijn naam is ${n}.`, (n) => `namens ${n}`, (n) => `Met vriendelijke groet, ${n}`, (n) => `Klant ${n} belde vanochtend.`],
  pl: [(n) => `Dzień dobry, nazywam się ${n}.`, (n) => `podpisano: ${n}`, (n) => `Z poważaniem, ${n}`, (n) => `Klient ${n} dzwonił wczoraj.`],
  pt: [(n) => `Olá, meu nome é ${n}.`, (n) => `assinado por ${n}`, (n) => `Falei com ${n} hoje.`, (n) => `Atenciosamente, ${n}`],
};

const PHONE: Record<Lang, T[]> = {
  en: [(p) => `Please call me back on ${p}.`, (p) => `reachable at ${p}`, (p) => `mobile ${p}`, (p) => `tel. ${p}`, (p) => `Text me on ${p} if needed.`],
  de: [(p) => `Bitte rufen Sie mich unter ${p} zurück.`, (p) => `Tel.: ${p}`, (p) => `erreichbar unter ${p}`, (p) => `Handy ${p}`],
  fr: [(p) => `Merci de me rappeler au ${p}.`, (p) => `joignable au ${p}`, (p) => `tél : ${p}`, (p) => `portable ${p}`],
  es: [(p) => `Llámeme al ${p}.`, (p) => `móvil: ${p}`, (p) => `teléfono ${p}`],
  it: [(p) => `Potete richiamarmi al ${p}?`, (p) => `cell. ${p}`, (p) => `tel ${p}`],
  nl: [(p) => `Bel me terug op ${p}.`, (p) => `mobiel: ${p}`, (p) => `telefoon ${p}`],
  pl: [(p) => `Proszę o kontakt pod numerem ${p}.`, (p) => `tel. kom. ${p}`],
  pt: [(p) => `Me liguem no ${p}.`, (p) => `celular: ${p}`, (p) => `WhatsApp ${p}`],
};

const EMAIL: Record<Lang, T[]> = {
  en: [(e) => `reply to ${e}`, (e) => `email me at ${e}`, (e) => `(${e})`],
  de: [(e) => `E-Mail: ${e}`, (e) => `Antwort bitte an ${e}`],
  fr: [(e) => `courriel : ${e}`, (e) => `écrivez-moi à ${e}`],
  es: [(e) => `correo: ${e}`, (e) => `escríbame a ${e}`],
  it: [(e) => `email: ${e}`, (e) => `scrivetemi a ${e}`],
  nl: [(e) => `mail: ${e}`, (e) => `stuur een mail naar ${e}`],
  pl: [(e) => `e-mail: ${e}`, (e) => `proszę pisać na ${e}`],
  pt: [(e) => `e-mail: ${e}`, (e) => `me escreva em ${e}`],
};

const ADDRESS: Record<Lang, T[]> = {
  en: [(a) => `I moved to ${a}.`, (a) => `please deliver to ${a}`, (a) => `new address: ${a}`, (a) => `ship it to ${a} instead`],
  de: [(a) => `Neue Anschrift: ${a}.`, (a) => `Lieferung bitte an ${a}`, (a) => `Ich wohne jetzt in der ${a}.`],
  fr: [(a) => `J'habite au ${a}.`, (a) => `livrer au ${a}`, (a) => `nouvelle adresse : ${a}`],
  es: [(a) => `Mi dirección es ${a}.`, (a) => `enviar a ${a}`],
  it: [(a) => `Abito in ${a}.`, (a) => `consegnare a ${a}`, (a) => `nuovo indirizzo: ${a}`],
  nl: [(a) => `Mijn nieuwe adres is ${a}.`, (a) => `bezorgen op ${a}`],
  pl: [(a) => `Mój adres to ${a}.`, (a) => `proszę wysłać na ${a}`],
  pt: [(a) => `Moro na ${a}.`, (a) => `entregar em ${a}`, (a) => `endereço novo: ${a}`],
};

const DOB: Record<Lang, T[]> = {
  en: [(d) => `born ${d}`, (d) => `DOB ${d}`, (d) => `date of birth: ${d}`, (d) => `d.o.b. ${d}`],
  de: [(d) => `geboren am ${d}`, (d) => `geb. ${d}`, (d) => `Geburtsdatum ${d}`],
  fr: [(d) => `né le ${d}`, (d) => `née le ${d}`, (d) => `date de naissance : ${d}`],
  es: [(d) => `nacido el ${d}`, (d) => `fecha de nacimiento: ${d}`],
  it: [(d) => `nato il ${d}`, (d) => `data di nascita ${d}`],
  nl: [(d) => `geboren op ${d}`, (d) => `geboortedatum ${d}`],
  pl: [(d) => `urodzona ${d}`, (d) => `data urodzenia: ${d}`],
  pt: [(d) => `nascido em ${d}`, (d) => `data de nascimento: ${d}`],
};

const CARD: Record<Lang, T[]> = {
  en: [(c) => `card ${c} was charged twice`, (c) => `paid with ${c}`],
  de: [(c) => `Karte ${c} wurde doppelt belastet`],
  fr: [(c) => `carte ${c} débitée deux fois`],
  es: [(c) => `tarjeta ${c} cobrada dos veces`],
  it: [(c) => `carta ${c} addebitata due volte`],
  nl: [(c) => `kaart ${c} is dubbel belast`],
  pl: [(c) => `karta ${c} obciążona dwa razy`],
  pt: [(c) => `cartão ${c} cobrado duas vezes`],
};

const IBAN: Record<Lang, T[]> = {
  en: [(i) => `please refund to ${i}`],
  de: [(i) => `Bitte auf ${i} erstatten.`],
  fr: [(i) => `remboursement sur ${i}`],
  es: [(i) => `reembolso a ${i}`],
  it: [(i) => `rimborso su ${i}`],
  nl: [(i) => `terugstorten op ${i}`],
  pl: [(i) => `zwrot na konto ${i}`],
  pt: [(i) => `estorno para ${i}`],
};

const CLEAN: Record<Lang, T[]> = {
  en: [(o) => `Order ${o} was shipped yesterday.`, (o) => `ref ${o}`, (o) => `Ticket escalated, see ${o}.`],
  de: [(o) => `Bestellung ${o} ist unterwegs.`, (o) => `Vorgang ${o}`],
  fr: [(o) => `Commande ${o} expédiée.`, (o) => `dossier ${o}`],
  es: [(o) => `Pedido ${o} enviado.`],
  it: [(o) => `Ordine ${o} spedito.`],
  nl: [(o) => `Bestelling ${o} is verzonden.`],
  pl: [(o) => `Zamówienie ${o} wysłane.`],
  pt: [(o) => `Pedido ${o} enviado.`],
};

export type Fact = 'name' | 'phone' | 'email' | 'address' | 'dob' | 'card' | 'iban' | 'ssn' | 'password' | 'clean';

/** One sentence with one planted value (or a clean trap). */
export function sentence(plant: Plant, fact: Fact, person?: V.Person): string {
  const { rng, locale } = plant;
  const l = lang(locale);
  const who = person ?? V.person(rng, locale);
  switch (fact) {
    case 'name': {
      const how = rng.pick(['full', 'full', 'upper', 'titled', 'initial'] as const);
      // a title is context, not the name: only the name is labelled
      const n = how === 'titled' ? `${who.title ?? rng.pick(TITLES)} ${plant.p('person_name', who.full)}` : plant.p('person_name', V.writeName(rng, who, how));
      return rng.pick(NAME[l])(n);
    }
    case 'phone': {
      const ph = V.phone(rng, REGION[locale], rng.chance(0.35));
      let v = ph.value;
      const odd = rng.float();
      if (odd < 0.05) v = fullWidth(v);
      else if (odd < 0.08) v = zeroWidth(rng, v);
      return rng.pick(PHONE[l])(plant.p('phone', v));
    }
    case 'email': {
      let e = V.email(rng, who);
      const odd = rng.float();
      if (odd < 0.12) e = V.obfuscateEmail(rng, e);
      else if (odd < 0.17) e = zeroWidth(rng, e);
      return rng.pick(EMAIL[l])(plant.p('email', e));
    }
    case 'address': {
      const a = V.address(rng, locale);
      return rng.pick(ADDRESS[l])(plant.p('postal_address', rng.chance(0.6) ? a.oneLine : a.line));
    }
    case 'dob': {
      const d = V.writeDate(rng, V.dob(rng));
      return rng.pick(DOB[l])(plant.p('date_of_birth', d));
    }
    case 'card': {
      let c = V.formatCard(rng, V.cardNumber(rng));
      if (rng.chance(0.08)) c = fullWidth(c);
      return rng.pick(CARD[l])(plant.p('credit_card', c));
    }
    case 'iban':
      return rng.pick(IBAN[l])(plant.p('iban', V.iban(rng, REGION[locale])));
    case 'ssn': {
      const s = V.ssn(rng);
      return rng.chance(0.7) ? `SSN ${plant.p('us_ssn', s)} on file` : `social security number ${plant.p('us_ssn', s.replace(/-/g, rng.pick(['', ' '])))}`;
    }
    case 'password': {
      const pw = V.password(rng);
      const key = rng.pick(['password', 'Password', 'PASSWORD', 'pwd', 'passwd', 'Passwort', 'mot de passe', 'contraseña', 'senha', 'hasło', 'pass']);
      const sep = rng.pick(['=', ': ', ' = ', ':']);
      return `${rng.pick(['temp login', 'new credentials', 'reset done', 'use'])} ${key}${sep}${plant.p('credential', pw)}`;
    }
    case 'clean': {
      const o = rng.pick([() => V.orderNumber(rng), () => V.creditorReference(rng), () => V.timestamp(rng), () => V.trackingNumber(rng)])();
      return rng.pick(CLEAN[l])(plant.c(o));
    }
  }
}

/** A paragraph of 2–5 sentences about one person, in the plant's language. */
export function paragraph(plant: Plant, facts: Fact[], person?: V.Person): string {
  return facts.map((f) => sentence(plant, f, person)).join(' ');
}
