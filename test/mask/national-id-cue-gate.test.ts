import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CUE, CUE_BEFORE, mayEndInCue, nationalIdDetector } from '../../interceptors/mask/detectors/national-id';
import { CandidateScan } from '../../interceptors/mask/candidate-scan';
import type { Match } from '../../interceptors/mask/detectors/detector';

/**
 * mayEndInCue is a gate in front of CUE_BEFORE (the cue of an identity document before a number):
 * it must only save time. Wherever CUE_BEFORE matches the window before a position, the gate must
 * answer true — held on every position of every string of every labelled corpus that holds a cue
 * at all (and on its upper- and lower-cased forms), and on every cue written with every connector.
 */

const REPO = path.resolve(__dirname, '..', '..');
const WINDOW = 56;

function corpusStrings(): string[] {
  const dir = path.join(REPO, 'test', 'fixtures');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f));
  const shared = path.join(REPO, '..', 'shared', 'corpus', 'pii-public.jsonl');
  if (fs.existsSync(shared)) files.push(shared);
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), walk(x));
  };
  for (const f of files) for (const line of fs.readFileSync(f, 'utf8').split('\n')) if (line.trim()) walk(JSON.parse(line));
  return [...out];
}

/** Positions where the gate said no although CUE_BEFORE matches: each a missed identity number. */
function gateMisses(text: string): number[] {
  const misses: number[] = [];
  CUE.lastIndex = 0;
  if (!CUE.test(text)) return misses;
  for (let at = 1; at <= text.length; at++) {
    const from = Math.max(0, at - WINDOW);
    if (!mayEndInCue(text, from, at) && CUE_BEFORE.test(text.slice(from, at))) misses.push(at);
  }
  return misses;
}

/** Cue phrases as written (every alternative of CUE, accents and case varied). */
const CUES = [
  'Aadhaar', 'aadhar card', 'Aadhaar No.', 'AADHAAR NUMBER', 'adhar', 'PESEL', 'pesel', 'CURP', 'cuil', 'CUIT', 'cpf', 'DNI', 'nif', 'NIE', 'bsn', 'CCCD', 'cmnd', 'NRIC', 'hkid', 'AMKA', 'tckn', 'SNILS',
  'passport', 'Passport No.', 'passport nr', 'Passport Number', 'passport num', 'passport #', 'passeport', 'pasaporte', 'passaporto', 'passaporte', 'Reisepass', 'Reisepassnummer', 'paszport', 'pasaport',
  'national id', 'National Identity Card', 'national identification number', 'National Insurance No', 'NI number', 'ni no.', 'ID card', 'id card number', 'identity card no', 'identity document', 'Identity Number',
  'ID number', 'id no.', 'cédula', 'Cedula de identidad', 'cédula de ciudadanía', 'cedula de ciudadania', 'TC Kimlik', 'tc kimlik no', 'kimlik numarası', 'Kimlik numarasi', 'Personalausweis', 'Personalausweisnummer',
  'Ausweisnummer', 'Versichertennummer', 'Krankenversichertennummer', 'Sozialversicherungsnummer', 'Steuer-ID', 'steuerid', 'Steueridentifikationsnummer', 'Steuer-Identifikationsnummer', 'codice fiscale', 'Número de documento',
  'numero de identidad', 'número de identificación', 'numero de identificacion', 'Número de cédula', 'numero de seguridad social', 'documento de identidad', 'carteira de identidade', 'numéro de sécurité sociale',
  'numero de securite sociale', 'burgerservicenummer', 'Personnummer', 'henkilötunnus', 'Henkilotunnus', 'MyKad', 'My Number', 'social insurance number', 'Social Insurance No.', 'nomor KTP', 'Nomor NIK', 'nomor induk kependudukan',
];
const CONNECTORS = [' ', ': ', ':', ' : ', ' no. ', ' nr ', ' Nr. ', ' number ', 'no', 'nr', ' # ', '#', ' is ', ' es ', ' est ', ' ist ', '-', ' (', '=', ' n° ', ' nº ', ' – ', ' numero ', ' número ', ' num. ', ' is: ', '\u00a0', ' number is '];

describe('national id: the cue gate', () => {
  it('answers true wherever CUE_BEFORE matches, on every labelled corpus (original, upper- and lower-case)', function () {
    this.timeout(120_000);
    const misses: string[] = [];
    for (const s of corpusStrings()) {
      for (const v of [s, s.toUpperCase(), s.toLowerCase()]) {
        for (const at of gateMisses(v)) misses.push(JSON.stringify(v.slice(Math.max(0, at - WINDOW), at)));
      }
    }
    assert.deepEqual(misses.slice(0, 10), []);
  });

  it('answers true for every cue before every connector and a number, and the number is found', () => {
    const scan = new CandidateScan(['US']);
    for (const cue of CUES) {
      for (const conn of CONNECTORS) {
        for (const written of [cue, cue.toUpperCase(), cue.toLowerCase()]) {
          const text = `Customer record: ${written}${conn}48291736`;
          assert.deepEqual(gateMisses(text), [], text);
          const at = text.length - 8;
          // glued to the cue (`Aadhaarno4829…`) the number is not taken today, gate or not
          if (!/^[ :(#=\u00a0]/.test(conn) || !CUE_BEFORE.test(text.slice(at - WINDOW, at))) continue;
          scan.reset(text, false, false);
          const out: Match[] = [];
          nationalIdDetector.find(scan, out);
          scan.clear();
          assert.ok(out.some((m) => m.end === text.length && m.start <= at), `${text}: ${JSON.stringify(out)}`);
        }
      }
    }
  });

  it('answers false where no cue ends before the number (the cases it exists to skip)', () => {
    for (const text of ['called from +44 20 7946 0137', 'paid with 4539 1488 0343 6467', 'order 900000012', 'refund to 4539148803436467 and', 'shipment parcel 12345678']) {
      const at = text.search(/\d/);
      assert.equal(mayEndInCue(text, Math.max(0, at - WINDOW), at), false, text);
    }
  });
});
